"""The meetings' admin URLs and their entry in the *Community* menu."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import selectors, views


class MeetingsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(selectors.reach_paths(request.user))


@hooks.register("register_admin_urls")
def register_meeting_urls():
    return [
        path("community/meetings/", views.meeting_index, name="community_meetings"),
        path("community/meetings/new/", views.meeting_edit, name="community_meeting_new"),
        path("community/meetings/<id:pk>/", views.meeting_detail, name="community_meeting"),
        path("community/meetings/<id:pk>/edit/", views.meeting_edit, name="community_meeting_edit"),
        path("community/meetings/<id:pk>/attach/", views.meeting_attach, name="community_meeting_attach"),
        path("community/meetings/<id:pk>/raise/", views.meeting_raise, name="community_meeting_raise"),
        path("community/meetings/<id:pk>/decide/", views.meeting_decide, name="community_meeting_decide"),
        path("community/meetings/<id:pk>/issue/<slug:kind>/", views.meeting_issue, name="community_meeting_issue"),
    ]


@hooks.register("register_community_menu_item")
def register_meetings_menu_item():
    return MeetingsMenuItem(_("Meetings"), reverse("community_meetings"), icon_name="group", name="meetings",
                            order=100)
