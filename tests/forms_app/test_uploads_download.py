"""Residents' files are private: stored outside MEDIA_ROOT and served only to staff who may open the case
(files follow the case), whatever their rights on the form's page."""
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from forms_app.constants import FieldType
from forms_app.models import Upload
from organisation.constants import StaffRole
from organisation.models import AccessLogEntry
from tests.factories import make_form, make_member, make_regions, make_staff, make_submission, make_upload

CONTENT = b"%PDF-1.4\n% resident's certificate\n"


@pytest.fixture
def page(db):
    return make_form([("证明材料", FieldType.FILE)], title="材料上报")


@pytest.fixture
def regions(db):
    return make_regions()


@pytest.fixture
def upload(page, regions):
    submission = make_submission(page, {}, region=regions["第一网格"])
    ref = make_upload(page, "zheng_ming_cai_liao", content=CONTENT, submission=submission)
    submission.form_data = {"zheng_ming_cai_liao": ref}
    submission.save(update_fields=["form_data"])
    return Upload.objects.get(pk=ref["upload"])


def download_url(upload_or_pk):
    return reverse("download_upload", args=[getattr(upload_or_pk, "pk", upload_or_pk)])


def test_staff_who_may_open_the_case_download_the_file_and_the_download_is_recorded(client, upload, regions):

    dispatcher = make_member(StaffRole.DISPATCHER, region=regions["幸福社区"])
    client.force_login(dispatcher)
    response = client.get(download_url(upload))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    entry = AccessLogEntry.objects.get(action="govforms.download")
    assert (entry.user_id, entry.object_id) == (dispatcher.pk, str(upload.pk))


def test_an_editor_of_the_form_who_may_read_its_answers_still_gets_not_found(client, upload, page):
    client.force_login(make_staff(reads=[page]))
    assert client.get(download_url(upload)).status_code == 404


def test_staff_of_another_region_get_not_found(client, upload, regions):
    client.force_login(make_member(StaffRole.DISPATCHER, region=regions["第二网格"]))
    assert client.get(download_url(upload)).status_code == 404


def test_anonymous_visitors_get_not_found(client, upload):
    assert client.get(download_url(upload)).status_code == 404


def test_staff_without_access_to_the_form_get_not_found(client, upload):
    client.force_login(make_staff(page_permissions=()))
    assert client.get(download_url(upload)).status_code == 404


def test_staff_of_another_form_get_not_found(client, upload):
    other = make_form([("照片", FieldType.FILE)], title="别的表单")
    client.force_login(make_staff(page=other))
    assert client.get(download_url(upload)).status_code == 404


def test_a_refused_file_looks_exactly_like_a_missing_one(client, upload):
    import uuid

    client.force_login(make_staff(page_permissions=()))
    unknown = uuid.uuid4()
    refused = client.get(download_url(upload))
    missing = client.get(download_url(unknown))
    assert refused.status_code == missing.status_code == 404
    # the pages differ only in the address shown and the CSRF token
    def normalised(response, pk):
        return re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode().replace(str(pk), "ID"))

    assert normalised(refused, upload.pk) == normalised(missing, unknown)


def test_a_file_not_attached_to_a_submission_is_not_served(client, page, regions):
    ref = make_upload(page, "zheng_ming_cai_liao")
    client.force_login(make_member(StaffRole.DISPATCHER, region=regions["镇赉县"]))
    assert client.get(download_url(ref["upload"])).status_code == 404


def test_uploads_are_stored_under_the_private_media_root_never_media_root(settings, upload):
    path = Path(upload.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.read_bytes() == CONTENT


def test_the_configured_private_storage_is_outside_media_root():
    from config.settings import base

    private = Path(base.STORAGES["private"]["OPTIONS"]["location"]).resolve()
    assert private == Path(base.PRIVATE_MEDIA_ROOT).resolve()
    assert not private.is_relative_to(Path(base.MEDIA_ROOT).resolve())
    assert base.STORAGES["private"]["OPTIONS"]["base_url"] is None
    assert Upload._meta.get_field("file").storage is not None
    assert django_settings.PRIVATE_MEDIA_ROOT != django_settings.MEDIA_ROOT
