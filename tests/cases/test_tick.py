"""The periodic sweep: overdue cases raised to supervisors once, B-post offers, auto-evaluation; idempotent."""
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from cases import clock
from cases import workflow as wf
from cases.constants import CaseState as S
from cases.models import Case
from cases.tick import tick, tick_cases
from organisation.constants import StaffRole
from tests.factories import make_member, walk_case

pytestmark = pytest.mark.django_db


def dispatched(world, due_hours):
    with TestCase.captureOnCommitCallbacks(execute=True):  # its notices are sent, as after a real commit
        case = walk_case(world, world.new_case(), ["accept"])
        return wf.case_dispatch(case=case, to=world.team_a, by=world.dispatcher, due_hours=due_hours)


def test_an_overdue_case_is_raised_to_its_supervisors_once(case_world, django_capture_on_commit_callbacks):
    w = case_world
    # neither a supervisor elsewhere who is a dispatcher here, nor a handler, hears about it
    elsewhere = make_member(StaffRole.SUPERVISOR, region=w.grid2, username="supervisor_g2")
    from organisation.models import StaffMembership

    StaffMembership.objects.create(user=elsewhere, role=StaffRole.DISPATCHER, region=w.community)
    late, on_time = dispatched(w, 2), dispatched(w, 48)
    clock.travel(timedelta(hours=2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = tick()
    assert (result.overdue, result.offered_to_b, result.auto_evaluated) == (1, 0, 0)
    late = Case.objects.get(pk=late.pk)
    assert late.overdue_notified_at is not None
    assert late.events.last().transition == "overdue" and late.events.last().public is False
    assert Case.objects.get(pk=on_time.pk).overdue_notified_at is None
    assert [sorted(m.to) for m in mail.outbox] == [["county_supervisor@example.invalid", "supervisor@example.invalid"]]
    assert late.reference in mail.outbox[0].subject

    events = late.events.count()
    with django_capture_on_commit_callbacks(execute=True):
        again = tick()
    assert (again.overdue, again.offered_to_b, again.auto_evaluated) == (0, 0, 0)
    assert late.events.count() == events
    assert len(mail.outbox) == 1


def test_a_reopened_case_can_be_raised_as_overdue_again(case_world):
    w = case_world
    case = walk_case(w, dispatched(w, 2), ["claim", "resolve"])
    clock.travel(timedelta(hours=3))
    assert tick().overdue == 0  # a resolved case is no longer open, so it is never overdue
    case = wf.case_reopen(case=case, by=w.supervisor, reason="核查未通过")
    clock.travel(timedelta(hours=w.category.deadline_hours))
    assert tick().overdue == 1
    assert tick().overdue == 0


def test_an_unclaimed_case_is_offered_to_the_b_post_once_after_the_claim_window(case_world):
    w = case_world
    case = dispatched(w, 48)
    clock.travel(timedelta(hours=w.team_a.claim_window_hours) - timedelta(minutes=1))
    assert tick().offered_to_b == 0
    clock.travel(timedelta(minutes=1))
    assert tick().offered_to_b == 1
    assert tick().offered_to_b == 0
    assert Case.objects.get(pk=case.pk).events.filter(transition="offered_b").count() == 1


def test_a_claimed_case_or_a_team_without_a_b_post_is_not_offered(case_world):
    w = case_world
    claimed = wf.case_claim(case=dispatched(w, 48), by=w.post_a)
    to_team_b = wf.case_dispatch(case=walk_case(w, w.new_case(), ["accept"]), to=w.team_b, by=w.dispatcher)
    clock.travel(timedelta(hours=24))
    assert tick().offered_to_b == 0
    assert Case.objects.filter(pk__in=[claimed.pk, to_team_b.pk], offered_to_b_at__isnull=False).count() == 0


def test_a_resolved_case_the_resident_leaves_unrated_is_evaluated_automatically_after_n_days(case_world, settings):
    settings.CASE_AUTO_EVALUATE_DAYS = 3
    w = case_world
    silent = walk_case(w, w.new_case(), ["accept", "dispatch", "claim", "resolve"])
    clock.travel(timedelta(days=2))
    recent = walk_case(w, w.new_case(), ["accept", "dispatch", "claim", "resolve"])
    clock.travel(timedelta(days=1, seconds=1))
    assert tick().auto_evaluated == 1
    silent = Case.objects.get(pk=silent.pk)
    assert (silent.state, silent.rating) == (S.EVALUATED, None)
    assert silent.events.last().transition == "auto_evaluate"
    assert Case.objects.get(pk=recent.pk).state == S.RESOLVED
    assert tick().auto_evaluated == 0


def test_the_management_command_prints_what_it_did(case_world):
    dispatched(case_world, 1)
    clock.travel(timedelta(hours=5))
    out = io.StringIO()
    call_command("cases_tick", stdout=out)
    assert out.getvalue().strip() == ("overdue: 1, offered to B post: 1, auto-evaluated: 0, "
                                      "tasks of dead workers queued again: 0, unsent notices queued again: 0, "
                                      "anonymised: 0, co-units' parts overdue: 0, documents re-queued: 0, "
                                      "tasks overdue: 0, small wishes anonymised: 0, star households conferred: 0, "
                                      "red and black list entries withdrawn: 0, statistics months built: 1")
    out = io.StringIO()
    call_command("cases_tick", stdout=out)
    assert out.getvalue().strip() == ("overdue: 0, offered to B post: 0, auto-evaluated: 0, "
                                      "tasks of dead workers queued again: 0, unsent notices queued again: 0, "
                                      "anonymised: 0, co-units' parts overdue: 0, documents re-queued: 0, "
                                      "tasks overdue: 0, small wishes anonymised: 0, star households conferred: 0, "
                                      "red and black list entries withdrawn: 0, statistics months built: 0")


def test_the_background_task_runs_the_sweep(case_world):
    dispatched(case_world, 1)
    clock.travel(timedelta(hours=2))
    result = tick_cases.enqueue()
    assert result.return_value == {"overdue": 1, "offered_to_b": 0, "auto_evaluated": 0, "tasks_reclaimed": 0,
                                   "notices_requeued": 0, "anonymised": 0, "parts_overdue": 0, "documents_requeued": 0,
                                   "tasks_overdue": 0, "wishes_anonymised": 0, "honours_withdrawn": 0,
                                   "stars_conferred": 0, "statistics_months": 1}
