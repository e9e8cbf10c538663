"""Who may act: departments keep to their own cases; the A post claims first, the B post after the window."""
from datetime import timedelta

import pytest

from cases import clock
from cases import workflow as wf
from cases.constants import CaseState as S
from cases.models import Case
from cases.permissions import can_view
from cases.selectors import cases_visible_to, my_open_cases
from cases.tick import tick
from organisation.constants import StaffRole
from tests.factories import CASE_PATHS, make_member, walk_case

pytestmark = pytest.mark.django_db


def dispatched_to(world, department):
    case = walk_case(world, world.new_case(), ["accept"])
    return wf.case_dispatch(case=case, to=department, by=world.dispatcher)


def test_a_handler_of_another_department_can_neither_claim_nor_resolve_the_case(case_world):
    w = case_world
    case = dispatched_to(w, w.team_a)
    for attempt in (lambda: wf.case_claim(case=case, by=w.handler_b),
                    lambda: wf.case_return(case=case, by=w.handler_b, reason="不是我们的")):
        with pytest.raises(wf.CaseActionError) as refused:
            attempt()
        assert refused.value.code == "forbidden"
    case = wf.case_claim(case=case, by=w.post_a)
    with pytest.raises(wf.CaseActionError) as refused:
        wf.case_resolve(case=case, by=w.handler_b, result="已修复")
    assert refused.value.code == "forbidden"
    assert Case.objects.get(pk=case.pk).state == S.CLAIMED


def test_the_a_post_claims_first_and_the_b_post_only_after_the_claim_window(case_world):
    w = case_world
    case = dispatched_to(w, w.team_a)
    with pytest.raises(wf.CaseActionError) as refused:
        wf.case_claim(case=case, by=w.post_b)
    assert refused.value.code == "forbidden"

    clock.travel(timedelta(hours=w.team_a.claim_window_hours, minutes=1))
    assert tick().offered_to_b == 1
    case = Case.objects.get(pk=case.pk)
    assert case.offered_to_b_at is not None
    assert case.events.last().transition == "offered_b"
    case = wf.case_claim(case=case, by=w.post_b)
    assert (case.state, case.handler) == (S.CLAIMED, w.post_b)


def test_the_a_post_may_still_claim_after_the_window_and_then_the_b_post_may_not(case_world):
    w = case_world
    case = dispatched_to(w, w.team_a)
    clock.travel(timedelta(hours=5))
    tick()
    wf.case_claim(case=case, by=w.post_a)
    with pytest.raises(wf.CaseChanged):
        wf.case_claim(case=case, by=w.post_b)


def test_the_b_post_may_claim_once_the_window_has_passed_even_before_the_sweep_runs(case_world):
    w = case_world
    case = dispatched_to(w, w.team_a)
    clock.travel(timedelta(hours=w.team_a.claim_window_hours))
    assert wf.case_claim(case=case, by=w.post_b).handler == w.post_b


def test_in_a_team_without_posts_any_member_may_claim(case_world):
    w = case_world
    team = w.team_b
    team.posts.all().delete()
    member = make_member(StaffRole.HANDLER, department=team, username="member_b")
    case = dispatched_to(w, team)
    assert wf.case_claim(case=case, by=member).handler == member


def test_only_the_handler_who_claimed_consults_and_resolves(case_world):
    w = case_world
    case = walk_case(w, w.new_case(), CASE_PATHS["claimed"])
    for other in (w.post_b, w.dispatcher, w.supervisor):
        with pytest.raises(wf.CaseActionError):
            wf.case_resolve(case=case, by=other, result="已修复")
    # a handler who has left the department no longer acts on the case they claimed
    w.post_a.memberships.all().delete()
    leaver = type(w.post_a).objects.get(pk=w.post_a.pk)
    with pytest.raises(wf.CaseActionError) as refused:
        wf.case_resolve(case=case, by=leaver, result="已修复")
    assert refused.value.code == "forbidden"


def test_a_superuser_may_act_like_any_staff_member(case_world, django_user_model):
    w = case_world
    root = django_user_model.objects.create_superuser("root", "root@example.invalid", "pw-test-123")
    case = walk_case(w, w.new_case(), ["accept", "dispatch"])
    case = wf.case_claim(case=case, by=root)
    assert wf.case_resolve(case=case, by=root, result="已修复").state == S.RESOLVED


def test_staff_see_their_region_subtree_and_their_department(case_world):
    w = case_world
    in_grid1 = walk_case(w, w.new_case(region=w.grid1), ["accept"])
    in_grid2 = w.new_case(region=w.grid2)
    to_team_b = dispatched_to(w, w.team_b)  # located in grid 1, handled by team B
    visible = {user.username: set(cases_visible_to(user).values_list("pk", flat=True))
               for user in (w.grid_dispatcher, w.dispatcher, w.handler_b, w.post_a)}
    assert visible["grid_dispatcher"] == {in_grid1.pk, to_team_b.pk}
    assert visible["dispatcher"] == {in_grid1.pk, in_grid2.pk, to_team_b.pk}
    assert visible["handler_b"] == {to_team_b.pk}
    assert visible["post_a"] == set()
    for user, pks in ((w.handler_b, visible["handler_b"]), (w.dispatcher, visible["dispatcher"])):
        for case in (in_grid1, in_grid2, to_team_b):
            assert can_view(case, user) == (case.pk in pks)
    assert set(my_open_cases(w.handler_b).values_list("pk", flat=True)) == {to_team_b.pk}
