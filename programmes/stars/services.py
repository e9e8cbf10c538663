"""星级文明户 from review to honour: each service locks its row, checks who acts, changes, records a history line.

The declaration's case follows the programme: approved at the review → accepted (a private matter of the
household); not approved or removed after an upheld objection → rejected with the reason; conferred → closed with
the stars as its advice, so the household's tracking page tells them. An objection is a case of its own (through the
forms room's ``submit``, like an order); deciding it closes that case with the decision. Nothing is half-written: a
refusal raises :class:`StarsError` before anything changes, and every change is one transaction.
"""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases import workflow
from cases.clock import now
from cases.workflow import CaseActionError, CaseChanged
from documents.values import values_for_case
from forms_app.keys import keyed_hash
from forms_app.published import published_fields
from forms_app.services import SubmissionLimitReached, submit
from organisation.constants import Triage

from ..constants import EntryState, ObjectionState, RoundState, StarEventKind
from ..models import StarEntry, StarEvent, StarObjection, StarRound
from ..models.stars_machine import may_manage
from . import certificates, selectors
from .declaration_form import ensure_objection_form
from .names import published_name


class StarsError(Exception):
    """A refused step, with the message for whoever tried it (``code``: forbidden, closed, duplicate, invalid)."""

    def __init__(self, message, *, code="invalid"):
        super().__init__(message)
        self.message, self.code = message, code


def record(round_, kind, *, entry=None, by=None, note="", at=None):
    """Append one line to the round's history (the only writer of :class:`StarEvent`)."""
    return StarEvent.objects.create(round=round_, entry=entry, kind=kind, actor=by, note=note[:500], at=at or now())


def _locked_round(round_, by, *, system=False):
    fresh = StarRound.objects.select_for_update().get(pk=round_.pk)
    if not system and not may_manage(fresh, by):
        raise StarsError(_("You may not act on this round."), code="forbidden")
    return fresh


def _case_step(step, **kwargs):
    """A transition of a case the programme moves; the cases room's refusal becomes the programme's."""
    try:
        return step(**kwargs)
    except (CaseActionError, CaseChanged) as error:
        raise StarsError(getattr(error, "message", "") or _("The case changed meanwhile. Reload the page."),
                         code="invalid") from None


def review(*, round_, case, scores, by, note=""):
    """评议: score a declaration on every criterion; the total gives the stars (none: not approved)."""
    with transaction.atomic():
        round_ = _locked_round(round_, by)
        if round_.state != RoundState.REVIEWING:
            raise StarsError(_("The review of this round is over."), code="closed")
        if not selectors.pending_declarations(round_).filter(pk=case.pk).exists():
            raise StarsError(_("This declaration is not waiting for review in this round."), code="invalid")
        checked = _checked_scores(round_, scores)
        total = sum(checked.values())
        stars = round_.stars_for(total)
        name = values_for_case(case)["resident_name"]
        entry = StarEntry.objects.create(
            round=round_, case=case, published_name=published_name(name, round_.name_style), scores=checked,
            score=total, stars=stars, state=EntryState.APPROVED if stars else EntryState.REJECTED,
            note=note.strip()[:500], reviewed_by=by, reviewed_at=now())
        if stars:
            _case_step(workflow.case_accept, case=case, by=by, triage=Triage.PRIVATE)
        else:
            reason = note.strip() or _("The review scored %(score)d points; three stars need %(at)d.") % {
                "score": total, "at": round_.three_stars_at}
            _case_step(workflow.case_reject, case=case, by=by, reason=reason)
        record(round_, StarEventKind.REVIEWED, entry=entry, by=by,
               note=_("%(score)d points, %(stars)d stars") % {"score": total, "stars": stars})
    return entry


def _checked_scores(round_, scores):
    """{criterion pk (str): score}, each criterion scored from 0 to its maximum, or a refusal naming it."""
    checked = {}
    for criterion in round_.criteria.all():
        value = scores.get(criterion.pk, scores.get(str(criterion.pk)))
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = -1
        if not 0 <= value <= criterion.max_score:
            raise StarsError(_("Score “%(criterion)s” from 0 to %(max)d.") % {
                "criterion": criterion.label, "max": criterion.max_score}, code="invalid")
        checked[str(criterion.pk)] = value
    if not checked:
        raise StarsError(_("The round has no criteria yet: add them in its settings."), code="invalid")
    return checked


def publish_notice(*, round_, by, at=None, leave_waiting=False):
    """公示: the approved households go on public notice for the round's number of days.

    Declarations still waiting for review would silently miss the notice: they are refused unless staff say
    (``leave_waiting``) that those households wait for the next round, which reviews them as its own."""
    at = at or now()
    with transaction.atomic():
        round_ = _locked_round(round_, by)
        if round_.state != RoundState.REVIEWING:
            raise StarsError(_("This round is on notice already."), code="closed")
        waiting = selectors.pending_declarations(round_).count()
        if waiting and not leave_waiting:
            raise StarsError(ngettext(
                "%(count)d declaration still waits for review: review it, or confirm that it waits for the next "
                "round.", "%(count)d declarations still wait for review: review them, or confirm that they wait "
                "for the next round.", waiting) % {"count": waiting}, code="waiting")
        entries = list(round_.entries.select_for_update().filter(state=EntryState.APPROVED))
        if not entries:
            raise StarsError(_("No household is approved yet: review the declarations first."), code="invalid")
        round_.start_notice(starts=at, ends=at + timedelta(days=round_.notice_days), by=by)
        round_.save()
        for entry in entries:
            entry.go_on_notice()
            entry.save()
        note = _("%(count)d households, %(days)d days") % {"count": len(entries), "days": round_.notice_days}
        if waiting:
            note += " · " + _("declarations left for the next round: %(count)d") % {"count": waiting}
        record(round_, StarEventKind.NOTICE, by=by, at=at, note=note)
    return round_


