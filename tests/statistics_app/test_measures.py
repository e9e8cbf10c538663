"""The figures leaders steer by, pinned on a crafted set of cases whose answers are worked out by hand below.

The clock moves between the steps of each case, so every duration is known. The period's cases:

====  =======  ==========================================================================  =============
case  region   its story (hours after it was opened)                                       category
====  =======  ==========================================================================  =============
A     grid 1   accepted (as a minor matter) at 1, dispatched, claimed at 3, resolved at 6,  pipes
               rated 5 — on time
B     grid 1   accepted at 2, dispatched, claimed at 6, resolved at 76 (74 h after its      pipes
               dispatch: past the 72 h deadline), not rated
C     grid 1   not accepted                                                                pipes
D     grid 1   accepted at 3, nothing since                                                pipes
E     grid 1   accepted at 4, dispatched, claimed at 5, resolved at 6, rated 1 (so          pipes
               reopened), claimed again at 8, resolved at 10 (before the new deadline),
               rated 5
F     grid 2   accepted at 5, dispatched to team B with 8 hours, claimed at 8, urged twice  roads
G     the      just submitted                                                               none
      community
====  =======  ==========================================================================  =============

and one case P, resolved at once, in the period before.
"""
from datetime import timedelta

import pytest
from django.utils import translation

from cases import clock
from cases import workflow as wf
from cases.models import Case
from cases.selectors import cases_visible_to
from organisation.constants import RegionLevel, StaffRole, Triage
from organisation.models import Region
from statistics_app.measures import MEASURES, Ratio
from statistics_app.selectors import breakdown, figures_for, figures_now, period_figures, previous_period
from tests.factories import make_case_world, make_category, make_member, walk_case

H = timedelta(hours=1)


def hours(spread):
    """A spread in hours, to a second (the steps themselves take a few milliseconds of real time)."""
    return spread.count, *(round(d.total_seconds()) / 3600 for d in (spread.median, spread.p90))


def later(hours):
    clock.travel(hours * H)


def opened(w, **kwargs):
    """A resident's case opened now by the platform's clock (Wagtail stamps the submission by the wall clock)."""
    return w.new_case(created_at=clock.now(), **kwargs)


@pytest.fixture
def world(db):
    w = make_case_world()
    w.roads = make_category(code="roads", name="道路维修")
    p = walk_case(w, opened(w), ["accept", "dispatch", "claim", "resolve"])
    later(24)
    w.start = clock.now()
    w.end = w.start + timedelta(days=10)
    assert previous_period(w.start, w.end)[0] < p.created_at < w.start
    w.cases = {name: story(w) for name, story in STORIES.items()}
    return w


def _a(w):
    case = opened(w)
    later(1)
    case = wf.case_accept(case=case, by=w.dispatcher, triage=Triage.MINOR)
    case = walk_case(w, case, ["dispatch"])
    later(2)
    case = walk_case(w, case, ["claim"])
    later(3)
    return wf.case_evaluate(token=walk_case(w, case, ["resolve"]).tracking_token, rating=5)


def _b(w):
    case = opened(w)
    later(2)
    case = walk_case(w, case, ["accept", "dispatch"])
    later(4)
    case = walk_case(w, case, ["claim"])
    later(70)
    return walk_case(w, case, ["resolve"])


def _c(w):
    return walk_case(w, opened(w), ["reject"])


def _d(w):
    case = opened(w)
    later(3)
    return walk_case(w, case, ["accept"])


def _e(w):
    case = opened(w)
    later(4)
    case = walk_case(w, case, ["accept", "dispatch"])
    later(1)
    case = walk_case(w, case, ["claim"])
    later(1)
    case = wf.case_evaluate(token=walk_case(w, case, ["resolve"]).tracking_token, rating=1)
    assert case.reopen_count == 1
    later(2)
    case = walk_case(w, case, ["claim"])
    later(2)
    return wf.case_evaluate(token=walk_case(w, case, ["resolve"]).tracking_token, rating=5)


def _f(w):
    case = opened(w, region=w.grid2, category=w.roads)
    later(5)
    case = walk_case(w, case, ["accept"])
    case = wf.case_dispatch(case=case, to=w.team_b, by=w.dispatcher, due_hours=8)
    later(3)
    case = wf.case_claim(case=case, by=w.handler_b)
    case = wf.case_urge(case=case, by=w.supervisor, note="请尽快处理")
    return wf.case_urge(case=case, by=w.supervisor, note="再次督办")


def _g(w):
    return opened(w, region=w.community, category=None)


STORIES = {"A": _a, "B": _b, "C": _c, "D": _d, "E": _e, "F": _f, "G": _g}


def test_every_measure_has_a_label_and_says_how_it_is_counted_in_chinese_and_english():
    for language in ("zh-hans", "en"):
        with translation.override(language):
            labels = {str(m.label) for m in MEASURES.values()}
            assert len(labels) == len(MEASURES) and all(len(str(m.how)) > 10 for m in MEASURES.values())
    with translation.override("zh-hans"):
        assert (str(MEASURES["settled_rate"].label), str(MEASURES["response_rate"].label)) == ("化解率", "参评率")
    with translation.override("en"):
        assert str(MEASURES["on_time_rate"].label) == "Resolved on time"


def test_the_counts_and_rates_of_the_period(world):
    figures = figures_for(world.county_supervisor, world.start, world.end)["current"]
    assert (figures["received"], figures["rejected"], figures["handled"], figures["resolved"]) == (7, 1, 6, 3)
    assert figures["resolution_rate"] == Ratio(3, 6)          # A, B, E of the six accepted
    assert figures["on_time_rate"] == Ratio(2, 3)             # B was late
    assert figures["settled_rate"] == Ratio(2, 6)             # E came back
    assert figures["reopen_rate"] == Ratio(1, 3)
    assert (figures["urges"], figures["urged"]) == (2, 1)
    assert str(figures["resolution_rate"]) == "50.0%" and Ratio(0, 0).value is None


