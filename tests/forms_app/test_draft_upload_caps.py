"""What multi-step forms keep before submit is capped per session and per client address, with a clear
message on the file question; abandoned drafts' files are purged as before."""
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from forms_app.constants import FieldType
from forms_app.counters import RequestCount
from forms_app.models import Upload
from tests.factories import make_form, open_form, png_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo_form():
    return make_form([("name", FieldType.SINGLELINE), ("Photo", FieldType.PAGE_BREAK),
                      ("photo", FieldType.FILE, {"required": False}), ("Last", FieldType.PAGE_BREAK),
                      ("note", FieldType.SINGLELINE, {"required": False})], daily_limit=0)


def upload_step(client, page, name="photo.png"):
    """Open the form in ``client``'s session, answer step 1, send a photo on step 2."""
    key = open_form(client, page)
    client.post(page.url, {"_key": key, "_step": "1", "name": "Li"})
    return client.post(page.url, {"_key": key, "_step": "2", "photo": png_file(name)})


def is_cap_refusal(response):
    return (response.status_code == 429 and response.context["step"].number == 2
            and "photo" in response.context["form"].errors)


def test_fifteen_sessions_from_one_address_cannot_each_keep_a_draft_upload(photo_form, settings):
    """The reported defect: fifteen anonymous sessions each stored a draft upload, with no cap."""
    settings.DRAFT_UPLOADS_PER_CLIENT = 5
    answers = [upload_step(Client(REMOTE_ADDR="203.0.113.5"), photo_form).status_code for _n in range(15)]
    assert answers == [303] * 5 + [429] * 10
    assert Upload.objects.count() == 5
    assert upload_step(Client(REMOTE_ADDR="203.0.113.6"), photo_form).status_code == 303


def test_the_bytes_one_address_keeps_are_capped_too(photo_form, settings):
    size = len(png_file().read())
    settings.DRAFT_UPLOAD_BYTES_PER_CLIENT = 2 * size
    assert [upload_step(Client(), photo_form).status_code for _n in range(3)] == [303, 303, 429]


def test_one_session_over_its_cap_sees_why_on_the_file_question_with_its_answers_kept(photo_form, settings, client):
    settings.DRAFT_UPLOADS_PER_SESSION = 1
    other = make_form([("photo", FieldType.FILE, {"required": False}), ("Next", FieldType.PAGE_BREAK),
                       ("note", FieldType.SINGLELINE, {"required": False})], daily_limit=0)
    assert upload_step(client, photo_form).status_code == 303
    key = open_form(client, other)
    response = client.post(other.url, {"_key": key, "_step": "1", "photo": png_file()})
    assert response.status_code == 429 and "photo" in response.context["form"].errors
    assert client.session[f"form-draft-{photo_form.pk}"]["data"]["name"] == ["Li"]
    assert Upload.objects.count() == 1


def test_replacing_a_draft_file_is_not_refused_by_the_cap(photo_form, settings, client):
    settings.DRAFT_UPLOADS_PER_SESSION = 1
    assert upload_step(client, photo_form, "one.png").status_code == 303
    key = client.session[f"form-draft-{photo_form.pk}"]["key"]
    response = client.post(photo_form.url, {"_key": key, "_step": "2", "photo": png_file("two.png")})
    assert response.status_code == 303
    assert list(Upload.objects.values_list("original_name", flat=True)) == ["two.png"]


def test_submitted_files_and_old_drafts_do_not_count_against_the_address(photo_form, settings):
    settings.DRAFT_UPLOADS_PER_CLIENT = 1
    assert upload_step(Client(), photo_form).status_code == 303
    Upload.objects.update(created_at=timezone.now() - timedelta(hours=settings.DRAFT_UPLOAD_HOURS + 1))
    assert upload_step(Client(), photo_form).status_code == 303


def test_a_zero_cap_is_no_cap(photo_form, settings):
    settings.DRAFT_UPLOADS_PER_CLIENT = settings.DRAFT_UPLOADS_PER_SESSION = 0
    settings.DRAFT_UPLOAD_BYTES_PER_CLIENT = settings.DRAFT_UPLOAD_BYTES_PER_SESSION = 0
    assert [upload_step(Client(), photo_form).status_code for _n in range(3)] == [303] * 3


def test_steps_storing_files_over_the_upload_rate_get_429_with_retry_after(photo_form, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": "2/h"}
    assert [upload_step(Client(), photo_form).status_code for _n in range(2)] == [303, 303]
    response = upload_step(Client(), photo_form)
    assert is_cap_refusal(response)
    assert 0 < int(response["Retry-After"]) <= 3600


def test_abandoned_draft_files_and_ended_counts_are_purged(photo_form, client):
    assert upload_step(client, photo_form).status_code == 303
    Upload.objects.update(created_at=timezone.now() - timedelta(hours=49))
    RequestCount.objects.update(window_end=timezone.now() - timedelta(seconds=1))
    call_command("purge_draft_uploads")
    assert Upload.objects.count() == 0 and RequestCount.objects.count() == 0
