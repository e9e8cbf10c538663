"""The demo holds two meetings of 幸福社区: the first decided its two matters, the second has its minutes, a
matter raised there and the feedback on the first one's matters; the notice and minutes templates are there."""
from django.core.management import call_command

from cases.constants import CaseState, Channel
from community.meetings import selectors
from community.models import Meeting
from documents.models import DocumentTemplate


def test_the_demo_meeting_decided_two_matters_and_the_next_one_reports_on_them(demo):
    first, second = Meeting.objects.order_by("held_on")
    assert first.decisions.count() == 2 and second.minutes
    assert second.matters.get().case.channel == Channel.MEETING
    last, feedback = selectors.feedback_for(second)
    assert last == first and {row.state for row in feedback} == {CaseState.DISPATCHED, CaseState.REJECTED}
    assert DocumentTemplate.objects.filter(name__in=["议事会通知", "议事会纪要"]).count() == 2
    call_command("seed_demo")
    assert Meeting.objects.count() == 2
