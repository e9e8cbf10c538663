"""Enumerations of the assessment: the kinds of unit scored and the lights a unit shows."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Departments and teams")
    COMMUNITY = "community", _("Communities and villages")
    GRID = "grid", _("Grids")


class UnitLight(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


class Part(models.TextChoices):
    """The positive parts of a score, each weighted by the scheme."""

    ON_TIME = "on_time", _("On time")
    SATISFACTION = "satisfaction", _("Satisfaction")
    RESOLUTION = "resolution", _("Resolution")
