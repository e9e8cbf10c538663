"""The batch page in a browser: recipients come from a list or from a form's cases, one choice shown at a time,
with a sample sheet for the chosen template; a list that misses a placeholder's column is refused naming it."""
import pytest

from documents.models import DocumentBatch, DocumentTemplate
from tests.e2e.test_case_loop import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_supervisor_chooses_the_recipients_and_downloads_the_sample_sheet(demo, desktop_page, tmp_path):
    page = desktop_page
    batches_before = DocumentBatch.objects.count()  # the demo's 星级文明户 round issued its certificates as one
    log_in(page, "supervisor")
    page.goto("/admin/documents/batches/")
    upload_group, form_group = page.locator("#batch-upload-group"), page.locator("#batch-form-group")
    assert upload_group.is_visible() and not form_group.is_visible()

    page.check('input[name="source"][value="form"]')
    assert form_group.is_visible() and not upload_group.is_visible()
    assert page.locator('select[name="form_page"]').is_enabled()
    assert page.locator('input[name="upload"]').is_disabled()

    page.check('input[name="source"][value="upload"]')
    stars = DocumentTemplate.objects.get(name="星级文明户荣誉证书")
    page.select_option('select[name="template"]', str(stars.pk))
    with page.expect_download() as download:
        page.click("#batch-sample-csv")
    sheet = download.value.path().read_bytes().decode("utf-8")
    assert sheet.startswith("\ufeff") and "shen_bao_xing_ji" in sheet.splitlines()[0]

    listing = tmp_path / "名单.csv"
    listing.write_text("姓名,申报星级\n王芳,五星\n", encoding="utf-8-sig")
    page.set_input_files('input[name="upload"]', str(listing))
    page.click("#batch-form button[type=submit]")
    page.locator(".help-critical").wait_for()
    assert "{{ answer.shen_bao_xing_ji }}" in page.locator(".help-critical").inner_text()
    assert DocumentBatch.objects.count() == batches_before
