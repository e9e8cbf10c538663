"""The transition table (cases.machine) is the one description of the case machine: the FSM methods,
the services, the workbench's buttons and forms, and the notices all follow it."""
import pytest
from django_fsm import has_transition_perm

from cases import machine, workflow
from cases.admin.forms import bulk_actions, form_for
from cases.constants import CaseState as S
from cases.constants import NoticeKind
from cases.models import Case
from tests.cases.test_transitions_matrix import ACTIONS, ALLOWED


def fsm_transitions():
    """{method name: {source: target}} as django-fsm registered them on Case."""
    found = {}
    for t in Case._meta.get_field("state").get_all_transitions(Case):
        found.setdefault(t.name, {})[t.source] = t.target
    return found


def test_every_fsm_method_of_the_case_is_a_transition_of_the_table_with_its_sources_and_target():
    registered = fsm_transitions()
    assert set(registered) == set(machine.TRANSITIONS)
    for name, spec in machine.TRANSITIONS.items():
        assert registered[name] == {source: spec.target for source in spec.source}, name


def test_the_table_is_the_design_of_the_matrix_test():
    """What the table allows from each state, and where it leads, is what DESIGN.md says (the matrix test)."""
    assert set(machine.TRANSITIONS) == set(ACTIONS)
    for state, allowed in ALLOWED.items():
        declared = {name: spec.target or state for name, spec in machine.TRANSITIONS.items() if state in spec.source}
        assert declared == allowed, state


def test_the_fsm_asks_the_tables_permission(case_world):
    """For every transition a new case may take, django-fsm's permission is the table's predicate."""
    case = case_world.new_case()
    available = [(name, spec) for name, spec in machine.TRANSITIONS.items() if case.state in spec.source]
    assert len(available) == 4  # accept, reject, urge, file_record
    for name, spec in available:
        method = getattr(case, name)
        for user in (case_world.dispatcher, case_world.handler, case_world.supervisor):
            assert has_transition_perm(method, user) == spec.permission(case, user), (name, user.username)


def test_every_staff_action_has_a_service_a_form_with_its_inputs_and_words_for_the_staff():
    for spec in machine.staff_actions():
        assert callable(getattr(workflow, spec.service_name)), spec.name
        form = form_for(spec.name)()
        assert set(form.fields) == {"expected_state", *(item.field_name for item in spec.inputs)}, spec.name
        for item in spec.inputs:
            assert form.fields[item.field_name].required == bool(item.required), (spec.name, item.name)
        assert str(spec.action) and str(spec.done), spec.name
    assert [name for name, _label in bulk_actions()] == ["accept", "dispatch", "archive"]


def test_the_residents_and_the_systems_transitions_are_no_staff_action():
    assert {t.name for t in machine.TRANSITIONS.values() if not t.action} == {"evaluate", "auto_evaluate",
                                                                               "file_record"}


STAFF_WITH_REQUIRED_INPUTS = [t.name for t in machine.staff_actions() if any(i.required for i in t.inputs)]


@pytest.mark.parametrize("name", STAFF_WITH_REQUIRED_INPUTS)
def test_a_missing_required_input_is_refused_with_the_tables_message(case_world, name):
    spec = machine.TRANSITIONS[name]
    required = [item for item in spec.inputs if item.required]
    service = getattr(workflow, spec.service_name)
    kwargs = {item.name: "" for item in required}
    with pytest.raises(workflow.CaseActionError) as refused:
        service(case=case_world.new_case(), by=case_world.supervisor, **kwargs)
    assert refused.value.code == "missing_input"
    assert refused.value.message in {str(item.required) for item in required}


def test_every_notice_the_table_sends_has_an_audience_and_a_kind():
    sent = {t.notice for t in [*machine.TRANSITIONS.values(), *machine.EVENTS.values()] if t.notice}
    assert sent <= set(NoticeKind.values)
    assert sent == set(machine.RESIDENT_NOTICES) | set(machine.STAFF_NOTICES)


def test_every_line_of_the_history_has_a_label():
    names = [*machine.TRANSITIONS, *machine.EVENTS, "document_issued", "document_revoked"]
    for name in names:
        assert machine.label(name) != name, name
    assert machine.label(S.SUBMITTED) == "submitted"  # an unknown name reads as itself


def test_every_fsm_method_of_a_part_is_a_transition_of_the_part_table_and_each_has_a_service_and_a_form():
    """协办: the co-units' parts follow their own table (cases.parts_machine) as the case follows its."""
    from cases import parts, parts_machine
    from cases.admin.forms import part_form_for
    from cases.models import CasePart

    registered = {}
    for t in CasePart._meta.get_field("state").get_all_transitions(CasePart):
        registered.setdefault(t.name, {})[t.source] = t.target
    assert set(registered) == set(parts_machine.PART_TRANSITIONS)
    for name, spec in parts_machine.PART_TRANSITIONS.items():
        assert registered[name] == {source: spec.target for source in spec.source}, name
        assert callable(getattr(parts, spec.service_name)) and str(spec.action) and str(spec.done), name
        form = part_form_for(name)()
        assert set(form.fields) == {"expected_state", *(item.field_name for item in spec.inputs)}, name
        assert machine.label(name) == spec.label  # the part's lines in the case's history are labelled
    assert machine.label("part_overdue") != "part_overdue"
