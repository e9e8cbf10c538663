"""What the public results board (成绩晒单) shows for a region, over every case of its subtree.

The board is a public aggregate, not a staff member's scope: its figures are :mod:`statistics_app.selectors`
over ``Case.objects.filter(region_path__startswith=region.path)`` for the last twelve months (the current one
included), then passed through :mod:`.suppression` before anything reaches a template. A region's board costs
the same few queries whatever the number of cases, regions or categories, and is cached per region and
language for ``RESULTS_BOARD_CACHE_SECONDS`` (:func:`cached_board`), with the time it was computed.
"""
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cases.models import Case
from organisation.constants import RegionLevel
from organisation.models import Region
from statistics_app.measures import Ratio
from statistics_app.rollup.plan import plan_for, rollup_state
from statistics_app.selectors import breakdown, by_region, period_figures, trend

from . import suppression as sup

#: The levels that have a board page: the county, its streets/towns and communities/villages (not grids).
BOARD_LEVELS = (RegionLevel.COUNTY, RegionLevel.STREET, RegionLevel.COMMUNITY)
WINDOW_MONTHS = 12
RECENT_MATTERS = 10


def board_regions():
    """Every region with a board page, in tree order."""
    return Region.objects.filter(level__in=BOARD_LEVELS).order_by("path")


