"""Deadlines in working days count China's working days: 国庆 off, a 调休 Saturday on, the admin's table first.

The answers are counted by hand, a working day being whole (midnight to midnight). What the official
calendar says of each day is asserted from the package itself, so a test says which data it relies on.
"""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from cases import clock
from cases import workflow as wf
from cases.constants import Light
from cases.deadlines import add_hours, deadline
from organisation import workdays
from organisation.models import WorkingDayOverride
from tests.factories import walk_case

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def test_the_package_knows_the_2026_national_day_holiday_and_its_make_up_days():
    assert chinese_calendar.is_workday(date(2026, 9, 30))  # Wednesday, the last day before the holiday
    assert not any(chinese_calendar.is_workday(date(2026, 10, d)) for d in range(1, 8))  # 国庆 1–7 October
    assert chinese_calendar.is_workday(date(2026, 10, 10))  # Saturday: a make-up working day (调休)
    assert chinese_calendar.is_workday(date(2026, 9, 20))  # Sunday: another
    assert not chinese_calendar.is_workday(date(2026, 10, 11))  # an ordinary Sunday
    first, last = workdays.package_years()
    assert first <= 2026 <= last


@pytest.mark.django_db
def test_a_two_working_day_deadline_set_before_national_day_lands_after_the_holiday():
    # Wed 30 Sep 16:00: 8 hours that day, 1–7 October off, 24 on Thursday 8th, 16 on Friday 9th
    assert add_hours(at(2026, 9, 30, 16), 48, working_days_only=True) == at(2026, 10, 9, 16)
    # yellow with a quarter (12 h) left: 8 + 24 + 4
    d = deadline(at(2026, 9, 30, 16), 48, working_days_only=True)
    assert (d.due_at, d.yellow_at) == (at(2026, 10, 9, 16), at(2026, 10, 9, 4))
    # counted in hours, the holiday counts like any other time
    assert add_hours(at(2026, 9, 30, 16), 48) == at(2026, 10, 2, 16)


@pytest.mark.django_db
def test_a_make_up_working_saturday_counts_as_a_working_day():
    # 8 (30 Sep) + 24 (8 Oct) + 24 (9 Oct) + 16 on Saturday 10 October, a 调休 working day
    assert add_hours(at(2026, 9, 30, 16), 72, working_days_only=True) == at(2026, 10, 10, 16)
    # Saturday 19 September is off, Sunday 20 September is worked: the clock runs from Sunday 00:00
    assert add_hours(at(2026, 9, 19, 10), 24, working_days_only=True) == at(2026, 9, 21, 0)


@pytest.mark.django_db
def test_a_row_in_the_table_wins_over_the_package():
    WorkingDayOverride.objects.create(date=date(2026, 10, 10), is_working_day=False, note="不调休")
    # 8 + 24 + 24, then Saturday 10th (now off) and Sunday 11th: 16 hours on Monday 12th
    assert add_hours(at(2026, 9, 30, 16), 72, working_days_only=True) == at(2026, 10, 12, 16)


@pytest.mark.django_db
def test_a_year_the_package_does_not_know_counts_monday_to_friday_until_the_table_says_otherwise():
    assert workdays.package_years()[1] < 2030
    tuesday = at(2030, 1, 1, 9)
    assert add_hours(tuesday, 24, working_days_only=True) == at(2030, 1, 2, 9)
    assert add_hours(at(2030, 1, 4, 9), 24, working_days_only=True) == at(2030, 1, 7, 9)  # Friday → Monday

    holiday = WorkingDayOverride.objects.create(date=date(2030, 1, 2), is_working_day=False, note="元旦")
    WorkingDayOverride.objects.create(date=date(2030, 1, 5), is_working_day=True, note="元旦调休")
    assert add_hours(tuesday, 24, working_days_only=True) == at(2030, 1, 3, 9)  # Wednesday is off
    assert add_hours(at(2030, 1, 4, 9), 24, working_days_only=True) == at(2030, 1, 5, 9)  # Saturday is worked

    holiday.delete()  # forgotten at once, not after the table's time in the process
    assert add_hours(tuesday, 24, working_days_only=True) == at(2030, 1, 2, 9)


@pytest.mark.django_db
def test_a_case_dispatched_the_night_before_national_day_keeps_its_clock_over_the_holiday(case_world):
    w = case_world
    w.category.deadline_hours, w.category.working_days_only = 48, True
    w.category.save()
    clock.travel(at(2026, 9, 30, 22) - clock.now())
    case = walk_case(w, w.new_case(), ["accept", "dispatch"])

    def close(a, b):
        return abs(a - b) < timedelta(seconds=5)

    assert close(case.due_at, at(2026, 10, 9, 22))  # 2 + 24 + 22 working hours
    assert close(case.yellow_at, at(2026, 10, 9, 10))  # 2 + 24 + 10: a quarter left
    assert close(case.claim_due_at, at(2026, 10, 8, 2))  # the A post's 4 hours: 2 + 2
    assert case.light(at(2026, 10, 7, 23)) == Light.GREEN  # the holiday is over, no time has gone
    assert case.light(at(2026, 10, 9, 11)) == Light.YELLOW
    assert case.light(at(2026, 10, 9, 23)) == Light.RED


@pytest.mark.django_db
def test_a_dispatcher_giving_hours_counts_every_hour(case_world):
    w = case_world
    w.category.working_days_only = True
    w.category.save()
    clock.travel(at(2026, 9, 30, 22) - clock.now())
    case = walk_case(w, w.new_case(), ["accept"])
    case = wf.case_dispatch(case=case, to=w.team_a, by=w.dispatcher, due_hours=8)
    assert abs(case.due_at - at(2026, 10, 1, 6)) < timedelta(seconds=5)
