"""Every (state, transition) pair of the case machine, through the services, by the right and the wrong people.

The expected table is written out here from DESIGN.md, not read from the model, so the model is checked
against the design rather than against itself; tests/cases/test_machine.py checks the transition table
(cases.machine) against this one.
"""
import pytest

from cases import machine, parts, parts_machine
from cases import workflow as wf
from cases.constants import CaseState as S
from cases.constants import PartState as P
from cases.models import Case, CasePart
from organisation.constants import StaffRole
from tests.factories import CASE_PATHS, make_joint_case, make_member, walk_case

pytestmark = pytest.mark.django_db

# transition → (who may take it, the service call)
ACTIONS = {
    "accept": ("dispatcher", lambda w, c, by: wf.case_accept(case=c, by=by)),
    "reject": ("dispatcher", lambda w, c, by: wf.case_reject(case=c, by=by, reason="私事自己办")),
    "dispatch": ("dispatcher", lambda w, c, by: wf.case_dispatch(case=c, to=w.team_a, by=by)),
    "add_part": ("dispatcher", lambda w, c, by: wf.case_add_part(case=c, to=w.team_b, by=by)),
    "close_with_advice": ("dispatcher", lambda w, c, by: wf.case_close_with_advice(case=c, by=by, advice="请自行协商")),
    "claim": ("handler", lambda w, c, by: wf.case_claim(case=c, by=by)),
    "return_case": ("handler", lambda w, c, by: wf.case_return(case=c, by=by, reason="不属本部门职责")),
    "escalate": ("dispatcher", lambda w, c, by: wf.case_escalate(case=c, by=by, reason="需要上级协调")),
    "consult": ("handler", lambda w, c, by: wf.case_consult(case=c, by=by, participants=["物业"], topic="费用")),
    "end_consultation": ("handler", lambda w, c, by: wf.case_end_consultation(case=c, by=by, minutes="达成一致")),
    "resolve": ("handler", lambda w, c, by: wf.case_resolve(case=c, by=by, result="已修复")),
    "evaluate": ("resident", lambda w, c, by: wf.case_evaluate(token=c.tracking_token, rating=5)),
    "record_callback": ("dispatcher", lambda w, c, by: wf.case_record_callback(case=c, by=by, rating=4,
                                                                              note="电话回访：居民表示满意")),
    "auto_evaluate": ("system", lambda w, c, by: wf.case_auto_evaluate(case=c)),
    "file_record": ("system", lambda w, c, by: wf.case_file_record(case=c)),
    "reopen": ("supervisor", lambda w, c, by: wf.case_reopen(case=c, by=by, reason="核查未通过")),
    "urge": ("supervisor", lambda w, c, by: wf.case_urge(case=c, by=by, note="请尽快处理")),
    "archive": ("supervisor", lambda w, c, by: wf.case_archive(case=c, by=by)),
}

# state → {transition: state after}
ALLOWED = {
    S.SUBMITTED: {"accept": S.ACCEPTED, "reject": S.REJECTED, "file_record": S.ARCHIVED, "urge": S.SUBMITTED},
    S.ACCEPTED: {"reject": S.REJECTED, "dispatch": S.DISPATCHED, "escalate": S.ACCEPTED,
                 "close_with_advice": S.RESOLVED, "urge": S.ACCEPTED},
    S.REJECTED: {"archive": S.ARCHIVED},
    S.DISPATCHED: {"claim": S.CLAIMED, "return_case": S.ACCEPTED, "escalate": S.ACCEPTED, "urge": S.DISPATCHED,
                   "add_part": S.DISPATCHED},
    S.CLAIMED: {"return_case": S.ACCEPTED, "escalate": S.ACCEPTED, "consult": S.CONSULTING, "resolve": S.RESOLVED,
                "urge": S.CLAIMED, "add_part": S.CLAIMED},
    S.CONSULTING: {"end_consultation": S.CLAIMED, "resolve": S.RESOLVED, "urge": S.CONSULTING,
                   "add_part": S.CONSULTING},
    S.RESOLVED: {"evaluate": S.EVALUATED, "record_callback": S.EVALUATED, "auto_evaluate": S.EVALUATED,
                 "reopen": S.DISPATCHED, "urge": S.RESOLVED},
    S.EVALUATED: {"reopen": S.DISPATCHED, "archive": S.ARCHIVED},
    S.ARCHIVED: {},
}

STAFF_ROLES = ("dispatcher", "handler", "supervisor")


def person(world, role):
    return {"dispatcher": world.dispatcher, "handler": world.post_a, "supervisor": world.supervisor}.get(role)


