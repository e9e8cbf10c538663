"""The periodic sweep: overdue cases to supervisors, unclaimed cases to the B post, silent cases auto-evaluated.

Each step selects only cases it has not handled yet and marks them in the same
conditional UPDATE, so running the sweep twice (or on two servers) does nothing more.
"""
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from .clock import now
from .constants import OPEN_STATES, CaseState
from .models import Case, CaseEvent
from .notifications import notify_after_commit


@dataclass
class TickResult:
    overdue: int = 0
    offered_to_b: int = 0
    auto_evaluated: int = 0
    documents_requeued: int = 0

    def as_dict(self):
        return asdict(self)


def tick(at=None):
    at = at or now()
    result = TickResult()
    result.overdue = _mark(
        Case.objects.filter(state__in=OPEN_STATES, due_at__lte=at, overdue_notified_at__isnull=True),
        "overdue_notified_at", at, "overdue", _("Overdue: raised to supervisors."),
    )
    result.offered_to_b = _mark(
        Case.objects.filter(
            state=CaseState.DISPATCHED, claim_due_at__lte=at, offered_to_b_at__isnull=True,
            department__post_b__isnull=False,
        ),
        "offered_to_b_at", at, "offered_b", _("Not claimed in time by the A post: offered to the B post."),
    )
    result.auto_evaluated = _auto_evaluate(at)
    result.documents_requeued = _requeue_documents(at)
    return result


STUCK_AFTER = timedelta(minutes=10)


def _requeue_documents(at):
    """Documents still pending long after they were queued (a worker died, a queue was lost): queue them again.

    Generation is idempotent, and the conditional UPDATE of ``queued_at`` makes a second sweep skip them.
    """
    from .constants import DocumentStatus
    from .models import Document
    from .tasks import generate_document

    stuck = Document.objects.filter(status=DocumentStatus.PENDING, queued_at__lte=at - STUCK_AFTER)
    count = 0
    for pk in list(stuck.values_list("pk", flat=True)[:5000]):
        if stuck.filter(pk=pk).update(queued_at=at):
            generate_document.enqueue(document_id=pk)
            count += 1
    return count


def _mark(queryset, field, at, kind, note):
    count = 0
    for pk in list(queryset.values_list("pk", flat=True)[:5000]):
        with transaction.atomic():
            # Re-check every condition in the UPDATE itself: another sweep, or a transition, may have got there first.
            if not queryset.filter(pk=pk).update(**{field: at}):
                continue
            case = Case.objects.get(pk=pk)
            CaseEvent(case=case, transition=kind, from_state=case.state, to_state=case.state, note=note,
                      public=False, at=at).save()
            notify_after_commit(pk, kind)
            count += 1
    return count


def _auto_evaluate(at):
    from .workflow import CaseActionError, case_auto_evaluate

    days = int(getattr(settings, "CASE_AUTO_EVALUATE_DAYS", 7))
    count = 0
    for case in Case.objects.filter(state=CaseState.RESOLVED, resolved_at__lte=at - timedelta(days=days))[:5000]:
        try:
            case_auto_evaluate(case=case)
        except CaseActionError:
            continue  # evaluated meanwhile
        count += 1
    return count
