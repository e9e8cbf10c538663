"""The monthly rollup answers whole months exactly as the live queries do (the spreads to within 2 %), stays
exact while a month it holds is changing, and is only used for a reach made of region subtrees.

The world: cases in three finished months (August to October 2026) in both grids and the community, in every
state, rated and unrated, rejected, urged, reopened, two of them resolved in the month after the one they came
in; and cases in the month now running, which the rollup never holds.
"""
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cases import clock
from cases import workflow as wf
from cases.models import Case
from cases.scopes import region_scope
from cases.selectors import cases_visible_to
from organisation.constants import StaffRole
from organisation.models import StaffMembership
from statistics_app import selectors
from statistics_app.board.selectors import region_board
from statistics_app.rollup import buckets, refresh
from statistics_app.rollup.models import MonthCounts, RollupMonth, RollupStale
from statistics_app.rollup.months import month_start, months_q, whole_months
from statistics_app.rollup.plan import fresh_for, paths_q, plan_for
from tests.factories import make_case_world, make_category, make_member, make_staff, walk_case

LOCAL = ZoneInfo("Asia/Shanghai")
H = timedelta(hours=1)
AUGUST, NOVEMBER = datetime(2026, 8, 1, tzinfo=LOCAL), datetime(2026, 11, 1, tzinfo=LOCAL)
DECEMBER = datetime(2026, 12, 1, tzinfo=LOCAL)
TODAY = datetime(2026, 12, 15, 10, tzinfo=LOCAL)


def go(moment):
    clock.travel(moment - clock.now())


def story(w, at, steps, *, rating=None, hours=5, **fields):
    """A case opened at ``at`` and walked through ``steps`` ``hours`` apart, then rated."""
    go(at)
    case = w.new_case(created_at=clock.now(), **fields)
    for step in steps:
        clock.travel(hours * H)
        case = walk_case(w, case, [step])
    if rating is not None:
        case = wf.case_evaluate(token=case.tracking_token, rating=rating)
    return case


@pytest.fixture
def world(db):
    w = make_case_world()
    w.roads = make_category(code="roads", name="道路维修")
    rnd = random.Random(7)
    paths = [[], ["reject"], ["accept"], ["accept", "dispatch"], ["accept", "dispatch", "claim"],
             ["accept", "dispatch", "claim", "resolve"]]
    for month in range(8, 11):
        for day in (2, 9, 17, 25):
            for index, steps in enumerate(paths):
                at = datetime(2026, month, day, 8 + index, tzinfo=LOCAL)
                region = (w.grid1, w.grid2, w.community)[(day + index) % 3]
                category = (w.category, w.roads, None)[index % 3]
                rating = rnd.choice((None, 2, 4, 5)) if steps and steps[-1] == "resolve" else None
                story(w, at, steps, rating=rating, hours=rnd.randint(1, 60), region=region, category=category)
    # resolved in the month after it came in, and a matter reopened by a low rating, resolved again and urged
    w.late = story(w, datetime(2026, 8, 30, 20, tzinfo=LOCAL), paths[-1], hours=30)
    w.reopened = story(w, datetime(2026, 9, 29, 9, tzinfo=LOCAL), paths[-1], rating=1, hours=20)
    go(datetime(2026, 10, 3, 9, tzinfo=LOCAL))
    w.reopened = wf.case_urge(case=walk_case(w, w.reopened, ["claim"]), by=w.supervisor, note="请尽快处理")
    # the month now running
    for index, steps in enumerate(paths):
        story(w, TODAY - timedelta(days=10) + index * H, steps, hours=2)
    go(TODAY)
    return w


def exact_percentile(values, fraction):
    """PostgreSQL's percentile_cont over ``values``."""
    ordered = sorted(values)
    rank = fraction * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def assert_close(rolled, live):
    """Counts and rates equal; the spreads' counts equal and their values within 2 %."""
    for key, value in live.items():
        if key.startswith("time_to_"):
            assert rolled[key].count == value.count, key
            for a, b in ((rolled[key].median, value.median), (rolled[key].p90, value.p90)):
                assert (a is None) == (b is None), key
                if b is not None:
                    assert abs(a.total_seconds() - b.total_seconds()) <= 0.02 * b.total_seconds() + 1, key
        else:
            assert rolled[key] == value, key


