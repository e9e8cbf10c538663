"""Enumerations of the community room (one block per part)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

# -- meetings (小板凳 / 议事会: 收集 → 协商 → 落实 → 反馈) ---------------------------------------------------


class MeetingKind(models.TextChoices):
    """The kinds of residents' meeting the seeds name; each gathers matters and decides on them."""

    STOOL = "stool", _("Little-stool meeting (小板凳)")
    COUNCIL = "council", _("Residents' council (议事会)")
    COURTYARD = "courtyard", _("Courtyard meeting (坝坝会)")

    @property
    def short(self):
        """The name residents use (小板凳), as notes and documents print it."""
        return str(SHORT_KINDS[self])


SHORT_KINDS = {MeetingKind.STOOL: _("Little stool"), MeetingKind.COUNCIL: _("Council"),
               MeetingKind.COURTYARD: _("Courtyard meeting")}


class ParticipantRole(models.TextChoices):
    """Who sat at the meeting: residents' names are masked wherever shown, the others speak for an office."""

    RESIDENT = "resident", _("Resident")
    PARTY_MEMBER = "party_member", _("Party member")
    UNIT = "unit", _("Unit representative")
    STAFF = "staff", _("Community staff")


class DecisionAction(models.TextChoices):
    """What a meeting may decide on a matter: each is a transition of the case, taken through the cases room."""

    DISPATCH = "dispatch", _("Dispatch to a department")
    CONSULT = "consult", _("Start consultation")
    RESOLVE = "resolve", _("Resolve with this result")
    CLOSE_WITH_ADVICE = "close_with_advice", _("Close with advice (private matter)")
    REJECT = "reject", _("Do not accept")
    ESCALATE = "escalate", _("Escalate to the level above")
    URGE = "urge", _("Urge the handlers")
