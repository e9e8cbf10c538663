"""The scorecards of a period: every unit's figures in a user's reach, read in grouped queries, then scored.

Departments come from :func:`statistics_app.selectors.breakdown` (one row per department). Regions of a level
(grids, communities) are grouped by the prefix of the case's region path at that level's depth: one grouped
query per depth the level's regions sit at (one, in a regular tree), whatever the number of regions. The
open and overdue cases *now* are one more grouped query per grouping. So a scorecard costs the same few
queries for ten units or a thousand.
"""
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import Substr

from cases.clock import now
from cases.constants import OPEN_STATES, Light
from cases.selectors import cases_visible_to, light_q
from organisation.models import Department, Region
from statistics_app import selectors

from .constants import UnitKind, UnitLight
from .scoring import UnitFigures, score_cards


@dataclass
class Board:
    kind: str
    period: object
    scheme: object
    cards: list
    at: object

    @property
    def red(self):
        return [c for c in self.cards if c.light == UnitLight.RED]

    @property
    def yellow(self):
        return [c for c in self.cards if c.light == UnitLight.YELLOW]

    @property
    def ranked(self):
        return [c for c in self.cards if c.ranked]


def unit_figures(row=None, now_counts=(0, 0)):
    """UnitFigures from a breakdown row (its counts and :class:`~statistics_app.measures.Ratio` parts)."""
    open_, overdue = now_counts
    if row is None:
        return UnitFigures(open=open_, overdue=overdue)
    return UnitFigures(
        handled=row["handled"], resolved=row["resolution_rate"].part, on_time=row["on_time_rate"].part,
        with_deadline=row["on_time_rate"].whole, satisfied=row["satisfaction"].rate.part,
        rated=row["satisfaction"].rate.whole, reopened=row["reopen_rate"].part, urges=row["urges"],
        open=open_, overdue=overdue,
    )


def now_counts(cases, key, at):
    """{group: (open cases with a deadline, overdue of those)} at ``at``, grouped by ``key`` (one query)."""
    rows = (cases.filter(state__in=OPEN_STATES, due_at__isnull=False).values(key)
            .annotate(open=Count("pk"), overdue=Count("pk", filter=light_q(Light.RED, at))).order_by())
    return {row[key]: (row["open"], row["overdue"]) for row in rows}


def department_units(cases, period, at):
    rows = {r["id"]: r for r in selectors.breakdown(cases, period.start, period.end, "department")
            if r["id"] is not None}
    current = {k: v for k, v in now_counts(cases, "department_id", at).items() if k is not None}
    missing = set(current) - set(rows)
    names = {pk: str(d) for pk, d in Department.objects.in_bulk(missing).items()} if missing else {}
    units = [(pk, row["label"], unit_figures(row, current.get(pk, (0, 0))), "") for pk, row in rows.items()]
    units += [(pk, names.get(pk, "—"), unit_figures(None, current[pk]), "") for pk in missing]
    return units


def grouped_figures(these, key):
    """{group: figures} of a grouped query, with the counts and rates a breakdown row has.

    The region-level grouping is not a dimension of :func:`statistics_app.selectors.breakdown`, so this
    uses its counting expressions directly (``_counts``/``_figures``): the figures stay defined once.
    """
    rows = these.values(key).annotate(**selectors._counts()).order_by(key)
    return {row.pop(key): selectors._figures(row) for row in rows}


def region_units(cases, period, level, at):
    depths = sorted(set(Region.objects.filter(level=level).values_list("depth", flat=True)))
    groups, current = {}, {}
    for depth in depths:
        width = depth * Region.steplen
        branch = Substr("region_path", 1, width)
        these = selectors.period_cases(cases, period.start, period.end).annotate(_unit=branch)
        groups.update({k: v for k, v in grouped_figures(these, "_unit").items() if len(k or "") == width})
        current.update({k: v for k, v in now_counts(cases.annotate(_unit=branch), "_unit", at).items()
                        if len(k or "") == width})
    paths = set(groups) | set(current)
    regions = {r.path: r for r in Region.objects.filter(path__in=paths, level=level)}
    parents = {r.path: r.name for r in Region.objects.filter(
        path__in={p[:-Region.steplen] for p in regions if len(p) > Region.steplen})}
    units = []
    for path, region in regions.items():
        parent = parents.get(path[:-Region.steplen])
        label = f"{parent} · {region.name}" if parent else region.name
        units.append((region.pk, label, unit_figures(groups.get(path), current.get(path, (0, 0))), ""))
    return units


def scorecards(user, period, kind, scheme, *, at=None, cases=None):
    """The scored, ranked and lit units of ``kind`` for ``period``, over ``cases`` (default: the user's reach)."""
    at = at or now()
    cases = cases_visible_to(user) if cases is None else cases
    if kind == UnitKind.DEPARTMENT:
        units = department_units(cases, period, at)
    elif kind in (UnitKind.GRID, UnitKind.COMMUNITY):
        units = region_units(cases, period, kind, at)
    else:
        raise ValueError(f"Unknown unit kind {kind!r}")
    return Board(kind, period, scheme, score_cards(units, scheme), at)
