"""Writes to cases. Each service runs in a transaction and appends to the case's history."""
from django.db import IntegrityError, transaction
from django.utils import timezone

from forms_app.constants import Workflow

from .constants import CaseState, DocumentTrigger, RegionLevel, Triage
from .deadlines import deadline
from .documents.services import issue_for_trigger
from .models import Case, CaseEvent, ReferenceCounter


def next_reference(prefix: str, *, now=None) -> str:
    """Issue the next number for ``prefix`` this year, e.g. ``SQ-2026-000123``."""
    year = timezone.localdate(now).year
    return f"{prefix}-{year}-{next_number(prefix, year):06d}"


def next_number(key: str, year: int) -> int:
    """The next number of the counter ``key`` for ``year`` (1, 2, 3 …).

    The UPDATE takes a row lock that is held until the caller's transaction
    commits, so concurrent callers queue on it and no number repeats; a rolled-back
    caller rolls back its number with it.
    """
    number = _increment(key, year)
    if number is None:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(prefix=key, year=year, last=1)
            number = 1
        except IntegrityError:  # another transaction created it first
            number = _increment(key, year)
    return number


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


def category_for(submission, form):
    """The category named by the answer to the form's category question, else the form's default."""
    from .models import Category

    question = (form.category_question or "").strip()
    if question:
        fields = list(form.form_fields.all())
        ids = {f.clean_name: f.clean_name for f in fields}
        ids.update({f.label: f.clean_name for f in fields})
        answer = submission.form_data.get(ids.get(question, question))
        if isinstance(answer, str) and answer:
            found = Category.objects.filter(name=answer.strip()).first()
            if found:
                return found
    return form.default_category


def initial_deadline(form, category, start):
    """A new case's clock: the category's time (maybe in working days), else the form's, else none."""
    if category is not None and category.deadline_hours:
        return deadline(start, category.deadline_hours, working_days_only=category.working_days_only)
    if form.deadline_hours:
        return deadline(start, form.deadline_hours)
    return None


def case_open(*, submission, form, region=None, score=None, reference=None) -> Case:
    """Create the case for a new submission, inside the submission's transaction, and start its workflow.

    Handling forms wait for a dispatcher; record forms (surveys) are archived at
    once; inspection forms are archived when they pass and otherwise become a
    rectification case (整改) for the community checked.
    """
    assert transaction.get_connection().in_atomic_block, "case_open must run inside the submission's transaction"
    category = category_for(submission, form) if (form.category_question or form.default_category_id) else None
    failed_check = form.workflow == Workflow.INSPECTION and not passes(form, score)
    if failed_check and region is not None and region.level == RegionLevel.GRID:
        region = region.get_parent()
    clock = initial_deadline(form, category, submission.submit_time)
    case = Case.objects.create(
        reference=reference or next_reference(form.get_reference_prefix(), now=submission.submit_time),
        submission=submission,
        form=form,
        region=region,
        level=region.level if region is not None else RegionLevel.COMMUNITY,
        category=category,
        triage=(category.default_triage if category else "") or (Triage.MINOR if failed_check else ""),
        score=score,
        created_at=submission.submit_time,
        due_at=clock.due_at if clock else None,
        yellow_at=clock.yellow_at if clock else None,
    )
    event = CaseEvent(case=case, transition="submit", from_state="", to_state=CaseState.SUBMITTED)
    event.save()
    issue_for_trigger(case, DocumentTrigger.SUBMIT, event)
    if failed_check:
        issue_for_trigger(case, DocumentTrigger.CHECKUP_FAILED, event)
    if form.workflow == Workflow.RECORD or (form.workflow == Workflow.INSPECTION and not failed_check):
        from .workflow import case_file_record

        case = case_file_record(case=case)
    return case


def passes(form, score):
    """A check-up passes when it has a score at or above the pass mark (no pass mark: always)."""
    if form.pass_mark is None:
        return True
    return score is not None and score >= float(form.pass_mark)
