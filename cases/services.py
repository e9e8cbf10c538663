"""Opening a case for a new submission, as the form's case settings say.

The cases room receives submissions through :class:`cases.receiver.CaseReceiver` (registered with
forms_app.seams); the moves of a case after that are :mod:`cases.workflow`.
"""
from django.db import transaction

from forms_app.constants import FormKind
from forms_app.published import published_fields
from forms_app.services import checkup_score
from organisation.constants import RegionLevel, Triage
from organisation.models import Category

from .constants import Channel, Trigger, Workflow
from .deadlines import allowed_time, deadline
from .events import record
from .handling import handling_for
from .models import Case
from .numbering import next_reference
from .workflow import case_file_record


def category_for(submission, form, handling):
    """The category named by the answer to the form's category question, else the form's default."""
    question = (handling.category_question or "").strip()
    if question:
        fields = list(form.form_fields.all())
        ids = {f.clean_name: f.clean_name for f in fields}
        ids.update({f.label: f.clean_name for f in fields})
        answer = submission.form_data.get(ids.get(question, question))
        if isinstance(answer, str) and answer:
            found = Category.objects.filter(name=answer.strip()).first()
            if found:
                return found
    if handling.default_category_id is None:
        return None
    return Category.objects.filter(pk=handling.default_category_id).first()


def initial_deadline(handling, category, start):
    """A new case's clock: the form's own deadline, else its category's (cases.deadlines.allowed_time), else
    none until it is dispatched."""
    allowed = allowed_time(handling.deadline_hours, category)
    if allowed is None:
        return None
    hours, working_days_only = allowed
    return deadline(start, hours, working_days_only=working_days_only)


def sms_consent(submission, form, handling, fields=None):
    """The resident ticked the form's SMS consent question (and the form names a phone for SMS notices).

    The editor stores the question's field id; settings made in code may name its label."""
    question = handling.sms_consent_question
    if not (question and handling.sms_phone_question):
        return False
    ids = {f.label: f.clean_name for f in (fields if fields is not None else form.form_fields.all())}
    return submission.form_data.get(ids.get(question, question)) in (True, "true", "on")


def score_for(form, fields, answers):
    """The check-up score of a check-up form's answers (None for other kinds)."""
    return checkup_score(fields, answers) if form.kind == FormKind.CHECKUP else None


def case_open(*, submission, form, region=None, fields=None, reference=None, channel=Channel.ONLINE,
              entered_by=None, submitted_by=None) -> Case:
    """Create the case for a new submission, inside the submission's transaction, and start its workflow.

    Handling forms wait for a dispatcher; record forms (surveys) are archived at once; inspection
    forms are archived when they pass and otherwise become a rectification case (整改) for the
    community checked. ``fields``: the questions answered (default: the form's published ones).
    ``channel`` and ``entered_by``: how the matter arrived, and the member of staff who entered it on the
    resident's behalf (cases.intake); their submit line names them. ``submitted_by``: a signed-in person who
    submitted it in their own name (an inspector's check-up, admitted by a form gate): the submit line names them.
    """
    assert transaction.get_connection().in_atomic_block, "case_open must run inside the submission's transaction"
    handling = handling_for(form)
    fields = published_fields(form) if fields is None else fields
    score = score_for(form, fields, submission.form_data)
    needs_category = handling.category_question or handling.default_category_id
    category = category_for(submission, form, handling) if needs_category else None
    failed_check = handling.workflow == Workflow.INSPECTION and not handling.passes(score)
    if failed_check and region is not None and region.level == RegionLevel.GRID:
        region = region.get_parent()
    clock = initial_deadline(handling, category, submission.submit_time)
    case = Case.objects.create(
        reference=reference or next_reference(handling.reference_prefix, now=submission.submit_time),
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
        sms_consent=sms_consent(submission, form, handling, fields),
        channel=channel,
        entered_by=entered_by,
    )
    triggers = (Trigger.SUBMIT, Trigger.CHECKUP_FAILED) if failed_check else (Trigger.SUBMIT,)
    record(case, "submit", by=entered_by or submitted_by, from_state="", triggers=triggers,
           data={"channel": channel} if entered_by is not None else None)
    if handling.workflow == Workflow.RECORD or (handling.workflow == Workflow.INSPECTION and not failed_check):
        case = case_file_record(case=case)
    return case
