"""Issue 2, end to end: an editor builds and publishes a form in the Wagtail admin (a rule and a
step break), then a resident on a 360×740 phone fills it in, meets and fixes errors, checks the
answers, submits, gets a reference number and follows the tracking link. axe-core checks every
resident page on the way."""
import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Buttons by their action, not their (translated) text.
NEXT = "button[name=_action][value=next]"
SUBMIT = "button[name=_action][value=submit]"

FORM_TITLE = "路灯报修"
QUESTIONS = [
    # label, field type, extra admin inputs
    ("故障地点", "singleline", {"help_text": "例如：幸福小区3号楼东侧"}),
    ("是否需要回电", "radio", {"choices": "是\n否"}),
    ("回电号码", "mobile", {"show_when_field": "是否需要回电", "show_when_operator": "equals", "show_when_value": "是"}),
    ("补充情况", "pagebreak", {}),
    ("情况说明", "multiline", {}),
]


def reveal(page, selector):
    """Open any collapsed admin panel (e.g. a question's "Show only when…") that hides ``selector``."""
    for _ in range(3):
        if page.locator(selector).is_visible():
            return
        hidden_id = page.evaluate(
            """sel => { for (let n = document.querySelector(sel); n; n = n.parentElement) {
                   if (n.id && (n.hidden || getComputedStyle(n).display === 'none')
                       && document.querySelector(`[aria-controls="${n.id}"]`)) { return n.id; } }
                 return null; }""",
            selector,
        )
        assert hidden_id, f"{selector} is hidden and no panel toggle controls it"
        page.locator(f'[aria-controls="{hidden_id}"]').first.click()
    page.locator(selector).wait_for(state="visible")


