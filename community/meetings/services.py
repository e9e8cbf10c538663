"""The meetings part's writes: hold a meeting, gather its matters (收集), record what it decided (协商 → 落实).

Every write is one transaction on the locked meeting row. A matter is a case: an existing one the organiser may
list in the meeting's region, or a new one raised there, opened through the forms room's normal submission service
(so it gets its reference number, deadline, documents and history like any other) and marked with the channel
*meeting*. A case gathered by a meeting gets a history line naming the meeting (``meeting_discussed``). A set of
decisions is taken through the cases room's transition services in one transaction: the first one refused (not
possible in the case's state, or not the organiser's to take) rolls back every other, and the organiser reads why.
"""
import uuid
from types import SimpleNamespace

from django.db import transaction
from django.utils.translation import gettext as _

from cases import workflow as wf
from cases.constants import Channel
from cases.events import record
from cases.models import Case
from cases.synopsis import summary_fields
from community.constants import DecisionAction as A
from community.models import Meeting, MeetingDecision, MeetingMatter, MeetingParticipant
from forms_app.constants import FieldType
from forms_app.published import published_fields
from forms_app.seams import StaffEntry
from forms_app.services import submit

from . import selectors
from .events import DISCUSSED


class MeetingError(Exception):
    """A refused change to a meeting, with a message for the organiser."""

    def __init__(self, message, *, code="refused"):
        super().__init__(message)
        self.message, self.code = message, code


def _check_region(by, region):
    if not selectors.may_hold_in(by, region):
        raise MeetingError(_("You may hold meetings only in the communities and grids of your region."),
                           code="forbidden")


def _locked(meeting, by):
    """The meeting row, locked, if ``by`` may see it; a MeetingError otherwise."""
    fresh = selectors.meetings_visible_to(by).select_for_update(of=("self",)).filter(pk=meeting.pk).first()
    if fresh is None:
        raise MeetingError(_("This meeting is not in your region."), code="forbidden")
    return fresh


def _set_participants(meeting, participants):
    meeting.participants.all().delete()
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(meeting=meeting, role=p["role"], name=p["name"].strip(), unit=(p.get("unit") or "").strip())
        for p in participants if (p.get("name") or "").strip())


def meeting_save(*, by, region, kind, held_on, place, topic="", minutes="", participants=(), meeting=None):
    """Create a meeting (``meeting`` None) or change one; ``participants``: dicts of role, name and unit."""
    _check_region(by, region)
    if not (place or "").strip():
        raise MeetingError(_("Say where the meeting is held."), code="missing_input")
    with transaction.atomic():
        if meeting is None:
            meeting = Meeting(organiser=by)
        else:
            meeting = _locked(meeting, by)
        if meeting.pk and meeting.region_id != region.pk and meeting.matters.exists():
            raise MeetingError(_("A meeting that has gathered matters stays in its region."), code="region")
        meeting.region, meeting.kind, meeting.held_on = region, kind, held_on
        meeting.place, meeting.topic, meeting.minutes = place.strip(), (topic or "").strip(), minutes or ""
        meeting.save()
        _set_participants(meeting, participants)
    return meeting


def _discussed(meeting, case, by):
    record(case, DISCUSSED, by=by, note=meeting.label,
           data={"meeting": meeting.label, "meeting_id": meeting.pk, "kind": meeting.kind,
                 "date": meeting.held_on.isoformat(), "place": meeting.place})


def meeting_attach(*, meeting, case, by):
    """收集: bring an existing case to the meeting (once); its history says which meeting discussed it."""
    with transaction.atomic():
        meeting = _locked(meeting, by)
        case = selectors.cases_for_meeting(by, meeting).filter(pk=case.pk).first()
        if case is None:
            raise MeetingError(_("This case is not in your reach in the meeting's region, or the meeting has it "
                                 "already."), code="not_in_reach")
        matter = MeetingMatter.objects.create(meeting=meeting, case=case, added_by=by)
        _discussed(meeting, case, by)
    return matter


def _entry_for(form, text, region, by):
    """What the resident flow hands the submission service, for a matter raised at a meeting: the text as the
    answer to the form's summary question, the meeting's region as its region question's answer, entered by the
    organiser on the residents' behalf (channel *meeting*: the residents' daily limits do not count it)."""
    fields = published_fields(form)
    summary = summary_fields(form)
    if not summary:
        raise MeetingError(_("This form has no text question to hold the matter."), code="form")
    answers = {summary[0].field_id: text}
    for spec in fields:
        if spec.field_type == FieldType.REGION:
            answers[spec.field_id] = region.pk
            break
    entry = StaffEntry(user=by, channel=Channel.MEETING, channel_label=str(Channel.MEETING.label))
    return SimpleNamespace(cleaned_data=answers, layout_fields=fields, client_hash="",
                           submission_key=uuid.uuid4().hex, staff_entry=entry)


