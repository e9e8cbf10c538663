"""The periods figures are asked for: a day, week, month, quarter or year around a date, or a custom range.

A period is half-open, ``[start, end)``, in the site's time zone (Asia/Shanghai), so a month is the month a
county office lives in, not UTC's. Every page that shows figures reads its period from the query string with
:func:`period_from_query`, which turns bad input into a :class:`django.core.exceptions.ValidationError` with a
message for the user (the views answer it with a 400), never a 500.

Each kind of period has the step its trend chart is drawn in (:data:`STEPS`): a month is drawn day by day, a
year month by month.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_CUSTOM_DAYS = 3 * 366


class PeriodKind(models.TextChoices):
    DAY = "day", _("Day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Custom range")


class Step(models.TextChoices):
    """The width of one bar or point of a trend chart."""

    HOUR = "hour", _("Hour")
    DAY = "day", _("Day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


STEPS = {
    PeriodKind.DAY: Step.HOUR, PeriodKind.WEEK: Step.DAY, PeriodKind.MONTH: Step.DAY,
    PeriodKind.QUARTER: Step.WEEK, PeriodKind.YEAR: Step.MONTH,
}


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime
    end: datetime

    @property
    def first_day(self):
        return timezone.localtime(self.start).date()

    @property
    def last_day(self):
        """The last calendar day the period covers (``end`` is the midnight after it)."""
        return timezone.localtime(self.end - timedelta(microseconds=1)).date()

    @property
    def step(self):
        """The trend chart's step: by kind, and for a custom range by its length."""
        if self.kind != PeriodKind.CUSTOM:
            return STEPS[self.kind]
        days = (self.end - self.start).days
        return Step.HOUR if days <= 1 else Step.DAY if days <= 62 else Step.WEEK if days <= 184 else Step.MONTH

    def previous(self):
        """The period just before: the previous calendar month, quarter … (a custom range: as many days)."""
        if self.kind == PeriodKind.CUSTOM:
            length = self.end - self.start
            return Period(self.kind, self.start - length, self.start)
        return period_around(self.kind, self.first_day - timedelta(days=1))

    def query(self):
        """The query-string parameters that name this period (for links: drill-down, export, the next page)."""
        if self.kind == PeriodKind.CUSTOM:
            return {"period": self.kind, "from": self.first_day.isoformat(), "to": self.last_day.isoformat()}
        return {"period": self.kind, "date": self.first_day.isoformat()}


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def period_around(kind, day):
    """The calendar ``kind`` (day … year) that contains ``day``."""
    if kind == PeriodKind.DAY:
        first, after = day, day + timedelta(days=1)
    elif kind == PeriodKind.WEEK:
        first = day - timedelta(days=day.weekday())
        after = first + timedelta(days=7)
    elif kind == PeriodKind.MONTH:
        first = day.replace(day=1)
        after = (first + timedelta(days=32)).replace(day=1)
    elif kind == PeriodKind.QUARTER:
        first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        after = (first + timedelta(days=93)).replace(day=1)
    elif kind == PeriodKind.YEAR:
        first, after = date(day.year, 1, 1), date(day.year + 1, 1, 1)
    else:
        raise ValueError(f"Not a calendar period: {kind!r}")
    return Period(kind, _midnight(first), _midnight(after))


def custom_period(first_day, last_day):
    """The days from ``first_day`` to ``last_day``, both included."""
    if last_day < first_day:
        raise ValidationError(_("The range ends before it starts."), code="reversed")
    if (last_day - first_day).days >= MAX_CUSTOM_DAYS:
        raise ValidationError(_("A range may cover at most three years."), code="too_long")
    return Period(PeriodKind.CUSTOM, _midnight(first_day), _midnight(last_day + timedelta(days=1)))


def _day(value, name):
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError(_("%(name)s is not a date (YYYY-MM-DD)."), code="date", params={"name": name})
    if not 2000 <= day.year <= 2100:
        raise ValidationError(_("%(name)s is out of range."), code="date", params={"name": name})
    return day


def period_from_query(params, default=PeriodKind.MONTH, today=None):
    """The period a page's query string asks for (``period``, ``date`` or ``from``/``to``); this month when
    it names none. Bad values raise :class:`ValidationError` with a message for the user."""
    kind = params.get("period") or default
    if kind not in PeriodKind.values:
        raise ValidationError(_("Unknown period."), code="period")
    if kind == PeriodKind.CUSTOM:
        return custom_period(_day(params.get("from"), _("Start")), _day(params.get("to"), _("End")))
    day = _day(params["date"], _("Date")) if params.get("date") else (today or timezone.localdate())
    return period_around(kind, day)
