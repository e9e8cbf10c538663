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


# -- 居民点单 and 党员报到 (community.orders) -----------------------------------------------------------


class ProviderKind(models.TextChoices):
    """Who offers a service on the community's list (服务清单 / 资源清单)."""

    UNIT = "unit", _("Unit (department)")
    TEAM = "team", _("Volunteer team")
    PARTY_MEMBER = "party_member", _("Registered party member")


class VolunteerKind(models.TextChoices):
    """Who registers to a community (报到): a party member in person, or a unit (在职党员单位报到)."""

    PARTY_MEMBER = "party_member", _("Party member")
    UNIT = "unit", _("Unit")


class WishState(models.TextChoices):
    """A small wish (微心愿): open until a member claims it (first claim wins), done when they record it."""

    OPEN = "open", _("Open")
    CLAIMED = "claimed", _("Claimed")
    DONE = "done", _("Done")


class ServiceKind(models.TextChoices):
    """What a service record (服务记录) was for; each kind earns its own points (settings.COMMUNITY_SERVICE_POINTS)."""

    WISH = "wish", _("Small wish fulfilled")
    ORDER = "order", _("Resident's order served")
    OTHER = "other", _("Other volunteer service")
