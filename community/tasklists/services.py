"""Task lists as services: atomic → lock the row → check permission → transition → save → history line.

Views and the tick go through these functions only. Every refusal is a :class:`TaskActionError` with the
message the person sees and a code (``missing_input``, ``bad_input``, ``forbidden``, ``not_allowed``,
``changed``); the views turn it into a 4xx, and since each service is one transaction nothing is written.
"""
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from cases.clock import now
from cases.workflow import CASE_FILE_MAX_BYTES, CASE_FILE_TYPES
from community.models import Task, TaskEvent, TaskFile, TaskList
from community.models.task_machine import (
    PROGRESS_STATES,
    TRANSITIONS,
    TaskEventKind,
    TaskState,
    is_of_unit,
    may_issue_at,
)
from forms_app.uploads import check_upload
from organisation.models import Department, Region, StaffMembership

from .deadlines import task_deadline

#: Files of a report: what staff attach to a case (photos or PDF, 20 MB each), at most this many at once.
TASK_FILES_AT_MOST = 10


class TaskActionError(Exception):
    """A refused action, with a message for the person who tried it."""

    def __init__(self, message, *, code="refused"):
        super().__init__(message)
        self.message, self.code = message, code


def _required(value, message):
    value = (value or "").strip()
    if not value:
        raise TaskActionError(str(message), code="missing_input")
    return value


def record(task, kind, *, by=None, note="", files=(), from_state="", at=None):
    """Append a line to the task's history: the one place that writes them."""
    event = TaskEvent.objects.create(task=task, kind=kind, actor=by if by and by.pk else None, note=note,
                                     from_state=from_state, to_state=task.state, at=at or now())
    if files:
        event.files.set(files)
    return event


# -- issuing ---------------------------------------------------------------------------------------


def tasklist_issue(*, by, region, title, period, description=""):
    """任务列单: a supervisor issues a list for a region in their reach."""
    title = _required(title, _("Give the task list a title."))
    period = _required(period, _("Say which period the task list is for."))
    if region is None or not may_issue_at(by, path=region.path, level=region.level):
        raise TaskActionError(_("Only a supervisor of this region may issue task lists here."), code="forbidden")
    return TaskList.objects.create(title=title, period=period, description=(description or "").strip(),
                                   region=region, region_path=region.path, issued_by=by)


def _unit_path(task_list, unit):
    """The unit's region path; refused when the unit lies outside the list's region."""
    if isinstance(unit, Department):
        path = Region.objects.values_list("path", flat=True).get(pk=unit.region_id)
    elif isinstance(unit, Region):
        path = unit.path
    else:
        raise TaskActionError(_("Choose the unit or community the task goes to."), code="missing_input")
    if not path.startswith(task_list.region_path):
        raise TaskActionError(_("This unit is outside the region of the task list."), code="bad_input")
    return path


def works_in(user, unit, unit_path):
    """Is ``user`` staff of the unit (a department) or of the community (a region, or a department in it)?"""
    memberships = StaffMembership.objects.filter(user=user)
    if isinstance(unit, Department):
        return memberships.filter(department=unit).exists()
    return (memberships.filter(region__path__startswith=unit_path).exists()
            or memberships.filter(department__region__path__startswith=unit_path).exists())


def _due(due_on):
    """A deadline is a day: the task is due at the end of it (local time); a day in the past is refused."""
    if due_on is None:
        raise TaskActionError(_("Give the task a deadline."), code="missing_input")
    if isinstance(due_on, datetime):
        due_at = due_on
    else:
        due_at = timezone.make_aware(datetime.combine(due_on + timedelta(days=1), time.min))
    if due_at <= now():
        raise TaskActionError(_("The deadline is in the past. Choose a day from today on."), code="bad_input")
    return due_at


def task_assign(*, task_list, by, title, unit, responsible, due_on):
    """Add a task to a list: to a unit or a community, with its 包保责任人 (staff of that unit) and deadline."""
    title = _required(title, _("Say what the task is."))
    with transaction.atomic():
        task_list = TaskList.objects.select_for_update().get(pk=task_list.pk)
        if not may_issue_at(by, path=task_list.region_path, level="grid") and task_list.issued_by_id != by.pk:
            raise TaskActionError(_("Only a supervisor of this region may add tasks to this list."),
                                  code="forbidden")
        unit_path = _unit_path(task_list, unit)
        if responsible is None:
            raise TaskActionError(_("Name the responsible person (包保责任人) of the task."), code="missing_input")
        if not works_in(responsible, unit, unit_path):
            raise TaskActionError(_("The responsible person must be staff of the unit the task goes to."),
                                  code="bad_input")
        at = now()
        due_at = _due(due_on)
        limits = task_deadline(at, due_at)
        task = Task.objects.create(
            task_list=task_list, title=title, responsible=responsible, unit_path=unit_path, created_at=at,
            department=unit if isinstance(unit, Department) else None,
            region=unit if isinstance(unit, Region) else None, due_at=limits.due_at, yellow_at=limits.yellow_at,
        )
        record(task, TaskEventKind.ISSUED, by=by, at=at)
        return task


