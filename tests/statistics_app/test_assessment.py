"""考核评价: the score of a unit pinned by hand, the scheme's validation, scorecards from crafted cases, access.

The scheme used throughout (unless a test says otherwise): on time 40, satisfaction 40, resolution 20;
2 points off per reopened case and 1 per urge; at least 3 accepted cases to be ranked; yellow below 80 and
red below 60; yellow from 10 % of open cases overdue, red from 25 %.
"""
from datetime import datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import clock
from cases import workflow as wf
from statistics_app.assessment.constants import UnitKind, UnitLight
from statistics_app.assessment.scorecards import scorecards
from statistics_app.assessment.scoring import UnitFigures, score, score_cards
from statistics_app.models import AssessmentScheme
from statistics_app.periods import PeriodKind, period_around
from tests.factories import make_case_world, walk_case

H = timedelta(hours=1)


def scheme(**changes):
    values = dict(name="2026年度考核", weight_on_time=40, weight_satisfaction=40, weight_resolution=20,
                  deduction_per_reopen=Decimal("2"), deduction_per_urge=Decimal("1"), min_cases=3,
                  yellow_below=Decimal("80"), red_below=Decimal("60"), yellow_overdue_share=10, red_overdue_share=25)
    return AssessmentScheme(**{**values, **changes})


def unit(**counts):
    return UnitFigures(**counts)


# -- the score, by hand -------------------------------------------------------------------------------


def test_each_part_earns_its_weight_times_its_rate_less_the_deductions():
    # on time 3 of 4 → 30; satisfied 2 of 2 → 40; resolved 4 of 5 → 16; 86 less 2 (a reopen) and 3 (urges) = 81
    result = score(unit(handled=5, resolved=4, on_time=3, with_deadline=4, satisfied=2, rated=2, reopened=1,
                        urges=3), scheme())
    assert [(p.part, p.rate, p.points) for p in result.parts] == [
        ("on_time", Fraction(3, 4), Decimal("30.0")), ("satisfaction", 1, Decimal("40.0")),
        ("resolution", Fraction(4, 5), Decimal("16.0"))]
    assert (result.positive, result.deductions, result.total, result.sampled) == (
        Decimal("86.0"), Decimal("5"), Decimal("81.0"), True)


def test_a_part_with_nothing_to_divide_by_is_left_out_and_the_other_weights_scale_up():
    # nobody rated: on time (40) and resolution (20) share 100 points: 66.67 × 1/2 + 33.33 × 3/3 = 66.7
    result = score(unit(handled=3, resolved=3, on_time=1, with_deadline=2), scheme())
    assert [p.points for p in result.parts] == [Decimal("33.3"), None, Decimal("33.3")]
    assert result.total == Decimal("66.7")


def test_the_score_never_falls_below_zero_and_a_unit_with_nothing_to_score_has_none():
    assert score(unit(handled=4, resolved=1, on_time=0, with_deadline=1, urges=200), scheme()).total == 0
    assert score(unit(handled=0), scheme()).total is None


def test_units_below_the_minimum_are_listed_last_without_a_rank_and_ties_share_a_rank():
    perfect = dict(resolved=3, on_time=3, with_deadline=3, satisfied=3, rated=3)
    cards = score_cards([
        ("a", "甲队", unit(handled=3, **perfect), ""),                   # 100
        ("b", "乙队", unit(handled=3, **perfect, urges=5), ""),          # 95
        ("c", "丙队", unit(handled=4, **perfect, reopened=1, urges=1), ""),  # 3/4 resolved: 95 − 3 = 92
        ("d", "丁队", unit(handled=3, **perfect, urges=5), ""),          # 95, as 乙队
        ("e", "戊队", unit(handled=2, resolved=2, on_time=2, with_deadline=2), ""),  # 100, but only 2 cases
    ], scheme())
    assert [(c.label, c.rank, c.score.total) for c in cards] == [
        ("甲队", 1, Decimal("100.0")), ("丁队", 2, Decimal("95.0")), ("乙队", 2, Decimal("95.0")),
        ("丙队", 4, Decimal("92.0")), ("戊队", None, Decimal("100.0"))]
    assert cards[-1].note == "案件太少，不参与排名（样本不足）"


