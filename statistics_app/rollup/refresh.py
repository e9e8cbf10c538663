"""Building the rollup's months, and marking them when their cases change.

A month is built once it has been over for :data:`SETTLE` (a change still in flight at midnight has landed by
then), and built again after a case received in it gets a history line: the history's signal inserts a
:class:`~.models.RollupStale` mark in the transaction of the change, and the tick's sweep (:func:`sweep`)
rebuilds the marked months. A rebuild reads the marks before it counts and deletes only the marks it read, so a
change that lands while it counts leaves its mark for the next sweep. Two sweeps never build one month at once:
the month's row is locked.
"""
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, DateField
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cases.clock import now
from cases.models import Case

from ..counting import counts, durations, period_cases, resolve_bucket_counts
from .buckets import bucket_of
from .models import MonthCounts, MonthDurations, MonthResolved, RollupMonth, RollupStale
from .months import month_end, month_of, month_start, next_month

#: A month is built this long after it is over.
SETTLE = timedelta(minutes=10)
#: Months built per sweep at most (a county's month takes about a second).
PER_SWEEP = 6
GROUPS = ("region_path", "category_id", "department_id", "form_id", "triage", "channel")
BATCH = 2000


def mark_changed(case):
    """Note that ``case`` changed (called in the change's transaction). The month now running is always read
    live, so its cases need no mark: a new submission pays nothing."""
    month = month_of(case.created_at)
    if month < month_of(now()):
        RollupStale.objects.create(month=month)


def on_case_event(sender, *, case, event, **kwargs):
    """cases.signals.case_event_recorded: the case's month must be built again."""
    mark_changed(case)


def refresh_month(month, at=None):
    """Build ``month`` of the rollup from its cases (again); returns how many cases it holds."""
    at = at or now()
    RollupMonth.objects.get_or_create(month=month)
    with transaction.atomic():
        row = RollupMonth.objects.select_for_update().get(month=month)
        marks = list(RollupStale.objects.filter(month=month).values_list("pk", flat=True))
        these = period_cases(Case.objects.all(), month_start(month), month_end(month))
        groups = [MonthCounts(month=month, **values) for values in
                  these.values(*GROUPS).annotate(**counts(), **resolve_bucket_counts()).order_by()]
        spreads = [MonthDurations(month=month, measure=key, **values)
                   for key, (until, since) in durations().items()
                   for values in these.filter(**{f"{until.name}__isnull": False, f"{since.name}__isnull": False})
                   .annotate(bucket=bucket_of(until, since)).values("region_path", "bucket")
                   .annotate(n=Count("pk")).order_by()]
        resolved = [MonthResolved(month=month, **values) for values in
                    these.filter(resolved_at__isnull=False)
                    .annotate(resolved_month=TruncMonth("resolved_at", output_field=DateField(),
                                                        tzinfo=timezone.get_current_timezone()))
                    .values("region_path", "resolved_month").annotate(n=Count("pk")).order_by()]
        for model, rows in ((MonthCounts, groups), (MonthDurations, spreads), (MonthResolved, resolved)):
            model.objects.filter(month=month).delete()
            model.objects.bulk_create(rows, batch_size=BATCH)
        RollupStale.objects.filter(pk__in=marks).delete()
        row.refreshed_at, row.cases = at, sum(group.received for group in groups)
        row.save(update_fields=["refreshed_at", "cases"])
    return row.cases


def due_months(at=None):
    """The months to build, newest first: those over for :data:`SETTLE` that are marked or were never built."""
    at = at or now()
    due = set(RollupStale.objects.values_list("month", flat=True).distinct())
    first = Case.objects.order_by("created_at").values_list("created_at", flat=True).first()
    if first is not None:
        built = set(RollupMonth.objects.filter(refreshed_at__isnull=False).values_list("month", flat=True))
        month = month_of(first)
        while month_end(month) + SETTLE <= at:
            if month not in built:
                due.add(month)
            month = next_month(month)
    return sorted((m for m in due if month_end(m) + SETTLE <= at), reverse=True)


def sweep(at=None, limit=PER_SWEEP):
    """The tick's step: build up to ``limit`` due months; returns how many it built."""
    months = due_months(at)[:limit]
    for month in months:
        refresh_month(month, at)
    return len(months)


def refresh_all(at=None):
    """Build every due month (the command ``refresh_statistics``; after an import or a restore)."""
    done = 0
    while built := sweep(at, limit=100):
        done += built
    return done
