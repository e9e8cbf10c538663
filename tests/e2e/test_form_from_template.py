"""An editor starts a 寿宴喜宴报备 form from the demo's 诉求反映, adds the category it needs in the *Handling*
panel's chooser, sets the form's own deadline and publishes it; a resident's case gets the form's 72 hours,
not the category's 48, and the category the editor added."""
from datetime import timedelta

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "寿宴喜宴报备"  # the demo ships its own 红白喜事报备 (programmes.banquets)


def sign_in(page, username):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo-2026")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def start_from_suqiu(page, index):
    page.goto(f"/admin/pages/{index.pk}/add_subpage/")
    if "/add/forms_app/formpage/" not in page.url:  # form pages and service guides (便民服务): pick "form"
        page.locator('a[href*="/add/forms_app/formpage/"]').first.click()
    page.wait_for_url("**/add/forms_app/formpage/**")
    page.get_by_label("诉求反映").check()
    page.fill("#id_start-title", TITLE)
    with page.expect_navigation():
        page.locator("form[action*='/forms/start/'] button[type=submit]").click()
    page.wait_for_url("**/edit/")


def add_category_in_the_chooser(page):
    """Form settings tab → Handling → choose a category → add one: 红白喜事, 48 hours, in the modal."""
    page.get_by_role("tab", name="表单设置").click()
    page.fill("#id_case_settings-0-category_question", "")
    page.fill("#id_case_settings-0-deadline_hours", "72")
    page.locator("#id_case_settings-0-default_category-chooser .unchosen button").click()
    modal = page.locator(".modal-dialog, [role=dialog]").last
    modal.wait_for()
    modal.get_by_role("tab", name="新增事项类别").click()
    modal.locator("#id_new_category-name").fill("红白喜事")
    modal.locator("#id_new_category-deadline_hours").fill("48")
    modal.locator("form[data-chooser-modal-creation-form] button[type=submit]").click()
    page.locator("#id_case_settings-0-default_category-chooser .chooser__title").filter(has_text="红白喜事").wait_for()


def publish(page):
    page.locator("footer .w-dropdown__toggle, [data-w-dropdown-target=toggle]").last.click()
    with page.expect_navigation():
        page.locator("button[name=action-publish]").click()
    if "/edit/" in page.url:
        messages = page.locator(".messages, .error-message, .w-field__errors, .help-critical").all_inner_texts()
        raise AssertionError(f"publishing failed: {messages}")


def test_an_editor_builds_a_form_from_a_template_with_a_new_category_and_its_own_deadline(demo, desktop_page):
    from cases.models import Case
    from forms_app.models import FormPage
    from organisation.models import Category, Region
    from tests.factories import make_submission

    page = desktop_page
    sign_in(page, "editor")
    start_from_suqiu(page, demo)
    add_category_in_the_chooser(page)
    publish(page)

    form = FormPage.objects.get(title=TITLE)
    assert form.live and form.slug == "shou-yan-xi-yan-bao-bei"
    category = Category.objects.get(name="红白喜事")
    assert category.deadline_hours == 48
    ids = {f.label: f.clean_name for f in form.form_fields.all()}
    grid = Region.objects.filter(level="grid").first()
    submission = make_submission(form, {ids["问题描述"]: "本周六在社区广场办婚宴，约二十桌。", ids["所在网格"]: grid.pk},
                                 region=grid)
    case = Case.objects.get(submission=submission)
    assert case.category == category
    assert case.due_at - case.created_at == timedelta(hours=72)


def test_an_editor_new_to_wagtail_builds_the_whole_form_types_rules_category_and_deadline(demo, desktop_page):
    """Issue 11 §4 in one walk: from the template, questions whose settings follow their type, a rule picked
    from a list, a category added on the way, published; the resident's case is due by the form's own 72 h."""
    from cases.models import Case
    from forms_app.models import FormPage
    from organisation.models import Category, Region
    from tests.e2e.test_editor_and_resident import reveal
    from tests.e2e.test_form_editor import add_question, shown
    from tests.factories import make_submission

    page = desktop_page
    sign_in(page, "editor")
    start_from_suqiu(page, demo)
    copied = int(page.input_value("#id_form_fields-TOTAL_FORMS"))
    kind = add_question(page, copied, "报备事项", "radio")
    page.fill(kind + "choices", "婚事\n丧事")
    tables = add_question(page, copied + 1, "宴请桌数", "singleline")
    assert not shown(page, tables + "min_value") and not shown(page, tables + "weight")
    page.select_option(tables + "field_type", "number")
    assert shown(page, tables + "max_value") and shown(page, tables + "unit")
    page.fill(tables + "max_value", "60")
    page.fill(tables + "unit", "桌")
    venue = add_question(page, copied + 2, "宴请地点", "singleline")
    reveal(page, venue + "show_when_field")
    page.locator(venue + "show_when_field").select_option(label="报备事项")
    page.locator(venue + "show_when_value ~ select[data-rule-value]").select_option("婚事")
    add_category_in_the_chooser(page)
    publish(page)

    form = FormPage.objects.get(title=TITLE)
    fields = {f.label: f for f in form.form_fields.all()}
    assert (fields["宴请地点"].show_when_field, fields["宴请地点"].show_when_value) == (fields["报备事项"].clean_name,
                                                                                "婚事")
    assert (fields["宴请桌数"].field_type, fields["宴请桌数"].max_value) == ("number", 60)
    grid = Region.objects.filter(level="grid").first()
    submission = make_submission(form, {fields["问题描述"].clean_name: "周六婚宴。", fields["所在网格"].clean_name: grid.pk,
                                        fields["报备事项"].clean_name: "婚事", fields["宴请桌数"].clean_name: 20},
                                 region=grid)
    case = Case.objects.get(submission=submission)
    assert case.category == Category.objects.get(name="红白喜事")
    assert case.due_at - case.created_at == timedelta(hours=72)
