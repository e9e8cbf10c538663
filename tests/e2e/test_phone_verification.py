"""A resident on a phone verifies their number with the SMS code and the submission goes through; the code
page and the "too many requests" page pass axe."""
import re

import pytest

NEXT = "button[name=_action][value=next]"
SUBMIT = "button[name=_action][value=submit]"
VERIFY = "button[name=_action][value=verify]"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_resident_types_the_sms_code_and_the_request_is_received(demo, mobile_page, axe, settings, tmp_path):
    from cases.models import Case
    from forms_app.models import FormPage

    settings.SMS_BACKEND = "forms_app.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.log")
    form = FormPage.objects.get(slug="suqiu")
    form.verify_phone = True
    form.save_revision().publish()
    before = Case.objects.count()

    page = mobile_page
    page.goto("/suqiu/")
    page.get_by_label("诉求类别").select_option("噪音扰民")
    page.get_by_label("问题描述").fill("楼下广场舞音响每晚十点后仍很大声。")
    page.get_by_label("所在网格").select_option(label="幸福社区第一网格")
    page.locator(NEXT).click()
    page.wait_for_url("**/suqiu/?step=2")
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("本人承诺所反映情况属实").check()
    page.locator(NEXT).click()
    page.wait_for_url("**/suqiu/?review=1")
    page.locator(SUBMIT).click()
    page.wait_for_url("**/suqiu/?verify=1")
    assert "138****8000" in page.content()
    axe(page, "phone verification")
    page.get_by_label("验证码").fill("000000" if "000000" not in (tmp_path / "sms.log").read_text() else "111111")
    page.locator(VERIFY).click()
    page.locator("#id_code_error").wait_for()
    axe(page, "phone verification with an error")
    code = re.search(r"\b(\d{6})\b", (tmp_path / "sms.log").read_text())[1]
    page.get_by_label("验证码").fill(code)
    page.locator(VERIFY).click()
    page.locator("#reference").wait_for()
    assert Case.objects.count() == before + 1


def test_the_too_many_requests_page_passes_axe_on_a_phone(demo, mobile_page, axe, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify": "1/h"}
    page = mobile_page
    page.goto("/verify/")
    response = page.goto("/verify/")
    assert response.status == 429 and int(response.headers["retry-after"]) > 0
    axe(page, "too many requests")