def by_id(rows):
    return {row["id"]: {k: v for k, v in row.items() if not k.startswith("time_to_")} for row in rows}


def test_every_month_is_built_the_running_one_too_and_a_built_month_is_not_due_again(world):
    refresh.sweep(TODAY)  # the marks the world's own history left are taken in by the builds
    assert refresh.due_months(TODAY) == []
    RollupMonth.objects.all().delete()
    assert refresh.due_months(TODAY) == [DECEMBER.date(), NOVEMBER.date(), datetime(2026, 10, 1).date(),
                                         datetime(2026, 9, 1).date(), AUGUST.date()]
    assert refresh.refresh_all(TODAY) == 5 and refresh.due_months(TODAY) == []
    built = dict(RollupMonth.objects.values_list("month", "cases"))
    assert built[AUGUST.date()] == Case.objects.filter(
        created_at__gte=AUGUST, created_at__lt=month_start(datetime(2026, 9, 1).date()), is_record=False).count()
    assert built[DECEMBER.date()] == 6


def test_whole_months_of_the_county_read_from_the_rollup_match_the_live_figures(world):
    refresh.refresh_all(TODAY)
    start, end = AUGUST, NOVEMBER
    paths = region_scope(world.county_supervisor)
    assert paths == (world.county.path,)
    plan = plan_for(start, end, paths)
    assert plan is not None and plan.live == [] and len(plan.clean) == 3
    cases = cases_visible_to(world.county_supervisor)
    rolled, live = selectors.period_figures(cases, start, end, paths), selectors.period_figures(cases, start, end)
    assert live["received"] == 3 * 4 * 6 + 2 and live["rejected"] == 3 * 4 and live["urges"] == 1
    assert_close(rolled, live)
    for by in ("category", "department", "form", "triage", "channel"):
        assert by_id(selectors.breakdown(cases, start, end, by, paths=paths)) == by_id(
            selectors.breakdown(cases, start, end, by)), by
    for region in (world.county, world.community):
        assert by_id(selectors.breakdown(cases, start, end, "region", region=region, paths=paths)) == by_id(
            selectors.breakdown(cases, start, end, "region", region=region)), region
    assert selectors.trend(cases, start, end, "month", paths) == selectors.trend(cases, start, end, "month")
    assert selectors.resolve_times(cases, start, end, paths) == selectors.resolve_times(cases, start, end)


def test_every_region_reach_gets_the_live_figures_from_the_rollup(world):
    refresh.refresh_all(TODAY)
    root = make_staff(username="root")
    root.is_superuser = True
    root.save()
    for user in (world.supervisor, world.grid_dispatcher, world.street_dispatcher, root):
        paths, cases = region_scope(user), cases_visible_to(user)
        assert plan_for(AUGUST, NOVEMBER, paths).live == [], user
        assert_close(selectors.period_figures(cases, AUGUST, NOVEMBER, paths),
                     selectors.period_figures(cases, AUGUST, NOVEMBER))
        assert by_id(selectors.breakdown(cases, AUGUST, NOVEMBER, "department", paths=paths)) == by_id(
            selectors.breakdown(cases, AUGUST, NOVEMBER, "department")), user