def meeting_raise(*, meeting, form, text, by):
    """收集: a matter raised at the meeting becomes a new case of ``form`` in the meeting's region, channel *meeting*."""
    text = (text or "").strip()
    if not text:
        raise MeetingError(_("Write down the matter raised."), code="missing_input")
    with transaction.atomic():
        meeting = _locked(meeting, by)
        submission = submit(page=form, form=_entry_for(form, text, meeting.region, by))
        case = Case.objects.select_for_update().get(submission=submission)
        case.channel = Channel.MEETING
        if case.region_id is None:  # the form asks no region: the matter is the meeting's region's
            case.region, case.level = meeting.region, meeting.region.level
        case.save()
        matter = MeetingMatter.objects.create(meeting=meeting, case=case, raised_here=True, added_by=by)
        _discussed(meeting, case, by)
    return matter


def _participants(meeting):
    return [p.display_name for p in meeting.participants.all()] or [meeting.get_kind_display()]


#: Each decision as the cases room's service; the note names the meeting.
ACTIONS = {
    A.DISPATCH: lambda case, d, by, note: wf.case_dispatch(case=case, to=d.department, by=by, note=note,
                                                             expected_state=d.expected_state),
    A.CONSULT: lambda case, d, by, note: wf.case_consult(case=case, by=by, participants=_participants(d.meeting),
                                                           topic=note, expected_state=d.expected_state),
    A.RESOLVE: lambda case, d, by, note: wf.case_resolve(case=case, by=by, result=note,
                                                           expected_state=d.expected_state),
    A.CLOSE_WITH_ADVICE: lambda case, d, by, note: wf.case_close_with_advice(case=case, by=by, advice=note,
                                                                               expected_state=d.expected_state),
    A.REJECT: lambda case, d, by, note: wf.case_reject(case=case, by=by, reason=note, expected_state=d.expected_state),
    A.ESCALATE: lambda case, d, by, note: wf.case_escalate(case=case, by=by, reason=note,
                                                             expected_state=d.expected_state),
    A.URGE: lambda case, d, by, note: wf.case_urge(case=case, by=by, note=note, expected_state=d.expected_state),
}


def decision(*, case, action, text, department=None, expected_state=None):
    """One decision of a set handed to :func:`meeting_decide`."""
    return SimpleNamespace(case=case, action=action, text=(text or "").strip(), department=department,
                           expected_state=expected_state, meeting=None)


def _take(meeting, item, by):
    reference = item.case.reference
    if item.action not in ACTIONS:
        raise MeetingError(_("%(reference)s: choose what the meeting decided.") % {"reference": reference})
    if not item.text:
        raise MeetingError(_("%(reference)s: write down what the meeting decided.") % {"reference": reference},
                           code="missing_input")
    item.meeting = meeting
    note = f"{item.text}（{meeting.label}）"
    try:
        case = ACTIONS[item.action](item.case, item, by, note)
    except wf.CaseActionError as refused:
        raise MeetingError(_("%(reference)s: %(message)s Nothing of this set of decisions was recorded.")
                           % {"reference": reference, "message": refused.message}, code=refused.code) from None
    event = case.events.filter(transition=item.action).order_by("-pk").first()
    return MeetingDecision.objects.create(meeting=meeting, case=case, action=item.action, text=item.text,
                                          department=item.department, event=event, decided_by=by)


def meeting_decide(*, meeting, decisions, by):
    """协商 → 落实: take every decision on its matter, all or nothing."""
    if not decisions:
        raise MeetingError(_("Choose a decision for at least one matter."), code="missing_input")
    with transaction.atomic():
        meeting = _locked(meeting, by)
        gathered = set(meeting.matters.values_list("case_id", flat=True))
        stray = [d.case.reference for d in decisions if d.case.pk not in gathered]
        if stray:
            raise MeetingError(_("%(references)s: not a matter of this meeting.") % {"references": "、".join(stray)},
                               code="not_a_matter")
        return [_take(meeting, item, by) for item in decisions]
