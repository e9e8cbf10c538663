"""Rectification (整改) of a failed check-up, and the re-inspection (复查) that closes its loop.

A failed check-up's case *is* its rectification case (cases.services.case_open); its ``submit`` line fires
*checkup_failed*, and here it gains one :class:`~programmes.models.RectificationItem` per item that lost points.
The unit working on the case marks each line rectified (:func:`mark_rectified`), then resolves the case as usual.
The next check-up of the same community is the re-inspection: every resolved rectification of that community
not yet re-inspected is linked to it (:class:`~programmes.models.Reinspection`) and closed — recorded as the
follow-up (回访: satisfied when the re-inspection passed; when it failed, its own items open the next
rectification) and archived, by the system, in the same transaction as the re-inspection's submission.
"""
from django.db import transaction
from django.utils.translation import gettext as _

from cases import workflow
from cases.checkups import checkup_outcome, points
from cases.clock import now
from cases.constants import CaseState, Trigger
from cases.events import record
from cases.models import Case
from cases.permissions import can_dispatch, can_supervise, is_case_handler, is_team_handler
from forms_app.constants import FormKind
from organisation.access import ancestor_paths
from organisation.constants import RegionLevel
from organisation.models import Region

from ..models import RectificationItem, Reinspection
from .events import ITEM_RECTIFIED, REINSPECTED

#: the follow-up's rating of a rectification whose re-inspection passed / failed (the failed one does not reopen
#: it: the re-inspection's own case carries the items still failing)
PASSED_RATING, FAILED_RATING = 5, 3


class RectificationError(Exception):
    """A refused change to a rectification line: ``code`` is ``forbidden``, ``done`` or ``closed``."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message, self.code = message, code


def on_case_event(sender, *, case, event, triggers, **kwargs):
    """case_event_recorded: a check-up's ``submit`` line opens its rectification lines and re-inspects."""
    if event.transition != "submit" or case.score is None or case.form.kind != FormKind.CHECKUP:
        return
    outcome = checkup_outcome(case)
    if Trigger.CHECKUP_FAILED in triggers:
        open_rectification(case, outcome)
    reinspect(case, outcome, by=event.actor)


def open_rectification(case, outcome):
    """One line per item the check-up lost points on, in the form's order."""
    RectificationItem.objects.bulk_create([
        RectificationItem(case=case, field_id=item.field_id, label=item.label[:512], answer=item.value,
                          weight=item.weight, sort_order=order)
        for order, item in enumerate(outcome.failed_items)
    ])


def community_of(case):
    """The community (社区/村) the check-up's case sits in, or None."""
    return Region.objects.filter(path__in=ancestor_paths(case.region_path or ""), level=RegionLevel.COMMUNITY).first()


def reinspect(case, outcome, *, by=None):
    """Close the loop of every resolved rectification of ``case``'s community that awaits its re-inspection;
    ``by``: the inspector who submitted ``case``, named on the lines that close them."""
    community = community_of(case)
    if community is None:
        return []
    community = community.path
    waiting = (Case.objects.filter(form__kind=FormKind.CHECKUP, region_path__startswith=community,
                                   state=CaseState.RESOLVED, reinspection__isnull=True,
                                   rectification_items__isnull=False, created_at__lte=case.created_at)
               .exclude(pk=case.pk).distinct().order_by("created_at"))
    closed = []
    for rectification in waiting:
        Reinspection.objects.create(rectification=rectification, checkup=case, passed=outcome.passed, at=now())
        values = {"reference": case.reference, "score": points(case.score)}
        note = (_("Re-inspection %(reference)s scored %(score)s and passed: the rectification is closed.") % values
                if outcome.passed else
                _("Re-inspection %(reference)s scored %(score)s and did not pass: the items still failing go to "
                  "its own rectification.") % values)
        record(rectification, REINSPECTED, by=by, note=note, data={"reinspection": case.pk, "passed": outcome.passed})
        closed.append(workflow.case_close_by_reinspection(
            case=rectification, rating=PASSED_RATING if outcome.passed else FAILED_RATING, note=note, by=by))
    return closed


def may_rectify(case, user):
    """The unit working on the case (its handlers), and the dispatchers and supervisors over it."""
    return is_case_handler(case, user) or is_team_handler(case, user) or can_dispatch(case, user) or \
        can_supervise(case, user)


def mark_rectified(*, item_id, by, note=""):
    """Mark one rectification line done; refused (nothing changed) when it is done already, the case is closed,
    or ``by`` may not act on the case."""
    with transaction.atomic():
        item = RectificationItem.objects.select_related("case").get(pk=item_id)
        case = Case.objects.select_for_update().get(pk=item.case_id)
        item = RectificationItem.objects.select_for_update().get(pk=item_id)
        if not may_rectify(case, by):
            raise RectificationError(_("You may not work on this rectification."), "forbidden")
        if item.rectified_at is not None:
            raise RectificationError(_("This item was marked rectified already."), "done")
        if case.state not in (CaseState.SUBMITTED, CaseState.ACCEPTED, CaseState.DISPATCHED, CaseState.CLAIMED,
                              CaseState.CONSULTING):
            raise RectificationError(_("This rectification is closed: its lines no longer change."), "closed")
        item.rectified_at, item.rectified_by, item.note = now(), by, (note or "").strip()[:500]
        item.save(update_fields=["rectified_at", "rectified_by", "note"])
        record(case, ITEM_RECTIFIED, by=by, note=item.label, data={"item": item.pk})
    return item
