"""红黑榜 as services: atomic → lock the row → check permission → transition → save → history line → audit.

Views, the nomination receiver and the tick go through these functions only. Every refusal is an
:class:`HonourError` with the message the person sees and a code (``missing_input``, ``bad_input``,
``forbidden``, ``not_allowed``, ``changed``); the views turn it into a 4xx, and since each service is one
transaction nothing is written. Publications and withdrawals are also entries of the audit log
(Wagtail's, the region's record: :data:`AUDIT_ACTIONS`).
"""
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm
from wagtail.log_actions import log

from cases import workflow
from cases.clock import now
from cases.workflow import CaseActionError, CaseChanged
from organisation.access import covers
from organisation.constants import RegionLevel, StaffRole

from ..constants import HONOUR_CATEGORIES, HonourList, HonourSource
from ..models import HonourEntry, HonourEvent
from ..models.honours_machine import EDIT_STATES, TRANSITIONS, HonourEventKind, HonourState, is_community_staff

#: audit-log action → (label, message); registered by programmes.honours.hooks
AUDIT_ACTIONS = {
    "programmes.honour_publish": (gettext_lazy("Publish a red or black list entry"),
                                  gettext_lazy("Red or black list entry published")),
    "programmes.honour_withdraw": (gettext_lazy("Withdraw a red or black list entry"),
                                   gettext_lazy("Red or black list entry withdrawn")),
}
AUDITED = {"publish": "programmes.honour_publish", "withdraw": "programmes.honour_withdraw",
           "expire": "programmes.honour_withdraw"}


class HonourError(Exception):
    """A refused action, with a message for the person who tried it."""

    def __init__(self, message, *, code="refused"):
        super().__init__(message)
        self.message, self.code = str(message), code


def record(entry, kind, *, by=None, note="", from_state="", at=None):
    """Append a line to the entry's history: the one place that writes them."""
    return HonourEvent.objects.create(entry=entry, kind=kind, actor=by if by is not None and by.pk else None,
                                      note=note, from_state=from_state, to_state=entry.state, at=at or now())


def may_enter(user, region):
    """Dispatchers and supervisors of a community (or above it) enter its entries."""
    return region is not None and any(covers(user, role, path=region.path, level=RegionLevel.COMMUNITY)
                                      for role in (StaffRole.DISPATCHER, StaffRole.SUPERVISOR))


def check_entry(*, list, category, region, name, deed, starts_on, ends_on, photo=None):
    """What every entry must be, wherever it comes from; raises :class:`HonourError`."""
    if list not in HonourList.values:
        raise HonourError(_("Choose the red or the black list."), code="missing_input")
    if category not in HONOUR_CATEGORIES[list]:
        raise HonourError(_("This category does not belong on the %(list)s.")
                          % {"list": HonourList(list).label}, code="bad_input")
    if region is None or region.level != RegionLevel.COMMUNITY:
        raise HonourError(_("Choose the community or village whose list this is."), code="missing_input")
    if not (name or "").strip():
        raise HonourError(_("Name the person, household or unit."), code="missing_input")
    if not (deed or "").strip():
        raise HonourError(_("Say what happened."), code="missing_input")
    if starts_on is None or ends_on is None:
        raise HonourError(_("Give the period the entry is shown for."), code="missing_input")
    if ends_on < starts_on:
        raise HonourError(_("The period ends before it starts."), code="bad_input")
    if list == HonourList.BLACK and photo is not None:
        raise HonourError(_("The black list never shows a photo: remove it."), code="bad_input")


