"""Writes to cases. Each service runs in a transaction and appends to the case's history."""
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .constants import CaseState
from .models import Case, CaseEvent, ReferenceCounter


def next_reference(prefix: str, *, now=None) -> str:
    """Issue the next number for ``prefix`` this year, e.g. ``SQ-2026-000123``.

    The UPDATE takes a row lock that is held until the caller's transaction
    commits, so concurrent submissions queue on it and no number repeats.
    """
    year = timezone.localdate(now).year
    counters = ReferenceCounter.objects.filter(prefix=prefix, year=year)
    if not counters.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(prefix=prefix, year=year, last=1)
        except IntegrityError:  # another transaction created it first
            counters.update(last=F("last") + 1)
    number = counters.values_list("last", flat=True).get()
    return f"{prefix}-{year}-{number:06d}"


def due_at_for(form, start):
    """The form's deadline in hours, counted from the submission; None when the form sets none."""
    if not form.deadline_hours:
        return None
    return start + timedelta(hours=form.deadline_hours)


def case_open(*, submission, form, region=None, score=None) -> Case:
    """Create the case for a new submission, inside the submission's transaction."""
    assert transaction.get_connection().in_atomic_block, "case_open must run inside the submission's transaction"
    case = Case.objects.create(
        reference=next_reference(form.get_reference_prefix(), now=submission.submit_time),
        submission=submission,
        form=form,
        region=region,
        score=score,
        created_at=submission.submit_time,
        due_at=due_at_for(form, submission.submit_time),
    )
    CaseEvent(case=case, transition="submit", from_state="", to_state=CaseState.SUBMITTED).save()
    return case
