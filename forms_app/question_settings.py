"""Which settings each question type uses: the editor shows only those, and the rest are kept at their defaults.

One table, read three ways: the page editor's script hides and shows the settings as the type changes
(``editor_config``, handed to ``static/forms_app/editor.js``), the question model resets the settings its type
does not use when it is cleaned (so a hidden 分值 is never required and never stale), and the page form
forgives errors on settings its editor could not see.
"""
from django.utils.translation import gettext as _

from .constants import CHOICE_TYPES, DISPLAY_ONLY_TYPES, LIKERT_CHOICES, CheckupAnswer, FieldType

TEXT_TYPES = {FieldType.SINGLELINE, FieldType.MULTILINE}
INPUT_TYPES = set(FieldType) - DISPLAY_ONLY_TYPES

# Setting (a FormField attribute) -> the types that use it. Settings not named here apply to every type
# (label, type, help text and the show-when rule).
USED_BY = {
    "required": INPUT_TYPES - {FieldType.CONSENT},  # a consent must always be given
    "personal": INPUT_TYPES - {FieldType.MOBILE, FieldType.ID_NUMBER},  # those are always personal
    "choices": CHOICE_TYPES,
    "allow_other": CHOICE_TYPES,
    "default_value": TEXT_TYPES | CHOICE_TYPES | {
        FieldType.EMAIL, FieldType.NUMBER, FieldType.URL, FieldType.DATE, FieldType.DATETIME, FieldType.HIDDEN,
        FieldType.CHECKBOX},
    "placeholder": TEXT_TYPES | {FieldType.EMAIL, FieldType.NUMBER, FieldType.URL, FieldType.MOBILE,
                                 FieldType.ID_NUMBER},
    "min_value": {FieldType.NUMBER},
    "max_value": {FieldType.NUMBER},
    "unit": {FieldType.NUMBER},
    "min_length": TEXT_TYPES,
    "max_length": TEXT_TYPES,
    "pattern": TEXT_TYPES,
    "pattern_message": TEXT_TYPES,
    "max_upload_mb": {FieldType.FILE},
    "upload_types": {FieldType.FILE},
    "weight": {FieldType.CHECKUP_ITEM},
}


def unused_settings(field_type):
    """The settings a question of this type does not use (none for an unknown type: nothing is reset)."""
    if field_type not in FieldType.values:
        return []
    return [name for name, types in USED_BY.items() if field_type not in types]


def split_choices(text):
    """An editor's choices as Wagtail reads them: one per line, or comma-separated on a single line."""
    lines = (text or "").strip().splitlines()
    if len(lines) > 1:
        return [line.strip().rstrip(",").strip() for line in lines if line.strip()]
    return [c.strip() for c in (text or "").split(",") if c.strip()]


def fixed_answers():
    """The answers of types whose choices are built in, as (value, label): a rule compares with these values."""
    return {
        FieldType.RATING: [(str(i), str(i)) for i in range(1, 6)],
        FieldType.LIKERT: [(value, str(label)) for value, label in LIKERT_CHOICES],
        FieldType.CHECKUP_ITEM: [(value, str(label)) for value, label in CheckupAnswer.choices],
        FieldType.CHECKBOX: [("true", _("ticked"))],
        FieldType.CONSENT: [("true", _("ticked"))],
    }


def answer_values(field_type, choices):
    """The values a rule on a question may compare with, or None where any text will do."""
    if field_type in CHOICE_TYPES:
        return split_choices(choices)
    fixed = fixed_answers().get(field_type)
    return [value for value, _label in fixed] if fixed else None


def editor_config():
    """What the editor's script needs, as plain JSON: the table above and the built-in answers."""
    return {
        "usedBy": {name: sorted(types) for name, types in USED_BY.items()},
        "displayOnly": sorted(DISPLAY_ONLY_TYPES),
        "choiceTypes": sorted(CHOICE_TYPES),
        "fixedAnswers": fixed_answers(),
        "strings": {
            "always": _("Always show"),
            "notEarlier": _("(not an earlier question)"),
            "choose": _("Choose a value"),
        },
    }
