"""Enumerations of the community room (one section per part)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

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
