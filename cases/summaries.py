"""The public summary of a resolved matter (成绩晒单): what the results board may say about it.

A form whose *Handling* settings opt in (``FormCaseSettings.publish_on_board``) lets its resolved cases appear
on the public results board, each with a short summary a dispatcher or supervisor of the case writes or
approves ("楼道水管漏水，已更换水管"). The board shows only approved summaries, with the category, the community
and the month of resolution: never the resident. Because the summary is public, it is refused when it holds a
mobile or ID number, or repeats any answer the form marks personal (a name, an address, the phone the resident
gave): staff are writing for everyone to read. Approving and withdrawing are lines of the case's history.
"""
import re

from django.db import transaction
from django.utils.translation import gettext as _

from forms_app.export import answer_fields
from forms_app.presentation import display_answer, is_personal

from .clock import now
from .events import record
from .models import Case
from .permissions import can_dispatch, can_supervise
from .workflow import CaseActionError

PUBLIC_SUMMARY_MAX_LENGTH = 300
#: What looks like a phone number (7 digits or more, spaces and dashes allowed) or a resident ID number.
NUMBER_LIKE = re.compile(r"(?:\d[\s-]?){7,}|\d{17}[\dXx]")


def may_publish_summary(case, user):
    """A supervisor or a dispatcher of the case's region may write and approve its public summary."""
    return can_supervise(case, user) or can_dispatch(case, user)


def publishes_on_board(case):
    """Whether the case's form lets its resolved matters appear on the public results board."""
    return any(row.publish_on_board for row in case.form.case_settings.all())


def personal_answers(case):
    """The resident's answers the summary must not repeat: the personal questions' and e-mail answers."""
    data = case.submission.form_data or {}
    found = []
    for spec in answer_fields(case.form):
        value = data.get(spec.field_id)
        if value in (None, "", []) or not (is_personal(spec) or spec.field_type == "email"):
            continue
        text = str(display_answer(spec, value, mask=False)).strip()
        if len(text) >= 2:
            found.append(text)
    return found


def check_summary(case, summary):
    """The cleaned summary, or a refusal saying what a public text may not hold."""
    if len(summary) > PUBLIC_SUMMARY_MAX_LENGTH:
        raise CaseActionError(_("Keep the public summary to %(count)d characters.")
                              % {"count": PUBLIC_SUMMARY_MAX_LENGTH}, code="invalid")
    if NUMBER_LIKE.search(summary):
        raise CaseActionError(_("The public summary may not contain a phone or ID number."), code="personal")
    if any(answer in summary for answer in personal_answers(case)):
        raise CaseActionError(_("The public summary repeats the resident's personal data: leave out names, "
                                "phone numbers, addresses and ID numbers."), code="personal")
    return summary


def case_publish_summary(*, case, summary, by):
    """Approve ``summary`` as what the results board says of the resolved ``case`` (blank: withdraw it).

    Only for forms that publish on the board, resolved cases, and a dispatcher or supervisor of the case.
    Returns the updated case; the history records who approved or withdrew which text.
    """
    summary = (summary or "").strip()
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("form", "submission").get(pk=case.pk)
        if not may_publish_summary(case, by):
            raise CaseActionError(_("Only a dispatcher or supervisor of this case may publish its summary."),
                                  code="forbidden")
        if not publishes_on_board(case):
            raise CaseActionError(_("This form does not publish resolved matters on the results board."))
        if summary and case.resolved_at is None:
            raise CaseActionError(_("Only a resolved matter can be published on the results board."))
        if summary:
            case.public_summary = check_summary(case, summary)
            case.public_summary_approved_by, case.public_summary_approved_at = by, now()
            name = "publish_summary"
        else:
            case.public_summary, case.public_summary_approved_by, case.public_summary_approved_at = "", None, None
            name = "withdraw_summary"
        case.save(update_fields=["public_summary", "public_summary_approved_by", "public_summary_approved_at"])
        record(case, name, by=by, note=summary)
    return case
