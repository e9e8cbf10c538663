"""Reads of task lists: who sees which (need-to-know), and the results list (成绩晒单) per unit.

Units see their own tasks (their department's, their community's, the ones they are responsible for);
supervisors see the lists they issued, the lists of their region reach and the tasks of the units in it (a
community's supervisor follows what the county pushed down to its grid station, but only the county accepts). Counts are database aggregates:
done on time, done late, overdue (open and past due), open in time.
"""
from dataclasses import dataclass

from django.db.models import Count, F, Q

from cases.clock import now
from community.models import Task, TaskList
from community.models.task_machine import TaskState
from organisation.access import is_root, memberships
from organisation.constants import StaffRole
from organisation.models import Department, Region

DONE_STATES = (TaskState.DONE, TaskState.ACCEPTED)


def _unit_filter(user):
    """The tasks of the user's own units."""
    query = Q(responsible=user)
    for _role, path, department_id, _level in memberships(user):
        if department_id is not None:
            query |= Q(department_id=department_id)
        if path:
            query |= Q(department__isnull=True, unit_path__startswith=path)
    return query


def _supervisor_paths(user):
    return [path for role, path, _d, _l in memberships(user) if role == StaffRole.SUPERVISOR and path]


def tasks_visible_to(user):
    if not getattr(user, "is_authenticated", False):
        return Task.objects.none()
    tasks = Task.objects.select_related("task_list", "department", "region", "responsible")
    if is_root(user):
        return tasks
    query = _unit_filter(user) | Q(task_list__issued_by=user)
    for path in _supervisor_paths(user):  # the lists of their region, and the tasks of the units in it
        query |= Q(task_list__region_path__startswith=path) | Q(unit_path__startswith=path)
    return tasks.filter(query)


def task_lists_visible_to(user):
    """The lists a user issued or supervises, and the lists holding a task of theirs."""
    if not getattr(user, "is_authenticated", False):
        return TaskList.objects.none()
    if is_root(user):
        return TaskList.objects.all()
    query = Q(issued_by=user) | Q(pk__in=tasks_visible_to(user).values("task_list_id"))
    for path in _supervisor_paths(user):
        query |= Q(region_path__startswith=path)
    return TaskList.objects.filter(query).distinct()


def may_issue_somewhere(user):
    return is_root(user) or bool(_supervisor_paths(user))


def issuing_regions(user):
    """The regions a user may issue task lists for: their supervisor regions and everything below them."""
    if is_root(user):
        return Region.objects.all()
    query = Q(pk__in=[])
    for path in _supervisor_paths(user):
        query |= Q(path__startswith=path)
    return Region.objects.filter(query)


@dataclass
class UnitResult:
    """One row of the results list: a unit's tasks by how they ended (or have not yet)."""

    key: str
    label: str
    tasks: int
    on_time: int
    late: int
    overdue: int
    open: int


def _names(model, pks):
    return dict(model.objects.filter(pk__in=pks).values_list("pk", "name")) if pks else {}


def results(tasks, at=None):
    """Per unit (department or community) of ``tasks``: done on time, done late, overdue, open in time."""
    at = at or now()
    done = Q(state__in=DONE_STATES)
    rows = (
        tasks.order_by().values("department_id", "region_id")
        .annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=done & Q(done_at__lte=F("due_at"))),
            late=Count("pk", filter=done & Q(done_at__gt=F("due_at"))),
            overdue=Count("pk", filter=Q(state=TaskState.OPEN, due_at__lte=at)),
            open=Count("pk", filter=Q(state=TaskState.OPEN, due_at__gt=at)),
        )
    )
    rows = list(rows)
    departments = _names(Department, [r["department_id"] for r in rows if r["department_id"]])
    regions = _names(Region, [r["region_id"] for r in rows if r["region_id"]])
    result = [
        UnitResult(
            key=f"department:{r['department_id']}" if r["department_id"] else f"region:{r['region_id']}",
            label=departments.get(r["department_id"]) or regions.get(r["region_id"], ""),
            tasks=r["total"], on_time=r["on_time"], late=r["late"], overdue=r["overdue"], open=r["open"],
        )
        for r in rows
    ]
    return sorted(result, key=lambda u: (-u.overdue, -u.late, u.label))


def public_results(region_path, *, start=None, end=None, at=None):
    """The results of the tasks of every unit within a region's subtree, due in ``[start, end)``: counts per unit
    only, no task, person or report (the public results board, statistics_app.board). Counts of a unit's tasks
    say nothing about residents, so they are shown whole, not suppressed like the boards' small case counts."""
    tasks = Task.objects.filter(unit_path__startswith=region_path)
    if start is not None:
        tasks = tasks.filter(due_at__gte=start)
    if end is not None:
        tasks = tasks.filter(due_at__lt=end)
    return results(tasks, at)
