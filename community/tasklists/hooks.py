"""The task lists' admin addresses and their entries in the *Community* menu (community.wagtail_hooks)."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cases.selectors import has_workbench
from community.models import TaskFile
from organisation.models import AccessLogEntry

from . import views


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return has_workbench(request.user)


@hooks.register("register_admin_urls")
def register_tasklist_urls():
    return [
        path("community/tasks/", views.index, name="community_tasklists"),
        path("community/tasks/results/", views.results, name="community_task_results"),
        path("community/tasks/<int:pk>/", views.task_list, name="community_tasklist"),
        path("community/tasks/task/<int:pk>/", views.task_detail, name="community_task"),
        path("community/tasks/task/<int:pk>/<slug:action>/", views.task_action, name="community_task_action"),
        path("community/tasks/task/<int:pk>/files/<int:file_pk>/", views.task_file, name="community_task_file"),
    ]


@hooks.register("register_community_menu_item")
def register_tasklists_menu_item():
    return StaffMenuItem(_("Task lists"), reverse("community_tasklists"), icon_name="list-ul", name="task-lists",
                         order=300)


@hooks.register("register_community_menu_item")
def register_task_results_menu_item():
    return StaffMenuItem(_("Task results"), reverse("community_task_results"), icon_name="table",
                         name="task-results", order=310)


@hooks.register("register_log_actions")
def task_files_in_the_access_log(actions):
    """Downloads of a report's files go to the record of access, readable by the region of the task's unit."""
    actions.register_model(TaskFile, AccessLogEntry)
