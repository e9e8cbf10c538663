"""协办: a case with a lead unit and co-units, each co-unit claiming and reporting its own part.

The lead resolves once every part is in (reported, or waived with a reason); a co-unit sees the case and its
part's light in its queue but acts only on its part. The part machine's every transition is walked in
tests/cases/test_transitions_matrix.py; two members claiming at once in tests/cases/test_concurrency.py.
"""
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from cases import clock, parts
from cases import workflow as wf
from cases.access import relations_to
from cases.constants import CaseState as S
from cases.constants import Light
from cases.constants import PartState as P
from cases.constants import Relation as R
from cases.models import Case, CasePart
from cases.selectors import cases_visible_to, my_open_cases
from cases.tick import tick
from organisation.constants import StaffRole
from tests.factories import make_department, make_joint_case, make_member, walk_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(case_world):
    """Team A leads; team B (handler_b) and a mediation centre (调解中心, mediator) may help."""
    case_world.centre = make_department(case_world.street, code="tjzx", name="调解中心")
    case_world.mediator = make_member(StaffRole.HANDLER, department=case_world.centre, username="mediator")
    return case_world


def test_dispatching_with_co_units_gives_each_its_own_part_deadline_and_history_line(world):
    case = walk_case(world, world.new_case(), ["accept"])
    case = wf.case_dispatch(case=case, to=world.team_a, by=world.dispatcher, due_hours=24,
                            co_units=[world.team_b, world.centre], co_unit_hours=8)
    assert case.state == S.DISPATCHED and case.department == world.team_a
    found = list(case.parts.order_by("pk"))
    assert [(p.department, p.state) for p in found] == [(world.team_b, P.DISPATCHED), (world.centre, P.DISPATCHED)]
    assert all(p.due_at == p.dispatched_at + timedelta(hours=8) for p in found)
    assert found[0].light() == Light.GREEN
    lines = [(e.transition, e.data.get("department")) for e in case.events.order_by("pk")][-3:]
    assert lines == [("dispatch", world.team_a.name), ("add_part", world.team_b.name), ("add_part", world.centre.name)]
    assert case.events.get(transition="dispatch").data["co_units"] == [world.team_b.name, world.centre.name]


def test_a_co_unit_added_later_gets_the_forms_or_categorys_deadline_by_default(world):
    case, part = make_joint_case(world, state="claimed")
    assert part.due_at == part.dispatched_at + timedelta(hours=world.category.deadline_hours)
    assert case.events.last().transition == "add_part" and case.events.last().public is False


def test_the_lead_unit_cannot_be_a_co_unit_nor_can_a_unit_help_twice(world):
    case, _part = make_joint_case(world, state="claimed")
    events = case.events.count()
    for unit, says in [(world.team_a, "牵头单位不能"), (world.team_b, "已在协办")]:
        with pytest.raises(wf.CaseActionError) as refused:
            wf.case_add_part(case=case, to=unit, by=world.dispatcher)
        assert says in refused.value.message and refused.value.code == "invalid_input"
    assert case.events.count() == events and case.parts.count() == 1


def test_resolving_with_parts_outstanding_is_refused_with_a_clear_message(world):
    case, _part = make_joint_case(world, state="claimed", part_state="claimed")
    events = case.events.count()
    with pytest.raises(wf.CaseActionError) as refused:
        wf.case_resolve(case=case, by=world.post_a, result="已解决")
    assert refused.value.code == "not_allowed"
    assert world.team_b.name in refused.value.message and "免除" in refused.value.message  # …or waive a part
    stored = Case.objects.get(pk=case.pk)
    assert stored.state == S.CLAIMED and stored.result == "" and stored.events.count() == events


def test_the_lead_resolves_once_the_part_is_reported(world):
    case, part = make_joint_case(world, state="claimed", part_state="reported")
    assert part.result and part.reported_at is not None
    assert wf.case_resolve(case=case, by=world.post_a, result="双方达成调解协议").state == S.RESOLVED


def test_a_part_reported_twice_gets_a_clear_message_and_changes_nothing(world):
    case, part = make_joint_case(world, part_state="reported")
    events = case.events.count()
    for seen in (P.CLAIMED, None):  # a page left open from before the first report, or the part as it is now
        with pytest.raises(wf.CaseActionError) as refused:
            parts.part_report(part=part, by=world.handler_b, result="又报一次", expected_state=seen)
        assert refused.value.code == "not_allowed" and "未作任何更改" in refused.value.message  # nothing was changed
    stored = CasePart.objects.get(pk=part.pk)
    assert stored.result == "已组织双方调解，达成协议" and Case.objects.get(pk=case.pk).events.count() == events


def test_a_waived_part_lets_the_lead_resolve_and_the_reason_is_kept(world):
    case, part = make_joint_case(world, state="claimed")
    with pytest.raises(wf.CaseActionError) as refused:
        parts.part_waive(part=part, by=world.post_a, reason="  ")
    assert refused.value.code == "missing_input"
    part = parts.part_waive(part=part, by=world.post_a, reason="当事人已撤回调解申请")
    assert (part.state, part.waived_reason) == (P.WAIVED, "当事人已撤回调解申请")
    line = Case.objects.get(pk=case.pk).events.last()
    assert (line.transition, line.note) == ("waive_part", "当事人已撤回调解申请")
    assert wf.case_resolve(case=case, by=world.post_a, result="已解决").state == S.RESOLVED


