"""A resident who lost the tracking link finds the case again with its reference number and the mobile number it
was submitted with: the link is texted to that number; a wrong reference and a wrong number get the same answer,
and the page is rate-limited per client address and per reference number."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.receipts import tracking_url
from forms_app.constants import FieldType
from tests.factories import make_case, make_form, make_regions

pytestmark = pytest.mark.django_db
PHONE = "13812345678"
FIND = reverse("track_find")


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.SMS_BACKEND = "forms_app.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.log")
    return tmp_path / "sms.log"


@pytest.fixture
def case(db):
    regions = make_regions()
    form = make_form([("问题描述", FieldType.MULTILINE), ("联系电话", FieldType.MOBILE)], title="居民诉求")
    ids = {f.field_type: f.field_id for f in form.form_fields.all()}
    return make_case(form, regions["第一网格"], {ids[FieldType.MULTILINE]: "楼道灯坏了", ids[FieldType.MOBILE]: PHONE})


def ask(client, reference, phone, **extra):
    return client.post(FIND, {"reference": reference, "phone": phone}, **extra)


def sent(sms_file):
    return sms_file.read_text().splitlines() if sms_file.exists() else []


def test_the_right_reference_and_phone_text_the_tracking_link_to_that_phone(client, case, sms_file,
                                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, case.reference.lower(), "138 1234 5678")
    assert response.status_code == 303 and response["Location"] == FIND + "?asked=1"
    [line] = sent(sms_file)
    assert line.startswith(PHONE + "\t") and tracking_url(case) in line


def test_a_wrong_reference_and_a_wrong_phone_get_the_same_answer_and_no_message(client, case, sms_file,
                                                                                django_capture_on_commit_callbacks):
    answers = []
    for reference, phone in ((case.reference + "9", PHONE), (case.reference, "13912345678")):
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
            response = ask(client, reference, phone)
        answers.append((response.status_code, response["Location"], len(queries)))
    assert answers[0] == answers[1] == (303, FIND + "?asked=1", answers[0][2])
    assert sent(sms_file) == []
    page = client.get(FIND + "?asked=1").content.decode()
    assert "If the reference number and the mobile number belong to the same matter" in page or "如果" in page


def test_the_phone_is_matched_by_its_keyed_hash_never_by_the_stored_answers(client, case):
    with CaptureQueriesContext(connection) as queries:
        ask(client, case.reference, PHONE)
    lookup = [q["sql"] for q in queries if "cases_case" in q["sql"] and "SELECT" in q["sql"]]
    assert lookup and all(PHONE not in sql and "form_data" not in sql.split("WHERE")[-1] for sql in lookup)


def test_something_that_is_not_a_mobile_number_is_asked_again_clearly(client, case):
    response = ask(client, case.reference, "12345")
    assert response.status_code == 400
    assert "13812345678" in response.content.decode()  # the example of what is wanted
    assert ask(client, "", PHONE).status_code == 400


def test_too_many_tries_from_one_address_are_refused_with_a_clear_429(client, case, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track_find": "3/h"}
    for _attempt in range(3):
        assert ask(client, "ZZ-0", PHONE).status_code == 303
    refused = ask(client, "ZZ-0", PHONE)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "too many times" in refused.content.decode() or "次数过多" in refused.content.decode()


def test_one_reference_cannot_be_tried_from_many_addresses(client, case, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track_find_reference": "2/h"}
    for number in range(2):
        assert ask(client, case.reference, f"1391234567{number}", REMOTE_ADDR=f"10.0.0.{number}").status_code == 303
    refused = ask(client, case.reference, PHONE, REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 429
    assert ask(client, "OTHER-1", PHONE, REMOTE_ADDR="10.0.0.9").status_code == 303


def test_the_lookup_page_is_a_plain_public_page(client, case):
    response = client.get(FIND)
    html = response.content.decode()
    assert response.status_code == 200 and 'type="tel"' in html and 'autocomplete="tel"' in html
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
