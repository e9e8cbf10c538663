"""红黑榜: the states of an entry and its transitions, declared once (like :mod:`cases.machine`).

An entry comes from staff or from a resident's nomination, is reviewed by the community's staff, approved
by a supervisor, published for its period and withdrawn at its end (by the tick) or earlier (by a supervisor,
e.g. after an upheld appeal). The black list is stricter: its review must say what was checked, its approver
must be another person than its reviewer, and it is never published unapproved. The table is data: it reads
the organisation's predicates and nothing of the models, so the model's FSM methods
(:class:`programmes.models.HonourEntry`), the services (:mod:`programmes.honours.services`) and the admin's
buttons all read it without a circle.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from organisation.access import covers
from organisation.constants import RegionLevel, StaffRole

from ..constants import HonourList


class HonourState(models.TextChoices):
    NOMINATED = "nominated", _("Nominated — waiting for review")
    REVIEWED = "reviewed", _("Reviewed — waiting for a supervisor's approval")
    APPROVED = "approved", _("Approved — ready to publish")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Not taken up")


class HonourEventKind(models.TextChoices):
    """The lines of an entry's history: the transitions, and the lines that move nothing."""

    CREATED = "created", _("Entered")
    NOMINATED = "nominated", _("Nominated by a resident")
    REVIEW = "review", _("Reviewed")
    APPROVE = "approve", _("Approved")
    PUBLISH = "publish", _("Published")
    REJECT = "reject", _("Not taken up")
    WITHDRAW = "withdraw", _("Withdrawn")
    EXPIRE = "expire", _("Withdrawn at the end of its period")
    APPEALED = "appealed", _("Appealed")
    EDITED = "edited", _("Changed before approval")


#: the states in which an entry is on the public page
PUBLIC_STATES = (HonourState.PUBLISHED,)
#: the states in which staff may still change what the entry says and its period (before a supervisor approves it)
EDIT_STATES = (HonourState.NOMINATED, HonourState.REVIEWED)


# -- who (predicates of an entry and a user; the entry carries its region's path) -----------------------------


def is_community_staff(entry, user):
    """Dispatchers and supervisors whose reach covers the entry's community review, publish and turn it down."""
    return any(covers(user, role, path=entry.region_path, level=RegionLevel.COMMUNITY)
               for role in (StaffRole.DISPATCHER, StaffRole.SUPERVISOR))


def is_supervisor(entry, user):
    """A supervisor whose reach covers the entry's community."""
    return covers(user, StaffRole.SUPERVISOR, path=entry.region_path, level=RegionLevel.COMMUNITY)


def may_approve(entry, user):
    """A supervisor approves; on the black list not the same person who reviewed it (four eyes)."""
    if not is_supervisor(entry, user):
        return False
    return entry.list != HonourList.BLACK or entry.reviewed_by_id != user.pk


def nobody(entry, user):
    """Only the tick's sweep runs this transition."""
    return False


@dataclass(frozen=True)
class HonourTransition:
    name: str
    label: str
    source: tuple
    target: str
    permission: Callable
    action: str
    done: str
    required: str = ""  # the message when the note is missing; empty: optional
    required_on: tuple = (HonourList.RED, HonourList.BLACK)  # the lists on which the note is required


TRANSITIONS: dict[str, HonourTransition] = {t.name: t for t in [
    HonourTransition(
        "review", _("Reviewed"), source=(HonourState.NOMINATED,), target=HonourState.REVIEWED,
        permission=is_community_staff, action=_("Reviewed: pass to a supervisor"),
        done=_("The entry was reviewed and waits for a supervisor's approval."),
        required=_("A black-list entry needs a review note: what was checked, with whom, and that the person was "
                   "heard."), required_on=(HonourList.BLACK,),
    ),
    HonourTransition(
        "approve", _("Approved"), source=(HonourState.REVIEWED,), target=HonourState.APPROVED,
        permission=may_approve, action=_("Approve"), done=_("The entry was approved and may be published."),
    ),
    HonourTransition(
        "publish", _("Published"), source=(HonourState.APPROVED,), target=HonourState.PUBLISHED,
        permission=is_community_staff, action=_("Publish"), done=_("The entry is on the public page."),
    ),
    HonourTransition(
        "reject", _("Not taken up"), source=(HonourState.NOMINATED, HonourState.REVIEWED, HonourState.APPROVED),
        target=HonourState.REJECTED, permission=is_community_staff, action=_("Do not take up"),
        done=_("The entry was not taken up."), required=_("Give the reason for not taking the entry up."),
    ),
    HonourTransition(
        "withdraw", _("Withdrawn"), source=(HonourState.PUBLISHED,), target=HonourState.WITHDRAWN,
        permission=is_supervisor, action=_("Withdraw now"), done=_("The entry was withdrawn from the public page."),
        required=_("Give the reason for withdrawing the entry before the end of its period."),
    ),
    HonourTransition(
        "expire", _("Withdrawn at the end of its period"), source=(HonourState.PUBLISHED,),
        target=HonourState.WITHDRAWN, permission=nobody, action=_("Withdraw at the end of the period"),
        done=_("The entry's period ended: it was withdrawn."),
    ),
]}

#: the transitions staff start from the entry's page (``expire`` is the sweep's)
STAFF_ACTIONS = ("review", "approve", "publish", "reject", "withdraw")


def fsm(name):
    """The django-fsm ``@transition`` of the entry's method ``name``, from the table."""
    spec = TRANSITIONS[name]
    return transition(field="state", source=list(spec.source), target=spec.target, permission=spec.permission)
