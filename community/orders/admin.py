"""The staff side of 居民点单 and 党员报到 in Wagtail's admin: the services list, the registrations, small
wishes (without who made them) and service records as snippets, and the points ranking per community.

Registered from :func:`community.orders.register` (CommunityConfig.ready), so the room needs no
``wagtail_hooks`` module of its own that the other parts would share.
"""
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from organisation.models import AccessLogEntry

from ..models import Service, ServiceOrder, ServiceRecord, Volunteer, Wish
from . import selectors


class ServiceViewSet(SnippetViewSet):
    model = Service
    icon = "list-ul"
    menu_label = _("Services list")
    list_display = ["title", "community", "provider_kind", "department", "active"]
    list_filter = ["active", "provider_kind"]
    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("community"), FieldPanel("provider_kind"),
              FieldPanel("department"), FieldPanel("volunteer"), FieldPanel("active")]


class VolunteerViewSet(SnippetViewSet):
    model = Volunteer
    icon = "group"
    menu_label = _("Registrations (报到)")
    list_display = ["user", "community", "kind", "department", "active"]
    list_filter = ["kind", "active"]
    panels = [FieldPanel("user"), FieldPanel("community"), FieldPanel("kind"), FieldPanel("department"),
              FieldPanel("offer"), FieldPanel("active")]


class ServiceOrderViewSet(SnippetViewSet):
    """需求清单: each order with its case (its state and lights are the workbench's); nothing of the resident."""

    model = ServiceOrder
    icon = "clipboard-list"
    menu_label = _("Orders (需求清单)")
    list_display = ["service", "case", "community", "created_at"]
    panels = [FieldPanel("service", read_only=True)]


class WishViewSet(SnippetViewSet):
    """Staff see what is wished and its state; who made it and their phone stay with the member who claims it."""

    model = Wish
    icon = "pick"
    menu_label = _("Small wishes")
    list_display = ["what", "community", "by_when", "state", "claimed_by"]
    list_filter = ["state"]
    panels = [FieldPanel("what"), FieldPanel("by_when")]


class ServiceRecordViewSet(SnippetViewSet):
    model = ServiceRecord
    icon = "date"
    menu_label = _("Service records")
    list_display = ["volunteer", "kind", "points", "at"]
    list_filter = ["kind"]
    panels = [FieldPanel("volunteer"), FieldPanel("kind"), FieldPanel("note"), FieldPanel("points")]


class CommunityServicesGroup(SnippetViewSetGroup):
    menu_label = _("Community services")
    menu_icon = "list-ul"
    menu_order = 450
    items = (ServiceViewSet, ServiceOrderViewSet, VolunteerViewSet, WishViewSet, ServiceRecordViewSet)


register_snippet(CommunityServicesGroup)


def ranking(request):
    """积分排行: a community's registered members by their points (the communities in the user's regions)."""
    communities = list(selectors.communities_ranked_by(request.user))
    if not communities:
        raise PermissionDenied
    chosen = next((c for c in communities if str(c.pk) == request.GET.get("community", "")), communities[0])
    context = {"communities": communities, "community": chosen, "rows": selectors.ranking(chosen),
               "figure": selectors.service_points(path=chosen.path)}
    return TemplateResponse(request, "community/orders/admin_ranking.html", context)


class RankingMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.communities_ranked_by(request.user).exists()


@hooks.register("register_log_actions")
def wishes_in_the_access_log(actions):
    """Reveals of who made a wish go to the record of access, readable by the community's supervisors."""
    actions.register_model(Wish, AccessLogEntry)


@hooks.register("register_admin_urls")
def register_ranking_url():
    return [path("community/ranking/", ranking, name="community_ranking")]


@hooks.register("register_admin_menu_item")
def register_ranking_menu_item():
    return RankingMenuItem(_("Party members' ranking"), reverse("community_ranking"), icon_name="order",
                           name="community-ranking", order=460)
