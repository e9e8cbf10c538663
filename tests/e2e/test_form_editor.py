"""Issue 11, the form editor in a real browser: a question shows only the settings its type uses, switching the
type shows and hides them at once, and a rule's question and value are picked from lists of what is above."""
import pytest

from tests.e2e.test_editor_and_resident import reveal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in_and_start_a_form(page, index):
    page.goto("/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "demo-2026")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/pages/{index.pk}/add_subpage/")
    if "/add/forms_app/formpage/" not in page.url:
        page.locator('a[href*="/add/forms_app/formpage/"]').first.click()
    page.wait_for_url("**/add/forms_app/formpage/**")
    if page.locator('a[href$="?blank=1"]').count():  # the demo's forms are offered as templates: start blank
        page.locator('a[href$="?blank=1"]').click()
        page.wait_for_url("**?blank=1")
    page.fill("#id_title", "寿宴喜宴报备")


def add_question(page, index, label, field_type):
    page.click("#id_form_fields-ADD")
    prefix = f"#id_form_fields-{index}-"
    page.locator(prefix + "label").wait_for()
    page.fill(prefix + "label", label)
    page.select_option(prefix + "field_type", field_type)
    return prefix


def shown(page, selector):
    """Whether the setting is offered: its panel is not hidden for this type (collapsed panels still count)."""
    return page.evaluate("sel => !document.querySelector(sel).closest('[data-unused]')", selector)


def test_the_type_decides_the_settings_and_rules_are_picked_from_lists(demo, desktop_page):
    from forms_app.models import FormPage

    page = desktop_page
    sign_in_and_start_a_form(page, demo)
    kind = add_question(page, 0, "事项类型", "radio")
    page.fill(kind + "choices", "婚事\n丧事")
    assert shown(page, kind + "choices") and not shown(page, kind + "weight")

    tables = add_question(page, 1, "宴请桌数", "singleline")
    for setting in ("choices", "min_value", "max_value", "unit", "weight", "upload_types"):
        assert not shown(page, tables + setting), f"a text question offers {setting}"
    assert shown(page, tables + "placeholder") and shown(page, tables + "max_length")

    page.select_option(tables + "field_type", "number")  # no save: the settings follow the type at once
    assert shown(page, tables + "min_value") and shown(page, tables + "unit")
    assert not shown(page, tables + "max_length") and not shown(page, tables + "weight")
    page.fill(tables + "max_value", "60")
    page.fill(tables + "unit", "桌")
    page.select_option(tables + "field_type", "checkupitem")
    assert shown(page, tables + "weight") and not shown(page, tables + "min_value")
    page.select_option(tables + "field_type", "number")

    venue = add_question(page, 2, "宴请地点", "singleline")
    reveal(page, venue + "show_when_field")
    rule = page.locator(venue + "show_when_field")
    assert rule.evaluate("el => el.tagName") == "SELECT"
    assert rule.locator("option").all_inner_texts()[1:] == ["事项类型", "宴请桌数"]
    assert not shown(page, venue + "show_when_value"), "no question chosen: no value to give"

    page.fill(kind + "label", "报备事项")  # renamed above: the list follows
    rule.locator("option", has_text="报备事项").wait_for(state="attached")
    rule.select_option(label="报备事项")
    picker = page.locator(venue + "show_when_value ~ select[data-rule-value]")
    picker.wait_for()
    assert picker.locator("option").all_inner_texts()[1:] == ["婚事", "丧事"]
    picker.select_option("婚事")

    page.locator("footer .w-dropdown__toggle, [data-w-dropdown-target=toggle]").last.click()
    with page.expect_navigation():
        page.locator("button[name=action-publish]").click()
    form = FormPage.objects.get(title="寿宴喜宴报备")
    fields = {f.label: f for f in form.form_fields.all()}
    assert (fields["宴请地点"].show_when_field, fields["宴请地点"].show_when_value) == (fields["报备事项"].clean_name,
                                                                                "婚事")
    assert (fields["宴请桌数"].max_value, fields["宴请桌数"].unit) == (60, "桌")
