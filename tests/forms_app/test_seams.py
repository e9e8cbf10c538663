"""The forms room stands on its own; the rooms above plug in through forms_app.seams."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from forms_app import seams
from forms_app.constants import FieldType
from forms_app.models import Submission
from tests.factories import field, make_form, make_regions, open_form

pytestmark = pytest.mark.django_db


def test_without_a_receiver_a_form_keeps_the_answers_and_sends_the_resident_back_to_it(client, monkeypatch):
    monkeypatch.setattr(seams, "_receiver", seams.SubmissionReceiver())
    page = make_form([field("name", FieldType.SINGLELINE)])
    key = open_form(client, page)
    response = client.post(page.url, {"_key": key, "_step": "1", "name": "Li"})
    assert (response.status_code, response["Location"]) == (303, page.url)
    assert Submission.objects.get().form_data == {"name": "Li"}
    assert not Case.objects.exists()
    again = client.post(page.url, {"_key": key, "_step": "1", "name": "Li"})  # a re-sent POST lands once
    assert again.status_code == 303 and Submission.objects.count() == 1


def test_the_rooms_above_are_plugged_in_from_their_app_configs():
    from cases.admin.editor import check_handling, handling_panel
    from cases.admin.submissions import CaseSubmissionsListView
    from cases.receiver import CaseReceiver
    from documents.editor import check_document_rules, documents_tab

    assert isinstance(seams.receiver(), CaseReceiver)
    assert handling_panel in seams.editor.settings_panels
    assert documents_tab in seams.editor.tabs
    assert {check_handling, check_document_rules} <= set(seams.editor.checks)
    assert seams.submissions_view() is CaseSubmissionsListView


def region_queries(queries):
    return [q["sql"] for q in queries if "organisation_region" in q["sql"]]


def test_the_review_page_reads_the_region_names_once_and_only_for_a_region_question(client):
    regions = make_regions()
    page = make_form([field("grid", FieldType.REGION), field("a", FieldType.SINGLELINE),
                      field("b", FieldType.SINGLELINE), field("c", FieldType.SINGLELINE)], always_review=True)
    key = open_form(client, page)
    client.post(page.url, {"_key": key, "_step": "1", "grid": str(regions["第一网格"].pk), "a": "1", "b": "2",
                           "c": "3"})
    with CaptureQueriesContext(connection) as queries:
        review = client.get(page.url + "?review=1")
    assert {row["spec"].field_id: row["value"] for row in review.context["rows"]}["grid"] == "第一网格"
    assert len(region_queries(queries)) == 1

    plain = make_form([field("a", FieldType.SINGLELINE), field("b", FieldType.SINGLELINE)], always_review=True,
                      slug="plain")
    key = open_form(client, plain)
    client.post(plain.url, {"_key": key, "_step": "1", "a": "1", "b": "2"})
    with CaptureQueriesContext(connection) as queries:
        client.get(plain.url + "?review=1")
    assert region_queries(queries) == []


def test_an_answer_check_refuses_a_step_on_its_question_and_warns_on_the_review_page(client, monkeypatch):
    def no_thirteen(page, answers):
        value = str(answers.get("count") or "")
        if value == "13":  # cleaned (a Decimal) on the step
            return [seams.AnswerNote("Not thirteen.", field_id="count", refuse=True)]
        return [seams.AnswerNote("Many.")] if value.startswith("9") else []

    monkeypatch.setattr(seams, "_answer_checks", [no_thirteen])
    page = make_form([field("count", FieldType.NUMBER)], always_review=True)
    refused = client.post(page.url, {"_key": open_form(client, page), "_step": "1", "count": "13"})
    assert refused.status_code == 400 and "Not thirteen." in refused.content.decode()
    assert not Submission.objects.exists()
    accepted = client.post(page.url, {"_key": open_form(client, page), "_step": "1", "count": "99"})
    assert accepted.status_code == 303
    assert "Many." in client.get(page.url + "?review=1").content.decode()
