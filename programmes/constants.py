"""Enumerations of the programmes room (one block per part)."""
from django.db import models  # noqa: F401
from django.utils.translation import gettext_lazy as _  # noqa: F401

# -- 星级文明户 (programmes.stars): rounds, households' entries, objections -----------------------------------


class RoundState(models.TextChoices):
    """Where a round of 星级文明户 stands: declarations are reviewed, the approved list is on public notice (公示),
    then the stars are conferred (授星) and the honour list is public."""

    REVIEWING = "reviewing", _("Reviewing declarations")
    ON_NOTICE = "on_notice", _("On public notice")
    CONFERRED = "conferred", _("Conferred")


class EntryState(models.TextChoices):
    """A household's declaration after the community's review."""

    APPROVED = "approved", _("Approved — waiting for the public notice")
    REJECTED = "rejected", _("Not approved")
    ON_NOTICE = "on_notice", _("On public notice")
    REMOVED = "removed", _("Removed after an upheld objection")
    CONFERRED = "conferred", _("Stars conferred")


class ObjectionState(models.TextChoices):
    OPEN = "open", _("Open — to be decided")
    UPHELD = "upheld", _("Upheld — the household leaves the list")
    DISMISSED = "dismissed", _("Dismissed")


class NameStyle(models.TextChoices):
    """How the community publishes a household's name on the notice and the honour list."""

    MASK_MIDDLE = "mask_middle", _("Middle masked (王*芳户)")
    SURNAME = "surname", _("Surname only (王**户)")
    FULL = "full", _("Full name (王秀芳户)")


class StarEventKind(models.TextChoices):
    """The lines of a round's history (append-only)."""

    REVIEWED = "reviewed", _("Declaration reviewed")
    NOTICE = "notice", _("Public notice started")
    OBJECTION = "objection", _("Objection received")
    UPHELD = "upheld", _("Objection upheld")
    DISMISSED = "dismissed", _("Objection dismissed")
    CONFERRED = "conferred", _("Stars conferred")
