"""The red and black lists' admin addresses, their entry in the *Programmes* menu and their audit actions."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cases.selectors import has_workbench
from organisation.models import AccessLogEntry

from ..models import HonourEntry
from . import admin_views
from .services import AUDIT_ACTIONS


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return has_workbench(request.user)


@hooks.register("register_admin_urls")
def register_honours_urls():
    return [
        path("programmes/honours/", admin_views.index, name="honours_index"),
        path("programmes/honours/new/", admin_views.create, name="honours_create"),
        path("programmes/honours/<int:pk>/", admin_views.detail, name="honours_entry"),
        path("programmes/honours/<int:pk>/edit/", admin_views.edit, name="honours_edit"),
        path("programmes/honours/<int:pk>/<slug:action>/", admin_views.act, name="honours_action"),
    ]


@hooks.register("register_programmes_menu_item")
def register_honours_menu_item():
    return StaffMenuItem(_("Red and black lists"), reverse("honours_index"), icon_name="list-ul", name="honours",
                         order=300)


@hooks.register("register_log_actions")
def honours_in_the_audit_log(actions):
    """Publications and withdrawals go to the region's record (readable by the supervisors of the region)."""
    for name, (label, message) in AUDIT_ACTIONS.items():
        actions.register_action(name, label, message)
    actions.register_model(HonourEntry, AccessLogEntry)
