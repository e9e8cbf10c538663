"""Document templates and batches in the admin: validation on save, the PDF preview, per-form rules, batches."""
import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from documents.constants import BatchStatus, DocumentStatus
from documents.models import Document, DocumentBatch, DocumentTemplate
from tests.factories import make_resident_form, make_staff, make_template, pdf_text, resident_case, valid_id_number

pytestmark = pytest.mark.django_db


def grant(user, *codenames):
    for codename in codenames:
        user.groups.first().permissions.add(Permission.objects.get(content_type__app_label="documents", codename=codename))
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def editor(db):
    return grant(make_staff(), "add_documenttemplate", "change_documenttemplate", "view_documenttemplate",
                 "add_documentbatch")


def template_data(**overrides):
    data = {"name": "星级文明户证书", "kind": "certificate", "title": "荣誉证书",
            "body": rich_text("<p>{{ resident_name }}家庭：被评为“五星级文明户”。</p>"),
            "serial_prefix": "镇赉证字", "issuer": "东湖街道办事处", "page_format": "A4 landscape", "footer": ""}
    data.update(overrides)
    return data


def test_an_editor_saves_a_template(client, editor):
    client.force_login(editor)
    response = client.post(reverse("wagtailsnippets_documents_documenttemplate:add"), template_data())
    assert response.status_code == 302
    assert DocumentTemplate.objects.get().title == "荣誉证书"


def test_an_unknown_placeholder_is_reported_when_the_template_is_saved(client, editor):
    client.force_login(editor)
    response = client.post(reverse("wagtailsnippets_documents_documenttemplate:add"),
                           template_data(body=rich_text("<p>{{ resident_nmae }}家庭</p>")))
    assert response.status_code == 200 and not DocumentTemplate.objects.exists()
    assert "resident_nmae" in str(response.context["form"].errors["body"])


def test_the_editor_offers_the_placeholder_list(client, editor):
    client.force_login(editor)
    page = client.get(reverse("wagtailsnippets_documents_documenttemplate:add")).content.decode()
    assert 'data-copy-placeholder="{{ resident_name }}"' in page and 'data-copy-placeholder="{{ serial }}"' in page


def test_the_preview_is_a_pdf_with_sample_data(client, editor):
    client.force_login(editor)
    url = reverse("wagtailsnippets_documents_documenttemplate:preview_on_add")
    assert client.post(url, template_data()).json()["is_valid"]
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "荣誉证书" in text and "李堃喆家庭" in text and "镇赉证字〔2026〕第000123号" in text


def test_a_form_cannot_attach_a_template_that_names_a_question_it_lacks(client, case_world):
    from tests.forms_app.test_admin_forms import edit_url, page_data

    form = make_resident_form(case_world)
    template = make_template(name="t2", body="<p>{{ answer.nian_ling }}</p>")
    user = make_staff()
    client.force_login(user)
    fields = [{"label": f.label, "field_type": f.field_type, "required": f.required, "id": f.pk, "choices": "",
               "default_value": "", "help_text": "", "clean_name": f.clean_name}
              for f in form.form_fields.all()]
    data = page_data(fields, title=form.title, slug=form.slug, initial=len(fields),
                     rules=[{"trigger": "submit", "template": template.pk}])
    response = client.post(edit_url(form), data)
    assert response.status_code == 200
    rule_errors = response.context["form"].formsets["document_rules"].forms[0].errors
    assert "nian_ling" in str(rule_errors["template"])


def test_a_failed_document_shows_on_the_case_page_with_a_retry_button(client, case_world,
                                                                     django_capture_on_commit_callbacks):
    from cases.constants import Trigger as DocumentTrigger
    from tests.factories import attach

    form = make_resident_form(case_world)
    attach(form, DocumentTrigger.SUBMIT, make_template())
    with django_capture_on_commit_callbacks(execute=True):
        case = resident_case(case_world, form, name="王\ue000")
    document = Document.objects.get(case=case)
    client.force_login(case_world.dispatcher)
    page = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    retry = reverse("cases_workbench_document_retry", args=[case.pk, document.pk])
    assert retry in page and 'data-status="failed"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED and document.attempts == 2  # the name still has no glyph


# -- batches ------------------------------------------------------------------------------------------------


