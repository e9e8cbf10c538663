"""回访: staff record a call to a resident who does not use the tracking link; it counts as the resident's evaluation
(cases.workflow.case_record_callback), in the history as recorded by staff, and in 满意率 live and in the rollup."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cases import clock
from cases import workflow as wf
from cases.constants import CaseState as S
from cases.models import Case
from cases.selectors import cases_visible_to
from statistics_app import selectors
from statistics_app.rollup import refresh
from statistics_app.rollup.plan import plan_for
from tests.factories import make_case_in, walk_case

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Shanghai")


def call(world, case, rating=5, note="电话回访：居民表示水管已修好，满意", by=None):
    return wf.case_record_callback(case=case, by=by or world.dispatcher, rating=rating, note=note)


def test_a_dispatcher_records_the_call_and_the_case_is_evaluated_with_the_residents_rating(case_world):
    w = case_world
    case = call(w, make_case_in(w, "resolved"), rating=4)
    assert case.state == S.EVALUATED and case.rating == 4
    line = case.events.last()
    assert (line.transition, line.actor_id, line.note) == ("record_callback", w.dispatcher.pk,
                                                          "电话回访：居民表示水管已修好，满意")
    assert line.data == {"rating": 4, "by_staff": True} and line.public


def test_the_supervisor_may_record_a_call_and_the_handler_who_resolved_it_may_not(case_world):
    w = case_world
    assert call(w, make_case_in(w, "resolved"), by=w.supervisor).state == S.EVALUATED
    case = make_case_in(w, "resolved")
    for wrong in (w.post_a, w.post_b, w.handler_b):
        with pytest.raises(wf.CaseActionError) as refused:
            call(w, case, by=wrong)
        assert refused.value.code == "forbidden"
    assert Case.objects.get(pk=case.pk).state == S.RESOLVED


@pytest.mark.parametrize("rating, message", [("", "请在 1 至 5 分之间选择评分。"), (9, "请在 1 至 5 分之间选择评分。")])
def test_a_call_without_a_valid_rating_is_refused(case_world, rating, message):
    w = case_world
    case = make_case_in(w, "resolved")
    with pytest.raises(wf.CaseActionError) as refused:
        call(w, case, rating=rating)
    assert refused.value.message == message
    with pytest.raises(wf.CaseActionError) as refused:
        call(w, case, note="  ")
    assert refused.value.code == "missing_input"
    assert Case.objects.get(pk=case.pk).state == S.RESOLVED


def test_an_unsatisfied_call_reopens_the_case_as_the_residents_own_rating_would(case_world):
    w = case_world
    case = call(w, make_case_in(w, "resolved"), rating=1, note="居民表示仍然漏水")
    assert case.state == S.DISPATCHED and case.reopen_count == 1
    again = call(w, walk_case(w, case, ["claim", "resolve"]), rating=2, note="居民仍不满意")
    assert again.state == S.EVALUATED and again.flagged


def test_the_workbench_records_the_call_and_the_history_says_it_was_recorded_by_staff(case_world, client):
    w = case_world
    case = make_case_in(w, "resolved")
    client.force_login(w.dispatcher)
    page = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    assert 'data-action="record_callback"' in page and "登记回访" in page
    response = client.post(reverse("cases_workbench_action", args=[case.pk, "record_callback"]), {
        "record_callback-expected_state": "resolved", "record_callback-rating": "5",
        "record_callback-note": "电话回访，居民满意"})
    assert response.status_code == 302
    page = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    assert "回访（工作人员记录）" in page and "电话回访，居民满意" in page and w.dispatcher.username in page
    assert "居民对办理结果的满意程度" in page  # the rating, labelled as the call's form asked for it
    assert Case.objects.get(pk=case.pk).rating == 5
    track = client.get(reverse("track", args=[case.tracking_token])).content.decode()
    assert "回访（工作人员记录）" in track and "电话回访，居民满意" not in track  # the staff's note stays inside


def test_the_handler_is_offered_no_follow_up_call(case_world, client):
    w = case_world
    case = make_case_in(w, "resolved")
    client.force_login(w.post_a)
    page = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    assert 'data-action="record_callback"' not in page
    response = client.post(reverse("cases_workbench_action", args=[case.pk, "record_callback"]), {
        "record_callback-expected_state": "resolved", "record_callback-rating": "5",
        "record_callback-note": "自己给自己好评"})
    assert response.status_code == 403 and Case.objects.get(pk=case.pk).state == S.RESOLVED


def test_calls_count_in_the_satisfaction_rate_live_and_in_the_rollup_alike(case_world):
    """Four resolved matters in September: one rated by the resident (5), one by a call (4), one unsatisfied on
    two calls (1 reopens it, 2 after the second resolution stands), one not rated. 满意率 = 2 of 3 rated, 参评率
    3 of 4, whichever way each rating came; the monthly rollup counts the same."""
    w = case_world
    clock.travel(datetime(2026, 9, 3, 9, tzinfo=LOCAL) - clock.now())

    def resolved():  # opened now on the case clock (the statistics count a case in the month it came in)
        return make_case_in(w, "resolved", created_at=clock.now())

    wf.case_evaluate(token=resolved().tracking_token, rating=5)
    call(w, resolved(), rating=4)
    reopened = call(w, resolved(), rating=1, note="居民表示仍然漏水")
    call(w, walk_case(w, reopened, ["claim", "resolve"]), rating=2, note="居民仍不满意")
    resolved()
    today = datetime(2026, 11, 15, 10, tzinfo=LOCAL)
    clock.travel(today - clock.now())
    refresh.refresh_all(today)
    start, end = datetime(2026, 9, 1, tzinfo=LOCAL), datetime(2026, 11, 1, tzinfo=LOCAL)
    paths = (w.county.path,)
    assert plan_for(start, end, paths) is not None  # whole months of a region: read from the rollup
    cases = cases_visible_to(w.county_supervisor)
    live = selectors.period_figures(cases, start, end)
    rolled = selectors.period_figures(cases, start, end, paths)
    assert live["satisfaction"].ratings == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}
    assert (live["satisfaction"].rate.part, live["satisfaction"].rate.whole) == (2, 3)
    assert (live["satisfaction"].response_rate.part, live["satisfaction"].response_rate.whole) == (3, 4)
    assert rolled["satisfaction"] == live["satisfaction"]
