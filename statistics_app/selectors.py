"""The figures of :mod:`statistics_app.measures`, computed in the database for cases already in a user's reach.

Every function takes a queryset of cases scoped by :func:`cases.selectors.cases_visible_to` (or builds it for a
user) and never loops over cases in Python: the counts, rates and time spreads of a period are one aggregate query
on PostgreSQL; a breakdown is one grouped query (one row per group) plus one to name the groups; the figures
*now* are one query; a trend is two grouped queries.

**At county scale** (measured with ``bin/bench-statistics``: 1,000,000 cases over two years, PostgreSQL, this
2-core machine, the county supervisor's reach). The first version computed the moments it needed from the
history, with ``Exists``/``Subquery`` over ``CaseEvent`` per case (not accepted, a record, the first accept,
dispatch and claim), and sorted once per percentile: a month's ``compare`` took 40 s, a year's 112 s,
breakdowns of a year 4–5 s, trends 1–3 s. So:

1. The case keeps copies of those moments (``accepted_at``, ``first_dispatched_at``, ``first_claimed_at``,
   ``rejected``, ``is_record``), stamped by the transition service with the same time as the history line it
   records, in the same transaction (:func:`cases.events.stamp`), and backfilled from the history by the
   migration ``cases.0012_case_history_moments_for_statistics``. No figure joins the history any more.
2. A covering partial index of a period's cases (``case_stats_cohort``: ``created_at`` with every column the
   figures count, group and scope by; records left out) lets PostgreSQL answer from the index alone, and
   ``case_stats_resolved`` serves the resolved side of the trend.
3. Percentiles are PostgreSQL's own ``percentile_cont`` inside the period's one aggregate (the 0.5 and 0.9 of a
   duration share one sort), with ``work_mem`` raised for that statement so a year's sort stays in memory,
   over the durations as float seconds (:class:`~statistics_app.rollup.buckets.Seconds`: a third less time than sorting ``interval`` values,
   the same answer to the microsecond).
   Elsewhere (SQLite has no ``percentile_cont``) they stay portable: count the cases that have the duration,
   let the database sort and hand back only the one or two values around the rank (``ORDER BY … OFFSET k
   LIMIT 2``) and interpolate between them as ``percentile_cont`` does — three small queries per duration.

After that (median / p95 of 20 calls): a month's ``compare`` 149 / 153 ms; breakdowns of a year by region,
department and category 221–277 / 229–288 ms, of a month by region 61 / 65 ms; the trend of a year by month
257 / 264 ms and of a month by day 34 / 35 ms (steps by ``width_bucket`` on PostgreSQL, not by converting every
row to local time); the lights now 12 / 13 ms. The query count never depends on the rows (``compare``: 5).
Still over the target: a *year* of the whole county's ``compare`` (1.26 / 1.31 s; 1.02 / 1.07 s since the
percentiles sort float seconds): its ~500,000 cases take ~150 ms to count (in parallel) but ~170 ms per exact
percentile sort (an ordered-set aggregate also keeps the count from running in parallel), three durations, two
periods. Measured and set aside: the counts alone of both periods already take ~300 ms; a live histogram of
each duration in SQL (``GROUP BY`` a log bucket) costs as much as the sort (~180 ms per duration, and ~320 ms
for the three as grouping sets, which PostgreSQL will not run in parallel); the overview shows the previous
period's percentiles too, so they cannot be dropped. And the *page* of a year (``/admin/statistics/overview/
?period=year``: 2.05 / 2.08 s, 36 queries) adds the breakdowns by region, department and category and the trend
(~200 ms each), so a fix of ``compare`` alone does not bring it under the target either. The remaining step
(not taken yet) is a rollup that answers all of those for whole months: per calendar month and community and
the dimensions the breakdowns group by (category, department, form, triage, channel; a county's year is then
tens of thousands of rows, not half a million), the counts (exact, summed) and a histogram of each duration
in logarithmic buckets 2 % wide (percentiles interpolated within a bucket: approximate to 2 %), refreshed
incrementally for the months whose cases have history lines newer than the last refresh (every change a
figure counts is a line), read only for whole months over a region scope; anything else stays live and
exact, as the tests pin it. It needs :func:`cases.selectors.cases_visible_to` to say which region scope it
applied, since a rollup cannot answer an arbitrary queryset (a handler's reach includes the cases they took
part in). Breakdown rows carry counts and rates, not percentiles (those would cost queries per row). The
public board's twelve months cold take ~1.3–1.6 s the same way, but residents get it from its cache (7 ms).
"""
import math
from datetime import timedelta

from django.db import connections, transaction
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Field,
    FloatField,
    Func,
    IntegerField,
    Q,
    Value,
)
from django.db.models.functions import Substr, TruncDay, TruncHour, TruncMonth, TruncWeek
from django.utils import timezone

