"""Issue 13 §1, end to end on the demo: a resident finds 居住证明 in the service guide on a phone (360 px), applies,
the window's handler approves it from the service's queue, and the resident downloads the certificate from the
tracking page and verifies it at the address its QR code carries. axe finds nothing on the guide's pages."""
import re

import pytest
from django.contrib.auth import get_user_model

from cases import workflow as wf
from cases.constants import CaseState as S
from cases.models import Case
from documents.models import Document
from organisation.models import Department
from tests.e2e.test_case_loop import act, log_in
from tests.factories import pdf_text, valid_id_number

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEXT, SUBMIT = "button[name=_action][value=next]", "button[name=_action][value=submit]"
NAME, PURPOSE = "李堃喆", "子女入学"
RESULT = "经入户核实，申请人确在本社区居住，予以开具居住证明"


def test_a_resident_applies_for_a_certificate_on_a_phone_and_downloads_and_verifies_it(
        demo, desktop_page, mobile_page, axe, live_server, settings):
    settings.PUBLIC_BASE_URL = live_server.url  # the address printed on the certificate and in its QR code
    phone, staff = mobile_page, desktop_page
    reference = resident_applies(phone, axe)
    case = Case.objects.get(reference=reference)
    assert case.form.slug == "juzhu-shenqing" and case.due_at is not None

    # 受理、派单、领单 through the services; the approval (办结) in the workbench, reached from the service's queue
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["dispatcher", "handler"])}
    case = wf.case_accept(case=case, by=users["dispatcher"])
    case = wf.case_dispatch(case=case, to=Department.objects.get(code="xf-grid"), by=users["dispatcher"])
    case = wf.case_claim(case=case, by=users["handler"])
    log_in(staff, "handler")
    staff.goto("/admin/programmes/services/")
    staff.locator('#services-queues tr[data-service="juzhu"] a').click()
    staff.locator(f'#service-queue tr[data-reference="{reference}"] a').click()
    assert act(staff, case, "resolve",
               lambda panel: panel.locator('textarea[name="resolve-result"]').fill(RESULT)) == S.RESOLVED
    certificate = Document.objects.get(case=case, template__kind="certificate")

    # the resident downloads it from the tracking page, and verifies it where its QR code points
    phone.goto(f"/track/{case.tracking_token}/")
    documents = phone.locator("#case-documents")
    documents.wait_for()
    axe(phone, "tracking page with the certificate")
    with phone.expect_download() as download:
        documents.get_by_role("link", name=re.compile("居住证明")).first.click()
    text = pdf_text(open(download.value.path(), "rb").read())
    for expected in ("居住证明", NAME, PURPOSE, certificate.serial, certificate.display_code):
        assert expected in text, expected
    url = re.search(r"(http://[\w.:]+/verify/[A-Z0-9]+/)", text).group(1)
    assert url == f"{live_server.url}/verify/{certificate.verify_code}/"
    phone.goto(url)
    phone.locator('#verify-result[data-result="genuine"]').wait_for()
    assert phone.locator("#verify-serial").inner_text() == certificate.serial


def resident_applies(phone, axe):
    """From the home page to the guide, the service and its form; returns the reference on the receipt."""
    phone.goto("/")
    phone.get_by_role("link", name="便民服务办事指南").click()
    phone.locator("#services").wait_for()
    axe(phone, "service guide")
    phone.locator('#services li[data-service="juzhu"] a').click()
    phone.locator("#service-facts").wait_for()
    assert phone.locator("#service-time-limit").inner_text() == "3个工作日"
    axe(phone, "service page")
    phone.locator("#service-apply").click()
    phone.get_by_label("申请人姓名").fill(NAME)
    phone.get_by_label("身份证号").fill(valid_id_number("22082119900101002"))
    phone.get_by_label("手机号码").fill("13900139001")
    phone.get_by_label("我同意接收办理进度短信").check()
    phone.get_by_label("居住地址").fill("幸福社区3号楼2单元501室")
    phone.get_by_label("所在网格").select_option(label="幸福社区第一网格")
    phone.get_by_label("证明用途").fill(PURPOSE)
    phone.get_by_label("本人承诺所填信息真实有效").check()
    axe(phone, "certificate application form")
    button = phone.locator(f"{NEXT}, {SUBMIT}").first
    button.click()
    if phone.locator(SUBMIT).count():  # the review step
        phone.locator(SUBMIT).click()
    reference = phone.locator("#reference")
    reference.wait_for()
    return reference.inner_text().strip()
