"""移风易俗 banquet declarations: who may act on a declaration, and its one transition, declared once.

A declaration is made by a household through the declaration form (a case of the village); after the event
the grid worker visits and records whether it went as declared. The table is data: it reads the
organisation's predicates and nothing of the models, so the model's FSM method, the services and the
admin's buttons all read it without a circle (as :mod:`community.models.task_machine` does).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from organisation.access import area_paths, covers, is_root
from organisation.constants import StaffRole

from ..constants import BanquetState


def works_in(user, path):
    """Staff whose area holds ``path`` (``organisation.access.area_paths``: the grid worker of the grid, the
    village's staff, the town's and county's dispatchers and supervisors; not a county department) — the
    need-to-know of a village's declarations."""
    if is_root(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return any((path or "").startswith(region_path) for region_path in area_paths(user))


def may_visit(declaration, user):
    """Whoever works where the banquet is held records the follow-up visit (回访), usually its grid worker."""
    return works_in(user, declaration.region_path)


def may_set_limits(user, *, path, level):
    """Supervisors set the limits of the regions in their reach (the county's default at the county)."""
    return covers(user, StaffRole.SUPERVISOR, path=path, level=level)


@dataclass(frozen=True)
class BanquetTransition:
    name: str
    label: str
    source: tuple
    target: str
    permission: Callable
    action: str
    done: str


TRANSITIONS: dict[str, BanquetTransition] = {t.name: t for t in [
    BanquetTransition(
        "record_visit", _("Follow-up visit recorded"), source=(BanquetState.DECLARED,), target=BanquetState.VISITED,
        permission=may_visit, action=_("Record the follow-up visit"), done=_("The follow-up visit was recorded."),
    ),
]}


def fsm(name):
    """The django-fsm ``@transition`` of the declaration's method ``name``, from the table."""
    spec = TRANSITIONS[name]
    return transition(field="state", source=list(spec.source), target=spec.target, permission=spec.permission)
