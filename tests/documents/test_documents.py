"""Issuing documents on case events: serials, idempotent generation, failure and retry, revocation, downloads.

Every PDF is read back with pdftotext: the Chinese text, the serial number and the verification code must be
in it.
"""
import re
import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from cases import workflow as wf
from cases.constants import Trigger as T
from cases.models import CaseEvent
from documents import services as doc_services
from documents.constants import DocumentStatus as DS
from documents.models import Document, DocumentTemplate
from tests.factories import attach, make_resident_form, make_template, pdf_text, resident_case, valid_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(case_world):
    form = make_resident_form(case_world)
    receipt = make_template()
    attach(form, T.SUBMIT, receipt)
    case_world.doc_form, case_world.receipt = form, receipt
    return case_world


def issued(case, **filters):
    return list(Document.objects.filter(case=case, **filters).order_by("pk"))


def assert_embedded_subset_and_tagged(pdf):
    """pdffonts: every font embedded, subset and with a ToUnicode map; the catalog marks a tagged PDF."""
    import subprocess
    import tempfile
    from io import BytesIO

    from pypdf import PdfReader

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        rows = subprocess.run(["pdffonts", handle.name], capture_output=True, text=True, check=True).stdout
    rows = rows.splitlines()[2:]
    assert rows
    for row in rows:
        name, *_rest, emb, sub, uni, _obj, _gen = row.split()
        assert (emb, sub, uni) == ("yes", "yes", "yes") and "+" in name, row
    catalog = PdfReader(BytesIO(pdf)).trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalog


def test_a_submission_gets_its_receipt_with_the_residents_values(setup, django_capture_on_commit_callbacks):
    id_number = valid_id_number()
    with django_capture_on_commit_callbacks(execute=True):
        case = resident_case(setup, setup.doc_form, id_number=id_number)
    [document] = issued(case)
    assert document.status == DS.READY and document.trigger == T.SUBMIT
    assert re.fullmatch(r"镇赉受字〔\d{4}〕第000001号", document.serial)
    with document.file.open("rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF-1.7") and len(pdf) < 150 * 1024
    text = pdf_text(pdf)
    for expected in ("受理回执", "李堃喆", case.reference, "第一网格", document.serial, document.display_code,
                     "东湖街道办事处", f"/verify/{document.verify_code}/"):
        assert expected in text, expected
    masked = id_number[:4] + "*" * 10 + id_number[-4:]
    assert masked in text and id_number not in text  # only the masked number is ever printed
    assert_embedded_subset_and_tagged(pdf)
    issued_events = case.events.filter(transition="document_issued")
    assert [e.data["serial"] for e in issued_events] == [document.serial]


def test_serial_numbers_run_per_template_and_never_repeat(setup, django_capture_on_commit_callbacks):
    other = make_template(name="证明", title="居住证明", serial_prefix="镇赉证字", kind="certificate")
    attach(setup.doc_form, T.SUBMIT, other)
    with django_capture_on_commit_callbacks(execute=True):
        cases = [resident_case(setup, setup.doc_form) for _ in range(3)]
    receipts = [d.serial for c in cases for d in issued(c, template=setup.receipt)]
    certificates = [d.serial for c in cases for d in issued(c, template=other)]
    assert [s[-7:] for s in receipts] == ["000001号", "000002号", "000003号"]
    assert [s[-7:] for s in certificates] == ["000001号", "000002号", "000003号"]
    assert all(s.startswith("镇赉证字〔") for s in certificates)


def test_reject_resolve_and_failed_checkup_issue_their_notices(setup, django_capture_on_commit_callbacks):
    refusal = make_template(name="不予受理通知书", title="不予受理通知书", serial_prefix="镇赉不受字",
                            body="<p>{{ resident_name }}：您的申请（{{ reference }}）不予受理。理由：{{ reason }}</p>")
    done = make_template(name="办结告知书", title="办结告知书", serial_prefix="镇赉办字",
                         body="<p>{{ resident_name }}：您反映的问题已办结。结果：{{ result }}（{{ department }}）</p>")
    attach(setup.doc_form, T.REJECT, refusal)
    attach(setup.doc_form, T.RESOLVE, done)
    with django_capture_on_commit_callbacks(execute=True):
        rejected = wf.case_reject(case=resident_case(setup, setup.doc_form), by=setup.dispatcher, reason="不属于受理范围")
        case = resident_case(setup, setup.doc_form, name="张镕赟")
        case = wf.case_accept(case=case, by=setup.dispatcher)
        case = wf.case_dispatch(case=case, to=setup.team_a, by=setup.dispatcher)
        case = wf.case_claim(case=case, by=setup.post_a)
        case = wf.case_resolve(case=case, by=setup.post_a, result="已更换破损水管")
    [notice] = issued(rejected, template=refusal)
    with notice.file.open("rb") as handle:
        assert "理由：不属于受理范围" in pdf_text(handle.read())
    [completion] = issued(case, template=done)
    with completion.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "张镕赟" in text and "结果：已更换破损水管" in text and "第一网格服务队" in text
    assert completion.event.transition == "resolve"


