"""Every bad input gets a clear message in the page and a 4xx, and stores nothing."""
import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from forms_app.builder import OTHER_SUFFIX, OTHER_VALUE
from forms_app.constants import FieldType
from forms_app.models import Submission, Upload
from tests.factories import field, in_page, make_form, open_form, png_file, post_step, valid_id_number

pytestmark = pytest.mark.django_db


def assert_nothing_stored():
    assert Submission.objects.count() == 0
    assert Case.objects.count() == 0
    assert Upload.objects.count() == 0


@pytest.fixture
def contact_form():
    return make_form(
        [
            field("name", FieldType.SINGLELINE, required=True),
            field("phone", FieldType.MOBILE, required=True),
            field("idcard", FieldType.ID_NUMBER, required=False),
            field("topic", FieldType.RADIO, choices="water\npower", required=False),
            field("note", FieldType.MULTILINE, required=False),
        ]
    )


def test_missing_required_answers_give_400_with_a_summary_linking_to_each_field_and_keep_every_answer(client, contact_form):
    response = post_step(client, contact_form, {"note": "keep this text", "topic": "power"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_name"' in html and 'href="#id_phone"' in html
    assert 'id="id_name_error"' in html and 'id="id_phone_error"' in html
    assert html.index('id="error-summary"') < html.index('id="id_name"')
    assert "keep this text" in html
    radios = dict(re.findall(r'<input type="radio" name="topic" value="(\w+)"[^>]*?( checked)?>', html))
    assert radios == {"water": "", "power": " checked"}, radios
    assert_nothing_stored()


def test_an_id_number_with_a_wrong_check_digit_is_refused_with_a_message(client, contact_form):
    good = valid_id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = post_step(client, contact_form, {"name": "a", "phone": "13812345678", "idcard": bad})
    assert response.status_code == 400
    assert in_page(response, _("This ID number's check digit is wrong; please check each digit."))
    assert_nothing_stored()


@pytest.mark.parametrize("phone", ["12345678901", "1381234567", "abcdefghijk", "+1 13812345678"])
def test_an_invalid_mobile_number_is_refused_with_a_message(client, contact_form, phone):
    response = post_step(client, contact_form, {"name": "a", "phone": phone})
    assert response.status_code == 400
    assert in_page(response, _("Enter a valid mainland mobile number: 11 digits starting with 1, e.g. 13812345678."))
    assert_nothing_stored()


def test_a_choice_value_not_in_the_list_is_refused(client, contact_form):
    response = post_step(client, contact_form, {"name": "a", "phone": "13812345678", "topic": "gas"})
    assert response.status_code == 400
    assert 'href="#id_topic_0"' in response.content.decode()
    assert_nothing_stored()


def test_other_without_text_is_refused_and_other_with_text_is_stored_as_the_text(client):
    page = make_form([field("topic", FieldType.RADIO, choices="water\npower", required=True, allow_other=True)])
    response = post_step(client, page, {"topic": OTHER_VALUE})
    assert response.status_code == 400
    assert in_page(response, _("You chose “Other”: please say what."))
    assert_nothing_stored()
    response = post_step(client, page, {"topic": OTHER_VALUE, "topic" + OTHER_SUFFIX: "gas"})
    assert response.status_code == 303
    assert Submission.objects.get().form_data["topic"] == "gas"


def test_an_unknown_post_name_is_refused_as_tampering(client, contact_form):
    response = post_step(client, contact_form, {"name": "a", "phone": "13812345678", "is_admin": "1"})
    assert response.status_code == 400
    assert in_page(response, _("The form sent answers to questions it does not have. Please open the form again."))
    assert_nothing_stored()


@pytest.mark.parametrize("key", ["", "not-a-key", "0" * 31, "g" * 32])
def test_a_missing_or_malformed_submission_key_is_refused(client, contact_form, key):
    response = client.post(contact_form.url, {"_key": key, "_step": "1", "name": "a", "phone": "13812345678"})
    assert response.status_code == 400
    assert_nothing_stored()


@pytest.mark.parametrize("step", ["", "0", "-1", "9", "x", "²", "1" * 5000])
def test_a_bad_step_number_is_refused(client, contact_form, step):
    key = open_form(client, contact_form)
    response = client.post(contact_form.url, {"_key": key, "_step": step, "name": "a", "phone": "13812345678"})
    assert response.status_code == 400
    assert_nothing_stored()


def test_a_value_for_a_field_the_rules_hide_is_dropped_with_a_notice(client):
    page = make_form(
        [
            field("visit", FieldType.RADIO, choices="yes\nno", required=True),
            field("when", FieldType.SINGLELINE, required=True, show_when_field="visit", show_when_value="yes"),
        ]
    )
    response = post_step(client, page, {"visit": "no", "when": "sneaky"})
    assert response.status_code == 400
    assert in_page(response, "when")
    assert "sneaky" not in response.content.decode()
    assert_nothing_stored()


def test_a_hidden_required_field_is_not_required(client):
    page = make_form(
        [
            field("visit", FieldType.RADIO, choices="yes\nno", required=True),
            field("when", FieldType.SINGLELINE, required=True, show_when_field="visit", show_when_value="yes"),
        ]
    )
    response = post_step(client, page, {"visit": "no"})
    assert response.status_code == 303
    assert Submission.objects.get().form_data == {"visit": "no"}


def test_an_oversized_upload_is_refused(client):
    page = make_form([field("photo", FieldType.FILE, max_upload_mb=1)])
    big = SimpleUploadedFile("big.png", png_file().read() + b"\0" * (1024 * 1024 + 1), content_type="image/png")
    response = post_step(client, page, {"photo": big})
    assert response.status_code == 400
    assert "1.0" in response.content.decode()
    assert_nothing_stored()


@pytest.mark.parametrize("head", [b"MZ\x90\x00", b"\x7fELF\x02\x01\x01", b"#!/bin/sh\n"])
def test_an_executable_renamed_to_jpg_is_refused_by_its_content(client, head):
    page = make_form([field("photo", FieldType.FILE)])
    fake = SimpleUploadedFile("photo.jpg", head + b"\0" * 200, content_type="image/jpeg")
    response = post_step(client, page, {"photo": fake})
    assert response.status_code == 400
    assert in_page(response, _("This file's content is not an accepted type. Accepted: %(types)s.") % {
        "types": "GIF, HEIC, JPG, PDF, PNG, WEBP"})
    assert_nothing_stored()


def test_a_png_named_jpg_is_refused_as_a_mismatch(client):
    page = make_form([field("photo", FieldType.FILE)])
    response = post_step(client, page, {"photo": png_file("photo.jpg")})
    assert response.status_code == 400
    assert_nothing_stored()


def test_a_forged_image_header_is_refused_as_damaged(client):
    page = make_form([field("photo", FieldType.FILE)])
    forged = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="image/png")
    response = post_step(client, page, {"photo": forged})
    assert response.status_code == 400
    assert in_page(response, _("The image file is damaged and cannot be opened."))
    assert_nothing_stored()


def test_html_in_labels_help_text_choices_and_answers_is_escaped_on_every_resident_page(client):
    evil = "<script>alert(1)</script>"
    page = make_form(
        [
            field(f"Name {evil}", FieldType.SINGLELINE, help_text=f"help {evil}", required=True),
            field("pick", FieldType.RADIO, choices=f"a\n{evil}", required=True),
            field("br", FieldType.PAGE_BREAK),
            field("more", FieldType.SINGLELINE, required=False),
        ],
        title=f"Title {evil}",
    )
    name_id = page.form_fields.first().field_id
    pages = [client.get(page.url)]
    pages.append(post_step(client, page, {"pick": "<b>nope</b>"}))
    assert pages[-1].status_code == 400
    response = post_step(client, page, {name_id: evil, "pick": evil})
    assert response.status_code == 303
    key = open_form(client, page, "?step=2")
    client.post(page.url, {"_key": key, "_step": "2", "more": evil})
    pages.append(client.get(page.url + "?review=1"))
    response = client.post(page.url, {"_key": key, "_action": "submit"})
    assert response.status_code == 303
    pages.append(client.get(response["Location"]))
    case = Case.objects.get()
    pages.append(client.get(f"/track/{case.tracking_token}/"))
    for shown in pages:
        assert "<script>alert(1)</script>" not in shown.content.decode(), shown.content.decode()[:3000]
    assert "&lt;script&gt;" in pages[2].content.decode()


def test_a_post_without_csrf_token_gets_a_friendly_403(contact_form):
    client = Client(enforce_csrf_checks=True)
    response = client.post(contact_form.url, {"_key": "a" * 32, "_step": "1", "name": "a", "phone": "13812345678"})
    assert response.status_code == 403
    assert in_page(response, _("The page has expired"))
    assert_nothing_stored()


def test_a_post_with_the_csrf_token_from_the_page_is_accepted(contact_form):
    client = Client(enforce_csrf_checks=True)
    response = client.get(contact_form.url)
    token = response.cookies["csrftoken"].value
    key = open_form(client, contact_form)
    response = client.post(contact_form.url, {"csrfmiddlewaretoken": token, "_key": key, "_step": "1",
                                              "name": "a", "phone": "13812345678"})
    assert response.status_code == 303


def test_a_draft_form_is_not_found(client):
    page = make_form([field("name", FieldType.SINGLELINE)], publish=False)
    assert page.url == f"/{page.slug}/"
    assert client.get(page.url).status_code == 404
    response = client.post(f"/{page.slug}/", {"_key": "a" * 32, "_step": "1", "name": "x"})
    assert response.status_code == 404
    assert_nothing_stored()


@pytest.mark.parametrize(
    "window",
    [
        {"closes_at": timezone.now() - datetime.timedelta(hours=1)},
        {"opens_at": timezone.now() + datetime.timedelta(days=1)},
    ],
)
def test_a_closed_or_not_yet_open_form_refuses_with_403(client, window):
    page = make_form([field("name", FieldType.SINGLELINE)], **window)
    assert client.get(page.url).status_code == 403
    response = client.post(page.url, {"_key": "a" * 32, "_step": "1", "name": "x"})
    assert response.status_code == 403
    assert_nothing_stored()


def test_more_anonymous_submissions_than_the_daily_limit_from_one_client_get_429(client):
    page = make_form([field("name", FieldType.SINGLELINE)], daily_limit=2)
    for _i in range(2):
        assert post_step(client, page, {"name": "a"}).status_code == 303
    response = post_step(client, page, {"name": "a"})
    assert response.status_code == 429
    assert Submission.objects.count() == 2 and Case.objects.count() == 2
    other_device = post_step(client, page, {"name": "a"}, REMOTE_ADDR="10.9.9.9")
    assert other_device.status_code == 303


def test_more_submissions_than_the_daily_limit_for_one_phone_get_429_from_any_device(client):
    page = make_form([field("phone", FieldType.MOBILE, required=True)], daily_limit=1)
    assert post_step(client, page, {"phone": "13812345678"}, REMOTE_ADDR="10.0.0.1").status_code == 303
    response = post_step(client, page, {"phone": "138 1234 5678"}, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 429
    assert post_step(client, page, {"phone": "13900000000"}, REMOTE_ADDR="10.0.0.2").status_code == 303
    assert Submission.objects.count() == 2


def test_a_form_without_anonymous_submissions_requires_the_mobile_answer(client):
    page = make_form([field("name", FieldType.SINGLELINE), field("phone", FieldType.MOBILE, required=False)],
                     allow_anonymous=False)
    response = post_step(client, page, {"name": "a"})
    assert response.status_code == 400
    assert 'href="#id_phone"' in response.content.decode()
    assert "a" in response.content.decode()
    assert_nothing_stored()
    assert post_step(client, page, {"name": "a", "phone": "13812345678"}).status_code == 303


@pytest.mark.parametrize("value", ["1e999999", "NaN", "Infinity", "12345678901234567890123"])
def test_an_absurd_number_is_refused_not_a_500(client, value):
    page = make_form([field("count", FieldType.NUMBER)])
    response = post_step(client, page, {"count": value})
    assert response.status_code == 400
    assert_nothing_stored()


def test_a_number_outside_min_and_max_is_refused(client):
    page = make_form([field("count", FieldType.NUMBER, min_value=1, max_value=10)])
    assert post_step(client, page, {"count": "11"}).status_code == 400
    assert post_step(client, page, {"count": "0"}).status_code == 400
    assert post_step(client, page, {"count": "10"}).status_code == 303


def test_repeated_values_for_a_single_answer_use_one_value_and_do_not_500(client):
    page = make_form([field("name", FieldType.SINGLELINE)])
    key = open_form(client, page)
    response = client.post(page.url, {"_key": key, "_step": "1", "name": ["a", "b"]})
    assert response.status_code == 303


def test_a_submit_action_on_a_single_page_form_without_review_is_refused(client):
    page = make_form([field("name", FieldType.SINGLELINE)])
    key = open_form(client, page)
    response = client.post(page.url, {"_key": key, "_action": "submit"})
    assert response.status_code == 400
    assert_nothing_stored()


def test_a_submit_with_an_expired_draft_is_refused(client):
    page = make_form([field("name", FieldType.SINGLELINE)], always_review=True)
    response = client.post(page.url, {"_key": "b" * 32, "_action": "submit"})
    assert response.status_code == 400
    assert_nothing_stored()


def test_an_invalid_pattern_saved_on_a_field_does_not_break_the_form(client):
    page = make_form([field("code", FieldType.SINGLELINE, pattern="([a-z", pattern_message="bad")])
    assert client.get(page.url).status_code == 200
    assert post_step(client, page, {"code": "abc"}).status_code == 303


def test_a_pattern_with_its_own_message_is_enforced(client):
    page = make_form([field("code", FieldType.SINGLELINE, pattern=r"[A-Z]{2}\d{3}", pattern_message="Two letters, three digits")])
    response = post_step(client, page, {"code": "ab123"})
    assert response.status_code == 400
    assert in_page(response, "Two letters, three digits")
    assert post_step(client, page, {"code": "AB123"}).status_code == 303


def test_a_region_that_is_not_a_grid_is_refused(client, regions):
    page = make_form([field("grid", FieldType.REGION, required=True)])
    response = post_step(client, page, {"grid": str(regions["幸福社区"].pk)})
    assert response.status_code == 400
    response = post_step(client, page, {"grid": "999999999999999999999999"})
    assert response.status_code == 400
    assert post_step(client, page, {"grid": str(regions["第一网格"].pk)}).status_code == 303
    assert Submission.objects.get().region == regions["第一网格"]


@pytest.mark.parametrize("query", ["?step=²", "?step=-3", "?step=" + "9" * 5000, "?step=abc", "?review=1&step=0"])
def test_a_strange_step_in_the_address_shows_the_first_step(client, contact_form, query):
    response = client.get(contact_form.url + query)
    assert response.status_code == 200
    assert response.context["step"].number == 1


def test_an_invalid_date_is_refused(client):
    page = make_form([field("day", FieldType.DATE)])
    for value in ("2026-02-30", "99999-01-01", "yesterday"):
        assert post_step(client, page, {"day": value}).status_code == 400
    assert_nothing_stored()
