"""The case services: required inputs, escalation, the resident's verdict, reopening and archiving."""
from datetime import timedelta

import pytest

from cases import clock
from cases import workflow as wf
from cases.constants import CaseState as S
from cases.models import Case
from cases.permissions import can_dispatch
from organisation.constants import RegionLevel
from tests.factories import CASE_PATHS, walk_case

pytestmark = pytest.mark.django_db


def snapshot(case):
    fresh = Case.objects.get(pk=case.pk)
    return {f.attname: getattr(fresh, f.attname) for f in Case._meta.concrete_fields}, fresh.events.count()


def in_state(world, state, **kwargs):
    return walk_case(world, world.new_case(**kwargs), CASE_PATHS[state])


# -- required inputs ----------------------------------------------------------------------------------------

MISSING_INPUTS = {
    "reject without a reason": ("submitted", lambda w, c, blank: wf.case_reject(case=c, by=w.dispatcher, reason=blank)),
    "return without a reason": ("claimed", lambda w, c, blank: wf.case_return(case=c, by=w.post_a, reason=blank)),
    "escalate without a reason": (
        "accepted", lambda w, c, blank: wf.case_escalate(case=c, by=w.dispatcher, reason=blank)),
    "resolve without a result": ("claimed", lambda w, c, blank: wf.case_resolve(case=c, by=w.post_a, result=blank)),
    "consult without participants": (
        "claimed", lambda w, c, blank: wf.case_consult(case=c, by=w.post_a, participants=blank, topic="费用")),
    "consult without a topic": (
        "claimed", lambda w, c, blank: wf.case_consult(case=c, by=w.post_a, participants=["物业"], topic=blank)),
    "end a consultation without minutes": (
        "consulting", lambda w, c, blank: wf.case_end_consultation(case=c, by=w.post_a, minutes=blank)),
    "evaluate without a rating": (
        "resolved", lambda w, c, blank: wf.case_evaluate(token=c.tracking_token, rating=blank)),
    "reopen without a reason": ("evaluated", lambda w, c, blank: wf.case_reopen(case=c, by=w.supervisor, reason=blank)),
    "urge without a note": ("dispatched", lambda w, c, blank: wf.case_urge(case=c, by=w.supervisor, note=blank)),
    "close with advice without advice": (
        "accepted", lambda w, c, blank: wf.case_close_with_advice(case=c, by=w.dispatcher, advice=blank)),
}


@pytest.mark.parametrize("action", list(MISSING_INPUTS))
def test_an_action_without_its_required_input_is_refused_and_changes_nothing(action, case_world):
    state, act = MISSING_INPUTS[action]
    case = in_state(case_world, state, triage="private")
    before = snapshot(case)
    blanks = [None, "", "   "] + ([[], ["  "]] if "participants" in action else [])
    for blank in blanks:
        with pytest.raises(wf.CaseActionError) as refused:
            act(case_world, case, blank)
        assert refused.value.code == "missing_input", blank
        assert refused.value.message
    assert snapshot(case) == before


@pytest.mark.parametrize("rating", [0, 6, -1, "five", 3.5j])
def test_a_rating_outside_one_to_five_is_refused(rating, case_world):
    case = in_state(case_world, "resolved")
    before = snapshot(case)
    with pytest.raises(wf.CaseActionError) as refused:
        wf.case_evaluate(token=case.tracking_token, rating=rating)
    assert refused.value.code == "invalid_input"
    assert snapshot(case) == before


@pytest.mark.parametrize("due_hours", [0, -5, "soon", 24 * 366])
def test_dispatch_with_an_impossible_time_allowed_is_refused(due_hours, case_world):
    case = in_state(case_world, "accepted")
    before = snapshot(case)
    with pytest.raises(wf.CaseActionError) as refused:
        wf.case_dispatch(case=case, to=case_world.team_a, by=case_world.dispatcher, due_hours=due_hours)
    assert refused.value.code == "invalid_input"
    assert snapshot(case) == before


def test_dispatch_without_a_department_is_refused(case_world):
    case = in_state(case_world, "accepted")
    before = snapshot(case)
    with pytest.raises(wf.CaseActionError) as refused:
        wf.case_dispatch(case=case, to=None, by=case_world.dispatcher)
    assert refused.value.code == "missing_input"
    assert snapshot(case) == before