def test_a_year_reads_every_built_month_from_the_rollup(world):
    refresh.refresh_all(TODAY)
    start, end = datetime(2026, 1, 1, tzinfo=LOCAL), datetime(2027, 1, 1, tzinfo=LOCAL)
    paths = region_scope(world.county_supervisor)
    plan = plan_for(start, end, paths)
    assert DECEMBER.date() in plan.clean and AUGUST.date() in plan.clean and plan.as_of == TODAY
    assert datetime(2026, 1, 1).date() in plan.live  # no case then: never built, counted live (nothing)
    cases = cases_visible_to(world.county_supervisor)
    assert_close(selectors.period_figures(cases, start, end, paths), selectors.period_figures(cases, start, end))
    assert selectors.trend(cases, start, end, "month", paths) == selectors.trend(cases, start, end, "month")
    assert by_id(selectors.breakdown(cases, start, end, "category", paths=paths)) == by_id(
        selectors.breakdown(cases, start, end, "category"))


def test_a_single_month_is_read_from_the_rollup_too(world):
    refresh.refresh_all(TODAY)
    september = (month_start(datetime(2026, 9, 1).date()), month_start(datetime(2026, 10, 1).date()))
    paths, cases = (world.county.path,), cases_visible_to(world.county_supervisor)
    assert plan_for(*september, paths).clean == [datetime(2026, 9, 1).date()]
    assert_close(selectors.period_figures(cases, *september, paths), selectors.period_figures(cases, *september))


def test_a_change_is_taken_in_by_the_next_sweep_and_counted_live_once_the_sweep_falls_behind(world):
    refresh.refresh_all(TODAY)
    start, end = AUGUST, NOVEMBER
    paths, cases = region_scope(world.county_supervisor), cases_visible_to(world.county_supervisor)
    before = selectors.period_figures(cases, start, end, paths)
    waiting = Case.objects.filter(created_at__lt=month_start(datetime(2026, 9, 1).date()), state="accepted").first()
    clock.travel(timedelta(minutes=1))
    walk_case(world, waiting, ["dispatch", "claim", "resolve"])
    assert RollupStale.objects.filter(month=AUGUST.date()).exists()
    # within the freshness window the rollup still answers, as of its build
    plan = plan_for(start, end, paths)
    assert plan.live == [] and plan.as_of == TODAY
    assert selectors.period_figures(cases, start, end, paths)["resolved"] == before["resolved"]
    # the sweep falls behind: the month is counted live, exactly
    clock.travel(fresh_for() + timedelta(minutes=1))
    assert plan_for(start, end, paths).live == [AUGUST.date()]
    after = selectors.period_figures(cases, start, end, paths)
    assert after["resolved"] == before["resolved"] + 1
    assert_close(after, selectors.period_figures(cases, start, end))
    # the sweep builds it again
    assert refresh.sweep() == 1
    assert not RollupStale.objects.exists() and plan_for(start, end, paths).live == []
    assert_close(selectors.period_figures(cases, start, end, paths), selectors.period_figures(cases, start, end))


def test_every_history_line_marks_the_month_its_case_came_in(world):
    refresh.refresh_all(TODAY)
    walk_case(world, world.new_case(created_at=clock.now()), ["accept", "dispatch"])
    assert list(RollupStale.objects.values_list("month", flat=True)) == [DECEMBER.date()] * 3
    walk_case(world, Case.objects.filter(created_at__lt=AUGUST + timedelta(days=20), state="accepted").first(),
              ["dispatch"])
    assert RollupStale.objects.filter(month=AUGUST.date()).count() == 1


def test_the_tick_builds_the_months(world):
    from cases.tick import tick

    RollupMonth.objects.all().delete()
    assert tick(TODAY)["statistics_months"] == 5 and MonthCounts.objects.exists()
    assert tick(TODAY)["statistics_months"] == 0


def test_a_reach_that_is_not_a_region_is_never_read_from_the_rollup(world):
    refresh.refresh_all(TODAY)
    assert region_scope(world.handler) is None and region_scope(world.handler_b) is None
    # the handler's own reach still gets the same figures (live)
    cases = cases_visible_to(world.handler)
    live = selectors.period_figures(cases, AUGUST, NOVEMBER)
    assert selectors.figures_for(world.handler, AUGUST, NOVEMBER)["current"] == live
    # and a period that is not whole months has no plan
    assert plan_for(AUGUST + H, NOVEMBER, (world.county.path,)) is None
    assert plan_for(AUGUST, NOVEMBER, None) is None