def test_a_co_unit_member_cannot_resolve_return_or_escalate_the_whole_case(world):
    case, _part = make_joint_case(world, state="claimed", part_state="reported")
    for act in (lambda: wf.case_resolve(case=case, by=world.handler_b, result="已解决"),
                lambda: wf.case_return(case=case, by=world.handler_b, reason="不归我们"),
                lambda: wf.case_escalate(case=case, by=world.handler_b, reason="上报")):
        with pytest.raises(wf.CaseActionError) as refused:
            act()
        assert refused.value.code == "forbidden"
    assert Case.objects.get(pk=case.pk).state == S.CLAIMED


def test_a_dispatcher_may_not_make_a_helping_unit_the_lead(world):
    case, _part = make_joint_case(world, state="claimed")
    case = wf.case_return(case=case, by=world.post_a, reason="应由第二网格牵头")
    with pytest.raises(wf.CaseActionError) as refused:
        wf.case_dispatch(case=case, to=world.team_b, by=world.dispatcher)
    assert "请先免除其协办事项" in refused.value.message  # waive its part first
    assert Case.objects.get(pk=case.pk).state == S.ACCEPTED


def test_the_co_unit_finds_the_case_in_its_queue_until_its_part_is_in(world):
    case, part = make_joint_case(world, state="claimed")
    other = world.new_case()
    assert relations_to(world.handler_b, case) == {R.CO_UNIT}
    assert set(cases_visible_to(world.handler_b)) == {case}
    assert case in my_open_cases(world.handler_b)
    part = parts.part_claim(part=part, by=world.handler_b)
    assert case in my_open_cases(world.handler_b)
    parts.part_report(part=part, by=world.handler_b, result="已调解")
    assert case not in my_open_cases(world.handler_b)
    assert case in cases_visible_to(world.handler_b) and other not in cases_visible_to(world.handler_b)
    assert R.CO_UNIT not in relations_to(world.post_a, case)  # the lead is the lead, not a co-unit


def test_the_listing_shows_the_co_unit_its_parts_light_and_the_lead_the_cases(client, world):
    make_joint_case(world, state="claimed", due_hours=1)
    clock.travel(timedelta(minutes=61))
    client.force_login(world.handler_b)
    page = client.get(reverse("cases_case_modeladmin_index")).content.decode()
    assert 'data-light="red"' in page and f'data-part="{P.DISPATCHED}"' in page
    client.force_login(world.post_a)
    page = client.get(reverse("cases_case_modeladmin_index")).content.decode()
    assert 'data-light="green"' in page and "data-part=" not in page


def test_the_tick_records_an_overdue_part_once_and_tells_the_supervisors(world, django_capture_on_commit_callbacks):
    case, part = make_joint_case(world, state="claimed", due_hours=2)
    clock.travel(timedelta(hours=2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tick().parts_overdue == 1
    assert CasePart.objects.get(pk=part.pk).light() == Light.RED
    line = Case.objects.get(pk=case.pk).events.last()
    assert (line.transition, line.data["department"], line.public) == ("part_overdue", world.team_b.name, False)
    assert any("supervisor@example.invalid" in m.to for m in mail.outbox)
    events = Case.objects.get(pk=case.pk).events.count()
    assert tick().parts_overdue == 0 and Case.objects.get(pk=case.pk).events.count() == events


def test_the_co_unit_is_told_it_is_asked_to_help(world, django_capture_on_commit_callbacks):
    case = walk_case(world, world.new_case(), ["accept"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        wf.case_dispatch(case=case, to=world.team_a, by=world.dispatcher, co_units=[world.centre])
    told = {address for message in mail.outbox for address in message.to}
    assert "mediator@example.invalid" in told and "handler_b@example.invalid" not in told


def test_a_co_unit_claims_and_reports_its_part_on_the_workbench(client, world):
    case, part = make_joint_case(world, state="claimed")
    url = reverse("cases_workbench_case", args=[case.pk])
    client.force_login(world.handler_b)
    page = client.get(url).content.decode()
    assert 'data-part-action="claim_part"' in page and 'data-action="resolve"' not in page
    act = reverse("cases_workbench_part_action", args=[case.pk, part.pk, "claim_part"])
    prefix = f"part{part.pk}"
    assert client.post(act, {f"{prefix}-claim_part-expected_state": P.DISPATCHED}).status_code == 302
    report = reverse("cases_workbench_part_action", args=[case.pk, part.pk, "report_part"])
    missing = client.post(report, {f"{prefix}-report_part-expected_state": P.CLAIMED})
    assert missing.status_code == 400 and CasePart.objects.get(pk=part.pk).state == P.CLAIMED
    done = client.post(report, {f"{prefix}-report_part-expected_state": P.CLAIMED,
                                f"{prefix}-report_part-result": "已组织调解"})
    assert done.status_code == 302 and CasePart.objects.get(pk=part.pk).state == P.REPORTED
    history = client.get(url).content.decode()
    assert "已组织调解" in history and 'data-details="report_part"' in history


def test_a_stranger_cannot_reach_a_part_by_its_address(client, world):
    case, part = make_joint_case(world, state="claimed")
    client.force_login(world.mediator)
    act = reverse("cases_workbench_part_action", args=[case.pk, part.pk, "claim_part"])
    assert client.post(act, {f"part{part.pk}-claim_part-expected_state": P.DISPATCHED}).status_code == 404
    assert CasePart.objects.get(pk=part.pk).state == P.DISPATCHED
