"""Enumerations of the programmes room (one block per part)."""
from django.db import models  # noqa: F401
from django.utils.translation import gettext_lazy as _  # noqa: F401

# -- §3 红黑榜 (programmes.honours) ---------------------------------------------------------------------


class HonourList(models.TextChoices):
    """Which list an entry is on: the red list praises, the black list names uncivil conduct (stricter review)."""

    RED = "red", _("Red list (红榜)")
    BLACK = "black", _("Black list (黑榜)")


class HonourCategory(models.TextChoices):
    """What an entry is for; the first group belongs on the red list, the second on the black list."""

    GOOD_DEEDS = "good_deeds", _("Good deeds (好人好事)")
    FILIAL = "filial", _("Caring for elders and family (孝老爱亲)")
    BRAVE = "brave", _("Bravery for a just cause (见义勇为)")
    HONEST = "honest", _("Honesty and trust (诚实守信)")
    DEVOTED = "devoted", _("Devotion at work (敬业奉献)")
    LITTERING = "littering", _("Littering and dirty surroundings (乱扔乱倒)")
    EXTRAVAGANCE = "extravagance", _("Extravagant weddings and funerals (大操大办)")
    UNFILIAL = "unfilial", _("Neglecting elders (不赡养老人)")
    DISORDER = "disorder", _("Disturbing public order (扰乱秩序)")
    ILLEGAL_BUILDING = "illegal_building", _("Illegal building (私搭乱建)")


#: the categories each list may use
HONOUR_CATEGORIES = {
    HonourList.RED: (HonourCategory.GOOD_DEEDS, HonourCategory.FILIAL, HonourCategory.BRAVE, HonourCategory.HONEST,
                     HonourCategory.DEVOTED),
    HonourList.BLACK: (HonourCategory.LITTERING, HonourCategory.EXTRAVAGANCE, HonourCategory.UNFILIAL,
                       HonourCategory.DISORDER, HonourCategory.ILLEGAL_BUILDING),
}


class HonourSource(models.TextChoices):
    STAFF = "staff", _("Entered by staff")
    NOMINATION = "nomination", _("Nominated by a resident")
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
