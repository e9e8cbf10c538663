"""小板凳 meetings: gathering matters (收集), deciding on them all or nothing (协商 → 落实), the cases' history,
the feedback on the last meeting's matters (反馈), and need-to-know by region."""
import datetime

import pytest

from cases.constants import CaseState, Channel
from cases.models import Case, CaseEvent
from community.constants import DecisionAction as A
from community.meetings import selectors, services
from community.models import MeetingDecision, MeetingMatter
from tests.community.conftest import hold
from tests.factories import walk_case

pytestmark = pytest.mark.django_db


def gathered(world, meeting, *cases):
    for case in cases:
        services.meeting_attach(meeting=meeting, case=case, by=world.dispatcher)


def test_a_case_brought_to_a_meeting_shows_the_meeting_in_its_history(world):
    case = world.new_case()
    meeting = hold(world)
    gathered(world, meeting, case)
    line = CaseEvent.objects.get(case=case, transition="meeting_discussed")
    assert line.note == "小板凳 2026年12月1日 幸福社区党群服务中心" and line.public
    assert line.data["meeting_id"] == meeting.pk and line.actor == world.dispatcher


def test_a_case_is_gathered_once_per_meeting(world):
    case = world.new_case()
    meeting = hold(world)
    gathered(world, meeting, case)
    with pytest.raises(services.MeetingError):
        gathered(world, meeting, case)
    assert MeetingMatter.objects.count() == 1


def test_a_matter_raised_at_the_meeting_opens_a_case_through_the_submission_service(world):
    meeting = hold(world, region=world.grid1)
    matter = services.meeting_raise(meeting=meeting, form=world.form, text="小区东门路灯不亮", by=world.dispatcher)
    case = Case.objects.get(pk=matter.case_id)
    assert matter.raised_here and case.channel == Channel.MEETING and case.state == CaseState.SUBMITTED
    assert case.region == world.grid1 and case.submission.form_data[world.text_key] == "小区东门路灯不亮"
    assert list(case.events.values_list("transition", flat=True)) == ["submit", "meeting_discussed"]


def test_a_blank_matter_is_refused_and_nothing_is_opened(world):
    meeting = hold(world)
    with pytest.raises(services.MeetingError):
        services.meeting_raise(meeting=meeting, form=world.form, text="  ", by=world.dispatcher)
    assert not Case.objects.exists()


def test_each_decision_becomes_an_action_on_its_case_with_the_meeting_in_the_note(world):
    first, second = (walk_case(world, world.new_case(), ["accept"]) for _ in range(2))
    meeting = hold(world)
    gathered(world, meeting, first, second)
    taken = services.meeting_decide(meeting=meeting, by=world.dispatcher, decisions=[
        services.decision(case=first, action=A.DISPATCH, text="交第一网格服务队修灯", department=world.team_a),
        services.decision(case=second, action=A.REJECT, text="属物业维修基金事项，另行协商"),
    ])
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.department, second.state) == (CaseState.DISPATCHED, world.team_a, CaseState.REJECTED)
    assert [d.event.transition for d in taken] == ["dispatch", "reject"]
    assert taken[0].event.note == "交第一网格服务队修灯（小板凳 2026年12月1日 幸福社区党群服务中心）"


def test_one_refused_decision_writes_nothing_of_the_set(world):
    first, second = (walk_case(world, world.new_case(), ["accept"]) for _ in range(2))
    meeting = hold(world)
    gathered(world, meeting, first, second)
    lines_before = CaseEvent.objects.count()
    with pytest.raises(services.MeetingError) as refused:
        services.meeting_decide(meeting=meeting, by=world.dispatcher, decisions=[
            services.decision(case=first, action=A.DISPATCH, text="交第一网格服务队", department=world.team_a),
            services.decision(case=second, action=A.RESOLVE, text="已修好"),  # accepted, and not the dispatcher's
        ])
    assert second.reference in refused.value.message and "没有记录" in refused.value.message
    first.refresh_from_db()
    assert first.state == CaseState.ACCEPTED and first.department is None
    assert CaseEvent.objects.count() == lines_before and not MeetingDecision.objects.exists()


def test_a_decision_the_organiser_may_not_take_is_refused_with_a_message(world):
    case = walk_case(world, world.new_case(), ["accept", "dispatch", "claim"])
    meeting = hold(world)
    gathered(world, meeting, case)
    with pytest.raises(services.MeetingError) as refused:
        services.meeting_decide(meeting=meeting, by=world.dispatcher, decisions=[
            services.decision(case=case, action=A.RESOLVE, text="已修好")])
    assert refused.value.code == "forbidden" and case.reference in refused.value.message