# -- the unit's reports and the supervisor's answer -------------------------------------------------


def _locked(task):
    return Task.objects.select_for_update(of=("self",)).select_related("task_list").get(pk=task.pk)


def store_task_file(task, upload, by):
    """Keep a report's file privately, after checking it by its content (as a case's staff files)."""
    checked = check_upload(upload, allowed_types=CASE_FILE_TYPES, max_bytes=CASE_FILE_MAX_BYTES)
    item = TaskFile(task=task, original_name=upload.name[:255], content_type=checked.content_type,
                    size=checked.size, uploaded_by=by if by and by.pk else None)
    item.file.save(f"{checked.sha256[:32]}.{checked.type_key}", upload, save=False)
    item.save()
    return item


def _files(task, uploads, by):
    uploads = list(uploads or ())
    if len(uploads) > TASK_FILES_AT_MOST:
        raise TaskActionError(_("Attach at most %(count)d files.") % {"count": TASK_FILES_AT_MOST}, code="bad_input")
    try:
        return [store_task_file(task, upload, by) for upload in uploads]
    except ValidationError as error:
        raise TaskActionError(" ".join(error.messages), code="bad_input") from None


def task_report(*, task, by, text, uploads=()):
    """A progress report (text and files) on an open task, by its unit."""
    text = _required(text, _("Write what has been done so far."))
    with transaction.atomic():
        fresh = _locked(task)
        if not is_of_unit(fresh, by):
            raise TaskActionError(_("Only the unit responsible for this task may report on it."), code="forbidden")
        if fresh.state not in PROGRESS_STATES:
            raise TaskActionError(_("This task is no longer open: progress cannot be reported on it."),
                                  code="not_allowed")
        files = _files(fresh, uploads, by)
        record(fresh, TaskEventKind.PROGRESS, by=by, note=text, files=files, from_state=fresh.state)
        return fresh


def _transition(task, name, *, by, note="", uploads=()):
    spec = TRANSITIONS[name]
    if spec.required:
        note = _required(note, spec.required)
    try:
        with transaction.atomic():
            fresh = _locked(task)
            method = getattr(fresh, name)
            if not spec.permission(fresh, by):
                raise TaskActionError(_("You may not do this on this task."), code="forbidden")
            if not can_proceed(method):
                raise TaskActionError(_("“%(action)s” is not possible while the task is “%(state)s”.")
                                      % {"action": spec.action, "state": fresh.get_state_display()},
                                      code="not_allowed")
            if not has_transition_perm(method, by):
                raise TaskActionError(_("You may not do this on this task."), code="forbidden")
            from_state, at = fresh.state, now()
            files = _files(fresh, uploads, by)
            method(at)
            fresh.save()
            record(fresh, name, by=by, note=(note or "").strip(), files=files, from_state=from_state, at=at)
            return fresh
    except ConcurrentTransition:
        raise TaskActionError(_("This task was changed by someone else a moment ago. Reload it."),
                              code="changed") from None


def task_report_done(*, task, by, report, uploads=()):
    """The unit marks the task done with its final report (and files)."""
    return _transition(task, "report_done", by=by, note=report, uploads=uploads)


def task_accept(*, task, by, note=""):
    """The supervisor accepts the work reported done (验收)."""
    return _transition(task, "accept", by=by, note=note)


def task_send_back(*, task, by, reason):
    """The supervisor sends the work back: the task is open again, its deadline unchanged."""
    return _transition(task, "send_back", by=by, note=reason)


# -- the tick ----------------------------------------------------------------------------------------


def sweep_overdue(at):
    """Open tasks past their deadline turn red once: one ``overdue`` line each (the conditional UPDATE makes a
    second tick, or a second server, do nothing more)."""
    due = Task.objects.filter(state=TaskState.OPEN, due_at__lte=at, overdue_marked_at__isnull=True)
    count = 0
    for pk in list(due.values_list("pk", flat=True)[:5000]):
        with transaction.atomic():
            if not due.filter(pk=pk).update(overdue_marked_at=at):
                continue
            task = Task.objects.get(pk=pk)
            record(task, TaskEventKind.OVERDUE, note=_("Past its deadline: the light turned red."), at=at)
            count += 1
    return count
