"""An editor starts a 红白喜事报备 form from the demo's 诉求反映, adds the category it needs in the *Handling*
panel's chooser, sets the form's own deadline and publishes it; a resident's case gets the form's 72 hours,
not the category's 48, and the category the editor added."""
from datetime import timedelta

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "红白喜事报备"


def sign_in(page, username):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo-2026")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def start_from_suqiu(page, index):
    page.goto(f"/admin/pages/{index.pk}/add_subpage/")
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
    assert form.live and form.slug == "hong-bai-xi-shi-bao-bei"
    category = Category.objects.get(name="红白喜事")
    assert category.deadline_hours == 48
    ids = {f.label: f.clean_name for f in form.form_fields.all()}
    grid = Region.objects.filter(level="grid").first()
    submission = make_submission(form, {ids["问题描述"]: "本周六在社区广场办婚宴，约二十桌。", ids["所在网格"]: grid.pk},
                                 region=grid)
    case = Case.objects.get(submission=submission)
    assert case.category == category
    assert case.due_at - case.created_at == timedelta(hours=72)
