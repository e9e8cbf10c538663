"""Enumerations of the case domain. States are the source of truth for a case."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    DISPATCHED = "dispatched", _("Dispatched")
    CLAIMED = "claimed", _("Claimed")
    CONSULTING = "consulting", _("In consultation")
    RESOLVED = "resolved", _("Resolved")
    EVALUATED = "evaluated", _("Evaluated")
    ARCHIVED = "archived", _("Archived")


class RegionLevel(models.TextChoices):
    COUNTY = "county", _("County")
    STREET = "street", _("Street / town")
    COMMUNITY = "community", _("Community / village")
    GRID = "grid", _("Grid")


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


TRANSITION_LABELS = {
    "submit": _("Submitted"),
    "accept": _("Accepted"),
    "reject": _("Not accepted"),
    "dispatch": _("Dispatched to the responsible department"),
    "claim": _("Claimed by a handler"),
    "consult": _("Consultation started"),
    "resolve": _("Resolved"),
    "evaluate": _("Evaluated"),
    "archive": _("Archived"),
}
