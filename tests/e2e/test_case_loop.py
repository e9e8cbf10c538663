"""Issue 3, end to end: the case loop through the staff workbench and the resident's phone.

The dispatcher accepts and dispatches a case in the Wagtail admin; the warning light turns red when
the platform clock (cases.clock.travel, never sleep) passes the deadline; the handler claims and
resolves it; the resident evaluates it on a 360×740 phone (axe-core checks the tracking page with
its evaluation form); the supervisor archives it.
"""
from datetime import timedelta

import pytest
from config.demo import DEMO_PASSWORD

from cases import clock
from cases.constants import CaseState as S
from cases.models import Case
from forms_app.models import FormPage
from organisation.models import Department, Region
from tests.factories import make_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RESULT = "已更换楼道路灯，经现场确认恢复照明"


def log_in(page, username):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def open_case(page, case):
    page.goto(f"/admin/cases/workbench/{case.pk}/")
    page.locator("[data-state]").first.wait_for()


def act(page, case, action, fill=None):
    """Open the action's panel on the case page, fill it in and submit it; wait for the new state."""
    before = Case.objects.get(pk=case.pk).state
    panel = page.locator(f'details[data-action="{action}"]')
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    if fill:
        fill(panel)
    with page.expect_navigation():
        panel.locator("button[type=submit]").click()
    after = Case.objects.get(pk=case.pk).state
    errors = page.locator(".error-message, .help-critical, .messages .error").all_inner_texts()
    assert after != before or action == "urge", f"{action} did not change the case ({before}): {errors}"
    return after


def light_on(page):
    return page.locator("[data-light]").first.get_attribute("data-light")


def test_the_case_loop_from_dispatch_to_archive(demo, desktop_page, mobile_page, axe):
    form = FormPage.objects.get(slug="suqiu")
    grid = Region.objects.get(code="220821100001-01")
    team = Department.objects.get(code="xf-grid")
    case = make_case(form, grid)
    staff = desktop_page

    # 平台接单 → 中心派单, with 24 hours allowed
    log_in(staff, "dispatcher")
    open_case(staff, case)
    assert act(staff, case, "accept") == S.ACCEPTED

    def dispatch_to_team(panel):
        panel.locator('select[name="dispatch-department"]').select_option(str(team.pk))
        panel.locator('input[name="dispatch-due_hours"]').fill("24")

    assert act(staff, case, "dispatch", dispatch_to_team) == S.DISPATCHED
    assert light_on(staff) == "green"

    # 亮灯预警: the platform clock passes the deadline — the light turns red, no sleeping
    clock.travel(timedelta(hours=25))
    staff.reload()
    assert light_on(staff) == "red"

    # 部门领单 → 落实 / 反馈
    log_in(staff, "handler")
    open_case(staff, case)
    assert act(staff, case, "claim") == S.CLAIMED
    assert act(staff, case, "resolve", lambda panel: panel.locator('textarea[name="resolve-result"]').fill(RESULT)) == S.RESOLVED

    # 群众评单, on the resident's phone
    phone = mobile_page
    phone.goto(f"/track/{case.tracking_token}/")
    phone.locator("#evaluation-form").wait_for()
    assert RESULT in phone.locator("#case-result").inner_text()
    for name in ("dispatcher", "handler"):
        assert name not in phone.content()
    axe(phone, "case tracking with the evaluation form")
    # sending without a rating: the error summary and the message beside the question
    phone.locator("#evaluation-form button[type=submit]").click()
    phone.locator("#error-summary").wait_for()
    phone.locator("#rating-error").wait_for()
    assert Case.objects.get(pk=case.pk).state == S.RESOLVED
    axe(phone, "case tracking evaluation errors")
    phone.locator("label[for=rating-5]").click()
    phone.fill("#id_comment", "修得很快，谢谢")
    with phone.expect_navigation():
        phone.locator("#evaluation-form button[type=submit]").click()
    phone.locator(".notice--success").wait_for()
    assert phone.locator("#evaluation-form").count() == 0
    evaluated = Case.objects.get(pk=case.pk)
    assert evaluated.state == S.EVALUATED and evaluated.rating == 5
    assert phone.locator("#case-status").inner_text() == str(evaluated.get_state_display())

    # 事件归档, by the supervisor
    log_in(staff, "supervisor")
    open_case(staff, case)
    assert act(staff, case, "archive") == S.ARCHIVED