def test_a_unit_lights_by_its_score_and_by_its_share_of_overdue_cases():
    figures = dict(handled=10, resolved=10, with_deadline=10, satisfied=10, rated=10)
    cards = {c.key: c for c in score_cards([
        ("green", "绿", unit(**figures, on_time=10, open=10, overdue=0), ""),           # 100
        ("yellow", "黄", unit(**figures, on_time=5, open=10, overdue=0), ""),           # 80 − … : 20 + 40 + 20 = 80
        ("yellow_score", "黄2", unit(**figures, on_time=4, open=10, overdue=0), ""),     # 76 < 80
        ("red_score", "红", unit(**figures, on_time=0, open=0, urges=30), ""),          # 60 − 30 = 30 < 60
        ("yellow_share", "黄3", unit(**figures, on_time=10, open=10, overdue=1), ""),   # 10 % overdue
        ("red_share", "红2", unit(**figures, on_time=10, open=4, overdue=1), ""),       # 25 % overdue
        ("small_red", "小", unit(handled=1, open=1, overdue=1), ""),                     # unranked, 100 % overdue
        ("small_low", "小2", unit(handled=1, resolved=0, open=0), ""),                   # unranked: score not lit
    ], scheme())}
    assert {k: c.light for k, c in cards.items()} == {
        "green": UnitLight.GREEN, "yellow": UnitLight.GREEN, "yellow_score": UnitLight.YELLOW,
        "red_score": UnitLight.RED, "yellow_share": UnitLight.YELLOW, "red_share": UnitLight.RED,
        "small_red": UnitLight.RED, "small_low": UnitLight.GREEN}
    assert cards["yellow"].score.total == Decimal("80.0")      # at the threshold is not below it
    assert cards["red_share"].reasons == ["25.0% 的在办案件已超期"]
    assert cards["red_score"].reasons == ["得分低于 60"]


# -- the scheme -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_weights_must_add_up_to_one_hundred():
    with pytest.raises(ValidationError) as raised:
        scheme(weight_on_time=50).full_clean()
    assert raised.value.message_dict["weight_resolution"] == ["权重合计为 110%，必须等于 100%。"]


@pytest.mark.django_db
def test_the_thresholds_must_be_in_order():
    with pytest.raises(ValidationError) as raised:
        scheme(red_below=Decimal("85"), red_overdue_share=10).full_clean()
    errors = raised.value.message_dict
    assert errors["red_below"] == ["红灯分数线不能高于黄灯分数线：单位先亮黄灯，再亮红灯。"]
    assert errors["red_overdue_share"] == ["红灯超期占比必须高于黄灯超期占比。"]


@pytest.mark.django_db
def test_activating_a_scheme_retires_the_one_before():
    first = scheme(name="旧方案")
    first.save()
    second = scheme(name="新方案")
    second.save()
    first.refresh_from_db()
    assert not first.is_active and AssessmentScheme.active() == second


@pytest.mark.django_db
def test_without_a_saved_scheme_the_defaults_apply():
    assert AssessmentScheme.active().weights == {"on_time": 40, "satisfaction": 40, "resolution": 20}


# -- scorecards from crafted cases -----------------------------------------------------------------------


def to_the_third_of_next_month():
    """Move the clock to 09:00 on the 3rd of next month, so a month's cases stay inside it."""
    today = timezone.localdate(clock.now())
    target = timezone.make_aware(datetime.combine((today.replace(day=1) + timedelta(days=32)).replace(day=3),
                                                  time(9)))
    clock.travel(target - clock.now())


def opened(w, **kwargs):
    return w.new_case(created_at=clock.now(), **kwargs)


