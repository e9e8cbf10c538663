"""The task lists' admin pages (*Community → Task lists*): lists, a list's tasks, a task, the results list.

Views stay thin: reads from :mod:`.selectors`, writes through :mod:`.services`. A refused action is shown
with the service's message and a 4xx status (400 bad input, 403 not yours, 409 not in this state), and
nothing was written. A task outside a user's need-to-know is a 404 on its page and a 403 on its actions.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.selectors import has_workbench
from community.models import Task, TaskFile
from community.models.task_machine import TRANSITIONS, TaskState, is_of_unit, may_issue_at
from forms_app.uploads import private_file_response
from organisation import audit

from . import selectors, services
from .export import FORMATS, export_response
from .forms import ReportForm, TaskForm, TaskListForm

STATUS = {"missing_input": 400, "bad_input": 400, "forbidden": 403, "not_allowed": 409, "changed": 409}


def _staff(request):
    if not has_workbench(request.user):
        raise PermissionDenied


def refused(request, message, status):
    return TemplateResponse(request, "community/tasklists/refused.html", {"message": message}, status=status)


@require_http_methods(["GET", "POST"])
def index(request):
    """The task lists a user may see; a supervisor issues a new one here."""
    _staff(request)
    user = request.user
    may_issue = selectors.may_issue_somewhere(user)
    form = TaskListForm(request.POST or None, regions=selectors.issuing_regions(user)) if may_issue else None
    status, error = 200, ""
    if request.method == "POST":
        if form is None:
            return refused(request, _("Only a supervisor may issue task lists."), 403)
        if form.is_valid():
            try:
                task_list = services.tasklist_issue(by=user, **form.cleaned_data)
            except services.TaskActionError as failure:
                status, error = STATUS.get(failure.code, 400), failure.message
            else:
                return redirect("community_tasklist", task_list.pk)
        else:
            status = 400
    lists = list(selectors.task_lists_visible_to(user).select_related("region", "issued_by"))
    counts = dict(selectors.tasks_visible_to(user).order_by().values_list("task_list_id").annotate(Count("pk")))
    for item in lists:  # the tasks of the list the user may see, not all of them
        item.task_count = counts.get(item.pk, 0)
    return TemplateResponse(request, "community/tasklists/index.html", {
        "task_lists": lists, "form": form, "error": error,
    }, status=status)


@require_http_methods(["GET", "POST"])
def task_list(request, pk):
    """A list's tasks (those the user may see) with their lights; the supervisor adds tasks here."""
    _staff(request)
    user = request.user
    item = get_object_or_404(selectors.task_lists_visible_to(user), pk=pk)
    may_add = item.issued_by_id == user.pk or may_issue_at(user, path=item.region_path, level="grid")
    form = TaskForm(request.POST or None, task_list=item) if may_add else None
    status, error = 200, ""
    if request.method == "POST":
        if form is None:
            return refused(request, _("Only a supervisor of this region may add tasks to this list."), 403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.task_assign(task_list=item, by=user, title=data["title"], unit=form.unit,
                                     responsible=data["responsible"], due_on=data["due_on"])
            except services.TaskActionError as failure:
                status, error = STATUS.get(failure.code, 400), failure.message
            else:
                return redirect("community_tasklist", item.pk)
        else:
            status = 400
    tasks = selectors.tasks_visible_to(user).filter(task_list=item)
    return TemplateResponse(request, "community/tasklists/task_list.html", {
        "task_list": item, "tasks": tasks, "form": form, "error": error,
        "results": selectors.results(tasks), "results_url": reverse("community_task_results") + f"?list={item.pk}",
    }, status=status)


def _actions(task, user):
    """The buttons the user has on this task now: (name, label, note required)."""
    actions = []
    if task.state == TaskState.OPEN and is_of_unit(task, user):
        actions.append(("progress", _("Report progress"), True))
    for spec in TRANSITIONS.values():
        if task.state in spec.source and spec.permission(task, user):
            actions.append((spec.name, str(spec.action), bool(spec.required)))
    return actions


def _task_page(request, task, *, form=None, error="", status=200):
    return TemplateResponse(request, "community/tasklists/task.html", {
        "task": task, "events": task.events.select_related("actor").prefetch_related("files"),
        "actions": _actions(task, request.user), "form": form or ReportForm(), "error": error,
    }, status=status)


@require_GET
def task_detail(request, pk):
    _staff(request)
    return _task_page(request, get_object_or_404(selectors.tasks_visible_to(request.user), pk=pk))


SERVICES = {
    "progress": lambda task, by, note, files: services.task_report(task=task, by=by, text=note, uploads=files),
    "report_done": lambda task, by, note, files: services.task_report_done(task=task, by=by, report=note,
                                                                           uploads=files),
    "accept": lambda task, by, note, files: services.task_accept(task=task, by=by, note=note),
    "send_back": lambda task, by, note, files: services.task_send_back(task=task, by=by, reason=note),
}


@require_POST
def task_action(request, pk, action):
    """Report progress, report done, accept or send back. Whoever may not is told so (403), without the task."""
    _staff(request)
    if action not in SERVICES:
        return refused(request, _("Unknown action."), 400)
    task = get_object_or_404(Task, pk=pk)
    visible = selectors.tasks_visible_to(request.user).filter(pk=pk).exists()
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        if not visible:
            return refused(request, _("You may not do this on this task."), 403)
        return _task_page(request, task, form=form, status=400)
    try:
        SERVICES[action](task, request.user, form.cleaned_data["note"], form.cleaned_data["files"])
    except services.TaskActionError as failure:
        status = STATUS.get(failure.code, 400)
        if not visible:
            return refused(request, failure.message, status)
        return _task_page(request, task, form=form, error=failure.message, status=status)
    return redirect("community_task", task.pk)


@require_GET
def task_file(request, pk, file_pk):
    """A report's file, for those who may see the task (files follow the task); everyone else gets a 404."""
    _staff(request)
    task = get_object_or_404(selectors.tasks_visible_to(request.user), pk=pk)
    item = get_object_or_404(TaskFile, pk=file_pk, task=task)
    audit.record(item, "govforms.download", user=request.user, region_path=task.unit_path,
                 title=f"task {task.pk} file {item.pk}", task=task.pk, what="task_file")
    return private_file_response(item.file, content_type=item.content_type, filename=item.original_name)


@require_GET
def results(request):
    """成绩晒单: per unit, tasks done on time, done late, overdue (open and past due), open in time."""
    _staff(request)
    tasks = selectors.tasks_visible_to(request.user)
    list_pk = request.GET.get("list", "")
    if list_pk:
        if not list_pk.isdigit():
            return refused(request, _("Unknown task list."), 400)
        tasks = tasks.filter(task_list_id=int(list_pk))
    fmt = request.GET.get("format", "")
    if fmt and fmt not in FORMATS:
        return refused(request, _("Unknown export format."), 400)
    rows = selectors.results(tasks)
    if fmt:
        return export_response(fmt, rows, tasks, "task-results")
    query = f"list={list_pk}&" if list_pk else ""
    return TemplateResponse(request, "community/tasklists/results.html", {
        "rows": rows, "csv_url": f"?{query}format=csv", "xlsx_url": f"?{query}format=xlsx",
    })
