"""E-mail notices: sent after commit through Django's mail backend, retried, never blocking a transition."""
import re
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from cases import clock
from cases import workflow as wf
from cases.constants import CaseState as S
from cases.models import Case
from cases.tick import tick
from tests.factories import walk_case

pytestmark = pytest.mark.django_db

RESIDENT = "resident@example.invalid"
TEAM_A = ["post_a@example.invalid", "post_b@example.invalid"]


class FailingSMTPBackend(BaseEmailBackend):
    """The outside mail server is down: every send fails. Records who each attempt was for."""

    attempts = []

    def send_messages(self, messages):
        for message in messages:
            type(self).attempts.append(tuple(message.to))
        raise smtplib.SMTPException("421 service not available")


class FlakySMTPBackend(BaseEmailBackend):
    """The outside mail server fails once per message, then accepts it."""

    attempts = []

    def send_messages(self, messages):
        for message in messages:
            type(self).attempts.append(tuple(message.to))
            if type(self).attempts.count(tuple(message.to)) == 1:
                raise smtplib.SMTPServerDisconnected("connection lost")
            mail.outbox.append(message)
        return len(messages)


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox


def recipients(messages):
    return sorted(tuple(sorted(m.to)) for m in messages)


def dispatch(world, case):
    return wf.case_dispatch(case=case, to=world.team_a, by=world.dispatcher)


def test_dispatch_tells_the_resident_and_the_team(case_world, outbox, django_capture_on_commit_callbacks):
    w = case_world
    case = walk_case(w, w.new_case(), ["accept"])
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = dispatch(w, case)
    assert recipients(outbox) == [tuple(TEAM_A), (RESIDENT,)]
    resident_mail = next(m for m in outbox if m.to == [RESIDENT])
    assert case.reference in resident_mail.subject
    assert f"/track/{case.tracking_token}/" in resident_mail.body
    staff_mail = next(m for m in outbox if m.to != [RESIDENT])
    assert "/admin/" in staff_mail.body
    assert f"/admin/cases/workbench/{case.pk}/" in staff_mail.body  # the case's own page, not the admin home
    assert case.tracking_token not in staff_mail.body


def test_no_mail_is_sent_before_the_transaction_commits(case_world, outbox, django_capture_on_commit_callbacks):
    w = case_world
    case = walk_case(w, w.new_case(), ["accept"])
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        dispatch(w, case)
    assert outbox == [] and len(callbacks) == 1


def test_a_resident_who_gave_no_email_gets_none(case_world, outbox, django_capture_on_commit_callbacks):
    w = case_world
    case = walk_case(w, w.new_case(email=""), ["accept"])
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dispatch(w, case)
    assert recipients(outbox) == [tuple(TEAM_A)]


def test_urging_tells_the_handler_who_claimed_or_else_the_team(case_world, outbox, django_capture_on_commit_callbacks):
    w = case_world
    unclaimed = walk_case(w, w.new_case(), ["accept", "dispatch"])
    claimed = walk_case(w, w.new_case(), ["accept", "dispatch", "claim"])
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        wf.case_urge(case=unclaimed, by=w.supervisor, note="请尽快处理")
    assert recipients(outbox) == [tuple(TEAM_A)]
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        wf.case_urge(case=claimed, by=w.supervisor, note="请尽快处理")
    assert recipients(outbox) == [("post_a@example.invalid",)]


def test_overdue_tells_the_supervisors_above_the_case(case_world, outbox, django_capture_on_commit_callbacks):
    w = case_world
    case = walk_case(w, w.new_case(), ["accept"])
    wf.case_dispatch(case=case, to=w.team_a, by=w.dispatcher, due_hours=1)
    clock.travel(timedelta(hours=1))
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tick()
    overdue = [m for m in outbox if "county_supervisor@example.invalid" in m.to]
    assert recipients(overdue) == [("county_supervisor@example.invalid", "supervisor@example.invalid")]


def test_escalation_tells_only_dispatchers_who_may_still_act(case_world, outbox, django_capture_on_commit_callbacks):
    w = case_world
    case = walk_case(w, w.new_case(), ["accept"])
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        wf.case_escalate(case=case, by=w.dispatcher, reason="需要社区协调")
    assert recipients(outbox) == [
        ("county_dispatcher@example.invalid", "dispatcher@example.invalid", "street_dispatcher@example.invalid")
    ]


