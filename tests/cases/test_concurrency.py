"""Two people act on one case at the same moment: exactly one wins, the other is told the case changed.

Real threads on real connections: PostgreSQL serialises them on the row lock (SELECT … FOR UPDATE);
SQLite on its write lock, taken up front by the IMMEDIATE transactions the settings ask for.
"""
from datetime import timedelta

import pytest

from cases import clock
from cases import workflow as wf
from cases.constants import CaseState as S
from cases.models import Case
from tests.factories import make_case_world, threads, walk_case

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def at_once(*actions):
    return threads.at_once(*actions, refusal=wf.CaseActionError)


def assert_one_won(case, done, refused, events_before):
    assert len(done) == 1, (done, refused)
    assert len(refused) == 1 and refused[0].code in ("changed", "not_allowed"), refused
    stored = Case.objects.get(pk=case.pk)
    assert stored.state == done[0].state
    assert stored.events.count() == events_before + 1
    return stored


def test_two_dispatchers_deciding_a_new_case_at_once_one_wins():
    w = make_case_world()
    case = w.new_case()
    done, refused = at_once(
        lambda: wf.case_accept(case=case, by=w.dispatcher),
        lambda: wf.case_reject(case=case, by=w.county_dispatcher, reason="重复报单"),
    )
    stored = assert_one_won(case, done, refused, events_before=1)
    assert stored.state in (S.ACCEPTED, S.REJECTED)


def test_the_a_and_b_posts_claiming_at_once_one_gets_the_case():
    w = make_case_world()
    case = walk_case(w, w.new_case(), ["accept", "dispatch"])
    clock.travel(timedelta(hours=w.team_a.claim_window_hours))
    events = case.events.count()
    done, refused = at_once(
        lambda: wf.case_claim(case=case, by=w.post_a),
        lambda: wf.case_claim(case=case, by=w.post_b),
    )
    stored = assert_one_won(case, done, refused, events)
    assert refused[0].code == "changed"
    assert stored.handler_id == done[0].handler_id


def test_resolving_while_the_team_returns_the_case_one_wins():
    w = make_case_world()
    case = walk_case(w, w.new_case(), ["accept", "dispatch", "claim"])
    events = case.events.count()
    done, refused = at_once(
        lambda: wf.case_resolve(case=case, by=w.post_a, result="已修复"),
        lambda: wf.case_return(case=case, by=w.post_b, reason="不属本部门"),
    )
    assert_one_won(case, done, refused, events)


def test_the_same_resident_evaluating_twice_at_once_is_counted_once():
    w = make_case_world()
    case = walk_case(w, w.new_case(), ["accept", "dispatch", "claim", "resolve"])
    events = case.events.count()
    done, refused = at_once(
        lambda: wf.case_evaluate(token=case.tracking_token, rating=5),
        lambda: wf.case_evaluate(token=case.tracking_token, rating=4),
    )
    stored = assert_one_won(case, done, refused, events)
    assert stored.rating == done[0].rating


def test_two_members_of_a_co_unit_claiming_its_part_at_once_one_gets_it():
    """协办: the part's claim queues on the case's row lock; the second is told who has it, and nothing changes."""
    from cases import parts
    from cases.constants import PartState
    from cases.models import CasePart
    from organisation.constants import StaffRole
    from tests.factories import make_joint_case, make_member

    w = make_case_world()
    second = make_member(StaffRole.HANDLER, department=w.team_b, username="team_b_second")
    case, part = make_joint_case(w, state="claimed")
    events = case.events.count()
    done, refused = at_once(
        lambda: parts.part_claim(part=part, by=w.handler_b),
        lambda: parts.part_claim(part=part, by=second),
    )
    assert len(done) == 1 and len(refused) == 1, (done, refused)
    assert refused[0].code in ("changed", "not_allowed"), refused[0].message
    stored = CasePart.objects.get(pk=part.pk)
    assert stored.state == PartState.CLAIMED and stored.claimed_by_id == done[0].claimed_by_id
    assert Case.objects.get(pk=case.pk).events.count() == events + 1