def editor_builds_form(page, index):
    page.goto("/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "demo-2026")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    # Add a form page under the forms index, as an editor would from the page explorer.
    page.goto(f"/admin/pages/{index.pk}/add_subpage/")
    if "/add/forms_app/formpage/" not in page.url:  # more than one page type: pick "form"
        page.locator('a[href*="/add/forms_app/formpage/"]').first.click()
    page.wait_for_url("**/add/forms_app/formpage/**")
    if page.locator('a[href$="?blank=1"]').count():  # the demo's forms are offered as templates: start blank
        page.locator('a[href$="?blank=1"]').click()
        page.wait_for_url("**?blank=1")
    page.fill("#id_title", FORM_TITLE)
    for i, (label, field_type, extra) in enumerate(QUESTIONS):
        page.click("#id_form_fields-ADD")
        prefix = f"#id_form_fields-{i}-"
        page.locator(prefix + "label").wait_for()
        page.fill(prefix + "label", label)
        page.select_option(prefix + "field_type", field_type)
        for name, value in extra.items():
            if name == "show_when_value":  # picked from the controlling question's choices
                page.locator(prefix + name + " ~ select[data-rule-value]").select_option(value)
                continue
            reveal(page, prefix + name)
            if name == "show_when_field":  # a list of the questions above
                page.select_option(prefix + name, label=value)
            elif name == "show_when_operator":
                page.select_option(prefix + name, value)
            else:
                page.fill(prefix + name, value)

    # Publish: it sits in the dropdown next to "Save draft".
    page.locator("footer .w-dropdown__toggle, [data-w-dropdown-target=toggle]").last.click()
    with page.expect_navigation():
        page.locator("button[name=action-publish]").click()
    if not re.search(r"/admin/pages/\d+/$", page.url):  # still on the editor: say why
        messages = page.locator(".messages, .error-message, .w-field__errors, .help-critical").all_inner_texts()
        raise AssertionError(f"publishing the form failed at {page.url}: {messages}")


def test_editor_publishes_form_and_resident_submits_on_phone(demo, desktop_page, mobile_page, axe, artifacts):
    from forms_app.models import FormPage

    editor_builds_form(desktop_page, demo)
    form_page = FormPage.objects.get(title=FORM_TITLE)
    assert form_page.live
    fields = {f.label: f for f in form_page.form_fields.all()}
    assert fields["回电号码"].show_when_value == "是"

    page = mobile_page
    page.goto("/")
    page.get_by_role("link", name=FORM_TITLE).click()
    page.locator("form[data-rules-form]").wait_for()
    form_url = page.url
    axe(page, "new form, step 1")  # also checks the page does not scroll sideways at 360px
    resident_sees_the_rule_in_the_browser(page)
    resident_corrects_the_errors_of_step_1(page, axe, artifacts)
    resident_answers_step_2_and_reviews(page, axe, artifacts)
    resident_gets_the_receipt_and_follows_the_case(page, form_page, axe, artifacts)

    # Going back to the form starts a fresh one (the draft was used up).
    page.goto(form_url)
    assert page.get_by_label("故障地点").input_value() == ""


def resident_sees_the_rule_in_the_browser(page):
    """The phone question follows the "call back?" answer, in the browser."""
    phone = page.get_by_label("回电号码")
    assert phone.is_hidden()
    page.get_by_label("是", exact=True).check()
    phone.wait_for(state="visible")
    page.get_by_label("否", exact=True).check()
    phone.wait_for(state="hidden")
    page.get_by_label("是", exact=True).check()
    phone.wait_for(state="visible")


def resident_corrects_the_errors_of_step_1(page, axe, artifacts):
    """A required answer left empty and a bad phone number; the summary links take the resident to the question."""
    phone = page.get_by_label("回电号码")
    phone.fill("12345")
    page.locator(NEXT).click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert summary.locator("a").count() == 2, summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary", "focus should move to the error summary"
    assert "故障地点" in summary.inner_text() and "回电号码" in summary.inner_text()
    assert page.get_by_label("回电号码").input_value() == "12345"
    page.screenshot(path=str(artifacts / "resident-360-errors.png"), full_page=True)
    axe(page, "new form, step 1 with errors")

    summary.locator("a").first.click()
    assert page.url.endswith("#" + page.get_by_label("故障地点").get_attribute("id"))
    page.get_by_label("故障地点").fill("幸福小区3号楼东侧路灯")
    page.get_by_label("回电号码").fill("13800138000")
    page.locator(NEXT).click()
    page.wait_for_url(re.compile(r"[?&]step=2(#|$)"))
    assert page.locator("#error-summary").count() == 0


def resident_answers_step_2_and_reviews(page, axe, artifacts):
    axe(page, "new form, step 2")
    page.get_by_label("情况说明").fill("路灯连续三晚不亮，晚上出行不安全。")
    page.screenshot(path=str(artifacts / "resident-360-step2.png"), full_page=True)
    page.locator(NEXT).click()

    # Check your answers.
    page.wait_for_url(re.compile(r"[?&]review=1(#|$)"))
    review = page.locator(".review-list").inner_text()
    for answer in ("幸福小区3号楼东侧路灯", "是", "路灯连续三晚不亮"):
        assert answer in review
    assert re.search(r"138(0013|\*{4})8000", review), review  # the phone, in full or masked
    axe(page, "check your answers")
    page.screenshot(path=str(artifacts / "resident-360-review.png"), full_page=True)
    page.locator(SUBMIT).click()


def resident_gets_the_receipt_and_follows_the_case(page, form_page, axe, artifacts):
    """The confirmation with the reference number; the tracking link shows the case's status."""
    from cases.models import Case

    reference = page.locator("#reference")
    reference.wait_for()
    case = Case.objects.get(form_id=form_page.pk)
    assert reference.inner_text().strip() == case.reference
    axe(page, "confirmation")
    page.screenshot(path=str(artifacts / "resident-360-confirmation.png"), full_page=True)

    page.locator("#tracking-link").click()
    status = page.locator("#case-status")
    status.wait_for()
    assert page.locator("#case-reference").inner_text().strip() == case.reference
    assert status.inner_text().strip() == str(case.get_state_display())
    assert "status--submitted" in status.get_attribute("class")
    axe(page, "case tracking")
