"""The rollup's part of each figure (see :mod:`.plan`); :mod:`statistics_app.selectors` adds the live part.

Every read is one grouped or aggregate query over the rollup's rows, whatever the number of cases.
"""
from django.db.models import Count, Sum

from ..counting import COUNTS, RESOLVE_COUNTS, add, durations
from .buckets import bucket_of
from .models import MonthCounts, MonthDurations, MonthResolved, MonthTotals

#: the sums are named apart from the columns they sum (an annotation may not shadow a field)
SUMS = {f"sum_{name}": Sum(name) for name in (*COUNTS, *RESOLVE_COUNTS)}


def _unprefixed(row):
    return {key.removeprefix("sum_"): value or 0 for key, value in row.items()}


def totals(plan):
    """Every count (and the buckets of time to resolve) of the plan's rolled months, in one row."""
    return _unprefixed(plan.rows(MonthTotals).aggregate(**SUMS))


#: the breakdowns whose groups are ids (the rollup keeps them as text)
ID_DIMENSIONS = ("category", "department", "form")


def grouped(plan, dimension):
    """``{group: counts}`` of the rolled months by ``dimension`` (category, department, form: ids or None;
    triage, channel: codes)."""
    rows = plan.rows(MonthCounts).filter(dimension=dimension).values("value").annotate(**SUMS).order_by()
    out = {}
    for row in rows:
        value = row.pop("value")
        out[(int(value) if value else None) if dimension in ID_DIMENSIONS else value] = _unprefixed(row)
    return out


def grouped_by_branch(plan, key, expression):
    """``{branch: counts}`` of the rolled months' region paths cut by ``expression`` (named ``key``)."""
    rows = plan.rows(MonthTotals).annotate(**{key: expression}).values(key).annotate(**SUMS).order_by()
    return {row.pop(key): _unprefixed(row) for row in rows}


def merge(rolled, live):
    """Two ``{group: counts}`` added group by group."""
    out = {key: add(counts) for key, counts in rolled.items()}
    for key, counts in live.items():
        out[key] = add(out.get(key, {}), counts)
    return out


def histograms(plan, live_cases=None):
    """``{measure: {bucket: count}}`` of every duration: the rolled months' histograms added up plus, if given,
    the buckets of ``live_cases`` (one grouped query per duration)."""
    out = {key: {} for key in durations()}
    for measure, histogram in plan.subtree_rows(MonthDurations).values_list("measure", "histogram"):
        into = out[measure]
        for bucket, n in histogram.items():
            bucket = int(bucket)
            into[bucket] = into.get(bucket, 0) + n
    if live_cases is not None:
        for key, (until, since) in durations().items():
            found = (live_cases.filter(**{f"{until.name}__isnull": False, f"{since.name}__isnull": False})
                     .annotate(_bucket=bucket_of(until, since)).values("_bucket").annotate(n=Count("pk"))
                     .values_list("_bucket", "n"))
            for bucket, n in found:
                out[key][bucket] = out[key].get(bucket, 0) + n
    return out


def received_by_month(plan):
    """``{month: received}`` of the rolled months."""
    return dict(plan.rows(MonthTotals).values("month").annotate(n=Sum("received")).values_list("month", "n"))


def resolved_by_month(plan):
    """``{month: resolved in it}`` over the period's months, of the cases of every rolled month (received in the
    period or before it)."""
    rows = (plan.rows(MonthResolved, months=plan.rolled).filter(resolved_month__in=plan.months)
            .values("resolved_month").annotate(total=Sum("n")).values_list("resolved_month", "total"))
    return dict(rows)
