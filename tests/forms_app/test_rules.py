"""Show-when rules and steps, evaluated on the server as the browser does."""
import pytest

from forms_app.constants import FieldType, RuleOperator
from forms_app.rules import as_values, hidden_field_ids, rule_met, split_steps
from tests.factories import field


def spec(label, field_type=FieldType.SINGLELINE, **extra):
    f = field(label, field_type, **extra)
    f.clean_name = label
    return f


def test_equals_compares_the_whole_answer():
    assert rule_met(RuleOperator.EQUALS, "yes", ["yes"])
    assert not rule_met(RuleOperator.EQUALS, "yes", ["yesterday"])
    assert not rule_met(RuleOperator.EQUALS, "yes", [])


def test_a_ticked_checkbox_equals_any_true_word():
    assert rule_met(RuleOperator.EQUALS, "是", as_values(True))
    assert rule_met(RuleOperator.EQUALS, "true", ["on"])
    assert not rule_met(RuleOperator.EQUALS, "是", as_values(False))


def test_contains_matches_one_of_several_choices():
    assert rule_met(RuleOperator.CONTAINS, "water", ["power", "water"])
    assert not rule_met(RuleOperator.CONTAINS, "gas", ["power", "water"])


def test_not_equals_and_answered():
    assert rule_met(RuleOperator.NOT_EQUALS, "no", ["yes"])
    assert rule_met(RuleOperator.NOT_EQUALS, "no", [])
    assert rule_met(RuleOperator.ANSWERED, "", ["x"])
    assert not rule_met(RuleOperator.ANSWERED, "", [" "])


def test_a_question_is_hidden_when_its_rule_is_not_met():
    fields = [spec("visit"), spec("when", show_when_field="visit", show_when_value="yes")]
    assert hidden_field_ids(fields, {"visit": "no"}) == {"when"}
    assert hidden_field_ids(fields, {"visit": "yes"}) == set()


def test_a_section_rule_hides_every_question_up_to_the_next_section():
    fields = [
        spec("visit"),
        spec("S", FieldType.SECTION, show_when_field="visit", show_when_value="yes"),
        spec("a"),
        spec("b"),
        spec("T", FieldType.SECTION),
        spec("c"),
    ]
    assert hidden_field_ids(fields, {"visit": "no"}) == {"S", "a", "b"}


def test_a_page_break_rule_hides_the_whole_step_including_its_sections():
    fields = [
        spec("visit"),
        spec("P", FieldType.PAGE_BREAK, show_when_field="visit", show_when_value="yes"),
        spec("a"),
        spec("S", FieldType.SECTION),
        spec("b"),
        spec("Q", FieldType.PAGE_BREAK),
        spec("c"),
    ]
    assert hidden_field_ids(fields, {"visit": "no"}) == {"P", "a", "S", "b"}


def test_a_question_controlled_by_a_hidden_question_is_hidden_too():
    fields = [
        spec("visit"),
        spec("when", show_when_field="visit", show_when_value="yes"),
        spec("where", show_when_field="when", show_when_operator=RuleOperator.ANSWERED),
    ]
    assert hidden_field_ids(fields, {"visit": "no", "when": "today"}) == {"when", "where"}


def test_page_breaks_split_steps_titled_by_the_break():
    fields = [spec("a"), spec("Second", FieldType.PAGE_BREAK), spec("b")]
    steps = split_steps(fields, default_title="Form")
    assert [(s.number, s.title, [f.label for f in s.input_items]) for s in steps] == [
        (1, "Form", ["a"]),
        (2, "Second", ["b"]),
    ]


def test_a_step_without_questions_is_dropped_and_steps_are_numbered_without_gaps():
    fields = [
        spec("a"),
        spec("Empty", FieldType.PAGE_BREAK),
        spec("note", FieldType.TEXT),
        spec("Third", FieldType.PAGE_BREAK),
        spec("b"),
        spec("Trailing", FieldType.PAGE_BREAK),
    ]
    steps = split_steps(fields)
    assert [s.number for s in steps] == [1, 2]
    assert [f.label for f in steps[1].items] == ["note", "Third", "b"]


def test_a_form_starting_with_a_page_break_has_no_empty_first_step():
    steps = split_steps([spec("Start", FieldType.PAGE_BREAK), spec("a")], default_title="Form")
    assert [(s.number, s.title) for s in steps] == [(1, "Start")]


def test_a_form_without_questions_still_has_one_step():
    steps = split_steps([spec("note", FieldType.TEXT)], default_title="Form")
    assert len(steps) == 1 and steps[0].number == 1


@pytest.mark.parametrize("answer, expected", [(None, []), ("", []), (3, ["3"]), (["a", "", None], ["a"])])
def test_any_answer_reads_as_a_list_of_strings(answer, expected):
    assert as_values(answer) == expected