def test_a_mail_server_that_is_down_neither_blocks_nor_undoes_the_transition_and_is_tried_three_times(
    case_world, settings, django_capture_on_commit_callbacks
):
    w = case_world
    case = walk_case(w, w.new_case(), ["accept"])
    settings.EMAIL_BACKEND = f"{__name__}.FailingSMTPBackend"
    FailingSMTPBackend.attempts = []
    with django_capture_on_commit_callbacks(execute=True):
        case = dispatch(w, case)
    assert case.state == S.DISPATCHED
    stored = Case.objects.get(pk=case.pk)
    assert stored.state == S.DISPATCHED and stored.events.last().transition == "dispatch"
    assert sorted(FailingSMTPBackend.attempts) == [tuple(TEAM_A)] * 3 + [(RESIDENT,)] * 3
    # and the case goes on
    assert wf.case_claim(case=stored, by=w.post_a).state == S.CLAIMED


def test_a_mail_that_fails_once_is_retried_and_delivered_once(case_world, settings, outbox,
                                                              django_capture_on_commit_callbacks):
    w = case_world
    case = walk_case(w, w.new_case(), ["accept"])
    settings.EMAIL_BACKEND = f"{__name__}.FlakySMTPBackend"
    FlakySMTPBackend.attempts = []
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dispatch(w, case)
    assert sorted(FlakySMTPBackend.attempts) == [tuple(TEAM_A)] * 2 + [(RESIDENT,)] * 2
    assert recipients(outbox) == [tuple(TEAM_A), (RESIDENT,)]  # the resident is not mailed twice


STAFF_NOTICE_STEPS = {
    "dispatched": lambda w, c: dispatch(w, walk_case(w, c, ["accept"])),
    "urged": lambda w, c: wf.case_urge(case=walk_case(w, c, ["accept", "dispatch"]), by=w.supervisor, note="请尽快"),
    "returned": lambda w, c: wf.case_return(case=walk_case(w, c, ["accept", "dispatch"]), by=w.post_a,
                                            reason="不属于本队"),
    "escalated": lambda w, c: wf.case_escalate(case=walk_case(w, c, ["accept"]), by=w.dispatcher, reason="需协调"),
    "flagged": lambda w, c: wf.case_evaluate(token=walk_case(w, wf.case_evaluate(
        token=walk_case(w, c, ["accept", "dispatch", "claim", "resolve"]).tracking_token, rating=1),
        ["claim", "resolve"]).tracking_token, rating=1),
}


@pytest.mark.parametrize("kind", sorted(STAFF_NOTICE_STEPS))
def test_every_staff_notice_links_to_the_cases_own_page_at_the_sites_address(
        kind, case_world, outbox, settings, django_capture_on_commit_callbacks):
    """Staff open the case itself from the e-mail (and, later, the SMS: cases.notifications.staff_case_url),
    never the admin's home: an absolute address under WAGTAILADMIN_BASE_URL."""
    settings.WAGTAILADMIN_BASE_URL = "https://fuwu.example.gov.cn/"
    w = case_world
    case = w.new_case()
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        STAFF_NOTICE_STEPS[kind](w, case)
    staff_mails = [m for m in outbox if m.to != [RESIDENT]]
    assert staff_mails, kind
    link = f"https://fuwu.example.gov.cn/admin/cases/workbench/{case.pk}/"
    for message in staff_mails:
        urls = re.findall(r"https?://\S+", message.body)
        assert urls == [link], (kind, message.body)


def test_a_signed_out_colleague_who_follows_the_link_lands_on_the_case_after_signing_in(
        client, case_world, outbox, settings, django_capture_on_commit_callbacks):
    w = case_world
    case = walk_case(w, w.new_case(), ["accept"])
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dispatch(w, case)
    staff_mail = next(m for m in outbox if m.to != [RESIDENT])
    path = re.search(r"https?://[^/\s]+(/\S+)", staff_mail.body).group(1)
    sign_in = client.get(path)
    assert sign_in.status_code == 302 and "/admin/login/" in sign_in.url
    w.post_a.set_password("pass-word-1234")
    w.post_a.save()
    landed = client.post(sign_in.url, {"username": "post_a", "password": "pass-word-1234"}, follow=True)
    assert landed.redirect_chain[-1][0] == path
    assert landed.status_code == 200 and case.reference in landed.content.decode()