def test_a_failed_checkup_issues_a_rectification_notice(case_world, django_capture_on_commit_callbacks):
    from tests.factories import make_form, make_submission

    form = make_form([("消防通道畅通", "checkupitem", {"weight": 10}), ("垃圾分类到位", "checkupitem", {"weight": 10})],
                     title="社区体检", slug="ti-jian", workflow="inspection", kind="checkup", pass_mark=80)
    notice = make_template(name="整改通知书", title="整改通知书", serial_prefix="镇赉整改字",
                           body="<p>{{ community }}：本次体检得分 {{ score }}，未达标，请限期整改。</p>")
    attach(form, T.CHECKUP_FAILED, notice)
    ids = [f.field_id for f in form.form_fields.all()]
    with django_capture_on_commit_callbacks(execute=True):
        failing = make_submission(form, {ids[0]: "yes", ids[1]: "no"}, region=case_world.grid1)
        passing = make_submission(form, {ids[0]: "yes", ids[1]: "yes"}, region=case_world.grid1)
    [document] = issued(failing.case)
    assert issued(passing.case) == []
    with document.file.open("rb") as handle:
        assert "幸福社区：本次体检得分50" in pdf_text(handle.read())


def test_generating_twice_makes_one_document(setup, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = resident_case(setup, setup.doc_form)
    [document] = issued(case)
    name = document.file.name
    again = doc_services.generate(document.pk)
    assert again.file.name == name and again.status == DS.READY
    assert Document.objects.filter(case=case).count() == 1
    assert case.events.filter(transition="document_issued").count() == 1


def test_a_render_failure_keeps_the_case_and_staff_can_retry(setup, django_capture_on_commit_callbacks, settings):
    # A character no installed font has (a private-use code point) cannot be printed: generation must fail
    # cleanly, the case and its submission stay, and a retry after fixing the data issues the document.
    with django_capture_on_commit_callbacks(execute=True):
        case = resident_case(setup, setup.doc_form, name="王\ue000")
    [document] = issued(case)
    assert document.status == DS.FAILED and "\ue000" in document.error
    assert case.submission.pk and case.events.filter(transition="document_failed").exists()

    from forms_app.models import Submission

    submission = Submission.objects.get(pk=case.submission_id)
    submission.form_data[setup.doc_form.ids["姓名"]] = "王芳"
    submission.save()
    client_user = setup.dispatcher
    with django_capture_on_commit_callbacks(execute=True):
        doc_services.document_retry(document=document, by=client_user)
    document.refresh_from_db()
    assert document.status == DS.READY and document.error == ""
    with pytest.raises(doc_services.DocumentError):
        doc_services.document_retry(document=document, by=client_user)  # only failed documents are retried


def test_a_handler_of_another_department_cannot_retry(setup, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = resident_case(setup, setup.doc_form, name="王\ue000")
    [document] = issued(case)
    with pytest.raises(doc_services.DocumentError) as refused:
        doc_services.document_retry(document=document, by=setup.handler_b)
    assert refused.value.code == "forbidden"
    document.refresh_from_db()
    assert document.status == DS.FAILED


def test_revoked_documents_say_so_on_the_verification_page(setup, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = resident_case(setup, setup.doc_form)
    [document] = issued(case)
    url = reverse("verify_document", args=[document.verify_code])
    page = client.get(url)
    assert page.status_code == 200 and page.context["genuine"]
    html = page.content.decode()
    assert "受理回执" in html and document.serial in html and "东湖街道办事处" in html
    assert "李堃喆" not in html and case.reference not in html  # no personal data for anyone holding the code

    with pytest.raises(doc_services.DocumentError):
        doc_services.document_revoke(document=document, by=setup.post_a, reason="填写错误")  # handlers may not
    with pytest.raises(doc_services.DocumentError):
        doc_services.document_revoke(document=document, by=setup.supervisor, reason="  ")
    doc_services.document_revoke(document=document, by=setup.supervisor, reason="姓名填写错误")
    page = client.get(url)
    assert page.context["revoked"] and not page.context["genuine"]
    assert 'data-result="revoked"' in page.content.decode()
    assert case.events.filter(transition="document_revoked", actor=setup.supervisor).exists()


def test_verification_accepts_typed_codes_and_rejects_unknown_ones(setup, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = resident_case(setup, setup.doc_form)
    [document] = issued(case)
    typed = client.get(reverse("verify"), {"code": f" {document.display_code.lower()} "})
    assert typed.status_code == 302 and typed.url == reverse("verify_document", args=[document.verify_code])
    assert client.get(reverse("verify"), {"code": "abc"}).status_code == 400
    unknown = client.get(reverse("verify_document", args=["ABCDEFGHJK"]))
    assert unknown.status_code == 404 and 'data-result="unknown"' in unknown.content.decode()


def test_the_resident_downloads_from_the_tracking_link_and_the_download_is_logged(
        setup, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = resident_case(setup, setup.doc_form)
    [document] = issued(case)
    track = client.get(reverse("track", args=[case.tracking_token]))
    link = reverse("track_document", args=[case.tracking_token, document.pk])
    assert link in track.content.decode()
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "李堃喆" in pdf_text(b"".join(response.streaming_content))
    logged = case.events.get(transition="document_downloaded")
    assert logged.data["by"] == "resident" and not logged.public
    # another case's token does not open this document
    other = resident_case(setup, setup.doc_form)
    assert client.get(reverse("track_document", args=[other.tracking_token, document.pk])).status_code == 404


def test_staff_download_only_cases_they_can_see(setup, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = resident_case(setup, setup.doc_form)
    [document] = issued(case)
    url = reverse("cases_workbench_document", args=[case.pk, document.pk])
    client.force_login(setup.handler_b)  # team B, grid 2: not this case
    assert client.get(url).status_code == 404
    client.force_login(setup.dispatcher)
    page = client.get(reverse("cases_workbench_case", args=[case.pk]))
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert case.events.get(transition="document_downloaded").actor == setup.dispatcher


def test_documents_are_issued_inside_the_events_transaction(setup):
    """If the event rolls back, so does its document and its serial number: no gaps, nothing orphaned."""
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            resident_case(setup, setup.doc_form)
            raise RuntimeError("the submission failed after the case was opened")
    assert Document.objects.count() == 0
    case = resident_case(setup, setup.doc_form)
    assert issued(case)[0].serial.endswith("第000001号")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issues_never_share_a_serial(case_world):
    form = make_resident_form(case_world, slug="concurrent")
    template = make_template()
    attach(form, T.SUBMIT, template)
    barrier, errors = threading.Barrier(6), []

    def submit():
        try:
            barrier.wait()
            resident_case(case_world, form)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    serials = sorted(Document.objects.values_list("serial", flat=True))
    assert [s[-7:-1] for s in serials] == [f"{n:06d}" for n in range(1, 7)]


def test_templates_still_in_use_cannot_be_deleted(setup, django_capture_on_commit_callbacks):
    from django.db.models import ProtectedError

    with django_capture_on_commit_callbacks(execute=True):
        resident_case(setup, setup.doc_form)
    with pytest.raises(ProtectedError):
        DocumentTemplate.objects.get(pk=setup.receipt.pk).delete()
    assert CaseEvent.objects.filter(transition="document_issued").count() == 1


def test_the_sweep_requeues_documents_stuck_pending_once(setup):
    from datetime import timedelta

    from cases import clock
    from cases.tick import tick

    case = resident_case(setup, setup.doc_form)  # on-commit callbacks never run here: the queue "lost" it
    [document] = issued(case)
    assert document.status == DS.PENDING
    assert tick().documents_requeued == 0  # just queued: give the worker time
    clock.travel(timedelta(minutes=11))
    assert tick().documents_requeued == 1
    document.refresh_from_db()
    assert document.status == DS.READY  # the immediate backend ran it
    assert tick().documents_requeued == 0


def test_a_retry_prints_the_wording_issued_not_a_later_edit(setup, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = resident_case(setup, setup.doc_form, name="王\ue000")  # fails: no font has the character
    [document] = issued(case)
    template = DocumentTemplate.objects.get(pk=setup.receipt.pk)
    template.body = "<p>{{ resident_name }}：新的措辞。</p>"
    template.save()
    from forms_app.models import Submission

    submission = Submission.objects.get(pk=case.submission_id)
    submission.form_data[setup.doc_form.ids["姓名"]] = "王芳"
    submission.save()
    with django_capture_on_commit_callbacks(execute=True):
        doc_services.document_retry(document=document, by=setup.dispatcher)
    document.refresh_from_db()
    with document.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "您于" in text and "新的措辞" not in text
