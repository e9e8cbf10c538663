"""Issue 12 §7, end to end: a resident who agrees to SMS notices on the demo's 诉求反映 form (phone-first, 360×740)
gets the 办结 notice by SMS when the handler resolves the case in the workbench, and the link in it opens the
tracking page with the result. The SMS backend is the file one: each message a line ``phone<TAB>text``."""
import re

import pytest
from config.demo import DEMO_PASSWORD
from django.contrib.auth import get_user_model

from cases import workflow as wf
from cases.constants import CaseState as S
from cases.models import Case
from organisation.models import Department

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEXT, SUBMIT = "button[name=_action][value=next]", "button[name=_action][value=submit]"
PHONE = "13900139000"
RESULT = "已清理楼道堆放的杂物，恢复消防通道畅通"


@pytest.fixture
def sms_file(settings, tmp_path, live_server):
    settings.SMS_BACKEND = "forms_app.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.log")
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    path = tmp_path / "sms.log"
    return lambda: path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_the_resident_who_agreed_gets_the_resolved_notice_by_sms_with_the_tracking_link(
        demo, sms_file, desktop_page, mobile_page, axe, live_server):
    phone = mobile_page
    phone.goto("/suqiu/")
    phone.get_by_label("诉求类别").select_option("环境卫生")
    phone.get_by_label("问题描述").fill("3号楼楼道里堆满杂物，堵住了消防通道，存在安全隐患。")
    phone.get_by_label("所在网格").select_option(label="幸福社区第一网格")
    phone.locator(NEXT).click()
    phone.wait_for_url("**/suqiu/?step=2")
    phone.get_by_label("联系电话").fill(PHONE)
    phone.get_by_label("我同意接收办理进度短信").check()
    phone.get_by_label("本人承诺所反映情况属实").check()
    axe(phone, "request form step 2 with the SMS consent")
    phone.locator(NEXT).click()
    phone.wait_for_url("**/suqiu/?review=1")
    phone.locator(SUBMIT).click()
    reference = phone.locator("#reference").inner_text().strip()
    case = Case.objects.get(reference=reference)
    assert case.sms_consent

    # 平台接单, 派单, 领单 (through the services); each notice the resident gets goes by SMS too
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["dispatcher", "handler"])}
    case = wf.case_accept(case=case, by=users["dispatcher"])
    case = wf.case_dispatch(case=case, to=Department.objects.get(code="xf-grid"), by=users["dispatcher"])
    wf.case_claim(case=case, by=users["handler"])
    assert [line.split("\t")[0] for line in sms_file()] == [PHONE, PHONE]

    # 办结, in the workbench
    staff = desktop_page
    staff.goto("/admin/login/")
    staff.fill("input[name=username]", "handler")
    staff.fill("input[name=password]", DEMO_PASSWORD)
    staff.click("button[type=submit]")
    staff.wait_for_url("**/admin/")
    staff.goto(f"/admin/cases/workbench/{case.pk}/")
    panel = staff.locator('details[data-action="resolve"]')
    panel.locator("summary").click()
    panel.locator('textarea[name="resolve-result"]').fill(RESULT)
    with staff.expect_navigation():
        panel.locator("button[type=submit]").click()
    assert Case.objects.get(pk=case.pk).state == S.RESOLVED
    number, text = sms_file()[-1].split("\t")
    assert number == PHONE and reference in text and "已办结" in text
    link = re.search(r"https?://\S+", text).group(0)
    assert link == f"{live_server.url}/track/{case.tracking_token}/"
    staff.reload()
    assert staff.locator('[data-sms="sent"]').count() == 3  # the case page says each SMS went out

    # the link in the SMS opens the tracking page with the result, on the phone
    phone.goto(link)
    phone.locator("#evaluation-form").wait_for()
    assert RESULT in phone.locator("#case-result").inner_text()
