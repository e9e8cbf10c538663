"""The part machine of a joint case (协办), declared once, next to the case machine.

A case has its lead unit (its department) and may have co-units: other departments asked to help
(``add_part`` in :mod:`cases.machine`, or co-units named when dispatching). Each co-unit's part has a
deadline and a light of its own and moves through this small table: its members claim it, the one who
claimed it reports it (a result, optional files), or the lead unit or a dispatcher waives it with a
reason. The lead resolves the case only once every part is reported or waived (``parts_are_in``).

It reads like the case's table and uses its declarations (:class:`cases.machine.Transition`); the
permission is a predicate of (part, user). Every part action is a line of the case's history, labelled
from here (registered with :func:`cases.machine.register_events` in ``CasesConfig.ready``). Read by
:class:`cases.models.CasePart` (``@part_fsm``), the services of :mod:`cases.parts`, the workbench's
joint-handling section and ``tests/cases/test_transitions_matrix.py``.
"""
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from . import permissions as perm
from .constants import NoticeKind as N
from .constants import PartState as P
from .machine import Event, Input, Transition

PART_TRANSITIONS: dict[str, Transition] = {t.name: t for t in [
    Transition(
        "claim_part", _("A co-unit claimed its part"), source=(P.DISPATCHED,), target=P.CLAIMED,
        permission=perm.is_co_unit_member, public=False,
        action=_("Claim our part"), done=_("You claimed your unit's part."), service="part_claim",
    ),
    Transition(
        "report_part", _("A co-unit reported its part"), source=(P.CLAIMED,), target=P.REPORTED,
        permission=perm.is_part_handler, public=False,
        inputs=(
            Input("result", "text", _("What your unit did"), required=_("Write what your unit did for its part."),
                  rows=4),
            Input("uploads", "files", _("Files"), field="files", help=_("Photos or PDF, up to 20 MB each.")),
        ),
        action=_("Report our part"), done=_("Your unit's part was reported to the lead unit."),
        service="part_report",
    ),
    Transition(
        "waive_part", _("A co-unit's part was waived"), source=(P.DISPATCHED, P.CLAIMED), target=P.WAIVED,
        permission=perm.can_waive_part, public=False,
        inputs=(Input("reason", "text", _("Reason"), required=_("Give the reason for waiving the part."), rows=2),),
        action=_("Waive this part"), done=_("The part was waived."), service="part_waive",
    ),
]}

#: history lines about parts that are not moves of the part machine
PART_EVENTS: dict[str, Event] = {e.name: e for e in [
    Event("part_overdue", _("A co-unit's part is overdue"), public=False, notice=N.OVERDUE),
]}


def part_actions():
    """The part transitions staff take on the workbench, in button order."""
    return [t for t in PART_TRANSITIONS.values() if t.action]


def part_fsm(name):
    """The django-fsm ``@transition`` of the part's method ``name``, from the table."""
    spec = PART_TRANSITIONS[name]
    return transition(field="state", source=list(spec.source), target=spec.target, permission=spec.permission,
                      conditions=list(spec.conditions))
