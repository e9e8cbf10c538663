"""Batches: one source of recipients at a time, a sample sheet per template, and no placeholder printed blank."""
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from documents.models import Document, DocumentBatch
from tests.factories import make_form, make_staff, make_submission, make_template, pdf_text

from .test_admin import grant

pytestmark = pytest.mark.django_db

STARS_BODY = "<p>{{ resident_name }}家庭（{{ address }}）被评为“{{ answer.shen_bao_xing_ji }}文明户”。</p>"


@pytest.fixture
def editor(db):
    return grant(make_staff(), "add_documentbatch")


@pytest.fixture
def stars():
    return make_template(name="星级文明户荣誉证书", title="荣誉证书", serial_prefix="镇赉证字", kind="certificate",
                         body=STARS_BODY)


def csv_upload(text):
    return SimpleUploadedFile("名单.csv", text.encode("utf-8-sig"), content_type="text/csv")


def post_batch(client, data):
    return client.post(reverse("documents_batches"), {"output": "zip", **data})


def test_the_batch_page_offers_the_upload_and_the_form_as_two_choices(client, editor):
    client.force_login(editor)
    html = client.get(reverse("documents_batches")).content.decode()
    assert 'data-source-group="upload"' in html and 'data-source-group="form"' in html
    assert 'id="batch-sample-csv"' in html and 'id="batch-sample-xlsx"' in html


def test_a_list_and_a_form_at_once_are_refused(client, editor, stars):
    survey = make_form([("申报星级", "radio", {"choices": "五星\n四星"})], title="星级文明户申报", slug="xing-ji",
                       workflow="record", kind="survey")
    client.force_login(editor)
    for source in ("upload", "form"):
        response = post_batch(client, {"template": stars.pk, "source": source, "form_page": survey.pk,
                                       "upload": csv_upload("姓名,地址,shen_bao_xing_ji\n王芳,1号楼,五星\n")})
        assert response.status_code == 400
        assert "不能同时" in " ".join(response.context["form"].errors["source"])
    assert not DocumentBatch.objects.exists()


def test_the_sample_sheet_lists_the_columns_the_templates_placeholders_need(client, editor, stars):
    client.force_login(editor)
    response = client.get(reverse("documents_batch_sample"), {"template": stars.pk, "format": "csv"})
    data = b"".join(response.streaming_content).decode("utf-8")
    assert response.status_code == 200 and data.startswith("\ufeff")
    assert next(csv.reader(io.StringIO(data[1:]))) == ["姓名", "地址", "shen_bao_xing_ji"]
    response = client.get(reverse("documents_batch_sample"), {"template": stars.pk, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in next(sheet.iter_rows())] == ["姓名", "地址", "shen_bao_xing_ji"]


@pytest.mark.parametrize("template, fmt", [("", "csv"), ("x", "csv"), ("99999", "csv"), ("²", "csv"),
                                           ("known", "pdf")])
def test_a_sample_sheet_without_a_known_template_or_format_is_a_400(client, editor, stars, template, fmt):
    client.force_login(editor)
    query = {"template": stars.pk if template == "known" else template, "format": fmt}
    assert client.get(reverse("documents_batch_sample"), query).status_code == 400


def test_a_list_without_the_column_of_a_placeholder_is_refused_naming_it(client, editor, stars):
    client.force_login(editor)
    response = post_batch(client, {"template": stars.pk, "source": "upload",
                                   "upload": csv_upload("姓名,地址,申报星级\n王芳,幸福社区1号楼,五星\n")})
    assert response.status_code == 400
    message = " ".join(response.context["form"].non_field_errors())
    assert "{{ answer.shen_bao_xing_ji }}" in message and "shen_bao_xing_ji" in message
    assert not DocumentBatch.objects.exists() and not Document.objects.exists()


def test_a_list_from_the_sample_sheet_prints_every_placeholder(client, editor, stars,
                                                               django_capture_on_commit_callbacks):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_batch(client, {"template": stars.pk, "source": "upload",
                                       "upload": csv_upload("姓名,地址,shen_bao_xing_ji\n王芳,幸福社区1号楼,五星\n")})
    assert response.status_code == 302
    [document] = Document.objects.filter(batch__isnull=False)
    with document.file.open("rb") as handle:
        assert "王芳家庭（幸福社区1号楼）被评为“五星文明户”" in pdf_text(handle.read())


def test_cases_of_a_form_that_does_not_ask_for_a_placeholders_answer_are_refused(client, case_world, stars):
    survey = make_form([("户主姓名", "singleline"), ("评定星级", "radio", {"choices": "五星\n四星"})],
                       title="星级文明户评定", slug="xing-ji", workflow="record", kind="survey")
    make_submission(survey, {"hu_zhu_xing_ming": "王芳", "ping_ding_xing_ji": "五星"}, region=case_world.grid1)
    client.force_login(grant(case_world.supervisor, "add_documentbatch"))
    response = post_batch(client, {"template": stars.pk, "source": "form", "form_page": survey.pk})
    assert response.status_code == 400
    message = " ".join(response.context["form"].non_field_errors())
    assert "{{ answer.shen_bao_xing_ji }}" in message and "星级文明户评定" in message
    assert not DocumentBatch.objects.exists()
