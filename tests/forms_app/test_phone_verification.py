"""A form may ask residents to verify their mobile number by a one-time SMS code before the submission
counts; the answers wait in the draft meanwhile, and codes expire, run out of tries and are rate-limited."""
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from forms_app.constants import FieldType
from forms_app.counters import PhoneCode
from forms_app.models import Submission
from tests.factories import field, in_page, make_form, open_form

pytestmark = pytest.mark.django_db
PHONE = "13812345678"


@pytest.fixture(autouse=True)
def sms_file(settings, tmp_path):
    settings.SMS_BACKEND = "forms_app.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.log")
    return tmp_path / "sms.log"


def sent(sms_file):
    """[(phone, code)] of the messages sent so far."""
    if not sms_file.exists():
        return []
    return [(line.split("\t")[0], re.search(r"\b(\d{6})\b", line)[1]) for line in sms_file.read_text().splitlines()]


@pytest.fixture
def verified_form():
    return make_form([field("name", FieldType.SINGLELINE), field("phone", FieldType.MOBILE, required=True)],
                     verify_phone=True)


def answer_and_submit(client, page, phone=PHONE):
    """Fill the form and press submit on the review page; returns (key, response)."""
    key = open_form(client, page)
    response = client.post(page.url, {"_key": key, "_step": "1", "name": "李", "phone": phone})
    assert response.status_code == 303 and response["Location"].endswith("?review=1")
    return key, client.post(page.url, {"_key": key, "_action": "submit"})


def type_code(client, page, key, code):
    return client.post(page.url, {"_key": key, "_action": "verify", "code": code})


def test_the_submission_counts_only_after_the_code_sent_to_the_number_is_typed(client, verified_form, sms_file):
    key, response = answer_and_submit(client, verified_form)
    assert response.status_code == 303 and response["Location"].endswith("?verify=1")
    assert Submission.objects.count() == 0
    [(phone, code)] = sent(sms_file)
    assert phone == PHONE
    page = client.get(response["Location"])
    assert page.status_code == 200 and "138****5678" in page.content.decode()
    assert 'autocomplete="one-time-code"' in page.content.decode()
    done = type_code(client, verified_form, key, code)
    assert done.status_code == 303 and "/submitted/" in done["Location"]
    assert Submission.objects.count() == Case.objects.count() == 1


def test_a_single_page_form_with_verification_keeps_its_answers_in_a_draft_meanwhile(client, verified_form):
    key, _response = answer_and_submit(client, verified_form)
    assert client.session[f"form-draft-{verified_form.pk}"]["data"]["name"] == ["李"]


def test_a_wrong_code_is_refused_with_a_message_and_the_draft_kept(client, verified_form, sms_file):
    key, _response = answer_and_submit(client, verified_form)
    [(_phone, code)] = sent(sms_file)
    wrong = "000000" if code != "000000" else "111111"
    response = type_code(client, verified_form, key, wrong)
    assert response.status_code == 400
    assert in_page(response, _("That code is not right. Check the text message and try again."))
    assert in_page(type_code(client, verified_form, key, "12ab"), _("Enter the 6-digit code from the text message."))
    assert Submission.objects.count() == 0
    assert type_code(client, verified_form, key, code).status_code == 303


def test_after_the_allowed_tries_even_the_right_code_is_refused_until_a_new_one_is_sent(client, verified_form,
                                                                                        sms_file, settings):
    settings.PHONE_CODE_ATTEMPTS = 3
    key, _response = answer_and_submit(client, verified_form)
    [(_phone, code)] = sent(sms_file)
    wrong = "000000" if code != "000000" else "111111"
    for _n in range(3):
        type_code(client, verified_form, key, wrong)
    response = type_code(client, verified_form, key, code)
    assert in_page(response, _("Too many wrong codes. Send a new code and try again."))
    resent = client.post(verified_form.url, {"_key": key, "_action": "resend"})
    assert resent.status_code == 303 and "sent=1" in resent["Location"]
    new_code = sent(sms_file)[-1][1]
    if new_code != code:
        assert type_code(client, verified_form, key, code).status_code == 400
    assert type_code(client, verified_form, key, new_code).status_code == 303
    assert Submission.objects.count() == 1


