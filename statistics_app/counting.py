"""The expressions every figure is counted with, shared by the live queries (:mod:`statistics_app.selectors`) and
the monthly rollup (:mod:`statistics_app.rollup`), so the two count the same things the same way.

A count is named once here (:data:`COUNTS`): the live queries aggregate it over cases, the rollup stores it per
month and group and sums it back. :func:`figures` turns one row of those counts into the measures of
:mod:`statistics_app.measures`.
"""
from datetime import timedelta

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from cases.workflow import UNSATISFIED_AT_MOST

from .measures import Ratio, Satisfaction

RATINGS = (1, 2, 3, 4, 5)
DAY = timedelta(days=1)

#: The histogram of time to resolve on the overview: (upper bound, label); the last has none.
RESOLVE_BUCKETS = (
    (DAY, _("Within a day")),
    (3 * DAY, _("1 to 3 days")),
    (7 * DAY, _("3 to 7 days")),
    (15 * DAY, _("7 to 15 days")),
    (30 * DAY, _("15 to 30 days")),
    (None, _("Over 30 days")),
)


def period_cases(cases, start, end):
    """The period's cases: received at or after ``start`` and before ``end``, records filed at once left out."""
    return cases.filter(created_at__gte=start, created_at__lt=end, is_record=False)


def counts():
    """The aggregate expressions behind every count and rate (one query for a period, one per breakdown)."""
    resolved = Q(resolved_at__isnull=False)
    rated = resolved & Q(rating__isnull=False)
    out = {
        "received": Count("pk"),
        "rejected": Count("pk", filter=Q(rejected=True)),
        "resolved": Count("pk", filter=resolved),
        "with_deadline": Count("pk", filter=resolved & Q(due_at__isnull=False)),
        "on_time": Count("pk", filter=resolved & Q(due_at__isnull=False, resolved_at__lte=F("due_at"))),
        "settled": Count("pk", filter=resolved & Q(reopen_count=0)),
        "ever_resolved": Count("pk", filter=resolved | Q(reopen_count__gt=0)),
        "reopened": Count("pk", filter=Q(reopen_count__gt=0)),
        "rated": Count("pk", filter=rated),
        "satisfied": Count("pk", filter=rated & Q(rating__gt=UNSATISFIED_AT_MOST)),
        "urges": Coalesce(Sum("urge_count"), 0),
        "urged": Count("pk", filter=Q(urge_count__gt=0)),
    }
    out.update({f"rating_{n}": Count("pk", filter=rated & Q(rating=n)) for n in RATINGS})
    return out


def resolve_bucket_counts():
    """``{"b0": Count, …}``: the period's resolved cases per bucket of :data:`RESOLVE_BUCKETS` (resolved − opened)."""
    out, lower = {}, None
    for index, (upper, _label) in enumerate(RESOLVE_BUCKETS):
        within = Q(resolved_at__isnull=False)
        if lower is not None:
            within &= Q(resolved_at__gte=F("created_at") + lower)
        if upper is not None:
            within &= Q(resolved_at__lt=F("created_at") + upper)
        out[f"b{index}"] = Count("pk", filter=within)
        lower = upper
    return out


#: The names of the counts a rollup row keeps (and sums back).
COUNTS = tuple(counts())
RESOLVE_COUNTS = tuple(f"b{index}" for index in range(len(RESOLVE_BUCKETS)))


def figures(raw):
    """Counts and rates from one row of :func:`counts`."""
    handled = raw["received"] - raw["rejected"]
    return {
        "received": raw["received"], "rejected": raw["rejected"], "handled": handled, "resolved": raw["resolved"],
        "resolution_rate": Ratio(raw["resolved"], handled),
        "on_time_rate": Ratio(raw["on_time"], raw["with_deadline"]),
        "settled_rate": Ratio(raw["settled"], handled),
        "satisfaction": Satisfaction(
            rate=Ratio(raw["satisfied"], raw["rated"]), response_rate=Ratio(raw["rated"], raw["resolved"]),
            ratings={n: raw[f"rating_{n}"] for n in RATINGS},
        ),
        "reopen_rate": Ratio(raw["reopened"], raw["ever_resolved"]),
        "urges": raw["urges"], "urged": raw["urged"],
    }


def durations():
    """What each time measure runs from and to (database expressions over a case)."""
    return {
        "time_to_accept": (F("accepted_at"), F("created_at")),
        "time_to_claim": (F("first_claimed_at"), F("first_dispatched_at")),
        "time_to_resolve": (F("resolved_at"), F("created_at")),
    }


def add(*rows):
    """The sum of count rows (dicts of the same keys; None counts as 0): the rollup's part plus the live part."""
    out = {}
    for row in rows:
        for key, value in row.items():
            out[key] = out.get(key, 0) + (value or 0)
    return out
