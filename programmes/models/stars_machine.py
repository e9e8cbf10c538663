"""星级文明户: the states of a round and of a household's entry, and their transitions, declared once.

The table is data (like :mod:`cases.machine` and :mod:`community.models.task_machine`): the models' FSM methods
take their sources and targets from it, the services (:mod:`programmes.stars.services`) check who may act with
:func:`may_manage`, and the admin's buttons read the labels. A round's states follow each other once; an entry is
approved or not at the review, goes on notice with its round, and is conferred or removed (an upheld objection).
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from organisation.access import covers
from organisation.constants import RegionLevel, StaffRole

from ..constants import EntryState as E
from ..constants import RoundState as R


def may_manage(round_, user):
    """The community's side of a round: a dispatcher (or superuser) whose reach covers the round's region — the
    same people who move the declarations' and objections' cases."""
    return covers(user, StaffRole.DISPATCHER, path=round_.region_path, level=RegionLevel.COMMUNITY)


@dataclass(frozen=True)
class StarTransition:
    name: str
    label: str
    source: tuple
    target: str


ROUND_TRANSITIONS = {t.name: t for t in [
    StarTransition("start_notice", _("Put on public notice"), (R.REVIEWING,), R.ON_NOTICE),
    StarTransition("confer", _("Confer the stars"), (R.ON_NOTICE,), R.CONFERRED),
]}

ENTRY_TRANSITIONS = {t.name: t for t in [
    StarTransition("go_on_notice", _("On public notice"), (E.APPROVED,), E.ON_NOTICE),
    StarTransition("remove", _("Removed after an upheld objection"), (E.ON_NOTICE,), E.REMOVED),
    StarTransition("confer", _("Stars conferred"), (E.ON_NOTICE,), E.CONFERRED),
]}


def round_fsm(name):
    spec = ROUND_TRANSITIONS[name]
    return transition(field="state", source=list(spec.source), target=spec.target)


def entry_fsm(name):
    spec = ENTRY_TRANSITIONS[name]
    return transition(field="state", source=list(spec.source), target=spec.target)
