"""四单 task lists: the states of a task and its transitions, declared once (like :mod:`cases.machine`).

A supervisor pushes a task down to a unit (a department) or a community (a region), with a responsible
person (包保责任人) and a deadline. The unit reports progress while the task is open and reports it done
with a final report; the supervisor who may issue there accepts it or sends it back. The table is data:
it reads the organisation's predicates and nothing of the models, so the model's FSM methods
(:class:`community.models.Task`), the services (:mod:`community.tasklists.services`) and the admin's buttons
all read it without a circle.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from organisation.access import covers, is_root, memberships
from organisation.constants import StaffRole


class TaskState(models.TextChoices):
    OPEN = "open", _("Open — being worked on")
    DONE = "done", _("Reported done — waiting for acceptance")
    ACCEPTED = "accepted", _("Accepted")


class TaskEventKind(models.TextChoices):
    """The lines of a task's history: the transitions, and the lines that move nothing."""

    ISSUED = "issued", _("Issued")
    PROGRESS = "progress", _("Progress reported")
    REPORT_DONE = "report_done", _("Reported done")
    ACCEPT = "accept", _("Accepted")
    SEND_BACK = "send_back", _("Sent back")
    OVERDUE = "overdue", _("Overdue")


# -- who (predicates of a task and a user; the task carries its unit's and its list's region paths) --------


def may_issue_at(user, *, path, level):
    """Supervisors issue task lists within their region reach (superusers anywhere)."""
    return covers(user, StaffRole.SUPERVISOR, path=path, level=level)


def is_issuer(task, user):
    """The supervisor side of a task: who issued its list, or a supervisor whose reach covers the list's region."""
    if not getattr(user, "is_authenticated", False):
        return False
    task_list = task.task_list
    return task_list.issued_by_id == user.pk or may_issue_at(user, path=task_list.region_path, level="grid")


def is_of_unit(task, user):
    """The unit side: its responsible person, staff of the department, or staff working in the community."""
    if is_root(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if task.responsible_id == user.pk:
        return True
    for _role, region_path, department_id, _level in memberships(user):
        if task.department_id is not None and department_id == task.department_id:
            return True
        if task.department_id is None and region_path and region_path.startswith(task.unit_path):
            return True
    return False


@dataclass(frozen=True)
class TaskTransition:
    name: str
    label: str
    source: tuple
    target: str
    permission: Callable
    action: str
    done: str
    required: str = ""  # the message when the note (final report, reason) is missing; empty: optional


TRANSITIONS: dict[str, TaskTransition] = {t.name: t for t in [
    TaskTransition(
        "report_done", _("Reported done"), source=(TaskState.OPEN,), target=TaskState.DONE, permission=is_of_unit,
        action=_("Report done"), done=_("The task was reported done."),
        required=_("Write the final report: what was done."),
    ),
    TaskTransition(
        "accept", _("Accepted"), source=(TaskState.DONE,), target=TaskState.ACCEPTED, permission=is_issuer,
        action=_("Accept"), done=_("The task was accepted."),
    ),
    TaskTransition(
        "send_back", _("Sent back"), source=(TaskState.DONE,), target=TaskState.OPEN, permission=is_issuer,
        action=_("Send back"), done=_("The task was sent back to the unit."),
        required=_("Give the reason for sending the task back."),
    ),
]}

#: Progress may be reported only while the task is open (not once it is reported done or accepted).
PROGRESS_STATES = (TaskState.OPEN,)


def fsm(name):
    """The django-fsm ``@transition`` of the task's method ``name``, from the table."""
    spec = TRANSITIONS[name]
    return transition(field="state", source=list(spec.source), target=spec.target, permission=spec.permission)
