"""Reads of the banquet declarations: need-to-know (the staff of a region subtree see its declarations), the
supervisor's list of what needs attention (late declarations, visits missing after the date), and the
counts per village the statistics show."""
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q

from organisation.access import area_paths, is_root, memberships
from organisation.constants import RegionLevel, StaffRole
from organisation.models import Region

from ..constants import BanquetState
from ..models import BanquetDeclaration, BanquetLimit


def reach_paths(user):
    """The region subtrees whose declarations ``user`` sees (``organisation.access.area_paths``: not a county
    department's): ``("",)`` for a superuser, ``()`` for nobody's."""
    if is_root(user):
        return ("",)
    paths = area_paths(user)
    return tuple(sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths)))


def supervises(user):
    return is_root(user) or any(role == StaffRole.SUPERVISOR for role, *_rest in memberships(user))


def _path_q(paths, field):
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def declarations_visible_to(user):
    return (BanquetDeclaration.objects.filter(_path_q(reach_paths(user), "region_path"))
            .select_related("case", "village", "region", "visited_by"))


def visit_grace_days():
    """Days after the event within which the follow-up visit is expected (``BANQUET_VISIT_WITHIN_DAYS``)."""
    return getattr(settings, "BANQUET_VISIT_WITHIN_DAYS", 7)


def missing_visit_q(today):
    return Q(state=BanquetState.DECLARED, event_date__lt=today - dt.timedelta(days=visit_grace_days()))


def attention(user, today):
    """(declarations over the limit not yet visited, late declarations of events not long past, declarations
    whose visit is missing, banquets found held without a declaration), soonest first."""
    visible = declarations_visible_to(user)
    undeclared = visible.filter(undeclared=True, event_date__gte=today - dt.timedelta(days=90)).order_by("-event_date")
    over = visible.filter(over_limit=True, state=BanquetState.DECLARED).order_by("event_date", "pk")
    late = visible.filter(late=True, event_date__gte=today - dt.timedelta(days=90)).order_by("event_date", "pk")
    missing = visible.filter(missing_visit_q(today)).order_by("event_date", "pk")
    return over, late, missing, undeclared


def visits_due(user, today):
    """The declarations whose date has passed and whose visit is not yet recorded (the grid worker's list)."""
    return declarations_visible_to(user).filter(state=BanquetState.DECLARED, event_date__lt=today).order_by("event_date")


@dataclass(frozen=True)
class VillageCounts:
    village: str
    declared: int
    over_limit: int
    late: int
    party_members: int
    visited: int
    missing_visits: int
    undeclared: int


def counts_per_village(user, today, *, since=None, until=None):
    """Per village in the user's reach: declared, over the limit, late, by party members, visited, visits missing,
    and the banquets found held without a declaration (counted apart: they are no declarations)."""
    rows = declarations_visible_to(user)
    if since:
        rows = rows.filter(event_date__gte=since)
    if until:
        rows = rows.filter(event_date__lte=until)
    counted = (rows.values("village__name", "village__path").order_by("village__path").annotate(
        declared=Count("pk", filter=Q(undeclared=False)), undeclared_n=Count("pk", filter=Q(undeclared=True)),
        over=Count("pk", filter=Q(over_limit=True)), late_n=Count("pk", filter=Q(late=True)),
        party=Count("pk", filter=Q(party_member=True)),
        visited=Count("pk", filter=Q(state=BanquetState.VISITED, undeclared=False)),
        missing=Count("pk", filter=missing_visit_q(today))))
    return [VillageCounts(r["village__name"], r["declared"], r["over"], r["late_n"], r["party"], r["visited"],
                          r["missing"], r["undeclared_n"]) for r in counted]


def grids_in_reach(user):
    """The grids (and villages) where ``user`` works, for recording a banquet found undeclared."""
    regions = Region.objects.filter(level__in=(RegionLevel.COMMUNITY, RegionLevel.GRID), retired=False)
    return regions.filter(_path_q(reach_paths(user), "path")).order_by("path")


def limit_regions(user):
    """The county, towns and villages whose limits ``user`` may set (supervisors' reach), top down."""
    paths = {path for role, path, _d, _l in memberships(user) if role == StaffRole.SUPERVISOR and path}
    regions = Region.objects.filter(level__in=(RegionLevel.COUNTY, RegionLevel.STREET, RegionLevel.COMMUNITY),
                                    retired=False)
    if not is_root(user):
        regions = regions.filter(_path_q(paths, "path"))
    return regions.order_by("path")


def limits_in_reach(user):
    return BanquetLimit.objects.filter(region__in=limit_regions(user)).select_related("region", "updated_by").order_by(
        "region__path")
