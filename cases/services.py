"""Writes to cases. Each service runs in a transaction and appends to the case's history."""
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .constants import CaseState
from .models import Case, CaseEvent, ReferenceCounter


def next_reference(prefix: str, *, now=None) -> str:
    """Issue the next number for ``prefix`` this year, e.g. ``SQ-2026-000123``.

    The UPDATE takes a row lock that is held until the caller's transaction
    commits, so concurrent submissions queue on it and no number repeats.
    """
    year = timezone.localdate(now).year
    number = _increment(prefix, year)
    if number is None:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(prefix=prefix, year=year, last=1)
            number = 1
        except IntegrityError:  # another transaction created it first
            number = _increment(prefix, year)
    return f"{prefix}-{year}-{number:06d}"


def _increment(prefix, year):
    """One statement, UPDATE … RETURNING (SQLite ≥ 3.35 and PostgreSQL): bump and read under the row lock."""
    connection = transaction.get_connection()
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE {table} SET "last" = "last" + 1 WHERE "prefix" = %s AND "year" = %s RETURNING "last"',
            [prefix, year],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def due_at_for(form, start):
    """The form's deadline in hours, counted from the submission; None when the form sets none."""
    if not form.deadline_hours:
        return None
    return start + timedelta(hours=form.deadline_hours)


def case_open(*, submission, form, region=None, score=None, reference=None) -> Case:
    """Create the case for a new submission, inside the submission's transaction."""
    assert transaction.get_connection().in_atomic_block, "case_open must run inside the submission's transaction"
    case = Case.objects.create(
        reference=reference or next_reference(form.get_reference_prefix(), now=submission.submit_time),
        submission=submission,
        form=form,
        region=region,
        score=score,
        created_at=submission.submit_time,
        due_at=due_at_for(form, submission.submit_time),
    )
    CaseEvent(case=case, transition="submit", from_state="", to_state=CaseState.SUBMITTED).save()
    return case
