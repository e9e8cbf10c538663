"""SMS notices to residents: the second channel beside e-mail, sent after commit, only with the resident's consent,
retried when the gateway refuses, in words staff edit (cases.sms_notices, cases.models.SmsTemplate)."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.urls import reverse

from cases import workflow as wf
from cases.constants import CaseState as S
from cases.models import Case, Notice, SmsTemplate
from tests.factories import PHONE, make_sms_form, sms_case, walk_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms_file(settings, tmp_path):
    """The file backend: every SMS a line ``phone<TAB>text`` in a file of this test's own."""
    settings.SMS_BACKEND = "forms_app.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.log")
    settings.WAGTAILADMIN_BASE_URL = "https://fuwu.example.gov.cn"
    path = tmp_path / "sms.log"

    def lines():
        return path.read_text(encoding="utf-8").splitlines() if path.exists() else []

    return lines


@pytest.fixture
def sms_form(case_world):
    return make_sms_form()


class Gateway(BaseHTTPRequestHandler):
    """The SMS provider's HTTP endpoint, outside the platform: answers each POST with the next of ``answers``."""

    answers: list = []
    received: list = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append(body)
        status, payload = type(self).answers.pop(0) if type(self).answers else (200, {"code": "OK"})
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(payload).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    Gateway.answers, Gateway.received = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "forms_app.sms.HttpBackend"
    settings.SMS_HTTP_URL = f"http://127.0.0.1:{server.server_address[1]}/send"
    settings.SMS_HTTP_SECRET, settings.SMS_HTTP_KEY_ID = "secret", "key"
    yield Gateway
    server.shutdown()
    server.server_close()


def test_a_resident_who_agreed_gets_the_notice_by_sms_after_the_commit_with_the_tracking_link(
        case_world, sms_form, sms_file, django_capture_on_commit_callbacks):
    w = case_world
    case = sms_case(w, sms_form)
    assert case.sms_consent
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        wf.case_accept(case=case, by=w.dispatcher)
    assert sms_file() == [] and callbacks  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    [line] = sms_file()
    phone, text = line.split("\t")
    assert phone == PHONE
    assert case.reference in text and f"https://fuwu.example.gov.cn/track/{case.tracking_token}/" in text
    assert text.startswith("您反映的事项已受理")
    notice = Notice.objects.get(case=case, channel="sms")
    assert notice.sent_at is not None and notice.messages == 1 and notice.failed_at is None


def test_the_resolved_notice_reaches_the_resident_by_sms_and_email_stays_for_those_who_give_an_address(
        case_world, sms_form, sms_file, django_capture_on_commit_callbacks):
    w = case_world
    case = walk_case(w, sms_case(w, sms_form, email="resident@example.invalid"), ["accept", "dispatch", "claim"])
    mail.outbox.clear()
    before = len(sms_file())
    with django_capture_on_commit_callbacks(execute=True):
        wf.case_resolve(case=case, by=w.post_a, result="已更换水管")
    [line] = sms_file()[before:]
    assert "已办结" in line and case.tracking_token in line
    assert [m.to for m in mail.outbox] == [["resident@example.invalid"]]


def test_without_the_residents_tick_no_sms_is_recorded_or_sent(
        case_world, sms_form, sms_file, django_capture_on_commit_callbacks):
    w = case_world
    case = sms_case(w, sms_form, consent=False)
    assert not case.sms_consent
    with django_capture_on_commit_callbacks(execute=True):
        walk_case(w, case, ["accept", "dispatch", "claim", "resolve"])
    assert sms_file() == []
    assert not Notice.objects.filter(case=case, channel="sms").exists()


def test_a_form_that_names_no_phone_question_records_no_consent(case_world, sms_file,
                                                                django_capture_on_commit_callbacks):
    w = case_world
    case = sms_case(w, make_sms_form(slug="no-phone", sms_phone_question=""))
    assert not Case.objects.get(pk=case.pk).sms_consent
    with django_capture_on_commit_callbacks(execute=True):
        wf.case_accept(case=case, by=w.dispatcher)
    assert sms_file() == []


def test_a_gateway_that_refuses_is_tried_three_times_then_the_sms_is_marked_failed_on_the_case_page(
        case_world, sms_form, gateway, client, django_capture_on_commit_callbacks):
    w = case_world
    case = sms_case(w, sms_form)
    gateway.answers = [(503, {"code": "BUSY"})] * 3
    with django_capture_on_commit_callbacks(execute=True):
        accepted = wf.case_accept(case=case, by=w.dispatcher)
    assert accepted.state == S.ACCEPTED  # the transition stands
    assert len(gateway.received) == 3 and {r["phone"] for r in gateway.received} == {PHONE}
    notice = Notice.objects.get(case=case, channel="sms")
    assert notice.failed_at is not None and notice.sent_at is None and notice.attempts == 3
    assert "503" in notice.error
    client.force_login(w.dispatcher)
    page = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    assert 'data-sms="failed"' in page and "3 次" in page and "503" in page


