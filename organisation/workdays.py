"""China's working days (工作日): which calendar days count when a deadline is kept in working days.

A day is a working day, in this order:

1. as the admin's table says (:class:`organisation.models.WorkingDayOverride`, *Case settings →
   Working days*), for years the package does not know yet or to correct it;
2. as the ``chinese-calendar`` package says (official holidays such as 春节 and 国庆 off, the make-up
   working Saturdays and Sundays of 调休 on) for the years it covers (:func:`package_years`);
3. otherwise Monday to Friday. A year beyond the package and absent from the table is counted like
   this, without holidays, so a deadline then falls early rather than never: enter next year's days
   in the table when they are announced (each November), or upgrade the package.

Deadlines are computed on every dispatch, so the table is read once per process and kept for
:data:`OVERRIDES_MAX_AGE` seconds; saving or deleting a row forgets it at once in the process that
saved (signals connected in ``OrganisationConfig.ready``), other processes see it within that time.
"""
import time
from datetime import date
from functools import lru_cache

import chinese_calendar

from .models import WorkingDayOverride

#: Seconds a process keeps the override table before reading it again.
OVERRIDES_MAX_AGE = 60

_overrides: dict = {"read_at": None, "days": {}}


def package_years():
    """The first and last year ``chinese-calendar`` has data for, e.g. ``(2004, 2026)``."""
    years = [day.year for day in chinese_calendar.holidays]
    return min(years), max(years)


_FIRST_YEAR, _LAST_YEAR = package_years()


@lru_cache(maxsize=8192)
def _package_says(day):
    """True/False from the package, None for a year it does not cover."""
    if not (_FIRST_YEAR <= day.year <= _LAST_YEAR):
        return None
    return chinese_calendar.is_workday(day)


def overrides():
    """``{date: is_working_day}`` from the admin's table, read at most every :data:`OVERRIDES_MAX_AGE` s."""
    read_at = _overrides["read_at"]
    if read_at is None or time.monotonic() - read_at > OVERRIDES_MAX_AGE:
        _overrides["days"] = dict(WorkingDayOverride.objects.values_list("date", "is_working_day"))
        _overrides["read_at"] = time.monotonic()
    return _overrides["days"]


def forget_overrides(**kwargs):
    """Read the table anew next time (a ``post_save`` / ``post_delete`` receiver, and for tests)."""
    _overrides["read_at"] = None


def is_working_day(day: date) -> bool:
    """The table's word, else the package's, else Monday to Friday (see the module's docstring)."""
    table = overrides()
    if day in table:
        return table[day]
    said = _package_says(day)
    return day.weekday() < 5 if said is None else said


def package_says(day: date):
    """What the package alone says of ``day``: True, False, or None for a year it does not cover."""
    return _package_says(day)
