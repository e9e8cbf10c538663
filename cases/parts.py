"""协办: the services of a co-unit's part (:mod:`cases.parts_machine`), and the tick's sweep of overdue parts.

Like every case service: atomic → lock (the case's row, then the part's: every action on a case and its
parts queues on the case's lock, so the lead's resolve and a co-unit's report never cross) → permission →
transition → save → a line in the case's history (:func:`cases.events.record`) → notices after commit.
"""
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from . import parts_machine
from .clock import now
from .constants import OPEN_STATES, OUTSTANDING_PARTS
from .events import record
from .models import Case, CasePart
from .tasks import notify_after_commit
from .workflow import CaseActionError, CaseChanged, required, store_case_file


def _locked(part):
    case = Case.objects.select_for_update(of=("self",)).get(pk=part.case_id)
    fresh = CasePart.objects.select_for_update(of=("self",)).select_related("department").get(pk=part.pk)
    fresh.case = case
    return fresh


def _refuse_if_done(name, fresh):
    """The same action a second time (a double click, two members at once) says what happened, and changes nothing."""
    spec = parts_machine.PART_TRANSITIONS[name]
    if fresh.state == spec.target:
        who = fresh.claimed_by if name == "claim_part" else None
        if who is not None:
            raise CaseActionError(_("This part was already claimed by %(who)s; nothing was changed.") % {
                "who": who.get_full_name() or who.get_username()}, code="not_allowed")
        raise CaseActionError(_("This part is already “%(state)s”; nothing was changed.") % {
            "state": fresh.get_state_display()}, code="not_allowed")


def _run(part, name, *, by, expected_state, note="", data=None, files=(), inputs=None):
    spec = parts_machine.PART_TRANSITIONS[name]
    fresh = _locked(part)
    if fresh.case.state not in OPEN_STATES:
        raise CaseActionError(_("The case is no longer open: its parts cannot change."), code="not_allowed")
    _refuse_if_done(name, fresh)
    seen = expected_state if expected_state is not None else part.state
    if fresh.state != seen:
        raise CaseChanged()
    method = getattr(fresh, name)
    if not can_proceed(method):
        raise CaseActionError(_("“%(action)s” is not possible while the part is “%(state)s”.") % {
            "action": spec.action, "state": fresh.get_state_display()}, code="not_allowed")
    if not has_transition_perm(method, by):
        raise CaseActionError(_("You may not do this on this part."), code="forbidden")
    method(**(inputs or {}))
    fresh.save()
    record(fresh.case, name, by=by, note=note, files=files, data={"department": fresh.department.name,
                                                                  "part": fresh.pk, **(data or {})})
    if spec.notice:
        notify_after_commit(fresh.case.pk, spec.notice)
    return fresh


def _transition(part, name, **kwargs):
    try:
        with transaction.atomic():
            return _run(part, name, **kwargs)
    except ConcurrentTransition:
        raise CaseChanged() from None


def part_claim(*, part, by, expected_state=None):
    return _transition(part, "claim_part", by=by, expected_state=expected_state, inputs={"handler": by})


def part_report(*, part, by, result, uploads=(), expected_state=None):
    """The co-unit's result goes to the lead unit (the case's history, with its files); the resident hears the
    lead's result."""
    result = required_for("report_part", "result", result)
    with transaction.atomic():
        files = [store_case_file(part.case, upload, by) for upload in uploads]
        return _transition(part, "report_part", by=by, expected_state=expected_state, note=result, files=files,
                           inputs={"result": result})


def part_waive(*, part, by, reason, expected_state=None):
    reason = required_for("waive_part", "reason", reason)
    return _transition(part, "waive_part", by=by, expected_state=expected_state, note=reason,
                       inputs={"reason": reason})


def required_for(name, field, value):
    """A required input of a part transition, cleaned; a missing one is refused with the part table's message."""
    return required(name, field, value, table=parts_machine.PART_TRANSITIONS)


def sweep_overdue_parts(at):
    """The tick: a part past its deadline turns red (its light reads the clock) and gets one ``part_overdue`` line
    and notice; the conditional UPDATE marks it, so a second sweep does nothing more."""
    at = at or now()
    due = CasePart.objects.filter(state__in=OUTSTANDING_PARTS, due_at__lte=at, overdue_notified_at__isnull=True,
                                  case__state__in=OPEN_STATES)
    count = 0
    for pk in list(due.values_list("pk", flat=True)[:5000]):
        with transaction.atomic():
            if not due.filter(pk=pk).update(overdue_notified_at=at):
                continue
            part = CasePart.objects.select_related("case", "department").get(pk=pk)
            record(part.case, "part_overdue", at=at, data={"department": part.department.name, "part": pk},
                   note=_("The part of %(unit)s is overdue: raised to supervisors.") % {"unit": part.department.name})
            notify_after_commit(part.case_id, parts_machine.PART_EVENTS["part_overdue"].notice)
            count += 1
    return count