def test_satisfaction_comes_with_its_response_rate_and_distribution(world):
    satisfaction = figures_for(world.county_supervisor, world.start, world.end)["current"]["satisfaction"]
    assert satisfaction.rate == Ratio(2, 2)                   # A and E (its standing rating) gave 5
    assert satisfaction.response_rate == Ratio(2, 3)          # B was not rated
    assert satisfaction.ratings == {1: 0, 2: 0, 3: 0, 4: 0, 5: 2}


def test_the_time_to_accept_claim_and_resolve(world):
    figures = figures_for(world.county_supervisor, world.start, world.end)["current"]
    accept, claim, resolve = figures["time_to_accept"], figures["time_to_claim"], figures["time_to_resolve"]
    # accepted after 1, 2, 3, 4, 5 hours: median 3; P90 at rank 0.9 × 4 = 3.6, between 4 h and 5 h
    assert hours(accept) == (5, 3, 4.6)
    # first claims 2, 4, 1, 3 hours after the first dispatch: median between 2 and 3; P90 at rank 2.7
    assert hours(claim) == (4, 2.5, 3.7)
    # resolved 6, 76 and 10 hours after opening: median 10; P90 at rank 1.8 = 10 + 0.8 × 66
    assert hours(resolve) == (3, 10, 62.8)


def test_the_previous_period_of_the_same_length_stands_beside(world):
    figures = figures_for(world.county_supervisor, world.start, world.end)
    assert figures["previous_end"] == world.start and figures["previous_start"] == world.start - timedelta(days=10)
    previous = figures["previous"]
    assert (previous["received"], previous["resolved"], previous["resolution_rate"]) == (1, 1, Ratio(1, 1))
    assert hours(previous["time_to_resolve"]) == (1, 0, 0)
    assert previous["satisfaction"].response_rate == Ratio(0, 1)


def test_the_lights_now(world):
    f = world.cases["F"]
    cases = cases_visible_to(world.county_supervisor)
    # F's eight hours: yellow once six have gone, red (overdue) at its deadline; no other open case has a deadline
    assert figures_now(cases, f.dispatched_at + 7 * H) == {"overdue": 0, "red": 0, "yellow": 1,
                                                           "at": f.dispatched_at + 7 * H}
    assert figures_now(cases, f.due_at)["overdue"] == figures_now(cases, f.due_at)["red"] == 1


def test_the_region_breakdown_goes_one_level_down(world):
    rows = breakdown(figures_cases(world), world.start, world.end, "region", region=world.community)
    assert [(r["id"], r["received"]) for r in rows] == [(world.grid1.pk, 5), (world.grid2.pk, 1), (None, 1)]
    assert rows[0]["resolution_rate"] == Ratio(3, 4) and rows[0]["level"] == RegionLevel.GRID
    street = breakdown(figures_cases(world), world.start, world.end, "region", region=world.street)
    assert [(r["id"], r["label"], r["received"]) for r in street] == [(world.community.pk, "幸福社区", 7)]


def test_the_breakdowns_by_category_department_form_and_triage(world):
    def rows(by):
        return {r["label"]: r["received"] for r in breakdown(figures_cases(world), world.start, world.end, by)}

    assert rows("category") == {"管道维修": 5, "道路维修": 1, "—": 1}
    assert rows("department") == {"第一网格服务队": 3, "第二网格服务队": 1, "—": 3}
    assert rows("form") == {"居民诉求": 7}
    assert rows("triage") == {str(Triage.MINOR.label): 1, "—": 6}
    by_department = breakdown(figures_cases(world), world.start, world.end, "department")
    team_a = next(r for r in by_department if r["id"] == world.team_a.pk)
    assert (team_a["on_time_rate"], team_a["satisfaction"].response_rate) == (Ratio(2, 3), Ratio(2, 3))


def test_a_user_outside_the_region_gets_none_of_the_cases(world):
    elsewhere = Region.add_root(code="C2", name="大安市", level=RegionLevel.COUNTY)
    outsider = make_member(StaffRole.SUPERVISOR, region=elsewhere, username="outsider")
    figures = figures_for(outsider, world.start, world.end)
    assert figures["current"]["received"] == figures["previous"]["received"] == 0
    assert figures["current"]["time_to_resolve"].median is None
    assert figures["now"]["overdue"] == 0


def figures_cases(world):
    return cases_visible_to(world.county_supervisor)


def test_a_time_spread_keeps_its_microseconds_on_every_database(db):
    """PostgreSQL sorts the durations as float seconds (selectors.Seconds): the answer is the interval's."""
    w = make_case_world()
    start = clock.now()
    for took in (H + timedelta(microseconds=1), 2 * H + timedelta(microseconds=3), 4 * H + timedelta(microseconds=7)):
        case = opened(w)
        Case.objects.filter(pk=case.pk).update(created_at=start, resolved_at=start + took)
    spread = period_figures(Case.objects.all(), start, start + timedelta(days=1))["time_to_resolve"]
    # median: the middle one; P90 at rank 1.8 = 2 h 3 µs + 0.8 × (2 h 4 µs) = 3 h 36 min 6.2 µs, to the µs
    assert (spread.count, spread.median) == (3, 2 * H + timedelta(microseconds=3))
    assert spread.p90 == timedelta(hours=3, minutes=36, microseconds=6)