def test_the_inputs_are_kept_in_the_case_and_its_history(case_world):
    w = case_world
    case = in_state(w, "claimed")
    case = wf.case_consult(case=case, by=w.post_a, participants=[" 物业 ", "居民代表", ""], topic=" 费用分摊 ")
    event = case.events.last()
    assert event.data == {"participants": ["物业", "居民代表"], "topic": "费用分摊"}
    case = wf.case_end_consultation(case=case, by=w.post_a, minutes="各付一半")
    assert case.events.last().public is False
    case = wf.case_resolve(case=case, by=w.post_a, result="  已更换水管  ")
    assert Case.objects.get(pk=case.pk).result == "已更换水管"
    assert case.resolved_at is not None


# -- stale views ----------------------------------------------------------------------------------------------


def test_an_action_from_a_stale_page_is_refused_as_changed(case_world):
    w = case_world
    case = in_state(w, "dispatched")
    wf.case_claim(case=case, by=w.post_a)
    before = snapshot(case)
    with pytest.raises(wf.CaseChanged) as refused:
        wf.case_return(case=case, by=w.post_a, reason="不属本部门", expected_state=S.DISPATCHED)
    assert refused.value.code == "changed"
    assert snapshot(case) == before


def test_an_action_on_an_old_copy_of_the_case_is_refused_as_changed(case_world):
    w = case_world
    case = in_state(w, "dispatched")
    old_copy = Case.objects.get(pk=case.pk)
    wf.case_claim(case=case, by=w.post_a)
    with pytest.raises(wf.CaseChanged):
        wf.case_claim(case=old_copy, by=w.post_a)


# -- escalation (分级转办) ---------------------------------------------------------------------------------------


def test_escalation_raises_the_level_up_to_the_county_and_stops_there(case_world):
    w = case_world
    case = in_state(w, "claimed")
    assert case.level == RegionLevel.GRID
    case = wf.case_escalate(case=case, by=w.post_a, reason="网格无法解决")
    assert (case.state, case.level, case.department, case.handler) == (S.ACCEPTED, RegionLevel.COMMUNITY, None, None)
    case = wf.case_escalate(case=case, by=w.dispatcher, reason="社区无法解决")
    assert case.level == RegionLevel.STREET
    case = wf.case_escalate(case=case, by=w.street_dispatcher, reason="街道无法解决")
    assert case.level == RegionLevel.COUNTY
    before = snapshot(case)
    with pytest.raises(wf.CaseActionError) as refused:
        wf.case_escalate(case=case, by=w.county_dispatcher, reason="再往上")
    assert refused.value.code == "not_allowed"
    assert snapshot(case) == before
    assert [e.transition for e in case.events.all()].count("escalate") == 3


def test_a_lower_level_dispatcher_can_no_longer_act_on_an_escalated_case(case_world):
    w = case_world
    case = in_state(w, "accepted")
    assert can_dispatch(case, w.grid_dispatcher)  # before the escalation, the grid dispatcher could act
    case = wf.case_escalate(case=case, by=w.grid_dispatcher, reason="网格无法解决")
    before = snapshot(case)
    for lower in (w.grid_dispatcher,):
        with pytest.raises(wf.CaseActionError) as refused:
            wf.case_dispatch(case=case, to=w.team_a, by=lower)
        assert refused.value.code == "forbidden"
    assert snapshot(case) == before
    case = wf.case_escalate(case=case, by=w.dispatcher, reason="社区无法解决")
    for lower in (w.grid_dispatcher, w.dispatcher):
        with pytest.raises(wf.CaseActionError):
            wf.case_reject(case=case, by=lower, reason="不予受理")
    assert wf.case_dispatch(case=case, to=w.team_b, by=w.street_dispatcher).state == S.DISPATCHED


# -- the resident's verdict, reopening and archiving ------------------------------------------------------------


def test_a_satisfied_evaluation_closes_the_loop_and_a_supervisor_archives_it(case_world):
    w = case_world
    case = in_state(w, "resolved")
    case = wf.case_evaluate(token=case.tracking_token, rating="4", comment="  很及时 ")
    assert (case.state, case.rating, case.evaluation_comment, case.reopen_count) == (S.EVALUATED, 4, "很及时", 0)
    case = wf.case_archive(case=case, by=w.supervisor)
    assert case.state == S.ARCHIVED and case.closed_at is not None


