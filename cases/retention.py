"""How long residents' personal data is kept, and removing it: after the retention period, or on request.

A case's personal data is anonymised a number of days after the case is closed (archived, or not
accepted): the form's case settings say how many, else the site's ``RETENTION_DAYS``. The default,
730 days, is chosen for a county: a closed case may still be reopened on appeal (行政复议 within 60
days, a lawsuit within six months) and the yearly assessment (考核评价) compares this year with the
last, so the person behind a case must stay reachable for about two years; after that, keeping a
name and a phone number serves nobody, and PIPL asks for the shortest period the purpose needs. The
case itself, its history, category, region, dates, rating and score stay for the statistics; issued
documents keep their serial and verification code, so a check still answers "genuine", without the
PDF that named the resident (documents.retention).

The sweep runs on every tick (cases.tick), in bounded batches, and skips what was done already, so it
can be run again at any time. A supervisor can erase one resident's data on request (PIPL), or export
it (``subject_data``), both on the record (organisation.audit).
"""
from datetime import timedelta

from django.conf import settings
from django.db import transaction

from forms_app.anonymise import anonymise
from forms_app.export import answer_fields
from forms_app.models import FormPage
from forms_app.presentation import display_answer, region_names_for
from organisation import audit

from .constants import CaseState
from .events import record
from .handling import handling_for
from .models import Case

CLOSED_STATES = [CaseState.ARCHIVED, CaseState.REJECTED]
BATCH = 200


def retention_days(form):
    days = handling_for(form).retention_days
    return settings.RETENTION_DAYS if days is None else days


def anonymise_case(case, *, by=None, reason="retention", note="", at=None):
    """Remove the resident's personal data from ``case`` (idempotent); True when something was removed."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.submission.anonymised_at is not None:
            return False
        answers, files = anonymise(case.submission, form=case.form, at=at)
        if case.evaluation_comment:
            Case.objects.filter(pk=case.pk).update(evaluation_comment="")
        record(case, "anonymised", by=by, note=note, data={"reason": reason, "answers": answers, "files": files})
        audit.record(case, "govforms.anonymise" if reason == "retention" else "govforms.erase", user=by,
                     region_path=case.region_path, reference=case.reference, reason=reason, note=note, answers=answers, files=files)
    return True


def due_for_anonymising(at):
    """Closed cases past their form's retention period whose submission still holds personal data."""
    due = Case.objects.none()
    forms = Case.objects.filter(state__in=CLOSED_STATES, submission__anonymised_at__isnull=True).values_list(
        "form", flat=True).distinct()
    for form in FormPage.objects.filter(pk__in=list(forms)):
        due |= Case.objects.filter(form=form, closed_at__lte=at - timedelta(days=retention_days(form)))
    return due.filter(state__in=CLOSED_STATES, submission__anonymised_at__isnull=True)


def sweep_retention(at):
    """A tick's share of the work: at most :data:`BATCH` cases, the longest closed first."""
    count = 0
    for case in due_for_anonymising(at).order_by("closed_at", "pk")[:BATCH]:
        count += anonymise_case(case, at=at)
    return count


def subject_data(case, *, by):
    """Everything the platform holds on the resident of ``case``, in clear, for a request under PIPL
    (查阅、复制): the answers, the case's course and its public history. Recorded."""
    specs = answer_fields(case.form)
    regions = region_names_for(specs)
    data = case.submission.form_data or {}
    audit.record(case, "govforms.subject_export", user=by, region_path=case.region_path, reference=case.reference)
    return {
        "reference": case.reference,
        "form": case.form.title,
        "submitted_at": case.submission.submit_time.isoformat(),
        "state": case.get_state_display(),
        "answers": {str(spec.label): display_answer(spec, data.get(spec.field_id), regions=regions, mask=False)
                    for spec in specs if data.get(spec.field_id) not in (None, "", [])},
        "history": [{"at": e.at.isoformat(), "what": str(e.transition), "note": e.note}
                    for e in case.events.filter(public=True).order_by("at", "pk")],
        "anonymised_at": case.submission.anonymised_at.isoformat() if case.submission.anonymised_at else None,
    }
