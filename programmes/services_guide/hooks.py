"""The admin's *Programmes → Certificate applications* entry and its URLs (Wagtail hooks, registered on import
from :func:`programmes.services_guide.register`)."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cases.selectors import has_workbench

from . import views


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return has_workbench(request.user)


@hooks.register("register_admin_urls")
def register_queue_urls():
    return [
        path("programmes/services/", views.index, name="services_guide_index"),
        path("programmes/services/<id:pk>/", views.service_queue, name="services_guide_queue"),
    ]


@hooks.register("register_programmes_menu_item")
def register_queue_menu_item():
    return QueueMenuItem(_("Certificate applications"), reverse("services_guide_index"), icon_name="doc-full",
                         name="services-guide", order=100)