from cases.clock import now
from cases.constants import OPEN_STATES, Channel, Light
from cases.scopes import region_scope
from cases.selectors import cases_visible_to, light_q
from forms_app.models import FormPage
from organisation.constants import Triage
from organisation.models import Category, Department, Region

from .counting import RATINGS  # noqa: F401  (the pages read it from here)
from .counting import RESOLVE_BUCKETS, add, counts, durations, figures, period_cases, resolve_bucket_counts
from .measures import Spread
from .rollup import buckets
from .rollup import read as rolled
from .rollup.months import month_start, months_q, whole_months
from .rollup.plan import plan_for

DIMENSIONS = ("region", "category", "department", "form", "triage", "channel")
_counts, _figures = counts, figures


def spread(cases, until, since):
    """Median and P90 of ``until − since`` over the cases that have both (see the module's note)."""
    timed = cases.annotate(
        _until=until, _since=since,
    ).filter(_until__isnull=False, _since__isnull=False).annotate(
        _took=ExpressionWrapper(F("_until") - F("_since"), output_field=DurationField()),
    )
    count = timed.count()
    if not count:
        return Spread(None, None, 0)
    ordered = timed.order_by("_took", "pk").values_list("_took", flat=True)

    def percentile(p):
        rank = p * (count - 1)
        low = math.floor(rank)
        around = list(ordered[low:low + 2])
        if len(around) == 1 or rank == low:
            return around[0]
        return around[0] + (around[1] - around[0]) * (rank - low)

    return Spread(percentile(0.5), percentile(0.9), count)


