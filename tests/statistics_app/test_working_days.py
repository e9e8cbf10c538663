"""按期办结率 over China's working days: a deadline counted across 国庆 2026 and its make-up Saturday (调休).

The category gives 72 working hours. Both cases are dispatched on Wednesday 30 September 2026 at noon: 12 hours
of that day count, 1–7 October is the National Day holiday, Thursday 8 and Friday 9 October give 48 hours, and
Saturday 10 October is a make-up working day (调休) that gives the last 12: both are due **Saturday 10 October
at noon**.

====  ==========================  ==============================  =========================================
case  resolved                    calendar hours would say        Monday-to-Friday would say
====  ==========================  ==============================  =========================================
X     Friday 9 October, 10:00     late (due 3 October, noon)      on time (due Monday 12 October, noon)
Y     Sunday 11 October, 10:00    late                            on time — but the 调休 Saturday counted:
                                                                  late
====  ==========================  ==============================  =========================================

So the on-time rate is 1 / 2: calendar hours would give 0 / 2 and weekdays alone 2 / 2.
"""
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from cases import clock
from cases.models import Case
from statistics_app.measures import Ratio
from statistics_app.periods import PeriodKind, period_around
from statistics_app.selectors import period_figures
from tests.factories import make_case_world, walk_case


def at(*args):
    return timezone.make_aware(datetime(*args))


def go(moment):
    clock.travel(moment - clock.now())


@pytest.fixture
def world(db):
    return make_case_world(deadline_hours=72, working_days_only=True)


def dispatched_on_the_eve_of_national_day(w):
    go(at(2026, 9, 30, 12))
    return walk_case(w, w.new_case(created_at=clock.now()), ["accept", "dispatch", "claim"])


def test_both_cases_are_due_on_the_make_up_saturday_after_national_day(world):
    case = dispatched_on_the_eve_of_national_day(world)
    assert abs(case.due_at - at(2026, 10, 10, 12)) < timedelta(minutes=1)  # (the steps take real milliseconds)


def test_the_on_time_rate_counts_working_days_across_national_day_and_its_make_up_saturday(world):
    x = dispatched_on_the_eve_of_national_day(world)
    y = dispatched_on_the_eve_of_national_day(world)
    go(at(2026, 10, 9, 10))
    walk_case(world, x, ["resolve"])
    go(at(2026, 10, 11, 10))
    walk_case(world, y, ["resolve"])
    quarter = period_around(PeriodKind.QUARTER, at(2026, 9, 30).date())
    figures = period_figures(Case.objects.all(), quarter.start, quarter.end)
    assert figures["on_time_rate"] == Ratio(1, 2)
    assert figures["resolution_rate"] == Ratio(2, 2)
    assert sorted(c.resolved_at <= c.due_at for c in Case.objects.all()) == [False, True]