def test_a_decision_on_a_case_the_meeting_did_not_gather_is_refused(world):
    meeting = hold(world)
    stray = walk_case(world, world.new_case(), ["accept"])
    with pytest.raises(services.MeetingError):
        services.meeting_decide(meeting=meeting, by=world.dispatcher, decisions=[
            services.decision(case=stray, action=A.REJECT, text="重复")])
    assert Case.objects.get(pk=stray.pk).state == CaseState.ACCEPTED


def test_the_next_meeting_lists_the_feedback_on_the_last_ones_matters(world):
    fixed, waiting = world.new_case(), walk_case(world, world.new_case(), ["accept"])
    last = hold(world)
    gathered(world, last, fixed, waiting)
    walk_case(world, fixed, ["accept", "dispatch", "claim", "resolve"])
    other_region = hold(world, region=world.grid2, day=datetime.date(2026, 12, 10))
    gathered(world, other_region, world.new_case(region=world.grid2))
    meeting = hold(world, day=datetime.date(2026, 12, 15))
    previous, rows = selectors.feedback_for(meeting)
    assert previous == last
    assert [(r.reference, r.state, r.result) for r in rows] == [
        (fixed.reference, CaseState.RESOLVED, "已更换水管"), (waiting.reference, CaseState.ACCEPTED, "")]
    assert selectors.feedback_for(last) == (None, [])


def test_staff_see_only_the_meetings_of_their_region_subtree(world):
    in_grid2 = hold(world, region=world.grid2)
    in_community = hold(world)
    assert set(selectors.meetings_visible_to(world.street_dispatcher)) == {in_grid2, in_community}
    assert list(selectors.meetings_visible_to(world.grid_dispatcher)) == []
    assert list(selectors.meetings_visible_to(world.handler)) == []
    with pytest.raises(services.MeetingError):
        hold(world, by=world.grid_dispatcher, region=world.grid2)
    with pytest.raises(services.MeetingError):
        services.meeting_attach(meeting=in_grid2, case=world.new_case(region=world.grid2), by=world.grid_dispatcher)


def test_a_meeting_gathers_only_cases_in_its_region_and_the_organisers_reach(world):
    meeting = hold(world, by=world.grid_dispatcher, region=world.grid1)
    elsewhere = world.new_case(region=world.grid2)
    with pytest.raises(services.MeetingError):
        services.meeting_attach(meeting=meeting, case=elsewhere, by=world.grid_dispatcher)
    assert not CaseEvent.objects.filter(case=elsewhere, transition="meeting_discussed").exists()


def test_residents_names_are_masked_and_officers_are_named(world):
    meeting = hold(world)
    assert [p.display_name for p in meeting.participants.all()] == ["李**", "王建国", "赵物业"]


def test_a_meeting_is_of_a_community_or_a_grid_not_of_a_street(world):
    with pytest.raises(services.MeetingError):
        hold(world, by=world.street_dispatcher, region=world.street)
    assert list(selectors.regions_for_meetings(world.dispatcher)) == [world.community, world.grid1, world.grid2]


def test_a_decision_on_a_case_changed_since_the_page_was_read_is_refused(world):
    case = walk_case(world, world.new_case(), ["accept"])
    meeting = hold(world)
    gathered(world, meeting, case)
    walk_case(world, case, ["dispatch"])  # someone dispatched it while the meeting sat
    with pytest.raises(services.MeetingError) as refused:
        services.meeting_decide(meeting=meeting, by=world.dispatcher, decisions=[
            services.decision(case=case, action=A.REJECT, text="重复", expected_state=CaseState.ACCEPTED)])
    assert refused.value.code == "changed"
    assert Case.objects.get(pk=case.pk).state == CaseState.DISPATCHED and not MeetingDecision.objects.exists()


def test_matters_raised_at_a_meeting_are_entered_by_the_organiser_and_not_counted_against_residents(world):
    """A meeting raises matters on the residents' behalf: a staff entry (channel *meeting*, the organiser as
    ``entered_by``), so a form's daily limit for residents does not stop the third matter of one evening."""
    from forms_app.models import FormPage

    FormPage.objects.filter(pk=world.form.pk).update(daily_limit=1)
    form = FormPage.objects.get(pk=world.form.pk)
    meeting = hold(world)
    for text in ("东门路灯不亮", "西门路灯也不亮", "北门路面塌陷"):
        services.meeting_raise(meeting=meeting, form=form, text=text, by=world.dispatcher)
    cases = Case.objects.all()
    assert cases.count() == 3
    assert {(c.channel, c.entered_by_id) for c in cases} == {(Channel.MEETING, world.dispatcher.pk)}