class Percentile(Aggregate):
    """``percentile_cont(fraction) WITHIN GROUP (ORDER BY …)``: PostgreSQL's own, in the aggregate's one pass."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction, **extra):
        super().__init__(expression, fraction=float(fraction), output_field=FloatField(), **extra)


def _native_spreads():
    """The aggregates of every time spread, for databases with ``percentile_cont`` (PostgreSQL)."""
    out = {}
    for key, (until, since) in durations().items():
        out[f"{key}__n"] = Count("pk", filter=Q(Q(**{f"{until.name}__isnull": False}),
                                                Q(**{f"{since.name}__isnull": False})))
        out[f"{key}__p50"] = Percentile(buckets.Seconds(until, since), 0.5)
        out[f"{key}__p90"] = Percentile(buckets.Seconds(until, since), 0.9)
    return out


def _duration(seconds):
    """Float seconds back to a ``timedelta`` (rounded to the microsecond, as an ``interval`` is)."""
    return None if seconds is None else timedelta(seconds=seconds)


def native_percentiles(queryset):
    return connections[queryset.db].vendor == "postgresql"


SORT_MEMORY = "48MB"


def _aggregate(these, aggregates, native):
    """One aggregate row; on PostgreSQL with room to sort a county's year of durations in memory (the default
    ``work_mem`` of 4 MB spills each ``percentile_cont`` sort to disk), for this statement only."""
    if not native:
        return these.aggregate(**aggregates)
    with transaction.atomic(using=these.db):
        with connections[these.db].cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{SORT_MEMORY}'")
        return these.aggregate(**aggregates)


def period_figures(cases, start, end, paths=None, rollup=None):
    """Every figure of one period (counts, rates, satisfaction, time spreads) for ``cases`` in reach: one query
    on PostgreSQL, one plus three per time spread elsewhere (see the module's note). ``paths``: the region
    subtrees ``cases`` are exactly (:func:`cases.scopes.region_scope`), which lets whole months come from the
    rollup (:mod:`statistics_app.rollup`); ``rollup``: its :class:`~statistics_app.rollup.plan.RollupState`,
    when the caller plans several figures from one reading (every selector here takes it)."""
    plan = plan_for(start, end, paths, state=rollup)
    if plan is not None:
        return _rolled_figures(cases, start, end, plan)
    these = period_cases(cases, start, end)
    native = native_percentiles(these)
    raw = _aggregate(these, {**counts(), **(_native_spreads() if native else {})}, native)
    out = figures(raw)
    for key, (until, since) in durations().items():
        out[key] = (Spread(_duration(raw[f"{key}__p50"]), _duration(raw[f"{key}__p90"]), raw[f"{key}__n"])
                    if native
                    else spread(these, until, since))
    return out


def _rolled_figures(cases, start, end, plan):
    """:func:`period_figures` from the rollup's months plus the live ones: counts exact, spreads from the
    histograms (within 2 %)."""
    live = plan.live_cases(cases, start, end) if plan.live else None
    raw = add(rolled.totals(plan), live.aggregate(**counts()) if live is not None else {})
    out = figures(raw)
    for key, histogram in rolled.histograms(plan, live).items():
        out[key] = buckets.spread(histogram)
    return out


def figures_now(cases, at=None):
    """Overdue, red and yellow at the moment ``at``, over every case in reach (not a period's)."""
    at = at or now()
    lights = cases.filter(state__in=OPEN_STATES, due_at__isnull=False).aggregate(
        red=Count("pk", filter=light_q(Light.RED, at)),
        yellow=Count("pk", filter=light_q(Light.YELLOW, at)),
    )
    return {"overdue": lights["red"], **lights, "at": at}


def previous_period(start, end):
    """The period just before ``[start, end)``: as many whole months when it is whole months (the calendar's
    previous year of a year), else the same length."""
    length = end - start
    if length <= timedelta(0):
        raise ValueError("A period ends after it starts.")
    months = whole_months(start, end)
    if months:
        first = months[0]
        back = first.year * 12 + first.month - 1 - len(months)
        previous = first.replace(year=back // 12, month=back % 12 + 1)
        return month_start(previous), start
    return start - length, start


def compare(cases, start, end, at=None, paths=None, rollup=None):
    """The period's figures with the previous period's beside them, and the figures now."""
    previous_start, previous_end = previous_period(start, end)
    return {
        "start": start, "end": end, "previous_start": previous_start, "previous_end": previous_end,
        "current": period_figures(cases, start, end, paths, rollup),
        "previous": period_figures(cases, previous_start, previous_end, paths, rollup),
        "now": figures_now(cases, at),
    }


def figures_for(user, start, end, at=None):
    """:func:`compare` over the cases ``user`` may list."""
    return compare(cases_visible_to(user), start, end, at, paths=region_scope(user))


# -- breakdowns ---------------------------------------------------------------------------------------


def _grouped(cases, start, end, key, plan=None, expression=None, dimension=None):
    """``{group: counts}`` of the period's cases by ``key`` (a column, or the name of ``expression``), from the
    rollup's months (by ``dimension``, or by region branch for an ``expression``) and the live ones when there
    is a ``plan``."""
    if plan is None:
        return _counted_by(period_cases(cases, start, end), key, expression)
    live = _counted_by(plan.live_cases(cases, start, end), key, expression) if plan.live else {}
    found = (rolled.grouped_by_branch(plan, key, expression) if expression is not None
             else rolled.grouped(plan, dimension))
    return rolled.merge(found, live)


def _counted_by(these, key, expression=None):
    """``{group: counts}`` of ``these`` grouped by ``key``, counted live."""
    if expression is not None:
        these = these.annotate(**{key: expression})
    return {row.pop(key): row for row in these.values(key).annotate(**counts()).order_by(key)}


def _rows(groups, names):
    return [{"id": key, "label": names(key), **figures(raw)} for key, raw in groups.items()]


def by_region(cases, start, end, region, paths=None, rollup=None):
    """One row per child of ``region`` (with its id, for the next level down), and a row for the cases
    placed at ``region`` itself (``"id": None``) when there are any. Cases outside ``region`` are left out."""
    children = list(Region.objects.get(pk=region.pk).get_children())
    width = len(region.path) + Region.steplen
    inside = cases.filter(region_path__startswith=region.path)
    plan = plan_for(start, end, _narrowed(paths, region.path), state=rollup)
    groups = _grouped(inside, start, end, "_branch", plan, Substr("region_path", 1, width))
    rows = [{"id": child.pk, "label": child.name, "level": child.level, **figures(groups[child.path])}
            for child in children if child.path in groups]
    if region.path in groups:
        rows.append({"id": None, "label": region.name, "level": region.level, **figures(groups[region.path])})
    return rows


def _narrowed(paths, path):
    """The region subtrees of ``paths`` inside ``path`` (a reach narrowed to one region)."""
    if paths is None:
        return None
    return tuple(sorted({path if path.startswith(p) else p for p in paths if path.startswith(p) or p.startswith(path)}))


def breakdown(cases, start, end, by, region=None, paths=None, rollup=None):
    """The period's figures per group of dimension ``by`` (one of :data:`DIMENSIONS`); each row has the
    group's ``id`` (None for cases without one) and its ``label``. ``region`` is the parent for ``by="region"``."""
    if by not in DIMENSIONS:
        raise ValueError(f"Unknown dimension {by!r}")
    if by == "region":
        return by_region(cases, start, end, region, paths, rollup)
    plan = plan_for(start, end, paths, state=rollup)
    if by in ("triage", "channel"):
        groups = _grouped(cases, start, end, by, plan, dimension=by)
        labels = dict(Triage.choices if by == "triage" else Channel.choices)
        return _rows(groups, lambda key: labels.get(key, "—"))
    field, model = {"category": ("category_id", Category), "department": ("department_id", Department),
                    "form": ("form_id", FormPage)}[by]
    groups = _grouped(cases, start, end, field, plan, dimension=by)
    names = {pk: str(obj) for pk, obj in model.objects.in_bulk([k for k in groups if k is not None]).items()}
    return _rows(groups, lambda key: names.get(key, "—"))


def resolve_times(cases, start, end, paths=None, rollup=None):
    """The period's resolved cases by how long they took (resolved − opened), in :data:`RESOLVE_BUCKETS`:
    one aggregate query (two with the rollup)."""
    plan = plan_for(start, end, paths, state=rollup)
    if plan is None:
        raw = period_cases(cases, start, end).aggregate(**resolve_bucket_counts())
    else:
        live = plan.live_cases(cases, start, end).aggregate(**resolve_bucket_counts()) if plan.live else {}
        raw = add(rolled.totals(plan), live)
    return [{"label": label, "count": raw[f"b{index}"]} for index, (_upper, label) in enumerate(RESOLVE_BUCKETS)]


# -- trend --------------------------------------------------------------------------------------------

TRUNCS = {"hour": TruncHour, "day": TruncDay, "week": TruncWeek, "month": TruncMonth}


def _buckets(start, end, step):
    """The starts of the steps from ``start`` to ``end``, in local time (weeks start on Monday)."""
    at = timezone.localtime(start).replace(minute=0, second=0, microsecond=0)
    if step != "hour":
        at = at.replace(hour=0)
    if step == "week":
        at -= timedelta(days=at.weekday())
    if step == "month":
        at = at.replace(day=1)
    out = []
    while at < end:
        out.append(at)
        if step == "month":
            at = timezone.make_aware((at.replace(tzinfo=None) + timedelta(days=32)).replace(day=1))
        else:
            width = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(days=7)}[step]
            at = timezone.make_aware(at.replace(tzinfo=None) + width)
    return out


def trend(cases, start, end, step, paths=None, rollup=None):
    """Received and resolved per step of ``[start, end)``: two grouped queries, one row per step (steps with
    nothing in them are rows of zeros). *Received* counts cases opened in the step (records left out), as
    :func:`period_cases`; *resolved* counts cases whose resolution in the step stands (``resolved_at`` in it):
    a flow, so a month's bars show the work done in it, whenever the case came in. Month by month over whole
    months, the rollup answers for the months it holds (:mod:`statistics_app.rollup`)."""
    if step not in TRUNCS:
        raise ValueError(f"Unknown step {step!r}")
    buckets_ = _buckets(start, end, step)
    plan = plan_for(start, end, paths, state=rollup) if step == "month" else None
    if plan is None:
        received = _by_step(period_cases(cases, start, end), "created_at", step, buckets_)
        resolved = _by_step(cases.filter(resolved_at__gte=start, resolved_at__lt=end, is_record=False),
                            "resolved_at", step, buckets_)
        return [{"start": at, "received": received.get(at, 0), "resolved": resolved.get(at, 0)} for at in buckets_]
    received = _by_month(rolled.received_by_month(plan))
    if plan.live:
        received.update(_by_step(plan.live_cases(cases, start, end), "created_at", step, buckets_))
    resolved = _by_month(rolled.resolved_by_month(plan))
    late = (cases.filter(resolved_at__gte=start, resolved_at__lt=end, is_record=False)
            .exclude(months_q(plan.rolled)))
    for at, n in _by_step(late, "resolved_at", step, buckets_).items():
        resolved[at] = resolved.get(at, 0) + n
    return [{"start": at, "received": received.get(at, 0), "resolved": resolved.get(at, 0)} for at in buckets_]


def _by_month(counts_by_month):
    """``{month (date): n}`` as ``{the month's local midnight: n}``, the keys of :func:`_buckets`."""
    return {timezone.localtime(month_start(month)): n for month, n in counts_by_month.items()}


class StepOf(Func):
    """``width_bucket(moment, ARRAY[step starts])`` (PostgreSQL): the number of the step a moment falls in, by
    comparing it with the steps' starts, instead of converting every row to local time to truncate it
    (half the time of ``date_trunc … AT TIME ZONE`` over a county's year)."""

    function = "width_bucket"
    output_field = IntegerField()


def _by_step(these, moment, step, buckets):
    """``{step start: count}`` of ``these`` by the step their ``moment`` falls in."""
    if native_percentiles(these):
        starts = Value(buckets, output_field=Field())
        rows = these.annotate(_step=StepOf(F(moment), starts)).values("_step").annotate(n=Count("pk"))
        return {buckets[number - 1]: n for number, n in rows.values_list("_step", "n") if number > 0}
    trunc = TRUNCS[step](moment, tzinfo=timezone.get_current_timezone())
    rows = these.annotate(_step=trunc).values("_step").annotate(n=Count("pk")).values_list("_step", "n")
    return {timezone.localtime(at): n for at, n in rows}
