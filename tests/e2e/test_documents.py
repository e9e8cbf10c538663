"""Issue 4, end to end: an editor edits a notice template in the admin, a handler resolves a case, the
resident downloads the notice on a phone, and verifies it at the URL its QR code carries.

The QR code is checked for what it encodes by comparing the image embedded in the PDF with the QR code
of the printed verification URL, module by module.
"""
import io
import re

import pytest

from cases import workflow
from cases.constants import CaseState as S
from documents.models import Document, DocumentTemplate
from forms_app.models import FormPage
from organisation.models import Department, Region
from tests.e2e.test_case_loop import act, log_in, open_case
from tests.factories import make_case, pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADDED = "如对办理结果有异议，可在十五日内申请复核。"
RESULT = "已疏通楼道下水管道，经现场确认排水正常"


def edit_template(page, name, text):
    """Open the template in the snippet editor, add a sentence at the end of the body, save."""
    page.goto("/admin/snippets/documents/documenttemplate/")
    page.get_by_role("link", name=name).first.click()
    page.locator("#doc-placeholders").wait_for()
    editor = page.locator(".Draftail-Editor .public-DraftEditor-content").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(text)
    page.keyboard.type("{{ resident_nmae }}")  # a typo: refused when saving, not when a resident asks
    synced(page, "resident_nmae")
    with page.expect_navigation():
        page.locator("button.action-save").click()
    page.locator(".error-message, .w-field__errors").filter(has_text="resident_nmae").first.wait_for()
    editor = page.locator(".Draftail-Editor .public-DraftEditor-content").first
    editor.click()
    page.keyboard.press("Control+End")
    for _ in range(len("{{ resident_nmae }}")):
        page.keyboard.press("Backspace")
    synced(page, "resident_nmae", present=False)
    with page.expect_navigation():
        page.locator("button.action-save").click()
    page.locator(".messages .success, .w-message--success, [class*=success]").first.wait_for()


def synced(page, text, present=True):
    """Wait until Draftail has written the editor's content into the form field that is posted."""
    page.wait_for_function("([text, present]) => document.querySelector('#id_body').value.includes(text) === present",
                           arg=[text, present])


def qr_modules(image):
    """The QR code image as a grid of booleans (dark = True), whatever its scale or colour mode."""
    image = image.convert("L")
    width, height = image.size
    # find the module size from the first dark run of the finder pattern (7 modules wide)
    pixels = image.load()
    # the top-left finder pattern starts with a run of 7 dark modules: its length gives the module size
    row = next(y for y in range(height) if any(pixels[x, y] < 128 for x in range(width)))
    start = next(x for x in range(width) if pixels[x, row] < 128)
    end = next(x for x in range(start, width) if pixels[x, row] >= 128)
    module = max(1, (end - start) // 7)
    return [[pixels[x, y] < 128 for x in range(module // 2, width, module)] for y in range(module // 2, height, module)]


def test_an_edited_notice_is_issued_downloaded_and_verified(demo, desktop_page, mobile_page, axe, live_server,
                                                            settings):
    settings.PUBLIC_BASE_URL = live_server.url  # the address printed on documents and in their QR code
    staff, phone = desktop_page, mobile_page

    # 1. the editor adds a sentence to the completion notice (办结告知书)
    log_in(staff, "editor")
    edit_template(staff, "办结告知书", ADDED)
    assert ADDED in DocumentTemplate.objects.get(name="办结告知书").body

    notice = handler_resolves_a_request(staff)
    pdf, text = resident_downloads_the_notice(phone, notice, axe)
    url = the_qr_code_carries_the_verification_url(pdf, text, notice, live_server)

    phone.goto(url)
    phone.locator('#verify-result[data-result="genuine"]').wait_for()
    assert phone.locator("#verify-serial").inner_text() == notice.serial
    assert phone.locator("#verify-title").inner_text() == "办结告知书"
    assert "李堃喆" not in phone.content()
    axe(phone, "document verification")

    # 5. revoked: the same URL now says so
    from django.contrib.auth import get_user_model

    from documents.services import document_revoke

    document_revoke(document=notice, by=get_user_model().objects.get(username="supervisor"), reason="结果填写有误")
    phone.reload()
    phone.locator('#verify-result[data-result="revoked"]').wait_for()


def handler_resolves_a_request(staff):
    """2. a resident's request is handled; the handler resolves it on the workbench. Returns its notice."""
    from django.contrib.auth import get_user_model

    form = FormPage.objects.get(slug="suqiu")
    ids = {f.label: f.clean_name for f in form.form_fields.all()}
    grid = Region.objects.get(code="220821100001-01")
    case = make_case(form, grid, {ids["诉求类别"]: "管道维修", ids["问题描述"]: "楼道下水管道堵塞，污水外溢。",
                                  ids["所在网格"]: grid.pk, ids["姓名"]: "李堃喆", ids["是否需要回访"]: "否",
                                  ids["本人承诺所反映情况属实"]: True})
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["dispatcher", "handler"])}
    case = workflow.case_accept(case=case, by=users["dispatcher"])
    case = workflow.case_dispatch(case=case, to=Department.objects.get(code="xf-grid"), by=users["dispatcher"])
    case = workflow.case_claim(case=case, by=users["handler"])
    log_in(staff, "handler")
    open_case(staff, case)
    assert act(staff, case, "resolve",
               lambda panel: panel.locator('textarea[name="resolve-result"]').fill(RESULT)) == S.RESOLVED
    notice = Document.objects.get(case=case, template__name="办结告知书")
    staff.reload()
    assert staff.locator('#case-document-list tr[data-status="ready"]').filter(has_text=notice.serial).count() == 1
    return notice


def resident_downloads_the_notice(phone, notice, axe):
    """3. the resident downloads it from the tracking page on a phone; returns the PDF and its text."""
    phone.goto(f"/track/{notice.case.tracking_token}/")
    documents = phone.locator("#case-documents")
    documents.wait_for()
    axe(phone, "case tracking with documents")
    with phone.expect_download() as download:
        documents.get_by_role("link", name=re.compile("办结告知书")).click()
    pdf = open(download.value.path(), "rb").read()
    text = pdf_text(pdf)
    for expected in ("办结告知书", "李堃喆", ADDED, RESULT, notice.serial, notice.display_code, "镇赉镇人民政府"):
        assert expected in text, expected
    assert notice.case.events.filter(transition="document_downloaded").exists()
    return pdf, text


def the_qr_code_carries_the_verification_url(pdf, text, notice, live_server):
    """4. the QR code carries the printed verification URL (the phone then follows it)."""
    import segno
    from PIL import Image
    from pypdf import PdfReader

    url = re.search(r"(http://[\w.:]+/verify/[A-Z0-9]+/)", text).group(1)
    assert url == f"{live_server.url}/verify/{notice.verify_code}/"
    images = [img.image for img in PdfReader(io.BytesIO(pdf)).pages[0].images]
    expected = io.BytesIO()
    segno.make(url, error="m", micro=False).save(expected, kind="png", scale=1, border=2)
    wanted = qr_modules(Image.open(expected))
    assert any(qr_modules(image) == wanted for image in images if image.size[0] == image.size[1] < 200)
    return url