def test_a_gateway_that_refuses_once_gets_the_sms_on_the_retry_and_only_once(
        case_world, sms_form, gateway, django_capture_on_commit_callbacks):
    w = case_world
    case = sms_case(w, sms_form)
    gateway.answers = [(200, {"code": "isv.BUSINESS_LIMIT_CONTROL"})]
    with django_capture_on_commit_callbacks(execute=True):
        wf.case_accept(case=case, by=w.dispatcher)
    assert len(gateway.received) == 2
    notice = Notice.objects.get(case=case, channel="sms")
    assert notice.sent_at is not None and notice.failed_at is None and notice.messages == 1
    from cases.sms_notices import deliver_sms_notice

    assert deliver_sms_notice(notice.pk) == 0 and len(gateway.received) == 2  # a doubled task sends nothing


def test_a_refused_sms_never_fails_the_residents_own_evaluation(case_world, sms_form, gateway, client):
    """An unsatisfied rating reopens the case, which tells the resident (by SMS too): a gateway that is down
    must not turn the resident's page into an error."""
    w = case_world
    case = walk_case(w, sms_case(w, sms_form), ["accept", "dispatch", "claim", "resolve"])
    gateway.answers = [(500, {"code": "DOWN"})] * 3
    response = client.post(reverse("track", args=[case.tracking_token]), {"rating": "1"})
    assert response.status_code == 303
    assert Case.objects.get(pk=case.pk).state == S.DISPATCHED


# -- the templates staff edit ------------------------------------------------------------------------------


@pytest.fixture
def template_editor(db):
    from django.contrib.auth.models import Permission

    from tests.factories import make_staff

    user = make_staff(page_permissions=())
    for codename in ("view_smstemplate", "change_smstemplate"):
        user.groups.first().permissions.add(Permission.objects.get(content_type__app_label="cases",
                                                                   codename=codename))
    return type(user).objects.get(pk=user.pk)


def edit_template(client, kind, text):
    row = SmsTemplate.objects.get(kind=kind)
    return client.post(reverse("wagtailsnippets_cases_smstemplate:edit", args=[row.pk]),
                       {"kind": kind, "text": text, "enabled": "on"})


def test_the_shipped_templates_are_in_chinese_and_listed_with_their_length(client, template_editor):
    assert set(SmsTemplate.objects.values_list("kind", flat=True)) == {"accepted", "rejected", "dispatched",
                                                                      "resolved"}
    client.force_login(template_editor)
    page = client.get(reverse("wagtailsnippets_cases_smstemplate:list")).content.decode()
    assert "已办结" in page and "个字" in page


def test_a_template_staff_edit_changes_the_text_the_resident_receives(
        case_world, sms_form, sms_file, client, template_editor, django_capture_on_commit_callbacks):
    client.force_login(template_editor)
    response = edit_template(client, "accepted", "【幸福社区】{form}：您的诉求{reference}已受理，详见{link}")
    assert response.status_code == 302
    case = sms_case(case_world, sms_form)
    with django_capture_on_commit_callbacks(execute=True):
        wf.case_accept(case=case, by=case_world.dispatcher)
    [line] = sms_file()
    assert line.split("\t")[1] == (f"【幸福社区】居民诉求（短信）：您的诉求{case.reference}已受理，"
                                   f"详见https://fuwu.example.gov.cn/track/{case.tracking_token}/")


@pytest.mark.parametrize("text, shown", [
    ("您的诉求{referense}已受理", "{referense}"),
    ("您的诉求{}已受理", "{}"),
    ("您的诉求{reference.upper}已受理", "{reference.upper}"),
    ("您的诉求{reference:>20}已受理", "{reference:>20}"),
])
def test_a_template_with_an_unknown_placeholder_is_refused_with_a_clear_message(client, template_editor, text, shown):
    client.force_login(template_editor)
    before = SmsTemplate.objects.get(kind="accepted").text
    response = edit_template(client, "accepted", text)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["text"])
    assert f"“{shown}”不是可用的占位符" in errors and "{reference}" in errors
    assert SmsTemplate.objects.get(kind="accepted").text == before


def test_a_template_whose_braces_do_not_pair_up_is_refused(client, template_editor):
    client.force_login(template_editor)
    response = edit_template(client, "accepted", "您的诉求{reference已受理")
    assert response.status_code == 200 and "花括号" in " ".join(response.context["form"].errors["text"])


def test_a_template_switched_off_sends_that_notice_by_email_only(
        case_world, sms_form, sms_file, django_capture_on_commit_callbacks):
    SmsTemplate.objects.filter(kind="accepted").update(enabled=False)
    case = sms_case(case_world, sms_form)
    with django_capture_on_commit_callbacks(execute=True):
        wf.case_accept(case=case, by=case_world.dispatcher)
    assert sms_file() == []
    assert Notice.objects.get(case=case, channel="sms").messages == 0