def object_to(*, entry, phone, reason, name="", key, client_hash=""):
    """异议: anyone objects to a household on notice; the objection is a case for the community. One per person
    (mobile number) and household: a second is refused and nothing is written."""
    phone_hash = keyed_hash(phone)
    page = ensure_objection_form()
    fields = published_fields(page)
    values = {"household": f"{entry.published_name}（{entry.round.title}）", "reason": reason.strip(),
              "name": name.strip(), "phone": phone, "grid": entry.case.region_id}
    form = SimpleNamespace(submission_key=key, layout_fields=fields, client_hash=client_hash,
                           cleaned_data={f.field_id: values[f.field_id] for f in fields if f.field_id in values})
    try:
        with transaction.atomic():
            entry = StarEntry.objects.select_for_update().select_related("round").get(pk=entry.pk)
            if entry.state != EntryState.ON_NOTICE or entry.round.notice_ends_at <= now():
                raise StarsError(_("This household is no longer on public notice."), code="closed")
            again = StarObjection.objects.filter(case__submission__page=page, case__submission__submission_key=key)
            if again.exists():  # a double click or a re-sent POST: the objection already made
                return again.get()
            if StarObjection.objects.filter(entry=entry, phone_hash=phone_hash).exists():
                raise StarsError(_("You have already objected to this household. The community is looking into "
                                   "it: follow it with the tracking link you were given."), code="duplicate")
            submission = submit(page=page, form=form)
            objection = StarObjection.objects.create(entry=entry, case=submission.case, phone_hash=phone_hash)
            record(entry.round, StarEventKind.OBJECTION, entry=entry, note=submission.case.reference)
    except SubmissionLimitReached:
        raise StarsError(_("Too many submissions from this number today. Please try again tomorrow."),
                         code="limit") from None
    except IntegrityError:  # the same person's two objections at once: the other one won
        raise StarsError(_("You have already objected to this household."), code="duplicate") from None
    return objection


def decide_objection(*, objection, uphold, decision, by):
    """The community's decision on an objection: upheld takes the household off the list (its declaration is
    rejected with the decision as the reason); either way the objection's case is closed with the decision."""
    decision = (decision or "").strip()
    if not decision:
        raise StarsError(_("Write the decision: what the community found."), code="invalid")
    with transaction.atomic():
        objection = StarObjection.objects.select_for_update().select_related("entry__round", "case").get(
            pk=objection.pk)
        round_ = _locked_round(objection.entry.round, by)
        if objection.state != ObjectionState.OPEN:
            raise StarsError(_("This objection was decided already."), code="closed")
        if round_.state != RoundState.ON_NOTICE:
            raise StarsError(_("The round is no longer on notice."), code="closed")
        objection.state = ObjectionState.UPHELD if uphold else ObjectionState.DISMISSED
        objection.decided_by, objection.decided_at, objection.decision = by, now(), decision[:500]
        objection.save()
        # the community's own matter, closed with the decision (unless staff took it further on the workbench)
        _case_step(workflow.case_answer_for_programme, case=objection.case, by=by, answer=decision)
        entry = objection.entry
        if uphold and entry.state == EntryState.ON_NOTICE:
            entry.remove()
            entry.save()
            _case_step(workflow.case_reject, case=entry.case, by=by, reason=decision)
        record(round_, StarEventKind.UPHELD if uphold else StarEventKind.DISMISSED, entry=entry, by=by,
               note=decision)
    return objection


def confer(*, round_, by, at=None, system=False):
    """授星: after the notice, with every objection decided, the households left on the list get their stars;
    their cases close with the stars as the answer and the certificates are issued as one batch."""
    at = at or now()
    with transaction.atomic():
        round_ = _locked_round(round_, by, system=system)
        if round_.state != RoundState.ON_NOTICE:
            raise StarsError(_("Only a round on notice can be conferred."), code="closed")
        if at < round_.notice_ends_at:
            raise StarsError(_("The public notice runs until %(date)s.") % {
                "date": round_.notice_ends_at.strftime("%Y-%m-%d %H:%M")}, code="closed")
        if StarObjection.objects.filter(entry__round=round_, state=ObjectionState.OPEN).exists():
            raise StarsError(_("Decide the open objections first."), code="invalid")
        entries = list(round_.entries.select_for_update().filter(state=EntryState.ON_NOTICE)
                       .select_related("case").order_by("-stars", "-score", "pk"))
        for entry in entries:
            entry.confer()
            entry.save()
            _case_step(workflow.case_close_with_advice, case=entry.case, by=by, advice=_conferred_advice(entry))
        round_.confer(at=at)
        round_.batch = certificates.issue_certificates(round_, entries, by=by)
        round_.save()
        record(round_, StarEventKind.CONFERRED, by=None if system else by, at=at,
               note=_("%(count)d households") % {"count": len(entries)})
    return round_


def _conferred_advice(entry):
    """The answer on the household's tracking page, in the site's language (the sweep has no request's)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("After review and public notice, your household was rated a %(level)s civilised household.") % {
            "level": certificates.star_words(entry.stars)}


def sweep_notices(at):
    """The tick's sweep: rounds whose notice is over and whose objections are all decided are conferred."""
    done = 0
    for round_ in selectors.rounds_due(at):
        try:
            confer(round_=round_, by=round_.published_by, at=at, system=True)
        except StarsError:
            continue  # changed meanwhile (a staff member conferred it, an objection arrived): next tick
        done += 1
    return done
