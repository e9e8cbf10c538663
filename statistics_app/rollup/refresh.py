"""Building the rollup's months, and marking them when their cases change.

Every history line of a case (its submission's first) inserts a :class:`~.models.RollupStale` mark for the
month the case came in, in the transaction of the change; the tick's sweep (:func:`sweep`) builds the marked
months again, and the months never built. A build reads the marks before it counts and deletes only the marks
it read, so a change that lands while it counts leaves its mark for the next sweep, and no change is missed
however the transactions interleave. Two sweeps never build one month at once: the month's row is locked.
"""
from django.db import transaction
from django.db.models import Count, DateField
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cases.clock import now
from cases.models import Case
from organisation.models import Region

from ..counting import COUNTS, RESOLVE_COUNTS, counts, durations, period_cases, resolve_bucket_counts
from .buckets import bucket_of
from .models import MonthCounts, MonthDurations, MonthResolved, MonthTotals, RollupMonth, RollupStale
from .months import month_end, month_of, month_start, next_month

#: Months built per sweep at most (a county's month takes about a second).
PER_SWEEP = 6
#: the breakdowns the rollup keeps: dimension → the case's column
DIMENSIONS = {"category": "category_id", "department": "department_id", "form": "form_id", "triage": "triage",
              "channel": "channel"}
GROUPS = ("region_path", *DIMENSIONS.values())
SUMMED = (*COUNTS, *RESOLVE_COUNTS)
BATCH = 2000


def on_case_event(sender, *, case, event, **kwargs):
    """cases.signals.case_event_recorded: the month the case came in must be built again."""
    RollupStale.objects.create(month=month_of(case.created_at))


def _summed(rows, key, make):
    """``rows`` (dicts of counts) summed per ``key(row)`` into objects made by ``make(key)``."""
    out = {}
    for row in rows:
        k = key(row)
        target = out.get(k)
        if target is None:
            target = out[k] = make(k)
        for name in SUMMED:
            setattr(target, name, getattr(target, name) + row[name])
    return list(out.values())


def _value(value):
    return "" if value is None else str(value)


def _histograms(these, month):
    """One :class:`MonthDurations` per duration and region path that is a case's path or above it ("" too),
    each the histogram of that whole subtree (one grouped query per duration): a reach of a few subtrees then
    reads a few rows a month, not one per community."""
    step = Region.steplen
    out = []
    for key, (until, since) in durations().items():
        found = {}
        for path, bucket, n in (these.filter(**{f"{until.name}__isnull": False, f"{since.name}__isnull": False})
                                .annotate(bucket=bucket_of(until, since)).values("region_path", "bucket")
                                .annotate(n=Count("pk")).order_by().values_list("region_path", "bucket", "n")):
            for cut in range(0, len(path) + 1, step):
                histogram = found.setdefault(path[:cut], {})
                histogram[str(bucket)] = histogram.get(str(bucket), 0) + n
        out += [MonthDurations(month=month, region_path=path, measure=key, histogram=histogram)
                for path, histogram in found.items()]
    return out


def refresh_month(month, at=None):
    """Build ``month`` of the rollup from its cases (again); returns how many cases it holds."""
    at = at or now()
    RollupMonth.objects.get_or_create(month=month)
    with transaction.atomic():
        row = RollupMonth.objects.select_for_update().get(month=month)
        marks = list(RollupStale.objects.filter(month=month).values_list("pk", flat=True))
        these = period_cases(Case.objects.all(), month_start(month), month_end(month))
        cube = list(these.values(*GROUPS).annotate(**counts(), **resolve_bucket_counts()).order_by())
        groups = [group for dimension, column in DIMENSIONS.items() for group in _summed(
            cube, lambda r, c=column: (r["region_path"], _value(r[c])),
            lambda k, d=dimension: MonthCounts(month=month, region_path=k[0], dimension=d, value=k[1]))]
        totals = _summed(cube, lambda r: r["region_path"], lambda k: MonthTotals(month=month, region_path=k))
        resolved = [MonthResolved(month=month, **values) for values in
                    these.filter(resolved_at__isnull=False)
                    .annotate(resolved_month=TruncMonth("resolved_at", output_field=DateField(),
                                                        tzinfo=timezone.get_current_timezone()))
                    .values("region_path", "resolved_month").annotate(n=Count("pk")).order_by()]
        tables = ((MonthCounts, groups), (MonthTotals, totals), (MonthDurations, _histograms(these, month)),
                  (MonthResolved, resolved))
        for model, rows in tables:
            model.objects.filter(month=month).delete()
            model.objects.bulk_create(rows, batch_size=BATCH)
        RollupStale.objects.filter(pk__in=marks).delete()
        row.refreshed_at, row.cases = at, sum(total.received for total in totals)
        row.save(update_fields=["refreshed_at", "cases"])
    return row.cases


def due_months(at=None):
    """The months to build, newest first: those marked, and those never built (up to the running one)."""
    at = at or now()
    due = set(RollupStale.objects.values_list("month", flat=True).distinct())
    first = Case.objects.order_by("created_at").values_list("created_at", flat=True).first()
    if first is not None:
        built = set(RollupMonth.objects.filter(refreshed_at__isnull=False).values_list("month", flat=True))
        month, running = month_of(first), month_of(at)
        while month <= running:
            if month not in built:
                due.add(month)
            month = next_month(month)
    return sorted(due, reverse=True)


def sweep(at=None, limit=PER_SWEEP):
    """The tick's step: build up to ``limit`` due months; returns how many it built."""
    months = due_months(at)[:limit]
    for month in months:
        refresh_month(month, at)
    return len(months)


def refresh_all(at=None):
    """Build every due month (the command ``refresh_statistics``; after an import or a restore)."""
    done = 0
    for _round in range(10):  # new marks may keep coming while it builds: enough rounds to catch up, no more
        built = sweep(at, limit=100)
        if not built:
            break
        done += built
    return done
