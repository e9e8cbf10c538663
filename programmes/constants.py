"""Enumerations of the programmes room (one block per part)."""
from django.db import models  # noqa: F401
from django.utils.translation import gettext_lazy as _  # noqa: F401

# -- banquets (移风易俗: 红白喜事报备) ----------------------------------------------------------------------


class BanquetKind(models.TextChoices):
    """What is celebrated or mourned: weddings and funerals, the seeds' 红白喜事, and other feasts."""

    WEDDING = "wedding", _("Wedding (婚事)")
    FUNERAL = "funeral", _("Funeral (丧事)")
    OTHER = "other", _("Other celebration (其他喜事)")


class BanquetState(models.TextChoices):
    DECLARED = "declared", _("Declared — follow-up visit due after the date")
    VISITED = "visited", _("Visited — the follow-up is recorded")


class BanquetEventKind(models.TextChoices):
    """The lines of a declaration's history."""

    DECLARED = "declared", _("Declared")
    VISITED = "record_visit", _("Follow-up visit recorded")
    UNDECLARED = "undeclared", _("Found held without a declaration")
