"""Enumerations of the organisation: region levels, staff roles, and the triage of matters (三事分流)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    COUNTY = "county", _("County")
    STREET = "street", _("Street / town")
    COMMUNITY = "community", _("Community / village")
    GRID = "grid", _("Grid")


#: From the top of the tree down: a level's index is its rank (the county ranks highest, 0).
REGION_LEVEL_ORDER = [RegionLevel.COUNTY, RegionLevel.STREET, RegionLevel.COMMUNITY, RegionLevel.GRID]


class Triage(models.TextChoices):
    """三事分流: who is responsible for solving the matter."""

    MAJOR = "major", _("Major matter — handled by government")
    MINOR = "minor", _("Minor matter — settled by consultation")
    PRIVATE = "private", _("Private matter — residents' own")


class StaffRole(models.TextChoices):
    DISPATCHER = "dispatcher", _("Dispatcher")
    HANDLER = "handler", _("Handler")
    SUPERVISOR = "supervisor", _("Supervisor")
