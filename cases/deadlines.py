"""Due times and warning-light thresholds (亮灯预警)."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .handling import handling_for


@dataclass(frozen=True)
class Deadline:
    due_at: datetime
    yellow_at: datetime


def add_hours(start, hours, *, working_days_only=False):
    """``start`` plus ``hours``; with ``working_days_only``, Saturdays and Sundays do not count."""
    if not working_days_only:
        return start + timedelta(hours=hours)
    local = timezone.localtime(start)
    remaining = timedelta(hours=hours)
    while remaining > timedelta(0):
        if local.weekday() >= 5:  # jump to Monday 00:00
            local = (local + timedelta(days=7 - local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
            continue
        day_end = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        step = min(remaining, day_end - local)
        local += step
        remaining -= step
    return local


def yellow_share():
    """Share of the allowed time left at which the light turns yellow (default a quarter)."""
    return float(getattr(settings, "CASE_YELLOW_SHARE", 0.25))


def deadline(start, hours, *, working_days_only=False):
    """Due after ``hours``; yellow once only the yellow share of those hours is left (weekends not counted
    when ``working_days_only``, so a Friday deadline does not turn yellow over the weekend)."""
    due = add_hours(start, hours, working_days_only=working_days_only)
    yellow = add_hours(start, hours * (1 - yellow_share()), working_days_only=working_days_only)
    return Deadline(due_at=due, yellow_at=min(yellow, due))


def hours_for(case):
    """The case's category sets its time; otherwise its form; otherwise the platform default."""
    if case.category_id and case.category.deadline_hours:
        return case.category.deadline_hours, case.category.working_days_only
    form_hours = handling_for(case.form).deadline_hours
    if form_hours:
        return form_hours, False
    return int(getattr(settings, "CASE_DEFAULT_DEADLINE_HOURS", 72)), False
