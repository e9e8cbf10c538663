"""Deadlines in hours or working days, and the warning lights (亮灯预警) as the clock moves."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cases import clock
from cases import workflow as wf
from cases.constants import Light
from cases.deadlines import add_hours, deadline
from cases.models import Case
from cases.selectors import dashboard_counts, light_q
from tests.factories import walk_case

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day, hour=9, minute=0):
    """A local time in a week of 2026 where the 5th of January is a Monday."""
    return datetime(2026, 1, day, hour, minute, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    "start, hours, due",
    [
        (at(5, 9), 24, at(6, 9)),  # Monday → Tuesday
        (at(9, 16), 24, at(12, 16)),  # Friday afternoon: the weekend does not count
        (at(9, 16), 8, at(10, 0)),  # ends exactly at midnight on Friday
        (at(9, 16), 9, at(12, 1)),
        (at(10, 10), 1, at(12, 1)),  # Saturday: the clock starts on Monday
        (at(11, 23, 30), 72, at(15, 0)),  # Sunday night → Thursday 00:00
        (at(5, 0), 24 * 5, at(10, 0)),  # a whole working week
        (at(5, 0), 24 * 6, at(13, 0)),  # six working days: into the next Tuesday
    ],
)
@pytest.mark.django_db  # working days read the admin's table of overrides (organisation.workdays)
def test_working_day_deadlines_skip_weekends(start, hours, due):
    assert add_hours(start, hours, working_days_only=True) == due


def test_hour_deadlines_count_every_hour():
    assert add_hours(at(9, 16), 24) == at(10, 16)
    assert add_hours(at(10, 10), 1) == at(10, 11)


@pytest.mark.django_db
def test_the_light_turns_yellow_when_a_quarter_of_the_time_is_left(settings):
    d = deadline(at(5, 0), 100)
    assert (d.due_at, d.yellow_at) == (at(9, 4), at(8, 3))  # 25 of 100 hours left
    settings.CASE_YELLOW_SHARE = 0.5
    assert deadline(at(5, 0), 100).yellow_at == at(7, 2)
    settings.CASE_YELLOW_SHARE = 0.25
    # working days: yellow when a quarter of the working time is left, not a quarter of the calendar time
    d = deadline(at(9, 0), 48, working_days_only=True)  # Friday 00:00, two working days
    assert d.due_at == at(13, 0)
    assert d.yellow_at == at(12, 12)


@pytest.mark.django_db
def test_a_dispatched_case_shows_green_then_yellow_then_red_as_time_passes(case_world):
    w = case_world
    case = walk_case(w, w.new_case(), ["accept"])
    case = wf.case_dispatch(case=case, to=w.team_a, by=w.dispatcher, due_hours=8)
    assert case.due_at - case.dispatched_at == timedelta(hours=8)

    def light():
        fresh = Case.objects.get(pk=case.pk)
        by_query = [lt for lt in Light.values if Case.objects.filter(light_q(lt), pk=case.pk).exists()]
        assert by_query == ([fresh.light()] if fresh.light() else [])
        return fresh.light()

    assert light() == Light.GREEN
    clock.travel(timedelta(hours=5, minutes=59))
    assert light() == Light.GREEN
    clock.travel(timedelta(minutes=1, seconds=1))  # six hours gone, two (a quarter) left
    assert light() == Light.YELLOW
    clock.travel(timedelta(hours=1, minutes=59))
    assert light() == Light.YELLOW
    clock.travel(timedelta(minutes=1))
    assert light() == Light.RED
    # resolved cases show no light
    case = walk_case(w, Case.objects.get(pk=case.pk), ["claim", "resolve"])
    assert light() is None


@pytest.mark.django_db
def test_the_category_decides_working_day_deadlines(case_world):
    w = case_world
    w.category.deadline_hours, w.category.working_days_only = 24, True
    w.category.save()
    clock.travel(at(9, 16) - clock.now())  # a Friday afternoon
    case = walk_case(w, w.new_case(), ["accept", "dispatch"])
    assert abs(case.due_at - at(12, 16)) < timedelta(seconds=5)


@pytest.mark.django_db
def test_the_light_filter_agrees_with_each_case_over_many_cases_and_moments(case_world):
    w = case_world
    cases = []
    for hours in (1, 2, 3, 5, 8, 13, 21, 34):
        case = walk_case(w, w.new_case(), ["accept"])
        cases.append(wf.case_dispatch(case=case, to=w.team_a, by=w.dispatcher, due_hours=hours))
    cases.append(walk_case(w, w.new_case(), ["accept", "dispatch", "claim", "resolve"]))  # closed: no light
    cases.append(w.new_case())  # submitted, no form deadline: no light
    base = clock.now()
    for minutes in range(0, 40 * 60, 37):
        moment = base + timedelta(minutes=minutes)
        expected = {lt: set() for lt in Light.values}
        for case in Case.objects.all():
            if case.light(moment):
                expected[case.light(moment)].add(case.pk)
        for lt in Light.values:
            assert set(Case.objects.filter(light_q(lt, moment)).values_list("pk", flat=True)) == expected[lt], moment
        counts = dashboard_counts(w.dispatcher, at=moment)
        assert (counts["green"], counts["yellow"], counts["red"]) == tuple(len(expected[lt]) for lt in Light.values)