def wrong_people(world, transition):
    """Staff who must be refused a transition the state allows: other roles, and the other department's handler."""
    role = ACTIONS[transition][0]
    if role not in STAFF_ROLES:
        return []
    others = [person(world, r) for r in STAFF_ROLES if r != role]
    if transition == "escalate":  # the case's own team may escalate too; the supervisor may not
        others = [world.supervisor]
    if transition == "record_callback":  # 回访: the supervisor may too; the handler who resolved it may not
        others = [world.post_a, world.post_b]
    if role == "handler" and transition != "return_case":  # any of the team may return; only the A post claims
        others.append(world.post_b)
    return [*others, world.handler_b]


def snapshot(case):
    """Everything stored about the case, and how many events it has."""
    fresh = Case.objects.get(pk=case.pk)
    return {f.attname: getattr(fresh, f.attname) for f in Case._meta.concrete_fields}, fresh.events.count()


def build(world, state, transition):
    # 私事自己办 is closed with advice: that needs a private matter
    triage = "private" if transition == "close_with_advice" else ""
    return walk_case(world, world.new_case(triage=triage), CASE_PATHS[state])


def test_the_table_names_every_state_and_every_transition_service():
    assert set(ALLOWED) == set(S.values)
    assert {t for allowed in ALLOWED.values() for t in allowed} <= set(ACTIONS)
    assert set(ACTIONS) == set(machine.TRANSITIONS)  # the machine's table (cases.machine) has no other verbs


@pytest.mark.parametrize("state", list(S.values))
def test_every_transition_from_each_state_succeeds_for_the_right_person_or_is_refused_without_a_trace(
    state, case_world, subtests
):
    world = case_world
    refused_case = None
    for transition, (role, act) in ACTIONS.items():
        with subtests.test(state=state, transition=transition):
            by = person(world, role)
            if transition not in ALLOWED[state]:
                refused_case = refused_case or build(world, state, transition)
                assert refused_case.state == state
                before = snapshot(refused_case)
                with pytest.raises(wf.CaseActionError) as refused:
                    act(world, refused_case, by)
                assert refused.value.code == "not_allowed", refused.value.message
                assert snapshot(refused_case) == before
                continue

            case = build(world, state, transition)
            assert case.state == state
            before = snapshot(case)
            for wrong in wrong_people(world, transition):
                with pytest.raises(wf.CaseActionError) as refused:
                    act(world, case, wrong)
                assert refused.value.code == "forbidden", (wrong.username, refused.value.message)
                assert snapshot(case) == before, wrong.username
            if role == "resident":
                with pytest.raises(wf.CaseActionError) as refused:
                    wf.case_evaluate(token="not-the-token", rating=5)
                assert refused.value.code == "not_found"
                assert snapshot(case) == before

            act(world, case, by)
            after = Case.objects.get(pk=case.pk)
            assert after.state == ALLOWED[state][transition]
            assert after.events.count() == before[1] + 1
            last = after.events.last()
            assert (last.transition, last.from_state, last.to_state) == (transition, state, after.state)
            assert last.actor_id == (by.pk if by else None)


def test_a_transition_the_state_allows_is_refused_when_its_condition_fails(case_world):
    """Closing with advice is only for private matters; escalation stops at the county."""
    case = walk_case(case_world, case_world.new_case(triage="major"), ["accept"])
    before = snapshot(case)
    with pytest.raises(wf.CaseActionError) as refused:
        wf.case_close_with_advice(case=case, by=case_world.dispatcher, advice="请自行协商")
    assert refused.value.code == "not_allowed"
    assert snapshot(case) == before


def test_an_anonymous_or_inactive_user_is_refused_everything(case_world):
    from django.contrib.auth.models import AnonymousUser

    case = walk_case(case_world, case_world.new_case(), CASE_PATHS["claimed"])
    before = snapshot(case)
    case_world.post_a.is_active = False
    case_world.post_a.save()
    for by in (AnonymousUser(), None, type(case_world.post_a).objects.get(pk=case_world.post_a.pk)):
        with pytest.raises(wf.CaseActionError) as refused:
            wf.case_resolve(case=case, by=by, result="已修复")
        assert refused.value.code == "forbidden"
    assert snapshot(case) == before


# -- 协办: the part machine (cases.parts_machine), every (part state, part transition) by the right and wrong people --

