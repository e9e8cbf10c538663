"""The form builder: each field type becomes a Django field with the editor's validation."""
import datetime
from decimal import Decimal

import pytest

from forms_app.builder import OTHER_SUFFIX, OTHER_VALUE, FormBuilder, to_json_value
from forms_app.constants import FieldType
from tests.factories import field, valid_id_number


def build(*fields, data=None, hidden=(), require_mobile=None, regions=None):
    for f in fields:
        f.clean_name = f.label
    form_class = FormBuilder(list(fields), regions=regions).get_form_class()
    return form_class(data, hidden_by_rules=set(hidden), require_mobile=require_mobile)


def test_display_only_items_take_no_answer():
    form = build(field("s", FieldType.SECTION), field("t", FieldType.TEXT), field("p", FieldType.PAGE_BREAK),
                 field("a", FieldType.SINGLELINE))
    assert list(form.fields) == ["a"]


def test_a_hidden_field_is_never_required_and_its_value_is_dropped():
    form = build(field("a", FieldType.SINGLELINE, required=True), data={"a": "x"}, hidden={"a"})
    assert form.is_valid(), form.errors
    assert "a" not in form.cleaned_data


def test_a_hidden_field_with_an_invalid_value_is_not_an_error():
    form = build(field("m", FieldType.MOBILE, required=True), data={"m": "nope"}, hidden={"m"})
    assert form.is_valid()


def test_mobile_and_id_numbers_are_normalised():
    number = valid_id_number()
    form = build(field("m", FieldType.MOBILE), field("i", FieldType.ID_NUMBER),
                 data={"m": "+86 138 1234 5678", "i": number[:17] + number[17].lower()})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"m": "13812345678", "i": number}


def test_number_min_and_max_and_length_limits_apply():
    form = build(field("n", FieldType.NUMBER, min_value=Decimal(1), max_value=Decimal(5)),
                 field("s", FieldType.SINGLELINE, min_length=2, max_length=3), data={"n": "6", "s": "abcd"})
    assert not form.is_valid()
    assert set(form.errors) == {"n", "s"}
    form = build(field("s", FieldType.SINGLELINE, min_length=2), data={"s": "a"})
    assert not form.is_valid()


def test_rating_and_likert_give_integers_and_refuse_other_values():
    form = build(field("r", FieldType.RATING), field("l", FieldType.LIKERT), data={"r": "5", "l": "1"})
    assert form.is_valid() and form.cleaned_data == {"r": 5, "l": 1}
    assert not build(field("r", FieldType.RATING), data={"r": "6"}).is_valid()


def test_checkup_items_accept_only_yes_partly_no():
    assert build(field("c", FieldType.CHECKUP_ITEM), data={"c": "partly"}).is_valid()
    assert not build(field("c", FieldType.CHECKUP_ITEM), data={"c": "maybe"}).is_valid()


def test_consent_is_always_required_unless_hidden():
    assert not build(field("ok", FieldType.CONSENT, required=False), data={}).is_valid()
    assert build(field("ok", FieldType.CONSENT), data={}, hidden={"ok"}).is_valid()


def test_multiple_choice_with_other_replaces_the_code_with_the_text():
    form = build(field("c", FieldType.CHECKBOXES, choices="a\nb", allow_other=True),
                 data={"c": ["a", OTHER_VALUE], "c" + OTHER_SUFFIX: " roads "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["c"] == ["a", "roads"]


def test_a_required_mobile_follows_the_forms_anonymous_setting():
    form = build(field("m", FieldType.MOBILE, required=False), data={}, require_mobile=True)
    assert not form.is_valid() and "m" in form.errors
    assert build(field("m", FieldType.MOBILE, required=False), data={}).is_valid()


def test_the_placeholder_and_default_reach_the_widget():
    form = build(field("a", FieldType.SINGLELINE, placeholder="e.g. 3", default_value="x"))
    assert form.fields["a"].widget.attrs["placeholder"] == "e.g. 3"
    assert form.fields["a"].initial == "x"


@pytest.mark.django_db
def test_the_region_picker_offers_grids_grouped_by_community(regions):
    form = build(field("g", FieldType.REGION))
    groups = [c for c in form.fields["g"].choices if isinstance(c[1], list)]
    assert groups == [("幸福社区", [(str(regions["第一网格"].pk), "第一网格"), (str(regions["第二网格"].pk), "第二网格")])]


def test_json_values_stay_plain():
    assert to_json_value(Decimal("3")) == 3 and isinstance(to_json_value(Decimal("3")), int)
    assert to_json_value(Decimal("1.5")) == 1.5
    assert to_json_value(datetime.date(2026, 1, 2)) == "2026-01-02"
    assert to_json_value(["a"]) == ["a"]
