"""Calendar months in local time (Asia/Shanghai): a month is named by its first day, a ``date``."""
from datetime import date, datetime, time

from django.db.models import Q
from django.utils import timezone


def month_of(moment):
    """The month a moment falls in, in local time."""
    return timezone.localtime(moment).date().replace(day=1)


def next_month(month):
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_start(month):
    """The local midnight the month begins at (aware)."""
    return timezone.make_aware(datetime.combine(month, time.min))


def month_end(month):
    return month_start(next_month(month))


def whole_months(start, end):
    """The months ``[start, end)`` is made of, or None when it does not begin and end on a month's first midnight."""
    if end <= start:
        return None
    first, last = month_of(start), month_of(end)
    if month_start(first) != start or month_start(last) != end:
        return None
    months, month = [], first
    while month < last:
        months.append(month)
        month = next_month(month)
    return months


def months_q(months, field="created_at"):
    """A filter for moments of ``field`` inside ``months``: one range per run of consecutive months."""
    q = Q(pk__in=[])
    runs = []
    for month in sorted(months):
        if runs and runs[-1][1] == month:
            runs[-1][1] = next_month(month)
        else:
            runs.append([month, next_month(month)])
    for first, after in runs:
        q |= Q(**{f"{field}__gte": month_start(first), f"{field}__lt": month_start(after)})
    return q