@pytest.fixture
def world(db):
    """Team A (grid 1): A1 resolved on time, rated 5; A2 rated 1, reopened, resolved again, rated 4; A3
    resolved 73 h after its dispatch (past 72 h), not rated; A4 open, urged once. Team B (grid 2): B1
    resolved on time, not rated; B2 given 2 hours and overdue now."""
    w = make_case_world()
    to_the_third_of_next_month()
    w.period = period_around(PeriodKind.MONTH, timezone.localdate(clock.now()))
    wf.case_evaluate(token=walk_case(w, opened(w), ["accept", "dispatch", "claim", "resolve"]).tracking_token,
                     rating=5)
    a2 = wf.case_evaluate(token=walk_case(w, opened(w), ["accept", "dispatch", "claim", "resolve"]).tracking_token,
                          rating=1)
    wf.case_evaluate(token=walk_case(w, a2, ["claim", "resolve"]).tracking_token, rating=4)
    a3 = walk_case(w, opened(w), ["accept", "dispatch", "claim"])
    b1 = wf.case_dispatch(case=walk_case(w, opened(w, region=w.grid2), ["accept"]), to=w.team_b, by=w.dispatcher)
    wf.case_resolve(case=wf.case_claim(case=b1, by=w.handler_b), by=w.handler_b, result="已修复")
    wf.case_dispatch(case=walk_case(w, opened(w, region=w.grid2), ["accept"]), to=w.team_b, by=w.dispatcher,
                     due_hours=2)
    clock.travel(73 * H)
    walk_case(w, a3, ["resolve"])
    wf.case_urge(case=walk_case(w, opened(w), ["accept", "dispatch", "claim"]), by=w.supervisor, note="请尽快")
    w.scheme = scheme()
    return w


def test_the_scorecard_of_the_teams_from_their_cases(world):
    board = scorecards(world.county_supervisor, world.period, UnitKind.DEPARTMENT, world.scheme)
    a, b = board.cards
    assert (a.label, b.label) == ("第一网格服务队", "第二网格服务队")
    assert a.figures == UnitFigures(handled=4, resolved=3, on_time=2, with_deadline=3, satisfied=2, rated=2,
                                    reopened=1, urges=1, open=1, overdue=0)
    # on time 40 × 2/3 = 26.67, satisfaction 40, resolution 20 × 3/4 = 15: 81.67, less 2 + 1 = 78.7 → yellow
    assert [p.points for p in a.score.parts] == [Decimal("26.7"), Decimal("40.0"), Decimal("15.0")]
    assert (a.rank, a.score.total, a.light) == (1, Decimal("78.7"), UnitLight.YELLOW)
    # team B: two cases, not ranked; nobody rated: (40 × 1 + 20 × 1/2) / 60 = 83.3; its one open case overdue → red
    assert (b.rank, b.score.total, b.light, b.figures.overdue, b.figures.open) == (
        None, Decimal("83.3"), UnitLight.RED, 1, 1)
    assert [c.label for c in board.red] == ["第二网格服务队"]


def test_the_scorecard_of_the_grids_and_of_the_community(world):
    grids = scorecards(world.county_supervisor, world.period, UnitKind.GRID, world.scheme).cards
    assert [(c.label, c.figures.handled, c.score.total) for c in grids] == [
        ("幸福社区 · 第一网格", 4, Decimal("78.7")), ("幸福社区 · 第二网格", 2, Decimal("83.3"))]
    community, = scorecards(world.county_supervisor, world.period, UnitKind.COMMUNITY, world.scheme).cards
    assert (community.label, community.figures.handled, community.figures.overdue, community.rank) == (
        "镇赉镇 · 幸福社区", 6, 1, 1)


def test_the_query_count_does_not_grow_with_the_units(world, django_assert_max_num_queries):
    from tests.factories import make_department

    for n in range(6):
        team = make_department(world.grid1, code=f"more-{n}")
        case = walk_case(world, opened(world), ["accept"])
        wf.case_dispatch(case=case, to=team, by=world.dispatcher)
    for kind in UnitKind.values:
        with django_assert_max_num_queries(8):
            cards = scorecards(world.county_supervisor, world.period, kind, world.scheme).cards
        assert cards


def test_a_handler_of_another_department_sees_nothing_of_the_others(world):
    board = scorecards(world.handler_b, world.period, UnitKind.DEPARTMENT, world.scheme)
    assert [c.label for c in board.cards] == ["第二网格服务队"]
    grids = scorecards(world.handler_b, world.period, UnitKind.GRID, world.scheme)
    assert [c.label for c in grids.cards] == ["幸福社区 · 第二网格"]
