"""The periodic sweep: overdue cases to supervisors, unclaimed cases to the B post, silent cases auto-evaluated.

Each step selects only cases it has not handled yet and marks them in the same
conditional UPDATE, so running the sweep twice (or on two servers) does nothing more.
The rooms above add sweeps of their own (documents: re-queue documents stuck pending) with
:func:`register_sweep`, in their AppConfig.ready.
"""
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django_tasks import task

from organisation.constants import Post
from organisation.models import DepartmentPost

from . import leases, machine
from .clock import now
from .constants import OPEN_STATES, CaseState
from .events import record
from .models import Case
from .tasks import notify_after_commit, requeue_unsent
from .workflow import CaseActionError, case_auto_evaluate

#: name → (sweep(at) returning how many items it handled, what the command prints); filled by the rooms above.
_sweeps: dict = {}
LABELS = {"overdue": "overdue", "offered_to_b": "offered to B post", "auto_evaluated": "auto-evaluated",
          "tasks_reclaimed": "tasks of dead workers queued again", "notices_requeued": "unsent notices queued again"}
#: A notice still unsent this long after its task was queued has lost its task: queue it again.
NOTICE_STUCK_AFTER = timedelta(minutes=10)


def register_sweep(name, sweep, *, label):
    """Run ``sweep(at)`` on every tick; its count is reported under ``name`` (and ``label`` by the command)."""
    _sweeps[name] = (sweep, label)


class TickResult(dict):
    """{what: how many} of one tick; also readable as attributes (``result.overdue``)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def as_dict(self):
        return dict(self)

    def summary(self):
        """One line for the log: ``overdue: 1, offered to B post: 0, …``."""
        labels = {**LABELS, **{name: label for name, (_sweep, label) in _sweeps.items()}}
        return ", ".join(f"{labels.get(name, name)}: {count}" for name, count in self.items())


def tick(at=None):
    """Run every sweep once; returns how many items each handled."""
    at = at or now()
    result = TickResult({
        "overdue": _mark(
            Case.objects.filter(state__in=OPEN_STATES, due_at__lte=at, overdue_notified_at__isnull=True),
            "overdue_notified_at", at, "overdue", _("Overdue: raised to supervisors."),
        ),
        "offered_to_b": _mark(
            Case.objects.filter(
                state=CaseState.DISPATCHED, claim_due_at__lte=at, offered_to_b_at__isnull=True,
            ).filter(Exists(DepartmentPost.objects.filter(department=OuterRef("department"), post=Post.B))),
            "offered_to_b_at", at, "offered_b", _("Not claimed in time by the A post: offered to the B post."),
        ),
        "auto_evaluated": _auto_evaluate(at),
        "tasks_reclaimed": leases.reclaim(at),
        "notices_requeued": requeue_unsent(at, older_than=NOTICE_STUCK_AFTER),
    })
    for name, (sweep, _label) in _sweeps.items():
        result[name] = sweep(at)
    return result


def _mark(queryset, field, at, kind, note):
    count = 0
    for pk in list(queryset.values_list("pk", flat=True)[:5000]):
        with transaction.atomic():
            # Re-check every condition in the UPDATE itself: another sweep, or a transition, may have got there first.
            if not queryset.filter(pk=pk).update(**{field: at}):
                continue
            case = Case.objects.get(pk=pk)
            record(case, kind, note=note, at=at)
            notify_after_commit(pk, machine.EVENTS[kind].notice)
            count += 1
    return count


def _auto_evaluate(at):
    days = int(getattr(settings, "CASE_AUTO_EVALUATE_DAYS", 7))
    count = 0
    for case in Case.objects.filter(state=CaseState.RESOLVED, resolved_at__lte=at - timedelta(days=days))[:5000]:
        try:
            case_auto_evaluate(case=case)
        except CaseActionError:
            continue  # evaluated meanwhile
        count += 1
    return count


@task()
def tick_cases():
    """The periodic sweep as a background task (for a scheduler that enqueues tasks rather than runs commands)."""
    return tick().as_dict()
