"""Residents' forms post to the form's id: answers land even if the form is renamed meanwhile."""
import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cases.models import Case
from forms_app.constants import FieldType
from forms_app.models import Submission
from tests.factories import URLENCODED, answer_form_target, field, form_key, make_form, post_as_browser

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    return make_form(
        [field("name", FieldType.SINGLELINE, required=True), field("note", FieldType.MULTILINE, required=False)]
    )


def open_answer_form(client, url):
    """GET a form page as a browser does: its key, and where and how its answers go."""
    response = client.get(url)
    assert response.status_code == 200
    action, enctype = answer_form_target(response.content.decode(), url)
    return form_key(response), action, enctype


def test_the_form_posts_to_its_id_and_the_answers_land_there(client, page):
    key, action, enctype = open_answer_form(client, page.url)
    assert action == reverse("form_post", args=[page.pk])
    response = post_as_browser(client, action, enctype, {"_key": key, "_step": "1", "name": "王芳", "note": "路灯"})
    assert response.status_code == 303
    case = Case.objects.get()
    assert response["Location"] == reverse("form_done", args=[case.tracking_token])
    assert case.submission.form_data["name"] == "王芳"


def test_a_form_renamed_while_a_resident_fills_it_in_still_receives_the_answers(client, page):
    old_url = page.url
    key, action, enctype = open_answer_form(client, old_url)
    page.slug = "renamed"
    page.save_revision().publish()
    assert client.post(old_url, {"_key": key, "_step": "1", "name": "王芳"}).status_code == 404
    response = post_as_browser(client, action, enctype, {"_key": key, "_step": "1", "name": "王芳"})
    assert response.status_code == 303
    assert Submission.objects.get().form_data["name"] == "王芳"


def test_the_form_page_address_still_accepts_answers(client, page):
    key, _, _ = open_answer_form(client, page.url)
    assert client.post(page.url, {"_key": key, "_step": "1", "name": "王芳"}).status_code == 303
    assert Case.objects.count() == 1


def test_a_form_without_file_questions_is_sent_url_encoded_and_one_with_a_file_question_as_multipart(client, page):
    assert open_answer_form(client, page.url)[2] == URLENCODED
    with_file = make_form([field("photo", FieldType.FILE, required=False)], slug="with-file")
    assert open_answer_form(client, with_file.url)[2] == "multipart/form-data"


def test_a_later_step_posts_to_the_id_with_its_step_and_return_address(client):
    page = make_form(
        [field("name", FieldType.SINGLELINE), field("Next", FieldType.PAGE_BREAK), field("when", FieldType.SINGLELINE)]
    )
    client.post(page.url, {"_key": open_answer_form(client, page.url)[0], "_step": "1", "name": "王芳"})
    key, action, enctype = open_answer_form(client, page.url + "?step=2&return_to_review=1")
    assert action == reverse("form_post", args=[page.pk]) + "?step=2&return_to_review=1"
    response = post_as_browser(client, action, enctype, {"_key": key, "_step": "2", "when": "今天"})
    assert response.status_code == 303
    assert response["Location"] == page.url + "?review=1"


def test_the_review_page_posts_its_submit_to_the_id(client):
    page = make_form([field("name", FieldType.SINGLELINE)], always_review=True)
    key, action, enctype = open_answer_form(client, page.url)
    post_as_browser(client, action, enctype, {"_key": key, "_step": "1", "name": "王芳"})
    key, action, enctype = open_answer_form(client, page.url + "?review=1")
    assert action == reverse("form_post", args=[page.pk]) + "?review=1"
    response = post_as_browser(client, action, enctype, {"_key": key, "_action": "submit"})
    assert response.status_code == 303
    assert Case.objects.count() == 1


@pytest.mark.parametrize("publish", [False, True])
def test_posting_to_the_id_of_a_draft_or_unpublished_form_is_not_found_and_stores_nothing(client, publish):
    page = make_form([field("name", FieldType.SINGLELINE)], publish=publish)
    if publish:
        page.unpublish()
    response = client.post(reverse("form_post", args=[page.pk]), {"_key": "a" * 32, "_step": "1", "name": "x"})
    assert response.status_code == 404
    assert Submission.objects.count() == 0


def test_posting_to_an_id_that_is_no_form_is_not_found(client, page):
    response = client.post(reverse("form_post", args=[page.get_parent().pk]), {"_key": "a" * 32, "_step": "1"})
    assert response.status_code == 404


def test_opening_the_post_address_leads_to_the_form(client, page):
    response = client.get(reverse("form_post", args=[page.pk]))
    assert response.status_code == 302
    assert response["Location"] == page.url


def test_view_restrictions_of_the_form_apply_to_its_post_address(client, page):
    PageViewRestriction.objects.create(page=page.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    response = client.post(reverse("form_post", args=[page.pk]), {"_key": "a" * 32, "_step": "1", "name": "x"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert Submission.objects.count() == 0


def test_the_post_address_needs_the_csrf_token_like_any_other(page):
    client = Client(enforce_csrf_checks=True)
    key, action, enctype = open_answer_form(client, page.url)
    data = {"_key": key, "_step": "1", "name": "王芳"}
    assert post_as_browser(client, action, enctype, data).status_code == 403
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    assert post_as_browser(client, action, enctype, data).status_code == 303


def test_the_confirmation_page_reads_the_case_and_its_form_in_one_query(client, page, django_assert_num_queries):
    key, action, enctype = open_answer_form(client, page.url)
    location = post_as_browser(client, action, enctype, {"_key": key, "_step": "1", "name": "王芳"})["Location"]
    with django_assert_num_queries(1):
        response = client.get(location)
    assert response.status_code == 200
    assert Case.objects.get().reference in response.content.decode()


def test_the_confirmation_and_tracking_pages_are_never_stored_by_a_browser_or_a_proxy(client, page):
    """Both show the private tracking link: no cache may keep them (issue 9)."""
    key, action, enctype = open_answer_form(client, page.url)
    location = post_as_browser(client, action, enctype, {"_key": key, "_step": "1", "name": "王芳"})["Location"]
    confirmation = client.get(location)
    tracking = client.get(f"/track/{Case.objects.get().tracking_token}/")
    for response in (confirmation, tracking):
        assert response.status_code == 200
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives, response["Cache-Control"]
