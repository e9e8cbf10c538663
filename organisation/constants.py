"""Enumerations of the organisation: region levels, staff roles, and the triage of matters (三事分流)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    COUNTY = "county", _("County")
    STREET = "street", _("Street / town")
    COMMUNITY = "community", _("Community / village")
    GRID = "grid", _("Grid")
    # Below the grid, where a county uses them: optional leaves, never offered as a form's grid.
    BUILDING = "building", _("Building")
    TEN_HOUSEHOLDS = "ten_households", _("Ten-household unit")
    PARTY_HOUSEHOLD = "party_household", _("Party member household")


#: From the top of the tree down: a level's index is its rank (the county ranks highest, 0).
REGION_LEVEL_ORDER = [RegionLevel.COUNTY, RegionLevel.STREET, RegionLevel.COMMUNITY, RegionLevel.GRID,
                      RegionLevel.BUILDING, RegionLevel.TEN_HOUSEHOLDS, RegionLevel.PARTY_HOUSEHOLD]

#: The levels under the grid: a county may leave them out; one may sit under another (楼栋 → 十户 → 党员中心户).
BELOW_GRID = (RegionLevel.BUILDING, RegionLevel.TEN_HOUSEHOLDS, RegionLevel.PARTY_HOUSEHOLD)


class Triage(models.TextChoices):
    """三事分流: who is responsible for solving the matter."""

    MAJOR = "major", _("Major matter — handled by government")
    MINOR = "minor", _("Minor matter — settled by consultation")
    PRIVATE = "private", _("Private matter — residents' own")


class StaffRole(models.TextChoices):
    DISPATCHER = "dispatcher", _("Dispatcher")
    HANDLER = "handler", _("Handler")
    SUPERVISOR = "supervisor", _("Supervisor")


class Post(models.TextChoices):
    """互为顶岗、互为备岗: a team's A post is offered a dispatched case first, the B post after the claim window."""

    A = "a", _("A post")
    B = "b", _("B post")