def test_an_unsatisfied_evaluation_reopens_the_case_once_with_a_new_deadline(case_world):
    w = case_world
    case = in_state(w, "resolved")
    first_due = case.due_at
    clock.travel(timedelta(hours=5))
    case = wf.case_evaluate(token=case.tracking_token, rating=2, comment="还在漏")
    assert (case.state, case.reopen_count, case.handler, case.department) == (S.DISPATCHED, 1, None, w.team_a)
    assert case.due_at > first_due
    assert abs(case.due_at - (case.dispatched_at + timedelta(hours=w.category.deadline_hours))) < timedelta(seconds=5)
    assert [e.transition for e in case.events.all()][-2:] == ["evaluate", "reopen"]
    assert case.events.get(transition="evaluate").data == {"rating": 2}

    # handled again, and the resident is unsatisfied again: a supervisor must look, the case stays evaluated
    case = walk_case(w, case, ["claim", "resolve"])
    case = wf.case_evaluate(token=case.tracking_token, rating=1)
    case = Case.objects.get(pk=case.pk)
    assert (case.state, case.reopen_count, case.flagged) == (S.EVALUATED, 1, True)
    assert case.events.last().transition == "flag"

    # the supervisor's verification fails: reopened by hand
    case = wf.case_reopen(case=case, by=w.supervisor, reason="核查未通过")
    assert (case.state, case.reopen_count, case.flagged) == (S.DISPATCHED, 2, False)
    case = walk_case(w, case, ["claim", "resolve", "evaluate", "archive"])
    assert case.state == S.ARCHIVED


def test_a_private_matter_closed_with_advice_goes_to_a_supervisor_when_the_resident_is_unsatisfied(case_world):
    """There is no department to send it back to: it is flagged, not reopened into nobody's queue."""
    w = case_world
    case = in_state(w, "accepted", triage="private")
    case = wf.case_close_with_advice(case=case, by=w.dispatcher, advice="属于邻里纠纷，建议自行协商")
    case = wf.case_evaluate(token=case.tracking_token, rating=1)
    case = Case.objects.get(pk=case.pk)
    assert (case.state, case.flagged, case.reopen_count) == (S.EVALUATED, True, 0)
    with pytest.raises(wf.CaseActionError) as refused:
        wf.case_reopen(case=case, by=w.supervisor, reason="核查未通过")
    assert refused.value.code == "not_allowed"
    assert wf.case_archive(case=case, by=w.supervisor).state == S.ARCHIVED


def test_an_evaluated_case_cannot_be_evaluated_again(case_world):
    case = in_state(case_world, "evaluated")
    before = snapshot(case)
    with pytest.raises(wf.CaseActionError) as refused:
        wf.case_evaluate(token=case.tracking_token, rating=1)
    assert refused.value.code == "not_allowed"
    assert snapshot(case) == before


def test_a_rejected_case_records_the_reason_and_can_be_archived(case_world):
    w = case_world
    case = wf.case_reject(case=w.new_case(), by=w.dispatcher, reason=" 重复报单 ")
    assert case.state == S.REJECTED and case.closed_at is not None
    assert case.events.last().note == "重复报单"
    assert wf.case_archive(case=case, by=w.supervisor).state == S.ARCHIVED


def test_urging_flags_the_case_counts_and_leaves_its_state(case_world):
    w = case_world
    case = in_state(w, "claimed")
    case = wf.case_urge(case=case, by=w.supervisor, note="请今天处理")
    case = wf.case_urge(case=case, by=w.county_supervisor, note="再次督办")
    case = Case.objects.get(pk=case.pk)
    assert (case.state, case.urge_count, case.flagged) == (S.CLAIMED, 2, True)
    assert [e.public for e in case.events.filter(transition="urge")] == [False, False]


def test_a_record_workflow_case_is_filed_at_once(case_world):
    case = wf.case_file_record(case=case_world.new_case())
    assert case.state == S.ARCHIVED
    assert case.events.last().public is False


def test_an_action_decided_on_an_old_copy_is_refused_even_if_the_new_state_would_allow_it(case_world):
    """Reject is possible from accepted too, but whoever rejects a case they saw as new did not see it accepted."""
    w = case_world
    seen_as_new = w.new_case()
    wf.case_accept(case=seen_as_new, by=w.dispatcher)
    before = snapshot(seen_as_new)
    with pytest.raises(wf.CaseChanged):
        wf.case_reject(case=seen_as_new, by=w.county_dispatcher, reason="重复报单")
    assert snapshot(seen_as_new) == before