def entry_create(*, by, list, category, region, name, deed, starts_on, ends_on, photo=None):
    """Staff enter an entry for their community; it starts at review like a nomination."""
    check_entry(list=list, category=category, region=region, name=name, deed=deed, starts_on=starts_on,
                ends_on=ends_on, photo=photo)
    if ends_on < timezone.localdate(now()):
        raise HonourError(_("The period is already over. Choose a period that has not ended."), code="bad_input")
    if not may_enter(by, region):
        raise HonourError(_("Only the staff of this community may enter its red and black lists."),
                          code="forbidden")
    with transaction.atomic():
        entry = HonourEntry.objects.create(list=list, category=category, region=region, name=name.strip(),
                                           deed=deed.strip(), starts_on=starts_on, ends_on=ends_on, photo=photo,
                                           source=HonourSource.STAFF, entered_by=by)
        record(entry, HonourEventKind.CREATED, by=by)
        return entry


def entry_nominated(*, case, category, region, name, deed, starts_on, ends_on):
    """A resident's nomination (a case on the nomination form) becomes a red-list entry waiting for review."""
    check_entry(list=HonourList.RED, category=category, region=region, name=name, deed=deed, starts_on=starts_on,
                ends_on=ends_on)
    entry = HonourEntry.objects.create(list=HonourList.RED, category=category, region=region, name=name.strip(),
                                       deed=deed.strip(), starts_on=starts_on, ends_on=ends_on,
                                       source=HonourSource.NOMINATION, case=case)
    record(entry, HonourEventKind.NOMINATED, note=case.reference)
    return entry


EDITABLE = ("category", "name", "deed", "starts_on", "ends_on")


def entry_edit(*, entry, by, **changes):
    """Before approval, the community's staff correct what the entry says and its period (a nomination's words,
    its default period); one ``edited`` line names the fields changed. An approved entry is not changed."""
    with transaction.atomic():
        fresh = _locked(entry)
        if not is_community_staff(fresh, by):
            raise HonourError(_("You may not do this on this entry."), code="forbidden")
        if fresh.state not in EDIT_STATES:
            raise HonourError(_("An approved or published entry cannot be changed any more."), code="not_allowed")
        values = {name: changes.get(name, getattr(fresh, name)) for name in EDITABLE}
        check_entry(list=fresh.list, region=fresh.region, photo=fresh.photo, **values)
        changed = [name for name in EDITABLE if values[name] != getattr(fresh, name)]
        if not changed:
            return fresh
        for name in changed:
            setattr(fresh, name, values[name].strip() if isinstance(values[name], str) else values[name])
        fresh.save()
        record(fresh, HonourEventKind.EDITED, by=by, note=", ".join(changed), from_state=fresh.state)
        return fresh


def _locked(entry):
    return HonourEntry.objects.select_for_update(of=("self",)).select_related("region").get(pk=entry.pk)


def _refusal(fresh, name, by):
    """Why ``by`` may not run ``name`` on ``fresh`` now, or None: the black list's rules are said in full."""
    spec = TRANSITIONS[name]
    black = fresh.list == HonourList.BLACK
    if name == "publish" and black and fresh.state in (HonourState.NOMINATED, HonourState.REVIEWED):
        return HonourError(_("A black-list entry cannot be published without a supervisor's approval. "
                             "Ask a supervisor to approve it first."), code="not_allowed")
    if name == "approve" and black and fresh.reviewed_by_id == getattr(by, "pk", None) \
            and fresh.state == HonourState.REVIEWED:
        return HonourError(_("A black-list entry is approved by another supervisor than the one who reviewed it."),
                           code="forbidden")
    if not spec.permission(fresh, by):
        return HonourError(_("You may not do this on this entry."), code="forbidden")
    if not can_proceed(getattr(fresh, name)):
        return HonourError(_("“%(action)s” is not possible while the entry is “%(state)s”.")
                           % {"action": spec.action, "state": fresh.get_state_display()}, code="not_allowed")
    if name == "publish" and fresh.ends_on < timezone.localdate(now()):
        return HonourError(_("The entry's period is over: it cannot be published any more."), code="not_allowed")
    return None


