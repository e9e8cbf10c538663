"""Issue 9, in a real browser: with the Content-Security-Policy enforced (config.csp), nothing a resident or a
staff member opens is refused. Chromium reports every refusal as a ``securitypolicyviolation`` event and a
console error; both are collected on every page of the resident's flow and of the admin, and any fails the test.
"""
import pytest
from config.demo import DEMO_PASSWORD

from cases.models import Case
from documents.models import DocumentTemplate
from forms_app.models import FormPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEXT = "button[name=_action][value=next]"
SUBMIT = "button[name=_action][value=submit]"

LISTEN = """document.addEventListener("securitypolicyviolation", (e) => window.reportViolation(
    `${e.effectiveDirective} refused ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
    + (e.sample ? ` (${e.sample})` : "")));"""


def watch(page, seen):
    """Collect the policy's refusals on ``page`` from now on into ``seen``."""
    page.expose_function("reportViolation", lambda text: seen.append(f"{page.url}: {text}"))
    page.add_init_script(LISTEN)
    page.on("console", lambda message: seen.append(f"{page.url}: console: {message.text}")
            if "Content Security Policy" in message.text else None)


def answer_every_radio_group(page):
    """Pick the first option of every group of radio buttons (ratings, agree/disagree scales)."""
    page.evaluate("""() => { const done = new Set();
        for (const input of document.querySelectorAll("input[type=radio]")) {
            if (!done.has(input.name)) { done.add(input.name); input.click(); } } }""")


def test_no_page_of_the_resident_flow_or_the_admin_breaks_the_policy(demo, mobile_page, desktop_page):
    phone = mobile_page
    refused = []
    watch(phone, refused)

    # A resident: the home page, a form with rules and errors, a survey sent to its confirmation, tracking.
    phone.goto("/")
    phone.get_by_role("link", name="诉求反映").click()
    phone.locator("form[data-rules-form]").wait_for()
    phone.locator(NEXT).click()
    phone.locator("#error-summary").wait_for()
    survey = FormPage.objects.get(slug="manyidu")
    phone.goto(survey.url)
    answer_every_radio_group(phone)
    with phone.expect_navigation():
        phone.locator(f"{SUBMIT}, {NEXT}").first.click()
    if phone.locator(SUBMIT).count():  # a review page
        with phone.expect_navigation():
            phone.locator(SUBMIT).click()
    assert "/submitted/" in phone.url or phone.locator("#reference").count(), phone.url
    case = Case.objects.exclude(tracking_token="").order_by("pk").first()
    phone.goto(f"/track/{case.tracking_token}/")
    phone.locator("#case-status").wait_for()
    phone.goto("/verify/")
    phone.goto("/no-such-page/")

    # Staff: the dashboard, a form's page editor (inline panels, tabs), the case listing and workbench,
    # a document template with its placeholder picker.
    desk = desktop_page
    watch(desk, refused)
    desk.goto("/admin/login/")
    desk.fill("input[name=username]", "admin")
    desk.fill("input[name=password]", DEMO_PASSWORD)
    desk.click("button[type=submit]")
    desk.wait_for_url("**/admin/")
    form = FormPage.objects.get(slug="suqiu")
    desk.goto(f"/admin/pages/{form.pk}/edit/")
    desk.locator("#id_title").wait_for()
    desk.click("#id_form_fields-ADD")
    desk.locator(f"#id_form_fields-{form.form_fields.count()}-label").wait_for()
    for tab in desk.locator("[role=tab]").all():
        tab.click()
    desk.goto("/admin/cases/case/")
    desk.locator("table").first.wait_for()
    desk.goto(f"/admin/cases/workbench/{case.pk}/")
    desk.locator("[data-state]").first.wait_for()
    template = DocumentTemplate.objects.order_by("pk").first()
    desk.goto(f"/admin/snippets/documents/documenttemplate/edit/{template.pk}/")
    desk.locator("#doc-placeholders").wait_for()
    desk.locator("[data-copy-placeholder]").first.click()
    desk.goto("/admin/documents/batches/")
    desk.goto("/admin/reports/site-history/")

    assert not refused, "the Content-Security-Policy refused:\n" + "\n".join(refused)
    the_watch_sees_a_script_injected_into_a_resident_page(phone, refused)


def the_watch_sees_a_script_injected_into_a_resident_page(page, refused):
    """What an XSS would do: the policy refuses it and the watch above reports it (so its silence means something)."""
    page.goto("/")
    page.evaluate("""() => { const s = document.createElement("script");
        s.textContent = "window.injected = true"; document.body.appendChild(s); }""")
    for _ in range(50):
        if refused:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("window.injected") is None
    assert any("script-src" in line for line in refused), refused
