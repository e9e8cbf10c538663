"""Due times and warning-light thresholds (亮灯预警)."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from organisation.workdays import is_working_day

from .handling import handling_for


@dataclass(frozen=True)
class Deadline:
    due_at: datetime
    yellow_at: datetime


def add_hours(start, hours, *, working_days_only=False):
    """``start`` plus ``hours``; with ``working_days_only``, only the hours of China's working days count.

    A working day counts whole (midnight to midnight); weekends and official holidays do not count, a
    make-up working Saturday or Sunday (调休) does (organisation.workdays: the admin's table, then the
    ``chinese-calendar`` package, then Monday to Friday).
    """
    if not working_days_only:
        return start + timedelta(hours=hours)
    local = timezone.localtime(start)
    remaining = timedelta(hours=hours)
    while remaining > timedelta(0):
        day_end = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        if is_working_day(local.date()):
            step = min(remaining, day_end - local)
            local += step
            remaining -= step
        else:  # a day off: the clock starts again at the next midnight
            local = day_end
    return local


def yellow_share():
    """Share of the allowed time left at which the light turns yellow (default a quarter)."""
    return float(getattr(settings, "CASE_YELLOW_SHARE", 0.25))


def deadline(start, hours, *, working_days_only=False):
    """Due after ``hours``; yellow once only the yellow share of those hours is left (days off not counted
    when ``working_days_only``, so a deadline does not turn yellow over a weekend or 国庆)."""
    due = add_hours(start, hours, working_days_only=working_days_only)
    yellow = add_hours(start, hours * (1 - yellow_share()), working_days_only=working_days_only)
    return Deadline(due_at=due, yellow_at=min(yellow, due))


def allowed_time(form_hours, category, *, default=None):
    """(hours, working days only) a case is given: the form's own deadline when it has one, else its
    category's, else ``default``; None when there is none.

    The form's editor set 办理时限 for this form knowingly, so it wins over the category's time; the category
    still says which calendar counts (a working-days category counts the form's hours in working days too).
    """
    working = bool(category is not None and category.working_days_only)
    if form_hours:
        return form_hours, working
    if category is not None and category.deadline_hours:
        return category.deadline_hours, working
    return (default, False) if default else None


def default_deadline_hours():
    return int(getattr(settings, "CASE_DEFAULT_DEADLINE_HOURS", 72))


def hours_for(case):
    """The time a dispatched case is given (:func:`allowed_time`, with the platform default last)."""
    category = case.category if case.category_id else None
    return allowed_time(handling_for(case.form).deadline_hours, category, default=default_deadline_hours())
