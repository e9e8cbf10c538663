"""The overview's entry in the *Statistics* menu and its admin addresses (imported by statistics_app.wagtail_hooks)."""
from django.urls import path, re_path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cases.selectors import has_workbench

from . import views


class OverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return has_workbench(request.user)


@hooks.register("register_statistics_menu_item")
def overview_menu_item():
    return OverviewMenuItem(_("Overview"), reverse_lazy("statistics_overview"), icon_name="table", order=100,
                            name="statistics-overview")


@hooks.register("register_admin_urls")
def overview_urls():
    return [
        path("statistics/overview/", views.overview, name="statistics_overview"),
        re_path(r"^statistics/overview/export/(?P<key>[a-z_]{1,32})\.(?P<fmt>csv|xlsx)$", views.export,
                name="statistics_overview_export"),
    ]