def board_window(today=None):
    """``[start, end)``: the first day of the month eleven months ago up to the first day of next month."""
    today = today or timezone.localdate()
    month = today.year * 12 + today.month - 1 - (WINDOW_MONTHS - 1)
    first = today.replace(year=month // 12, month=month % 12 + 1, day=1)
    after = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (timezone.make_aware(datetime.combine(first, time.min)),
            timezone.make_aware(datetime.combine(after, time.min)))


def region_cases(region):
    """Every case of ``region`` and the places below it: the public aggregate, whoever asks."""
    return Case.objects.filter(region_path__startswith=region.path)


def headline(figures, k):
    """The headline figures of :func:`statistics_app.selectors.period_figures`, as the board may show them."""
    spread = figures["time_to_resolve"]
    satisfaction = figures["satisfaction"]
    return {
        "received": sup.count(figures["received"], k),
        "resolved": sup.count(figures["resolved"], k),
        "resolution_rate": sup.rate(figures["resolution_rate"], k),
        "on_time_rate": sup.rate(figures["on_time_rate"], k),
        "satisfaction": sup.rate(satisfaction.rate, k),
        "response_rate": sup.rate(satisfaction.response_rate, k),
        "median_to_resolve": spread.median if spread.count >= k else None,
    }


def trend_rows(cases, start, end, k, paths=None, rollup=None):
    """Received and resolved month by month, each column suppressed as the parts of its total."""
    months = trend(cases, start, end, "month", paths, rollup)
    received = sup.cells([m["received"] for m in months], k)
    resolved = sup.cells([m["resolved"] for m in months], k)
    return [{"month": m["start"].date(), "received": rec, "resolved": res}
            for m, rec, res in zip(months, received, resolved)]


def category_rows(cases, start, end, k, paths=None, rollup=None):
    """The category mix: shown categories largest first, then the hidden ones by name (their order would
    rank them), each with its share of the cases received."""
    rows = breakdown(cases, start, end, "category", paths=paths, rollup=rollup)
    total = sum(row["received"] for row in rows)
    shown = sup.cells([row["received"] for row in rows], k)
    out = [{"label": row["label"] if row["id"] is not None else _("Not categorised"), "received": cell,
            "share": None if cell.hidden or not total else cell.value / total}
           for row, cell in zip(rows, shown)]
    return sorted(out, key=lambda r: (r["received"].hidden, -(r["received"].value or 0), str(r["label"])))


def region_rows(cases, start, end, region, k, paths=None, rollup=None):
    """Each region one level down with a board (a link to it), and one row for the rest: the cases placed at
    ``region`` itself or in children without a board of their own (grids). None below a community."""
    children = [child for child in region.get_children() if child.level in BOARD_LEVELS]
    if not children:
        return []
    found = {row["id"]: row for row in by_region(cases, start, end, region, paths, rollup)}
    rows = [{"region": child, **_row_figures(found.pop(child.pk, None))} for child in children]
    if found:
        rest = [_row_figures(row) for row in found.values()]
        rows.append({"region": None, "received": sum(r["received"] for r in rest),
                     "resolved": sum(r["resolved"] for r in rest),
                     "resolution_rate": Ratio(sum(r["resolution_rate"].part for r in rest),
                                              sum(r["resolution_rate"].whole for r in rest))})
    prefer = {len(rows) - 1} if found else set()
    for key in ("received", "resolved"):
        for row, cell in zip(rows, sup.cells([row[key] for row in rows], k, prefer)):
            row[key] = cell
    for row in rows:
        row["resolution_rate"] = sup.rate(row["resolution_rate"], k, part_hidden=row["resolved"].hidden)
    return rows


def _row_figures(row):
    if row is None:
        return {"received": 0, "resolved": 0, "resolution_rate": Ratio(0, 0)}
    return {key: row[key] for key in ("received", "resolved", "resolution_rate")}


def recent_matters(region, limit=RECENT_MATTERS):
    """The latest resolved matters of forms that publish on the board, with an approved summary: only the
    summary, category, community (never the grid) and month are read, never the resident's answers."""
    rows = list(
        region_cases(region).filter(form__case_settings__publish_on_board=True, resolved_at__isnull=False,
                                    public_summary_approved_at__isnull=False).exclude(public_summary="")
        .order_by("-resolved_at", "-pk").values("public_summary", "category__name", "region_path", "resolved_at")
        [:limit]
    )
    places = _places({row["region_path"] for row in rows})
    return [{"summary": row["public_summary"], "category": row["category__name"] or _("Not categorised"),
             "place": places.get(row["region_path"], ""),
             "month": timezone.localtime(row["resolved_at"]).date().replace(day=1)} for row in rows]


def _places(paths):
    """For each region path, the name of its deepest ancestor-or-self with a board (a grid's community)."""
    step = Region.steplen
    prefixes = {path[:n] for path in paths for n in range(step, len(path) + 1, step)}
    named = dict(Region.objects.filter(path__in=prefixes, level__in=BOARD_LEVELS).values_list("path", "name"))
    out = {}
    for path in paths:
        for n in range(len(path), 0, -step):
            if path[:n] in named:
                out[path] = named[path[:n]]
                break
    return out


def region_board(region, k=None):
    """Everything the board shows for ``region``, suppressed, with the moment it was computed."""
    k = sup.min_cell() if k is None else k
    start, end = board_window()
    cases, paths, rollup = region_cases(region), (region.path,), rollup_state()
    return {
        "start": start, "end": end, "as_of": _as_of(start, end, paths, rollup), "threshold": k,
        "figures": headline(period_figures(cases, start, end, paths, rollup), k),
        "trend": trend_rows(cases, start, end, k, paths, rollup),
        "categories": category_rows(cases, start, end, k, paths, rollup),
        "regions": region_rows(cases, start, end, region, k, paths, rollup),
        "recent": recent_matters(region),
    }


def _as_of(start, end, paths, rollup):
    """Now, or when the rollup's oldest month the board reads was built."""
    plan = plan_for(start, end, paths, state=rollup)
    return min(timezone.now(), plan.as_of) if plan is not None else timezone.now()


def cache_key(region):
    return f"results-board:{region.pk}:{get_language()}:{sup.min_cell()}"


def cached_board(region):
    """:func:`region_board` from the cache (per region and language: the labels are in the page's language)."""
    return cache.get_or_set(cache_key(region), lambda: region_board(region), settings.RESULTS_BOARD_CACHE_SECONDS)
