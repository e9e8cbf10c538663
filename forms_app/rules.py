"""Show-when rules (XLSForm's ``relevant``), evaluated the same way on the server as in the browser.

A rule on a question hides that question; a rule on a section heading hides
the section up to the next heading or step; a rule on a page break hides the
whole step. A question whose controlling question is hidden is hidden too.
"""
from dataclasses import dataclass, field

from .constants import DISPLAY_ONLY_TYPES, FieldType, RuleOperator

TRUE_WORDS = {"on", "true", "1", "yes", "是", "同意"}


@dataclass
class Step:
    number: int
    title: str
    items: list = field(default_factory=list)  # FormField objects, in order

    @property
    def input_items(self):
        return [f for f in self.items if f.field_type not in DISPLAY_ONLY_TYPES]


def split_steps(fields, default_title=""):
    """Page breaks split the questions into steps; the break's label titles the next step."""
    steps = [Step(1, default_title)]
    for f in fields:
        if f.field_type == FieldType.PAGE_BREAK:
            steps.append(Step(len(steps) + 1, f.label))
            steps[-1].items.append(f)
        else:
            steps[-1].items.append(f)
    return _drop_empty_steps(steps, default_title)


def _drop_empty_steps(steps, default_title):
    """A step without questions is no step: its text joins the next step, and steps are renumbered.

    The numbers must stay 1..n without gaps because ``?step=`` and ``_step`` index them.
    """
    kept, carry = [], []
    for step in steps:
        if step.input_items:
            step.items = carry + step.items
            carry = []
            kept.append(step)
        else:
            carry += [f for f in step.items if f.field_type != FieldType.PAGE_BREAK]
    if not kept:
        return [Step(1, default_title, carry)]
    kept[-1].items += carry
    for number, step in enumerate(kept, start=1):
        step.number = number
    return kept


def as_values(answer):
    """Any answer as a list of strings, the form the rules compare."""
    if answer is None or answer is False:
        return []
    if answer is True:
        return ["true"]
    if isinstance(answer, (list, tuple)):
        return [str(v) for v in answer if v not in (None, "")]
    text = str(answer)
    return [text] if text != "" else []


def rule_met(operator, target, values):
    target = (target or "").strip()
    if operator == RuleOperator.ANSWERED:
        return any(v.strip() for v in values)
    if operator == RuleOperator.CONTAINS:
        return any(target == v or (target and target in v) for v in values)
    equal = len(values) == 1 and (
        values[0] == target or (target.lower() in TRUE_WORDS and values[0].lower() in TRUE_WORDS)
    )
    if operator == RuleOperator.NOT_EQUALS:
        return not equal
    return equal


def hidden_field_ids(fields, answers):
    """The ids of every field (input or display) that the rules hide, given ``answers``.

    ``answers`` maps field id to a raw or cleaned answer; fields must be in form order.
    """
    hidden = set()
    step_visible = section_visible = True
    for f in fields:
        own = True
        if f.show_when_field:
            controller = f.show_when_field
            own = controller not in hidden and rule_met(
                f.show_when_operator, f.show_when_value, as_values(answers.get(controller))
            )
        if f.field_type == FieldType.PAGE_BREAK:
            step_visible = section_visible = own
            visible = own
        elif f.field_type == FieldType.SECTION:
            section_visible = step_visible and own
            visible = section_visible
        else:
            visible = section_visible and own
        if not visible:
            hidden.add(f.field_id)
    return hidden