def test_every_region_reach_is_exactly_the_cases_of_its_subtrees(world):
    """The access matrix and its region form agree for every kind of staff member (and the superuser)."""
    both = make_member(StaffRole.DISPATCHER, region=world.grid1, username="grid_and_county")
    StaffMembership.objects.create(user=both, role=StaffRole.SUPERVISOR, region=world.county)
    root = make_staff(username="root")
    root.is_superuser = True
    root.save()
    users = [world.grid_dispatcher, world.dispatcher, world.street_dispatcher, world.county_dispatcher,
             world.supervisor, world.county_supervisor, both, root, make_staff(username="nobody")]
    for user in users:
        paths = region_scope(user)
        assert paths is not None, user
        assert set(Case.objects.filter(paths_q(paths)).values_list("pk", flat=True)) == set(
            cases_visible_to(user).values_list("pk", flat=True)), user
    assert region_scope(both) == (world.county.path,)


def test_the_public_board_reads_the_same_figures_from_the_rollup(world):
    live = region_board(world.community)
    refresh.refresh_all(TODAY)
    assert plan_for(live["start"], live["end"], (world.community.path,)) is not None
    rolled = region_board(world.community)
    for key in ("received", "resolved", "resolution_rate", "on_time_rate", "satisfaction"):
        assert rolled["figures"][key] == live["figures"][key], key
    assert rolled["trend"] == live["trend"] and rolled["categories"] == live["categories"]


def test_a_percentile_read_from_the_buckets_is_within_two_percent_of_the_exact_one():
    rnd = random.Random(3)
    for size in (1, 2, 7, 100, 5000):
        values = [rnd.lognormvariate(10, 2) for _ in range(size)]
        histogram = {}
        for value in values:
            histogram[buckets.bucket_of_seconds(value)] = histogram.get(buckets.bucket_of_seconds(value), 0) + 1
        for fraction in (0.5, 0.9):
            exact = exact_percentile(values, fraction)
            read = buckets.percentile(histogram, fraction).total_seconds()
            assert abs(read - exact) <= 0.02 * exact, (size, fraction, read, exact)
    assert buckets.percentile({}, 0.5) is None


def test_the_previous_period_of_whole_months_is_as_many_calendar_months():
    year = (datetime(2026, 1, 1, tzinfo=LOCAL), datetime(2027, 1, 1, tzinfo=LOCAL))
    assert selectors.previous_period(*year) == (datetime(2025, 1, 1, tzinfo=LOCAL), year[0])
    march = (datetime(2026, 3, 1, tzinfo=LOCAL), datetime(2026, 4, 1, tzinfo=LOCAL))
    assert selectors.previous_period(*march) == (datetime(2026, 2, 1, tzinfo=LOCAL), march[0])
    assert whole_months(march[0] + H, march[1]) is None
    assert str(months_q([datetime(2026, 3, 1).date(), datetime(2026, 4, 1).date()])).count("created_at__gte") == 1


def test_a_page_reads_what_the_rollup_holds_once_for_all_its_figures(world):
    """The overview and the board plan every figure from one reading of the rollup's months (two queries), so
    the figures of one page are as of the same builds and the reading is not repeated per figure."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from statistics_app.overview.figures import Overview
    from statistics_app.periods import PeriodKind, period_around

    refresh.refresh_all(TODAY)
    overview = Overview(user=world.supervisor, period=period_around(PeriodKind.YEAR, AUGUST.date()), home=world.county,
                        region=world.county, at=TODAY)
    with CaptureQueriesContext(connection) as captured:
        for name in ("as_of", "current", "previous", "trend", "regions", "departments", "other", "resolve_times"):
            getattr(overview, name)
        region_board(world.community)
    reads = [q["sql"] for q in captured.captured_queries if '"statistics_app_rollupmonth"' in q["sql"]]
    assert len(reads) == 2, reads  # one for the overview, one for the board