def test_an_expired_code_is_refused(client, verified_form, sms_file):
    key, _response = answer_and_submit(client, verified_form)
    [(_phone, code)] = sent(sms_file)
    PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = type_code(client, verified_form, key, code)
    assert response.status_code == 400 and in_page(response, _("This code has expired. Send a new code."))
    assert Submission.objects.count() == 0


def test_codes_are_six_digits_kept_only_as_hashes_and_valid_five_minutes(client, verified_form, sms_file):
    answer_and_submit(client, verified_form)
    [(_phone, code)] = sent(sms_file)
    row = PhoneCode.objects.get()
    assert re.fullmatch(r"\d{6}", code) and code not in row.code_hash and PHONE not in row.phone_hash
    assert row.expires_at - row.created_at == timedelta(minutes=5)


def test_sends_to_one_number_are_rate_limited_and_the_answers_kept(client, verified_form, sms_file, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sms_phone": "2/h"}
    key, _response = answer_and_submit(client, verified_form)
    assert client.post(verified_form.url, {"_key": key, "_action": "resend"}).status_code == 303
    refused = client.post(verified_form.url, {"_key": key, "_action": "resend"})
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
    assert in_page(refused, _("Too many codes were sent to this number or from your network. Your answers are kept."))
    assert len(sent(sms_file)) == 2
    assert client.session[f"form-draft-{verified_form.pk}"]["data"]["phone"] == [PHONE]


def test_sends_from_one_address_are_rate_limited_whatever_the_numbers(client, verified_form, sms_file, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sms_client": "2/h"}
    answers = [answer_and_submit(client, verified_form, phone=f"1390000000{n}")[1].status_code for n in range(3)]
    assert answers == [303, 303, 429]
    assert len(sent(sms_file)) == 2


def test_pressing_submit_again_does_not_send_a_second_code(client, verified_form, sms_file):
    key, _response = answer_and_submit(client, verified_form)
    again = client.post(verified_form.url, {"_key": key, "_action": "submit"})
    assert again["Location"].endswith("?verify=1") and len(sent(sms_file)) == 1


def test_a_gateway_failure_says_so_and_keeps_the_answers(client, verified_form, settings):
    settings.SMS_BACKEND = "forms_app.sms.HttpBackend"
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/unreachable"
    key, response = answer_and_submit(client, verified_form)
    assert response.status_code == 503
    assert in_page(response, _("The code could not be sent just now. Your answers are kept: please try again in a "
                               "few minutes."))
    assert PhoneCode.objects.count() == 0 and Submission.objects.count() == 0
    assert client.session[f"form-draft-{verified_form.pk}"]["key"] == key


def test_a_number_verified_in_the_session_is_not_asked_again(client, verified_form, sms_file):
    key, _response = answer_and_submit(client, verified_form)
    type_code(client, verified_form, key, sent(sms_file)[0][1])
    _key, response = answer_and_submit(client, verified_form)
    assert "/submitted/" in response["Location"] and len(sent(sms_file)) == 1
    _key, other = answer_and_submit(client, verified_form, phone="13900000000")
    assert other["Location"].endswith("?verify=1")


def test_the_daily_limit_counts_the_verified_number(client, verified_form, sms_file, settings):
    verified_form.daily_limit = 1
    verified_form.save_revision().publish()
    key, _response = answer_and_submit(client, verified_form)
    assert type_code(client, verified_form, key, sent(sms_file)[0][1]).status_code == 303
    _key, again = answer_and_submit(client, verified_form)
    assert again.status_code == 429
    assert Submission.objects.count() == 1


def test_a_form_without_verification_submits_as_before(client, sms_file):
    page = make_form([field("phone", FieldType.MOBILE, required=True)])
    key = open_form(client, page)
    response = client.post(page.url, {"_key": key, "_step": "1", "phone": PHONE})
    assert "/submitted/" in response["Location"] and sent(sms_file) == []


def test_expired_codes_are_purged_with_the_abandoned_drafts(client, verified_form):
    answer_and_submit(client, verified_form)
    answer_and_submit(client, verified_form, phone="13900000000")
    PhoneCode.objects.filter(pk=PhoneCode.objects.order_by("pk").first().pk).update(
        expires_at=timezone.now() - timedelta(seconds=1))
    call_command("purge_draft_uploads")
    assert PhoneCode.objects.count() == 1
