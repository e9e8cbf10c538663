"""A task's yellow threshold, as a case's: yellow once only the yellow share of its working time is left.

The supervisor names the deadline (a day), so the time allowed is what lies between issuing and that day;
counted in China's working days (cases.deadlines.add_hours, organisation.workdays), a deadline after 国庆
does not turn yellow during the holiday.
"""
from datetime import timedelta

from django.utils import timezone

from cases.deadlines import Deadline, add_hours, yellow_share
from organisation.workdays import is_working_day


def working_hours_between(start, end):
    """Hours of working days between ``start`` and ``end`` (whole working days count, days off do not)."""
    local, end = timezone.localtime(start), timezone.localtime(end)
    hours = 0.0
    while local < end:
        day_end = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        step_end = min(day_end, end)
        if is_working_day(local.date()):
            hours += (step_end - local).total_seconds() / 3600
        local = step_end
    return hours


def task_deadline(start, due_at):
    """Due at ``due_at``; yellow when the yellow share of the working hours to it is left (at the latest, due)."""
    working = working_hours_between(start, due_at)
    if working <= 0:  # only days off until the deadline: yellow from the start
        return Deadline(due_at=due_at, yellow_at=start)
    yellow = add_hours(start, working * (1 - yellow_share()), working_days_only=True)
    return Deadline(due_at=due_at, yellow_at=min(yellow, due_at))
