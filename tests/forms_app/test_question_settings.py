"""Issue 11, the form editor: a question shows and keeps only the settings its type uses, a rule picks an
earlier question from a list, and number limits read as people write them."""
import json
import re
from decimal import Decimal

import pytest
from django.utils import translation

from forms_app.builder import FormBuilder
from forms_app.constants import FieldType
from forms_app.models import FormPage
from forms_app.question_settings import unused_settings
from tests.factories import field
from tests.forms_app.test_admin_forms import add_url, create, edit_url, field_errors, page_data, question

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def superuser_client(client, admin_user):
    client.force_login(admin_user)
    return client


# Settings by type ------------------------------------------------------------------------------------------


def test_a_text_question_saves_without_a_weight(superuser_client, db):
    page = create(superuser_client, [question("姓名", weight="")])
    assert page.form_fields.get().weight == 1  # the default, unused by a text question


def test_a_check_up_item_still_needs_a_positive_weight(superuser_client, db):
    response = superuser_client.post(add_url(), page_data([question("消防通道畅通", FieldType.CHECKUP_ITEM, weight="")]))
    assert response.status_code == 200
    assert "needs a positive weight" in str(field_errors(response)[1][0]["weight"])
    assert not FormPage.objects.exists()


def test_the_weight_is_not_marked_required_in_the_editor(superuser_client, db):
    page = create(superuser_client, [question("姓名")])
    html = superuser_client.get(edit_url(page)).content.decode()
    label = re.search(r'<label[^>]*for="id_form_fields-0-weight"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert "w-required-mark" not in label


def test_settings_a_type_does_not_use_are_reset_and_never_block_saving(superuser_client, db):
    """A text question once set up as a number keeps no stale, hidden bounds (here even contradictory ones)."""
    page = create(superuser_client, [question("姓名", min_value="10", max_value="2", unit="桌", choices="甲\n乙",
                                              upload_types="exe")])
    name = page.form_fields.get()
    assert (name.min_value, name.max_value, name.unit, name.choices) == (None, None, "", "")
    assert name.upload_types != "exe"


def test_each_type_keeps_the_settings_it_uses():
    assert "weight" not in unused_settings(FieldType.CHECKUP_ITEM)
    assert "weight" in unused_settings(FieldType.SINGLELINE)
    assert {"min_value", "max_value", "unit"}.isdisjoint(unused_settings(FieldType.NUMBER))
    assert {"choices", "allow_other"}.isdisjoint(unused_settings(FieldType.RADIO))
    assert {"max_upload_mb", "upload_types"}.isdisjoint(unused_settings(FieldType.FILE))
    assert {"choices", "min_value", "weight", "upload_types"} <= set(unused_settings(FieldType.SINGLELINE))


def test_the_editor_loads_its_script_from_our_origin_with_the_settings_table(superuser_client, db):
    page = create(superuser_client, [question("姓名")])
    html = superuser_client.get(edit_url(page)).content.decode()
    tag = re.search(r'<script src="/static/forms_app/editor\.js" data-config="([^"]*)"></script>', html)
    assert tag, "the editor script is not on the page"
    config = json.loads(tag.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert config["usedBy"]["weight"] == [FieldType.CHECKUP_ITEM]


# Rules ------------------------------------------------------------------------------------------------------


def rule_options(html, index):
    select = re.search(r'<select name="form_fields-%d-show_when_field".*?</select>' % index, html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_a_rules_question_is_a_list_of_the_questions_above_it(superuser_client, db):
    page = create(superuser_client, [
        question("是否需要上门", FieldType.RADIO, choices="是\n否"),
        question("说明", FieldType.SECTION),
        question("上门地址", show_when_field="是否需要上门", show_when_value="是"),
    ])
    html = superuser_client.get(edit_url(page)).content.decode()
    assert rule_options(html, 0) == [("", "Always show")]
    assert rule_options(html, 2) == [("", "Always show"), ("shi_fou_xu_yao_shang_men", "是否需要上门")]
    assert re.search(r'<option value="shi_fou_xu_yao_shang_men" selected>', html)


def test_a_rule_naming_a_question_below_is_refused_with_a_message(superuser_client, db):
    page = create(superuser_client, [question("是否需要上门", FieldType.RADIO, choices="是\n否"), question("上门地址")])
    rows = [{**question(f.label, f.field_type, choices=f.choices), "id": f.pk} for f in page.form_fields.all()]
    rows[0].update(show_when_field="shang_men_di_zhi", show_when_operator="answered")
    response = superuser_client.post(edit_url(page), page_data(rows, initial=2))
    assert response.status_code == 200
    assert "is not the label or id of an earlier question" in str(field_errors(response)[1][0]["show_when_field"])
    assert "shang_men_di_zhi (not an earlier question)" in response.content.decode()  # kept, not dropped


@pytest.mark.parametrize("controller, value, message", [
    ("说明", "是", "takes no answer"),
    ("是否需要上门", "也许", "is not one of the answers of that question: 是、否"),
])
def test_a_rule_follows_a_question_and_compares_with_one_of_its_answers(superuser_client, db, controller, value,
                                                                        message):
    response = superuser_client.post(add_url(), page_data([
        question("是否需要上门", FieldType.RADIO, choices="是\n否"),
        question("说明", FieldType.SECTION),
        question("上门地址", show_when_field=controller, show_when_value=value),
    ]))
    assert response.status_code == 200
    assert message in str(field_errors(response)[1][2])


# Number messages --------------------------------------------------------------------------------------------


def number_errors(value, **settings):
    tables = field("桌数", FieldType.NUMBER, min_value=Decimal("1.0000"), max_value=Decimal("60.0000"), **settings)
    tables.clean_name = "zhuo_shu"
    form = FormBuilder([tables]).get_form_class()({"zhuo_shu": value})
    assert not form.is_valid()
    return form.errors["zhuo_shu"]


@pytest.mark.parametrize("language, unit, value, message", [
    ("zh-hans", "桌", "61", "不能超过 60 桌。"),
    ("zh-hans", "桌", "0", "不能少于 1 桌。"),
    ("zh-hans", "", "61", "不能超过 60。"),
    ("en", "tables", "61", "Must be no more than 60 tables."),
    ("en", "", "0.5", "Must be at least 1."),
])
def test_number_limits_read_as_people_write_them(db, language, unit, value, message):
    with translation.override(language):
        assert number_errors(value, unit=unit) == [message]


def test_the_number_box_carries_the_plain_limits():
    tables = field("桌数", FieldType.NUMBER, min_value=Decimal("1.0000"), max_value=Decimal("60.5000"))
    tables.clean_name = "zhuo_shu"
    widget = FormBuilder([tables]).get_form_class()().fields["zhuo_shu"].widget
    assert (widget.attrs["min"], widget.attrs["max"]) == ("1", "60.5")


def test_the_resident_sees_the_unit_beside_a_number_question(client, db):
    from tests.factories import make_form

    page = make_form([("宴请桌数", FieldType.NUMBER, {"max_value": Decimal("60"), "unit": "桌"})])
    assert "宴请桌数（桌）" in client.get(page.url).content.decode()
