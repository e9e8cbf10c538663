"""Retention: a closed case's personal data is anonymised after its form's period, keeping what statistics
need; a supervisor erases or exports one resident's data on request. Everything is on the record."""
import json
from datetime import timedelta

import pytest
from django.urls import reverse

from cases.clock import now
from cases.constants import CaseState
from cases.constants import Trigger as T
from cases.form_settings import set_case_settings
from cases.models import Case
from cases.retention import anonymise_case
from cases.tick import tick
from documents.models import Document
from forms_app.models import SubmissionKey, Upload
from forms_app.search import digest_of
from organisation.constants import StaffRole
from organisation.models import AccessLogEntry
from tests.factories import (
    CASE_PATHS,
    attach,
    make_member,
    make_resident_form,
    make_template,
    make_upload,
    resident_case,
    valid_id_number,
    walk_case,
)

pytestmark = pytest.mark.django_db
ID = valid_id_number()


@pytest.fixture
def world(case_world, django_capture_on_commit_callbacks):
    form = make_resident_form(case_world)
    form.form_fields.filter(label="姓名").update(personal=True)
    attach(form, T.SUBMIT, make_template())
    case_world.doc_form = form
    case_world.capture = django_capture_on_commit_callbacks
    return case_world


def closed_case(world, state="rejected"):
    """A resident's case with a name, an ID number, a photo and a receipt PDF, brought to ``state``."""
    with world.capture(execute=True):
        case = resident_case(world, world.doc_form, id_number=ID, text="申请居住证明，本人住幸福社区")
    submission = case.submission
    submission.form_data["zhao_pian"] = make_upload(world.doc_form, "zhao_pian", submission=submission)
    submission.save(update_fields=["form_data"])
    return walk_case(world, case, CASE_PATHS[state])


def test_a_closed_case_past_the_period_is_anonymised_keeping_what_statistics_need(world, settings):
    settings.RETENTION_DAYS = 30
    case = closed_case(world, "archived")
    upload = Upload.objects.get(submission=case.submission)
    [document] = Document.objects.filter(case=case)
    stored = [upload.file.name, document.file.name]
    assert tick(at=now() + timedelta(days=29))["anonymised"] == 0  # not yet
    with world.capture(execute=True):
        assert tick(at=now() + timedelta(days=31))["anonymised"] == 1
    case.refresh_from_db()
    case.submission.refresh_from_db()
    answers = case.submission.form_data
    assert answers[world.doc_form.ids["姓名"]] == answers[world.doc_form.ids["身份证号"]] == "[removed]"
    assert answers["zhao_pian"] == "[removed]"
    assert answers[world.doc_form.ids["问题描述"]] == "申请居住证明，本人住幸福社区"  # not marked personal: kept
    assert (case.state, case.category_id, case.rating) == (CaseState.ARCHIVED, world.category.pk, 5)
    assert not Upload.objects.filter(submission=case.submission).exists()
    assert not SubmissionKey.objects.filter(digest=digest_of(ID)).exists()
    assert "李" not in case.submission.search_text
    assert not any(upload.file.storage.exists(name) for name in stored)  # the photo and the PDF are gone
    assert case.events.filter(transition="anonymised").count() == 1
    assert AccessLogEntry.objects.filter(action="govforms.anonymise", object_id=str(case.pk)).count() == 1
    assert tick(at=now() + timedelta(days=32))["anonymised"] == 0  # done once, never again


def test_verification_still_answers_genuine_after_the_pdf_is_gone(world, client, settings):
    settings.RETENTION_DAYS = 0
    case = closed_case(world)
    [document] = Document.objects.filter(case=case)
    with world.capture(execute=True):
        tick(at=now() + timedelta(minutes=1))
    document.refresh_from_db()
    assert not document.file
    page = client.get(reverse("verify_document", args=[document.verify_code]))
    assert page.status_code == 200 and page.context["genuine"] and document.serial in page.content.decode()


def test_open_cases_and_a_forms_own_longer_period_are_respected(world, settings):
    settings.RETENTION_DAYS = 10
    open_case = world.new_case()
    page = world.doc_form.get_latest_revision_as_object()
    set_case_settings(page, retention_days=365)
    page.save_revision().publish()
    closed = closed_case(world)
    assert tick(at=now() + timedelta(days=100))["anonymised"] == 0
    assert tick(at=now() + timedelta(days=366))["anonymised"] == 1
    open_case.submission.refresh_from_db()
    closed.submission.refresh_from_db()
    assert open_case.submission.anonymised_at is None and closed.submission.anonymised_at is not None


def test_anonymising_twice_changes_nothing_the_second_time(world):
    case = closed_case(world)
    assert anonymise_case(case) is True
    first = Case.objects.get(pk=case.pk).submission.form_data
    assert anonymise_case(case) is False
    assert Case.objects.get(pk=case.pk).submission.form_data == first
    assert case.events.filter(transition="anonymised").count() == 1


# -- the resident's rights (PIPL) ----------------------------------------------------------------------


@pytest.fixture
def rights_holder(world):
    return make_member(StaffRole.SUPERVISOR, region=world.community, personal_data=True)


def test_a_supervisor_exports_a_residents_data_in_clear_on_the_record(world, client, rights_holder):
    case = closed_case(world, "archived")
    client.force_login(rights_holder)
    response = client.get(reverse("cases_workbench_subject_export", args=[case.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["reference"] == case.reference and data["answers"]["身份证号"] == ID
    assert data["answers"]["姓名"] == "李堃喆"
    assert AccessLogEntry.objects.filter(action="govforms.subject_export", user=rights_holder).count() == 1


def test_a_supervisor_erases_a_residents_data_on_request_after_confirming(world, client, rights_holder):
    case = closed_case(world, "dispatched")
    client.force_login(rights_holder)
    url = reverse("cases_workbench_subject_erase", args=[case.pk])
    refused = client.post(url, {"erase-why": "居民来函要求删除"})  # not confirmed
    assert refused.status_code == 400
    assert Case.objects.get(pk=case.pk).submission.anonymised_at is None
    response = client.post(url, {"erase-why": "居民来函要求删除", "erase-confirm": "on"})
    assert response.status_code == 302
    case.submission.refresh_from_db()
    assert case.submission.anonymised_at is not None
    assert case.submission.form_data[world.doc_form.ids["身份证号"]] == "[removed]"
    entry = AccessLogEntry.objects.get(action="govforms.erase")
    assert entry.user_id == rights_holder.pk and entry.data["note"] == "居民来函要求删除"


def test_handlers_dispatchers_and_supervisors_without_the_permission_may_not_erase_or_export(world, client):
    case = closed_case(world, "dispatched")
    for user in (world.post_a, world.dispatcher, world.supervisor):
        client.force_login(user)
        assert client.get(reverse("cases_workbench_subject_export", args=[case.pk])).status_code == 403
        assert client.post(reverse("cases_workbench_subject_erase", args=[case.pk]),
                           {"erase-why": "x", "erase-confirm": "on"}).status_code == 403
    case.submission.refresh_from_db()
    assert case.submission.anonymised_at is None
