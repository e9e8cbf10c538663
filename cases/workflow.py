"""Case transitions as services: atomic → lock the row → check permission → transition → save → event → after commit.

Views, admin actions, the resident's evaluation and the periodic tick all go through these
functions; none of them changes a case's state any other way. What each transition needs, whether
the resident sees it, the notice it sends and the triggers it fires are declared in :mod:`cases.machine`.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from forms_app.uploads import check_upload
from organisation.constants import Triage
from organisation.models import Department

from . import machine
from .clock import now
from .constants import OUTSTANDING_PARTS, UNSATISFIED_AT_MOST, CaseState, DeadlineStart
from .deadlines import Deadline, add_hours, deadline, hours_for
from .events import record, stamp
from .handling import handling_for
from .models import Case, CaseFile, CasePart
from .tasks import notify_after_commit

# Files staff attach to a case: photos or PDF, 20 MB each (the workbench's form checks the same).
CASE_FILE_TYPES = frozenset({"jpg", "png", "gif", "webp", "heic", "pdf"})
CASE_FILE_MAX_BYTES = 20 * 2**20


class CaseActionError(Exception):
    """A refused action, with a message for the person who tried it."""

    def __init__(self, message, *, code="refused"):
        super().__init__(message)
        self.message, self.code = message, code


class CaseChanged(CaseActionError):
    def __init__(self):
        super().__init__(
            _("This case was changed by someone else a moment ago. Reload it to see its new state."), code="changed"
        )


def required(transition, name, value, *, table=None):
    """A required input of ``transition`` (text that is not blank, or a list with a non-blank item), cleaned.

    A missing one is refused with the message the transition table (``table``, default the case's) gives for it.
    """
    if isinstance(value, (list, tuple)):
        value = [str(item).strip() for item in value if item is not None and str(item).strip()]
    elif isinstance(value, str):
        value = value.strip()
    if value is None or value == "" or value == []:
        spec = (table or machine.TRANSITIONS)[transition]
        raise CaseActionError(str(spec.input(name).required), code="missing_input")
    return value


def _locked(case):
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("department", "category", "form", "region")
        .get(pk=case.pk)
    )


def _transition(case, name, *, by, expected_state=None, note="", data=None, files=(), system=False, inputs=None):
    """Run transition ``name`` on a locked, fresh copy of ``case`` and log it. Returns the updated case.

    ``inputs`` are the FSM method's arguments; ``note``, ``data`` and ``files`` go into the event.
    """
    try:
        with transaction.atomic():
            return _run(case, name, by=by, expected_state=expected_state, note=note, data=data, files=files,
                        system=system, inputs=inputs or {})
    except ConcurrentTransition:  # the row changed under us despite the lock (e.g. a backend without row locks)
        raise CaseChanged() from None


def _run(case, name, *, by, expected_state, note, data, files, system, inputs):
    spec = machine.TRANSITIONS[name]
    fresh = _locked(case)
    # The actor decided on the case as they saw it: the state of the copy they hold, unless the page they
    # acted from says otherwise. If someone changed it meanwhile, their action no longer applies.
    seen = expected_state if expected_state is not None else case.state
    if fresh.state != seen:
        raise CaseChanged()
    method = getattr(fresh, name)
    if not can_proceed(method):
        raise CaseActionError(refusal(spec, fresh), code="not_allowed")
    if not system and not has_transition_perm(method, by):
        raise CaseActionError(_("You may not do this on this case."), code="forbidden")
    from_state = fresh.state
    method(**inputs)
    at = now()
    stamp(fresh, name, at)
    fresh.save()
    event = record(fresh, name, by=by, from_state=from_state, note=note, data=data, files=files, at=at)
    if spec.notice:
        notify_after_commit(fresh.pk, spec.notice, event_id=event.pk)
    return fresh


def action_label(name):
    return str(machine.label(name))


def refusal(spec, case):
    """Why ``spec`` cannot be taken on ``case`` now: the failing condition's own words (协办: the parts still out),
    else the table's, else the generic message."""
    if case.state in spec.source:
        for condition in spec.conditions:
            explain = getattr(condition, "explain", None)
            if explain is not None and not condition(case):
                return str(explain(case))
    if spec.refused:
        return str(spec.refused)
    return _("“%(action)s” is not possible while the case is “%(state)s”.") % {
        "action": action_label(spec.name), "state": case.get_state_display()}


# -- dispatcher ---------------------------------------------------------------


def case_accept(*, case, by, triage="", expected_state=None):
    if triage and triage not in Triage.values:
        raise CaseActionError(_("Choose a valid triage."), code="invalid_input")
    return _transition(case, "accept", by=by, expected_state=expected_state, inputs={"triage": triage})


def case_reject(*, case, by, reason, expected_state=None):
    reason = required("reject", "reason", reason)
    return _transition(case, "reject", by=by, expected_state=expected_state, note=reason, inputs={"reason": reason})


def _deadline_inputs(case, department, due_hours=None, *, fresh_clock=False):
    """The due time a dispatch gives: its own hours, else the form's or category's from now, except for a
    promised limit (DeadlineStart.SUBMISSION) that has one already: the applicant was told that date. A
    reopened case (``fresh_clock``) always starts again: the old date has passed or nearly so."""
    start = now()
    hours, working = (due_hours, False) if due_hours else hours_for(case)
    promised = not (due_hours or fresh_clock) and case.due_at is not None
    if promised and handling_for(case.form).deadline_starts == DeadlineStart.SUBMISSION:
        dl = Deadline(due_at=case.due_at, yellow_at=case.yellow_at or case.due_at)
    else:
        dl = deadline(start, hours, working_days_only=working)
    # the claim window runs on the deadline's clock: an A post's hours do not run out over a holiday
    claim_due = add_hours(start, department.claim_window_hours if department else 4, working_days_only=working)
    return {"due_at": dl.due_at, "yellow_at": dl.yellow_at, "claim_due_at": claim_due, "start": start}


def _hours(due_hours):
    try:
        due_hours = None if due_hours in (None, "") else int(due_hours)
    except (TypeError, ValueError):
        due_hours = 0
    if due_hours is not None and not (1 <= due_hours <= 24 * 365):
        raise CaseActionError(_("The time allowed must be between 1 hour and a year."), code="invalid_input")
    return due_hours


def case_dispatch(*, case, to, by, due_hours=None, note="", co_units=(), co_unit_hours=None, expected_state=None):
    """Send the case to a department or grid team; the deadline starts now. ``co_units`` (协办) are asked to
    help in the same transaction, each with a part of its own (``co_unit_hours``, else the form's or category's)."""
    if not isinstance(to, Department):
        raise CaseActionError(str(machine.TRANSITIONS["dispatch"].input("to").required), code="missing_input")
    due_hours, co_unit_hours = _hours(due_hours), _hours(co_unit_hours)
    co_units = list(dict.fromkeys(co_units or ()))
    inputs = _deadline_inputs(case, to, due_hours)
    data = {"department": to.name, "due_at": inputs["due_at"].isoformat()}
    if co_units:
        data["co_units"] = [unit.name for unit in co_units]
    with transaction.atomic():
        fresh = _transition(case, "dispatch", by=by, expected_state=expected_state, note=note, data=data,
                            inputs={"to": to, **inputs})
        if fresh.parts.filter(department=to, state__in=OUTSTANDING_PARTS).exists():
            raise CaseActionError(_("%(unit)s already helps on this case as a co-unit: waive its part before "
                                    "making it the lead unit.") % {"unit": to.name}, code="invalid_input")
        for unit in co_units:
            _open_part(fresh, unit, co_unit_hours, by)
        if co_units:
            notify_after_commit(fresh.pk, machine.TRANSITIONS["add_part"].notice)
    return fresh


def case_close_with_advice(*, case, by, advice, expected_state=None):
    """私事自己办: a private matter is closed with advice to the resident."""
    advice = required("close_with_advice", "advice", advice)
    return _transition(case, "close_with_advice", by=by, expected_state=expected_state, note=advice,
                       inputs={"advice": advice})


def case_add_part(*, case, to, by, due_hours=None, note="", expected_state=None):
    """协办: ask another department to help on the case, with a deadline of its own (a part, cases.parts)."""
    if not isinstance(to, Department):
        raise CaseActionError(str(machine.TRANSITIONS["add_part"].input("to").required), code="missing_input")
    due_hours = _hours(due_hours)
    with transaction.atomic():
        fresh = _transition(case, "add_part", by=by, expected_state=expected_state, note=note,
                            data={"department": to.name}, inputs={"to": to})
        _open_part(fresh, to, due_hours, by, record_line=False)
    return fresh


def _open_part(case, unit, due_hours, by, *, record_line=True):
    """A co-unit's part of the locked ``case``: refused for the lead unit and for a unit that helps already."""
    if unit.pk == case.department_id:
        raise CaseActionError(_("The lead unit cannot also be a co-unit of its case."), code="invalid_input")
    if case.parts.filter(department=unit, state__in=OUTSTANDING_PARTS).exists():
        raise CaseActionError(_("%(unit)s already helps on this case.") % {"unit": unit.name}, code="invalid_input")
    start = now()
    hours, working = (due_hours, False) if due_hours else hours_for(case)
    dl = deadline(start, hours, working_days_only=working)
    part = CasePart.objects.create(case=case, department=unit, added_by=by if by and by.pk else None,
                                   dispatched_at=start, due_at=dl.due_at, yellow_at=dl.yellow_at)
    if record_line:
        record(case, "add_part", by=by, data={"department": unit.name}, at=start)
    return part


# -- handler --------------------------------------------------------------------


def case_claim(*, case, by, expected_state=None):
    return _transition(case, "claim", by=by, expected_state=expected_state, inputs={"handler": by})


def case_return(*, case, by, reason, expected_state=None):
    reason = required("return_case", "reason", reason)
    return _transition(case, "return_case", by=by, expected_state=expected_state, note=reason,
                       inputs={"reason": reason})


def case_escalate(*, case, by, reason, expected_state=None):
    reason = required("escalate", "reason", reason)
    return _transition(case, "escalate", by=by, expected_state=expected_state, note=reason, inputs={"reason": reason})


def case_consult(*, case, by, participants, topic, expected_state=None):
    participants = required("consult", "participants", participants)
    topic = required("consult", "topic", topic)
    return _transition(case, "consult", by=by, expected_state=expected_state, note=topic,
                       data={"participants": participants, "topic": topic},
                       inputs={"participants": participants, "topic": topic})


def case_end_consultation(*, case, by, minutes, expected_state=None):
    minutes = required("end_consultation", "minutes", minutes)
    return _transition(case, "end_consultation", by=by, expected_state=expected_state, note=minutes,
                       data={"minutes": minutes}, inputs={"minutes": minutes})


def case_resolve(*, case, by, result, uploads=(), expected_state=None):
    """Record the result fed back to the resident; files are kept privately with the event."""
    result = required("resolve", "result", result)
    with transaction.atomic():
        files = [store_case_file(case, upload, by) for upload in uploads]
        return _transition(case, "resolve", by=by, expected_state=expected_state, note=result, files=files,
                           inputs={"result": result})


def store_case_file(case, upload, by):
    """Keep a file staff attach to a case privately, after checking it by its content."""
    checked = check_upload(upload, allowed_types=CASE_FILE_TYPES, max_bytes=CASE_FILE_MAX_BYTES)
    item = CaseFile(case=case, original_name=upload.name[:255], content_type=checked.content_type,
                    size=checked.size, uploaded_by=by if by and by.pk else None)
    item.file.save(f"{checked.sha256[:32]}.{checked.type_key}", upload, save=False)
    item.save()
    return item


# -- resident ----------------------------------------------------------------


def _rating(transition, rating):
    """A rating from 1 to 5 as an int; a missing one is refused with the table's message, a bad one plainly."""
    if rating is None or (isinstance(rating, str) and not rating.strip()):
        raise CaseActionError(str(machine.TRANSITIONS[transition].input("rating").required), code="missing_input")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise CaseActionError(_("Choose a rating from 1 to 5."), code="invalid_input")
    return rating


def _after_rating(case, rating):
    """An unsatisfied rating reopens the case once; a second one (or nothing to reopen) goes to a supervisor."""
    if rating > UNSATISFIED_AT_MOST:
        return case
    if case.reopen_count == 0 and case.department_id is not None:
        return _reopen(case, by=None, reason=_("The resident was not satisfied."), system=True)
    return _flag_for_supervisor(case)


def case_evaluate(*, token, rating, comment=""):
    """群众评单. An unsatisfied rating reopens the case once; a second one goes to a supervisor."""
    rating = _rating("evaluate", rating)
    comment = (comment or "").strip()[:2000]
    case = Case.objects.filter(tracking_token=token).first() if token else None
    if case is None:
        raise CaseActionError(_("Unknown case."), code="not_found")
    with transaction.atomic():
        case = _transition(case, "evaluate", by=None, system=True, note=comment,
                           data={"rating": rating}, inputs={"rating": rating, "comment": comment})
        return _after_rating(case, rating)


def case_record_callback(*, case, by, rating, note, expected_state=None):
    """回访: staff record a call to a resident who does not use the tracking link. It counts as the resident's
    evaluation (the same rating, counted in 满意率, an unsatisfied one reopens the case), and the history marks
    it as recorded by staff: the staff member is the line's actor, the call's note its note."""
    rating = _rating("record_callback", rating)
    note = required("record_callback", "note", note)[:2000]
    with transaction.atomic():
        case = _transition(case, "record_callback", by=by, expected_state=expected_state, note=note,
                           data={"rating": rating, "by_staff": True}, inputs={"rating": rating, "note": note})
        return _after_rating(case, rating)


def case_close_by_reinspection(*, case, rating, note, by=None):
    """大体检: a resolved rectification closed by its community's re-inspection (programmes.checkups), in the
    re-inspection's transaction: the follow-up is recorded with ``rating`` (the rectification is not reopened by
    it: a failed re-inspection opens the next rectification itself), then the case is archived. The programme
    decided (``by``: the inspector whose re-inspection it is, named on both lines), so the case's own
    permissions are not asked: an inspector is no dispatcher of the case."""
    rating = _rating("record_callback", rating)
    with transaction.atomic():
        case = _transition(case, "record_callback", by=by, system=True, note=note[:2000],
                           data={"rating": rating, "reinspection": True}, inputs={"rating": rating, "note": note})
        return _transition(case, "archive", by=by, system=True)


def case_answer_for_programme(*, case, by, answer, refused=False):
    """A programme that decides a case's matter by its own rules (a red-list nomination published or not taken
    up, programmes.honours) answers the resident in its transaction: a refusal rejects the waiting case with
    ``answer`` as the reason; otherwise it is accepted as a private matter and closed with ``answer`` as the
    advice, so the tracking page and the notices tell them. The programme checked who may decide (``by``, named
    on the lines), so the case's own permissions are not asked. A case staff took further on the workbench
    follows its own course there, untouched; returns the case as it is then."""
    answer = str(answer).strip()[:2000]
    with transaction.atomic():
        case = _locked(case)
        if case.state == CaseState.SUBMITTED and refused:
            return _transition(case, "reject", by=by, system=True, note=answer, inputs={"reason": answer})
        if case.state == CaseState.SUBMITTED:
            case = _transition(case, "accept", by=by, system=True, inputs={"triage": Triage.PRIVATE})
        if case.state == CaseState.ACCEPTED and case.triage == Triage.PRIVATE:
            case = _transition(case, "close_with_advice", by=by, system=True, note=answer, inputs={"advice": answer})
        return case


def _flag_for_supervisor(case):
    """Unsatisfied again (or nothing to reopen): the case waits, flagged, for a supervisor to verify."""
    with transaction.atomic():
        fresh = _locked(case)
        Case.objects.filter(pk=fresh.pk).update(flagged=True)
        fresh.flagged = True
        record(fresh, "flag", note=_("The resident is not satisfied: a supervisor must verify."))
        notify_after_commit(fresh.pk, machine.EVENTS["flag"].notice)
    return fresh


# -- supervisor and system ------------------------------------------------------


def _reopen(case, *, by, reason, system=False, expected_state=None):
    inputs = _deadline_inputs(case, case.department, fresh_clock=True)
    return _transition(case, "reopen", by=by, system=system, expected_state=expected_state, note=reason,
                       inputs={"reason": reason, **inputs})


def case_reopen(*, case, by, reason, expected_state=None):
    reason = required("reopen", "reason", reason)
    return _reopen(case, by=by, reason=reason, expected_state=expected_state)


def case_urge(*, case, by, note, expected_state=None):
    """督单: no state change; flags the case and notifies its handler or department."""
    note = required("urge", "note", note)
    return _transition(case, "urge", by=by, expected_state=expected_state, note=note, inputs={"note": note})


def case_archive(*, case, by, expected_state=None):
    return _transition(case, "archive", by=by, expected_state=expected_state)


def case_auto_evaluate(*, case):
    return _transition(case, "auto_evaluate", by=None, system=True,
                       note=_("No evaluation was given in time; recorded as satisfied."))


def case_file_record(*, case):
    """Record workflow (surveys): archived at once, counted in statistics."""
    return _transition(case, "file_record", by=None, system=True)


__all__ = [name for name in dir() if name.startswith("case_")] + ["CaseActionError", "CaseChanged"]