def csv_upload(text, name="名单.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_a_batch_from_a_list_issues_good_rows_and_lists_bad_ones_by_line(client, editor,
                                                                         django_capture_on_commit_callbacks):
    template = make_template(name="星级文明户", title="荣誉证书", serial_prefix="镇赉证字", kind="certificate",
                             body="<p>{{ resident_name }}家庭（{{ address }}）被评为五星级文明户。</p>")
    good_id = valid_id_number()
    rows = ("姓名,身份证号,地址\n"
            f"王芳,{good_id},幸福社区1号楼\n"          # line 2
            "李堃喆,,幸福社区2号楼\n"                    # line 3
            ",,幸福社区3号楼\n"                          # line 4: no name
            "张三,110105194912310021,幸福社区4号楼\n"    # line 5: bad check digit
            "吉𠮷,,幸福社区5号楼\n")                     # line 6
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents_batches"), {
            "template": template.pk, "source": "upload", "upload": csv_upload(rows, encoding="gb18030"),
            "output": "zip"})
    batch = DocumentBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("documents_batch", args=[batch.pk])
    assert (batch.status, batch.total, batch.done, batch.failed) == (BatchStatus.DONE, 5, 3, 2)
    assert [e["line"] for e in sorted(batch.errors, key=lambda e: e["line"])] == [4, 5]
    page = client.get(response.url).content.decode()
    assert 'id="batch-errors"' in page and 'value="100"' in page
    status = client.get(reverse("documents_batch_status", args=[batch.pk])).json()
    assert status == {"status": "done", "total": 5, "done": 3, "failed": 2, "progress": 100, "finished": True}
    download = client.get(reverse("documents_batch_download", args=[batch.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert len(names) == 3 and names[0].startswith("0002-王芳-镇赉证字")
    texts = [pdf_text(archive.read(n)) for n in names]
    assert "王芳家庭（幸福社区1号楼）" in texts[0] and "吉𠮷家庭" in texts[2]
    assert good_id not in "".join(texts)
    serials = sorted(Document.objects.filter(batch=batch).values_list("serial", flat=True))
    assert len(set(serials)) == 3


def test_a_batch_from_a_survey_selects_by_answer_and_merges_one_pdf(client, case_world,
                                                                  django_capture_on_commit_callbacks):
    from tests.factories import make_form, make_submission

    survey = make_form([("户主姓名", "singleline"), ("评定星级", "radio", {"choices": "五星\n四星\n三星"})],
                       title="星级文明户评定", slug="xing-ji", workflow="record", kind="survey")
    ids = [f.field_id for f in survey.form_fields.all()]
    for name, stars in (("王芳", "五星"), ("赵敏", "四星"), ("李堃喆", "五星")):
        make_submission(survey, {ids[0]: name, ids[1]: stars}, region=case_world.grid1)
    template = make_template(name="星级文明户", title="荣誉证书", serial_prefix="镇赉证字", kind="certificate",
                             body="<p>{{ resident_name }}家庭被评为{{ answer.%s }}文明户。</p>" % ids[1])
    client.force_login(grant(case_world.supervisor, "add_documentbatch"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents_batches"), {"template": template.pk, "source": "form",
                                                   "form_page": survey.pk, "field_id": ids[1], "value": "五星",
                                                   "output": "pdf"})
    batch = DocumentBatch.objects.get()
    assert (batch.status, batch.done, batch.failed) == (BatchStatus.DONE, 2, 0)
    merged = b"".join(client.get(reverse("documents_batch_download", args=[batch.pk])).streaming_content)
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(merged)).pages) == 2
    text = pdf_text(merged)
    assert "王芳家庭被评为五星文明户" in text and "李堃喆家庭被评为五星文明户" in text and "赵敏" not in text
    # the certificates also reach each household's tracking page
    assert Document.objects.filter(batch=batch, case__isnull=False).count() == 2


def test_an_unusable_list_is_refused_with_a_message(client, editor):
    template = make_template(name="星级文明户", title="荣誉证书", serial_prefix="镇赉证字")
    client.force_login(editor)
    response = client.post(reverse("documents_batches"), {"template": template.pk, "source": "upload",
                                                          "upload": csv_upload("地址\n幸福社区\n"), "output": "zip"})
    assert response.status_code == 400 and "姓名" in str(response.context["form"].non_field_errors())
    response = client.post(reverse("documents_batches"), {
        "template": template.pk, "source": "upload", "output": "zip",
        "upload": SimpleUploadedFile("list.exe", b"MZ\x90\x00", content_type="application/octet-stream")})
    assert response.status_code == 400 and not DocumentBatch.objects.exists()


def test_batches_need_the_permission(client, case_world):
    client.force_login(make_staff())
    response = client.get(reverse("documents_batches"))  # Wagtail turns the refusal into a message on the home page
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")


# -- the register (文书台账) -----------------------------------------------------------------------------


def test_the_register_lists_only_documents_of_cases_in_reach_and_finds_them_by_serial(
        client, case_world, django_capture_on_commit_callbacks):
    from cases.constants import Trigger as DocumentTrigger
    from tests.factories import attach

    form = make_resident_form(case_world)
    attach(form, DocumentTrigger.SUBMIT, make_template())
    with django_capture_on_commit_callbacks(execute=True):
        mine = resident_case(case_world, form, name="王芳")
        theirs = resident_case(case_world, form, name="赵敏")
    from cases.models import Case

    Case.objects.filter(pk=theirs.pk).update(region=case_world.county, region_path=case_world.county.path)
    ours, other = Document.objects.get(case=mine), Document.objects.get(case=theirs)
    url = reverse("documents_document_modeladmin_index")
    client.force_login(case_world.dispatcher)  # community dispatcher: the county-level case is out of reach
    page = client.get(url).content.decode()
    assert ours.serial in page and other.serial not in page
    found = client.get(url, {"q": ours.serial}).content.decode()
    assert ours.serial in found
    download = reverse("documents_register_download", args=[ours.pk])
    assert download in page and client.get(download).status_code == 200
    assert client.get(reverse("documents_register_download", args=[other.pk])).status_code == 404
    assert mine.events.filter(transition="document_downloaded", actor=case_world.dispatcher).exists()