def _transition(entry, name, *, by, note=""):
    spec = TRANSITIONS[name]
    note = (note or "").strip()
    try:
        with transaction.atomic():
            fresh = _locked(entry)
            refused = _refusal(fresh, name, by)
            if refused is not None:
                raise refused
            if spec.required and fresh.list in spec.required_on and not note:
                raise HonourError(spec.required, code="missing_input")
            if not has_transition_perm(getattr(fresh, name), by):
                raise HonourError(_("You may not do this on this entry."), code="forbidden")
            from_state, at = fresh.state, now()
            getattr(fresh, name)(by, at)
            fresh.save()
            record(fresh, name, by=by, note=note, from_state=from_state, at=at)
            _audit(fresh, name, by=by, note=note)
            _tell_nominator(fresh, name, by=by, note=note)
            return fresh
    except ConcurrentTransition:
        raise HonourError(_("This entry was changed by someone else a moment ago. Reload it."),
                          code="changed") from None


def _tell_nominator(entry, name, *, by, note):
    """The resident who nominated the entry learns the outcome from their case (tracking page, notices): published,
    or not taken up with the reason. Written in the site's language, as the notices are."""
    if entry.case_id is None or name not in ("publish", "reject"):
        return
    with translation.override(settings.LANGUAGE_CODE):
        if name == "publish":
            answer = _("Thank you for your nomination: after review and approval, “%(name)s” is on the red list of "
                       "%(community)s from %(starts)s to %(ends)s.") % {
                "name": entry.name, "community": entry.region.name, "starts": entry.starts_on, "ends": entry.ends_on}
        else:
            answer = _("Thank you for your nomination. The community looked into it and did not take it up: "
                       "%(reason)s") % {"reason": note}
    try:
        workflow.case_answer_for_programme(case=entry.case, by=by, answer=answer, refused=name == "reject")
    except (CaseActionError, CaseChanged):
        raise HonourError(_("The nomination's case was changed by someone else a moment ago. Reload it."),
                          code="changed") from None


def _audit(entry, name, *, by=None, note=""):
    """Publications and withdrawals in the audit log, readable by the supervisors of the entry's region."""
    if name in AUDITED:
        log(entry, AUDITED[name], user=by if by is not None and by.pk else None, region_path=entry.region_path,
            data={"list": entry.list, "period": f"{entry.starts_on}–{entry.ends_on}", "reason": note,
                  "by_sweep": name == "expire"})


def entry_review(*, entry, by, note=""):
    """The community's staff checked the entry (the black list: with a note of what was checked)."""
    return _transition(entry, "review", by=by, note=note)


def entry_approve(*, entry, by, note=""):
    """A supervisor approves the entry for publication."""
    return _transition(entry, "approve", by=by, note=note)


def entry_publish(*, entry, by, note=""):
    """The approved entry goes on the community's public page for its period."""
    return _transition(entry, "publish", by=by, note=note)


def entry_reject(*, entry, by, reason):
    """The entry is not taken up (a nomination that does not hold, a black-list case that was not proven)."""
    return _transition(entry, "reject", by=by, note=reason)


def entry_withdraw(*, entry, by, reason):
    """A supervisor withdraws a published entry before its period ends (an upheld appeal, a mistake)."""
    return _transition(entry, "withdraw", by=by, note=reason)


# -- the tick ----------------------------------------------------------------------------------------


def sweep_expired(at):
    """Published entries whose period has ended are withdrawn, once each (the row lock and the state check
    make a second tick, or a second server, do nothing more)."""
    today = timezone.localdate(at)
    count = 0
    for pk in list(HonourEntry.objects.filter(state=HonourState.PUBLISHED, ends_on__lt=today)
                   .values_list("pk", flat=True)[:5000]):
        with transaction.atomic():
            fresh = HonourEntry.objects.select_for_update().filter(pk=pk, state=HonourState.PUBLISHED).first()
            if fresh is None:
                continue
            fresh.expire(None, at)
            fresh.save()
            record(fresh, HonourEventKind.EXPIRE, note=_("The period ended on %(day)s.") % {"day": fresh.ends_on},
                   from_state=HonourState.PUBLISHED, at=at)
            _audit(fresh, "expire")
            count += 1
    return count
