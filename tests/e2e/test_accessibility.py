"""axe-core on every resident page of the demo forms: no WCAG 2.2 A/AA violations allowed."""
import datetime as dt

import pytest
from django.utils import timezone

# Buttons by their action, not their (translated) text.
NEXT = "button[name=_action][value=next]"
SUBMIT = "button[name=_action][value=submit]"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_resident_pages_have_no_axe_violations(demo, mobile_page, axe):
    from forms_app.models import FormPage

    page = mobile_page

    # Forms index (the site's home page).
    page.goto("/")
    assert page.get_by_role("link", name="诉求反映").is_visible()
    axe(page, "forms index")

    # The request form: step 1, its error state, step 2, check-your-answers.
    page.get_by_role("link", name="诉求反映").click()
    page.wait_for_url("**/suqiu/")
    axe(page, "request form step 1")
    page.locator(NEXT).click()
    page.locator("#error-summary").wait_for()
    axe(page, "request form step 1 with errors")
    page.get_by_label("诉求类别").select_option("噪音扰民")
    page.get_by_label("问题描述").fill("楼下广场舞音响每晚十点后仍很大声，影响休息。")
    page.get_by_label("所在网格").select_option(label="幸福社区第一网格")
    page.locator(NEXT).click()
    page.wait_for_url("**/suqiu/?step=2")
    axe(page, "request form step 2")
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("本人承诺所反映情况属实").check()
    page.locator(NEXT).click()
    page.wait_for_url("**/suqiu/?review=1")
    axe(page, "check your answers")
    page.locator(SUBMIT).click()
    page.locator("#reference").wait_for()
    axe(page, "confirmation")
    page.locator("#tracking-link").click()
    page.locator("#case-status").wait_for()
    axe(page, "case tracking")

    # A single-page survey (rating, Likert scale, checkboxes with "other").
    page.goto("/manyidu/")
    axe(page, "survey")
    page.locator(NEXT).click()
    page.locator("#error-summary").wait_for()
    axe(page, "survey with errors")

    # A check-up is the inspectors' (tests/e2e/test_checkup.py checks it at 360 px): the public is refused.
    response = page.goto("/tijian/")
    assert response.status == 403
    axe(page, "check-up refused")

    # A closed form and the 404 page.
    FormPage.objects.filter(slug="manyidu").update(closes_at=timezone.now() - dt.timedelta(days=1))
    response = page.goto("/manyidu/")
    assert response.status == 403
    axe(page, "closed form")
    response = page.goto("/no-such-page/")
    assert response.status == 404
    axe(page, "404 page")
