"""The check-ups' admin URLs and their entry in the *Programmes* menu."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import selectors, views


class CheckupsMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.communities_for(request.user).exists()


@hooks.register("register_admin_urls")
def register_checkup_urls():
    return [
        path("programmes/checkups/", views.community_index, name="programmes_checkups"),
        path("programmes/checkups/community/<int:pk>/", views.community_history, name="programmes_checkup_history"),
        path("programmes/checkups/items/<int:pk>/rectified/", views.mark_rectified,
             name="programmes_checkup_rectified"),
    ]


@hooks.register("register_programmes_menu_item")
def register_checkups_menu_item():
    return CheckupsMenuItem(_("Check-ups and rectification"), reverse("programmes_checkups"), icon_name="tasks",
                            name="checkups", order=500)


@hooks.register("register_permissions")
def register_inspect_permission():
    """The inspectors' permission, offered on *Settings → Groups* (the demo's 体检检查员 holds it)."""
    from django.contrib.auth.models import Permission  # inside: the hook runs once the models are loaded

    return Permission.objects.filter(content_type__app_label="programmes", codename="inspect")
