"""Enumerations of the assessment: the kinds of unit scored and the lights a unit shows."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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

    ON_TIME = "on_time", pgettext_lazy("assessment", "On time")
    SATISFACTION = "satisfaction", pgettext_lazy("assessment", "Satisfaction")
    RESOLUTION = "resolution", _("Resolution")
