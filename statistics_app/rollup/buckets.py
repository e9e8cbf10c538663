"""Durations in logarithmic buckets 2 % wide, and percentiles read back from them.

Bucket ``b`` holds the durations of ``GROWTH**b`` up to ``GROWTH**(b + 1)`` seconds (bucket 0 also everything
under a second, which no figure cares about). Two years fit in ~900 buckets; a community's month of one
duration uses a few dozen. A percentile is found in its bucket by rank, as ``percentile_cont`` finds it between
two values, each value placed inside its bucket by its rank there: it is within 2 % of the exact value.
"""
import math
from datetime import timedelta

from django.db.models import DurationField, ExpressionWrapper, FloatField, Func, IntegerField
from django.db.models.functions import Cast, Floor, Greatest, Ln

from ..measures import Spread

GROWTH = 1.02


class Seconds(Func):
    """``until − since`` in float seconds: ``date_part('epoch', interval)`` on PostgreSQL; on SQLite Django
    subtracts two moments into microseconds."""

    output_field = FloatField()

    def __init__(self, until, since):
        super().__init__(ExpressionWrapper(until - since, output_field=DurationField()))

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="date_part('epoch', %(expressions)s)", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s) / 1000000.0", **extra)


def bucket_of(until, since):
    """The database expression of the bucket of ``until − since``."""
    seconds = Greatest(Seconds(until, since), 1.0, output_field=FloatField())
    return Cast(Floor(Ln(seconds) / math.log(GROWTH)), IntegerField())


def bucket_of_seconds(seconds):
    """:func:`bucket_of`, in Python (for tests and checks)."""
    return math.floor(math.log(max(seconds, 1.0)) / math.log(GROWTH))


def percentile(histogram, fraction):
    """The ``fraction`` percentile (``timedelta``) of a ``{bucket: count}`` histogram, None when it is empty:
    ``percentile_cont``'s interpolation between the values at the two ranks around it, each value placed in its
    bucket by its rank there (so within 2 % of the true value, and the interpolation too)."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = fraction * (total - 1)
    low = math.floor(rank)
    wanted = {low: None, min(low + 1, total - 1): None}
    below = 0
    for bucket in sorted(histogram):
        count = histogram[bucket]
        for k in wanted:
            if wanted[k] is None and below <= k < below + count:
                wanted[k] = GROWTH ** (bucket + (k - below + 0.5) / count)
        below += count
    first, second = wanted[low], wanted[min(low + 1, total - 1)]
    return timedelta(seconds=first + (second - first) * (rank - low))


def spread(histogram):
    """The :class:`~statistics_app.measures.Spread` of a histogram."""
    return Spread(percentile(histogram, 0.5), percentile(histogram, 0.9), sum(histogram.values()))
