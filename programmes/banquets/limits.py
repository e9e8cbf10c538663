"""Which limits apply where: the nearest region up the tree with its own row (a village's, else its town's,
else the county's default), else the settings' defaults — and what a declaration's size and date say
against them."""
from dataclasses import dataclass

from django.conf import settings

from organisation.access import ancestor_paths
from organisation.constants import RegionLevel
from organisation.models import Region

from ..constants import BanquetKind
from ..models import BanquetLimit


@dataclass(frozen=True)
class Limits:
    max_tables: int
    max_guests: int
    notice_days: int
    region: object = None  # the region whose row rules; None: the settings' defaults


def default_limits():
    return Limits(getattr(settings, "BANQUET_DEFAULT_MAX_TABLES", 20), getattr(settings, "BANQUET_DEFAULT_MAX_GUESTS", 200),
                  getattr(settings, "BANQUET_DEFAULT_NOTICE_DAYS", 7))


def limits_for(region):
    """The limits in force at ``region`` (a grid reads its village's, and so on up)."""
    if region is None:
        return default_limits()
    rows = BanquetLimit.objects.filter(region__path__in=ancestor_paths(region.path)).select_related("region")
    nearest = max(rows, key=lambda row: len(row.region.path), default=None)
    if nearest is None:
        return default_limits()
    return Limits(nearest.max_tables, nearest.max_guests, nearest.notice_days, nearest.region)


def village_of(region):
    """The village (community) a grid belongs to; a region at or above the village is its own."""
    if region.level == RegionLevel.COMMUNITY or region.depth <= 1:
        return region
    found = (Region.objects.filter(path__in=ancestor_paths(region.path), level=RegionLevel.COMMUNITY)
             .order_by("-depth").first())
    return found or region


def over_limit(limits, tables, guests):
    return (tables is not None and tables > limits.max_tables) or (guests is not None and guests > limits.max_guests)


def is_late(limits, kind, declared_on, event_date):
    """A celebration declared fewer than the notice days ahead; a funeral is declared when it is known."""
    return kind != BanquetKind.FUNERAL and (event_date - declared_on).days < limits.notice_days
