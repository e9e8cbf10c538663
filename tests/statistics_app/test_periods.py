"""The periods figures are asked for, read from a page's query string, and the trend drawn over them."""
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import clock
from cases import workflow as wf
from cases.constants import Channel
from cases.models import Case
from statistics_app.periods import PeriodKind, custom_period, period_around, period_from_query
from statistics_app.selectors import breakdown, trend
from tests.factories import make_case_world, walk_case


def local(*args):
    return timezone.make_aware(datetime(*args))


@pytest.mark.parametrize(("kind", "first", "after"), [
    ("day", date(2026, 10, 1), date(2026, 10, 2)),
    ("week", date(2026, 9, 28), date(2026, 10, 5)),
    ("month", date(2026, 10, 1), date(2026, 11, 1)),
    ("quarter", date(2026, 10, 1), date(2027, 1, 1)),
    ("year", date(2026, 1, 1), date(2027, 1, 1)),
])
def test_a_calendar_period_runs_from_local_midnight_to_local_midnight(kind, first, after):
    period = period_around(kind, date(2026, 10, 1))
    assert (period.start, period.end) == (local(first.year, first.month, first.day),
                                          local(after.year, after.month, after.day))
    assert period.first_day == first and period.last_day == after - timedelta(days=1)


def test_the_previous_period_is_the_calendar_period_before_not_as_many_days():
    march = period_around(PeriodKind.MONTH, date(2026, 3, 15))
    assert march.previous() == period_around(PeriodKind.MONTH, date(2026, 2, 1))
    assert (march.previous().last_day - march.previous().first_day).days == 27
    q1 = period_around(PeriodKind.QUARTER, date(2026, 2, 1))
    assert q1.previous().first_day == date(2025, 10, 1)
    week = custom_period(date(2026, 3, 10), date(2026, 3, 16))
    assert (week.previous().first_day, week.previous().last_day) == (date(2026, 3, 3), date(2026, 3, 9))


def test_a_page_reads_its_period_from_the_query_string_and_round_trips_it():
    today = date(2026, 12, 1)
    assert period_from_query({}, today=today) == period_around(PeriodKind.MONTH, today)
    year = period_from_query({"period": "year", "date": "2025-06-01"}, today=today)
    assert period_from_query(year.query()) == year and year.step == "month"
    custom = period_from_query({"period": "custom", "from": "2026-01-01", "to": "2026-01-31"})
    assert period_from_query(custom.query()) == custom and custom.step == "day"


@pytest.mark.parametrize("params", [
    {"period": "decade"}, {"period": "month", "date": "2026-13-01"}, {"period": "month", "date": "x" * 500},
    {"period": "custom", "from": "2026-02-01", "to": "2026-01-01"}, {"period": "custom", "from": "2026-02-01"},
    {"period": "custom", "from": "2000-01-01", "to": "2010-01-01"}, {"period": "day", "date": "1900-01-01"},
])
def test_a_bad_period_is_a_message_for_the_user_not_an_error(params):
    with pytest.raises(ValidationError) as caught:
        period_from_query(params)
    assert caught.value.messages[0]


def test_the_trend_counts_received_by_when_they_came_and_resolved_by_when_they_were_resolved(db):
    w = make_case_world()
    clock.travel(local(2026, 10, 6, 9) - clock.now())  # a Tuesday
    first = w.new_case(created_at=clock.now())
    w.new_case(created_at=clock.now())
    clock.travel(timedelta(days=2))
    walk_case(w, first, ["accept", "dispatch", "claim", "resolve"])
    week = period_around(PeriodKind.WEEK, date(2026, 10, 6))
    rows = trend(Case.objects.all(), week.start, week.end, week.step)
    assert [(r["start"].date(), r["received"], r["resolved"]) for r in rows] == [
        (date(2026, 10, 5), 0, 0), (date(2026, 10, 6), 2, 0), (date(2026, 10, 7), 0, 0),
        (date(2026, 10, 8), 0, 1), (date(2026, 10, 9), 0, 0), (date(2026, 10, 10), 0, 0),
        (date(2026, 10, 11), 0, 0),
    ]
    year = period_around(PeriodKind.YEAR, date(2026, 10, 6))
    months = trend(Case.objects.all(), year.start, year.end, year.step)
    assert len(months) == 12 and [(m["received"], m["resolved"]) for m in months if m["received"]] == [(2, 1)]


def test_figures_break_down_by_the_channel_a_matter_came_by(db):
    w = make_case_world()
    online = w.new_case(created_at=clock.now())
    by_phone = w.new_case(created_at=clock.now())
    Case.objects.filter(pk=by_phone.pk).update(channel=Channel.PHONE)
    wf.case_reject(case=online, by=w.dispatcher, reason="重复")
    rows = {r["id"]: r for r in breakdown(Case.objects.all(), clock.now() - timedelta(hours=1),
                                          clock.now() + timedelta(hours=1), "channel")}
    assert {key: (r["received"], r["rejected"]) for key, r in rows.items()} == {"online": (1, 1), "phone": (1, 0)}
    assert str(rows["phone"]["label"]) == str(Channel.PHONE.label)