# part transition → (who may take it, the service call)
PART_ACTIONS = {
    "claim_part": ("co-unit member", lambda w, p, by: parts.part_claim(part=p, by=by)),
    "report_part": ("who claimed it", lambda w, p, by: parts.part_report(part=p, by=by, result="已组织调解")),
    "waive_part": ("dispatcher", lambda w, p, by: parts.part_waive(part=p, by=by, reason="无需协办")),
}

# part state → {part transition: part state after}
PART_ALLOWED = {
    P.DISPATCHED: {"claim_part": P.CLAIMED, "waive_part": P.WAIVED},
    P.CLAIMED: {"report_part": P.REPORTED, "waive_part": P.WAIVED},
    P.REPORTED: {},
    P.WAIVED: {},
}


@pytest.fixture
def joint_world(case_world):
    """Team B helps team A; team B has a second member, and a third team stands by."""
    world = case_world
    world.team_b_second = make_member(StaffRole.HANDLER, department=world.team_b, username="team_b_second")
    return world


def part_person(world, transition):
    return {"claim_part": world.handler_b, "report_part": world.handler_b, "waive_part": world.dispatcher}[transition]


def part_wrong_people(world, transition):
    """The lead's handlers may not claim or report a co-unit's part; the co-unit may not waive its own; the
    supervisor does neither; only the one who claimed the part reports it."""
    return {
        "claim_part": [world.post_a, world.dispatcher, world.supervisor],
        "report_part": [world.team_b_second, world.post_a, world.dispatcher, world.supervisor],
        "waive_part": [world.handler_b, world.team_b_second, world.supervisor],
    }[transition]


def part_snapshot(part):
    fresh = CasePart.objects.get(pk=part.pk)
    case = Case.objects.get(pk=part.case_id)
    return ({f.attname: getattr(fresh, f.attname) for f in CasePart._meta.concrete_fields}, case.state,
            case.events.count())


def test_the_part_table_is_the_design_of_the_part_matrix():
    assert set(PART_ALLOWED) == set(P.values)
    assert set(PART_ACTIONS) == set(parts_machine.PART_TRANSITIONS)
    for state, allowed in PART_ALLOWED.items():
        declared = {name: spec.target for name, spec in parts_machine.PART_TRANSITIONS.items() if state in spec.source}
        assert declared == allowed, state


@pytest.mark.parametrize("part_state", list(P.values))
def test_every_part_transition_from_each_part_state_succeeds_for_the_right_person_or_is_refused_without_a_trace(
    part_state, joint_world, subtests
):
    world = joint_world
    for transition, (_who, act) in PART_ACTIONS.items():
        with subtests.test(part_state=part_state, transition=transition):
            case, part = make_joint_case(world, part_state=part_state)
            before = part_snapshot(part)
            if transition not in PART_ALLOWED[part_state]:
                with pytest.raises(wf.CaseActionError) as refused:
                    act(world, part, part_person(world, transition))
                assert refused.value.code == "not_allowed", refused.value.message
                assert part_snapshot(part) == before
                continue
            for wrong in part_wrong_people(world, transition):
                with pytest.raises(wf.CaseActionError) as refused:
                    act(world, part, wrong)
                assert refused.value.code == "forbidden", (wrong.username, refused.value.message)
                assert part_snapshot(part) == before, wrong.username
            by = part_person(world, transition)
            act(world, part, by)
            after = CasePart.objects.get(pk=part.pk)
            assert after.state == PART_ALLOWED[part_state][transition]
            stored = Case.objects.get(pk=case.pk)
            assert stored.state == case.state  # a part's move is not a move of the case
            assert stored.events.count() == before[2] + 1
            last = stored.events.last()
            assert (last.transition, last.actor_id, last.data["department"]) == (transition, by.pk, world.team_b.name)


def test_the_lead_unit_may_waive_a_part_too(joint_world):
    _case, part = make_joint_case(joint_world, part_state="claimed")
    assert parts.part_waive(part=part, by=joint_world.post_b, reason="当事人撤回").state == P.WAIVED


def test_an_outstanding_part_does_not_move_once_the_case_is_closed(joint_world):
    """Returned to the dispatcher and not accepted after all: the co-unit's part stays as it was."""
    world = joint_world
    case, part = make_joint_case(world, part_state="dispatched")
    case = wf.case_return(case=case, by=world.post_a, reason="不属本部门职责")
    wf.case_reject(case=case, by=world.dispatcher, reason="不予受理")
    before = part_snapshot(part)
    with pytest.raises(wf.CaseActionError) as refused:
        parts.part_claim(part=part, by=world.handler_b)
    assert refused.value.code == "not_allowed"
    assert part_snapshot(part) == before
