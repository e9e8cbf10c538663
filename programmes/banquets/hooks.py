"""The banquets' admin URLs, their entries in the *Programmes* menu and their audit actions."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import selectors, views
from .panels import banquets_panel
from .services import LIMIT_ACTIONS


class BanquetMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(selectors.reach_paths(request.user))


@hooks.register("register_admin_urls")
def register_banquet_urls():
    return [
        path("programmes/banquets/", views.index, name="programmes_banquets"),
        path("programmes/banquets/<id:pk>/", views.detail, name="programmes_banquet"),
        path("programmes/banquets/undeclared/", views.undeclared, name="programmes_banquet_undeclared"),
        path("programmes/banquets/attention/", views.attention, name="programmes_banquet_attention"),
        path("programmes/banquets/statistics/", views.statistics, name="programmes_banquet_statistics"),
        path("programmes/banquets/limits/", views.limits, name="programmes_banquet_limits"),
        path("programmes/banquets/limits/<id:region_pk>/clear/", views.clear_limits,
             name="programmes_banquet_limits_clear"),
    ]


@hooks.register("register_log_actions")
def register_banquet_log_actions(actions):
    for name, (label, message) in LIMIT_ACTIONS.items():
        actions.register_action(name, label, message)


@hooks.register("register_programmes_menu_item")
def register_banquets_menu_item():
    return BanquetMenuItem(_("Banquet declarations"), reverse("programmes_banquets"), icon_name="date",
                           name="banquets", order=400)


@hooks.register("register_programmes_menu_item")
def register_banquet_attention_menu_item():
    return BanquetMenuItem(_("Banquets: needs attention"), reverse("programmes_banquet_attention"), icon_name="warning",
                           name="banquet-attention", order=410)


@hooks.register("register_programmes_menu_item")
def register_banquet_statistics_menu_item():
    return BanquetMenuItem(_("Banquets: counts per village"), reverse("programmes_banquet_statistics"),
                           icon_name="table", name="banquet-statistics", order=420)


@hooks.register("register_programmes_menu_item")
def register_banquet_limits_menu_item():
    return BanquetMenuItem(_("Banquets: limits"), reverse("programmes_banquet_limits"), icon_name="cog",
                           name="banquet-limits", order=430)


@hooks.register("construct_homepage_panels")
def add_banquets_panel(request, panels):
    panel = banquets_panel(request)
    if panel is not None:
        panels.append(panel)
