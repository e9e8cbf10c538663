"""The resident's tracking page: what it shows (and hides), and the evaluation posted to it (群众评单)."""
import re
from html import unescape

import pytest
from django.test import Client
from django.utils.timezone import localtime

from cases import workflow as wf
from cases.constants import CaseState as S
from cases.models import Case, CaseEvent
from tests.factories import make_case_in

pytestmark = pytest.mark.django_db


def url(case):
    return f"/track/{case.tracking_token}/"


def text(response):
    return unescape(response.content.decode())


def snapshot(case):
    fresh = Case.objects.get(pk=case.pk)
    return {f.attname: getattr(fresh, f.attname) for f in Case._meta.concrete_fields}, fresh.events.count()


def has_evaluation_form(response):
    return 'id="evaluation-form"' in response.content.decode()


def follow(client, response):
    assert response.status_code == 303, response.status_code
    assert response["Location"].endswith(response.request["PATH_INFO"])
    return client.get(response["Location"])


@pytest.fixture
def english():
    """A resident's browser that asks for English, so the tests can read the page's sentences."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def staff_names(world):
    return [world.dispatcher.username, world.post_a.username, world.supervisor.username]


# -- what the page shows ---------------------------------------------------------------------------------------


def test_an_unknown_token_is_not_found_for_get_and_post(client):
    assert client.get("/track/not-a-real-token/").status_code == 404
    assert client.post("/track/not-a-real-token/", {"rating": "5"}).status_code == 404


def test_the_page_shows_reference_form_state_in_words_and_the_deadline(client, case_world):
    case = make_case_in(case_world, "dispatched")
    page = text(client.get(url(case)))
    assert case.reference in page
    assert case_world.form.title in page
    assert 'id="case-status">已派单<' in page
    assert f'id="case-deadline"><time datetime="{localtime(case.due_at).isoformat()}"' in page
    english = text(Client(HTTP_ACCEPT_LANGUAGE="en").get(url(case)))
    assert "passed to the department responsible. Please wait" in english


def test_the_timeline_hides_internal_events_and_never_names_staff(client, case_world):
    case = make_case_in(case_world, "claimed")
    case = wf.case_consult(case=case, by=case_world.post_a, participants=["物业"], topic="会商议题公开")
    case = wf.case_end_consultation(case=case, by=case_world.post_a, minutes="会商纪要内部保密")
    case = wf.case_return(case=case, by=case_world.post_a, reason="退单理由内部保密")
    wf.case_urge(case=case, by=case_world.supervisor, note="督办意见内部保密")
    assert CaseEvent.objects.filter(case=case, public=False).count() >= 3
    page = text(client.get(url(case)))
    for secret in ("会商纪要内部保密", "退单理由内部保密", "督办意见内部保密", "物业"):
        assert secret not in page
    for name in staff_names(case_world):
        assert name not in page
    assert "Returned to the dispatcher" not in page and "Urged by a supervisor" not in page
    public = CaseEvent.objects.filter(case=case, public=True).count()
    assert len(re.findall(r"<li><time", page)) == public


def test_staff_names_appear_only_when_the_setting_allows_it(client, case_world, settings):
    case = make_case_in(case_world, "claimed")
    settings.CASE_SHOW_STAFF_NAMES = True
    assert case_world.post_a.username in text(client.get(url(case)))
    settings.CASE_SHOW_STAFF_NAMES = False
    assert case_world.post_a.username not in text(client.get(url(case)))


def test_the_result_and_the_evaluation_form_appear_only_while_resolved(client, case_world):
    for state in ("submitted", "accepted", "dispatched", "claimed", "consulting"):
        response = client.get(url(make_case_in(case_world, state)))
        assert response.status_code == 200
        assert not has_evaluation_form(response), state
        assert 'id="case-result"' not in response.content.decode(), state
    resolved = make_case_in(case_world, "resolved")
    response = client.get(url(resolved))
    assert has_evaluation_form(response)
    assert "已更换水管" in text(response)
    assert re.search(r'<fieldset[^>]*>\s*<legend>', response.content.decode())
    assert all(f'id="rating-{n}"' in response.content.decode() and f'for="rating-{n}"' in response.content.decode()
               for n in range(1, 6))
    evaluated = make_case_in(case_world, "evaluated")
    response = client.get(url(evaluated))
    assert not has_evaluation_form(response)
    assert "已更换水管" in text(response)


def test_the_page_shows_no_personal_answers(client, case_world):
    case = make_case_in(case_world, "resolved", email="zhang.san@example.invalid")
    page = text(client.get(url(case)))
    assert "zhang.san" not in page and "楼道水管漏水" not in page


# -- the evaluation --------------------------------------------------------------------------------------------


def test_a_satisfied_evaluation_moves_the_case_to_evaluated_with_a_thank_you(english, case_world):
    case = make_case_in(case_world, "resolved")
    response = english.post(url(case), {"rating": "5", "comment": "很及时"})
    page = follow(english, response)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.state == S.EVALUATED and fresh.rating == 5 and fresh.evaluation_comment == "很及时"
    assert "Thank you for your evaluation." in text(page)
    assert not has_evaluation_form(page)


def test_an_unsatisfied_evaluation_reopens_the_case_once_and_the_page_says_so(english, case_world):
    client = english
    case = make_case_in(case_world, "resolved")
    page = follow(client, client.post(url(case), {"rating": "1", "comment": "还在漏"}))
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.state == S.DISPATCHED and fresh.reopen_count == 1 and not fresh.flagged
    assert 'id="case-sent-back"' in page.content.decode()
    assert "sent back to the department for handling again" in text(page)
    # handled again, and still not satisfied: now a supervisor must verify; no second reopen
    wf.case_claim(case=fresh, by=case_world.post_a)
    wf.case_resolve(case=Case.objects.get(pk=case.pk), by=case_world.post_a, result="再次更换水管")
    page = follow(client, client.post(url(case), {"rating": "2"}))
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.state == S.EVALUATED and fresh.flagged and fresh.reopen_count == 1
    assert 'id="case-supervisor"' in page.content.decode()
    assert "The resident is not satisfied: a supervisor must verify." not in text(page)


BAD_INPUTS = {
    "no rating": {"comment": "好"},
    "an empty rating": {"rating": ""},
    "rating 9": {"rating": "9"},
    "rating 0": {"rating": "0"},
    "a rating that is not a number": {"rating": "five"},
    "a comment that is too long": {"rating": "4", "comment": "长" * 501},
}


@pytest.mark.parametrize("bad", list(BAD_INPUTS))
def test_bad_input_gives_400_with_the_message_beside_the_field_and_changes_nothing(bad, client, case_world):
    case = make_case_in(case_world, "resolved")
    before = snapshot(case)
    response = client.post(url(case), BAD_INPUTS[bad])
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    field_error = "comment-error" if "comment" in bad else "rating-error"
    assert f'id="{field_error}"' in html
    assert has_evaluation_form(response)
    assert snapshot(case) == before


def test_evaluating_twice_gives_a_clear_message_not_an_error(english, case_world):
    client = english
    case = make_case_in(case_world, "resolved")
    follow(client, client.post(url(case), {"rating": "4"}))
    before = snapshot(case)
    response = client.post(url(case), {"rating": "1"})
    assert response.status_code == 303
    page = client.get(response["Location"])
    assert "This case has already been evaluated." in text(page)
    assert snapshot(case) == before


@pytest.mark.parametrize("state", ["submitted", "dispatched", "claimed", "rejected", "archived"])
def test_evaluating_a_case_that_is_not_resolved_changes_nothing(state, client, case_world):
    case = make_case_in(case_world, state)
    before = snapshot(case)
    response = client.post(url(case), {"rating": "5"})
    assert response.status_code == 303
    assert client.get(response["Location"]).status_code == 200
    assert snapshot(case) == before


def test_the_evaluation_needs_the_csrf_token(case_world):
    case = make_case_in(case_world, "resolved")
    before = snapshot(case)
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(url(case), {"rating": "5"}).status_code == 403
    assert snapshot(case) == before
    page = browser.get(url(case))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert browser.post(url(case), {"rating": "5", "csrfmiddlewaretoken": token}).status_code == 303
    assert Case.objects.get(pk=case.pk).state == S.EVALUATED


def test_the_tracking_page_is_chinese_by_default(client, case_world):
    case = make_case_in(case_world, "resolved")
    page = text(client.get(url(case)))
    assert re.search(r'id="case-status">已办结<', page)
