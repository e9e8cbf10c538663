"""The resident's path: steps, back/next, check-your-answers, submit, confirmation, tracking."""
import re

import pytest
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cases.models import Case
from forms_app.constants import FieldType
from forms_app.models import Submission, Upload
from tests.factories import field, form_key, in_page, make_form, open_form, png_file, post_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_step_form():
    return make_form(
        [
            field("name", FieldType.SINGLELINE, required=True),
            field("visit", FieldType.RADIO, choices="yes\nno", required=True),
            field("Details", FieldType.PAGE_BREAK),
            field("phone", FieldType.MOBILE, required=True),
            field("photo", FieldType.FILE, required=False),
            field("Extra", FieldType.PAGE_BREAK, show_when_field="visit", show_when_value="yes"),
            field("when", FieldType.SINGLELINE, required=True),
        ]
    )


def draft_of(client, page):
    return client.session.get(f"form-draft-{page.pk}")


def test_a_multi_step_form_walks_next_to_each_step_then_to_the_review_page(client, two_step_form):
    page = two_step_form
    response = client.get(page.url)
    assert in_page(response, pgettext("form step", "Continue"))
    key = form_key(response)
    response = client.post(page.url, {"_key": key, "_step": "1", "name": "Li", "visit": "yes"})
    assert response.status_code == 303 and response["Location"].endswith("?step=2")
    response = client.post(page.url, {"_key": key, "_step": "2", "phone": "13812345678"})
    assert response["Location"].endswith("?step=3")
    response = client.post(page.url, {"_key": key, "_step": "3", "when": "Monday"})
    assert response["Location"].endswith("?review=1")
    review = client.get(response["Location"])
    assert in_page(review, _("Check your answers"))
    html = review.content.decode()
    for value in ("Li", "13812345678", "Monday"):
        assert value in html
    assert Submission.objects.count() == 0


def test_a_step_the_rules_hide_is_skipped_and_its_answers_are_not_asked(client, two_step_form):
    page = two_step_form
    key = open_form(client, page)
    client.post(page.url, {"_key": key, "_step": "1", "name": "Li", "visit": "no"})
    response = client.post(page.url, {"_key": key, "_step": "2", "phone": "13812345678"})
    assert response["Location"].endswith("?review=1")
    review = client.get(response["Location"])
    assert review.status_code == 200
    assert "when" not in [row["spec"].label for row in review.context["rows"]]
    response = client.post(page.url, {"_key": key, "_action": "submit"})
    assert response.status_code == 303
    assert "when" not in Submission.objects.get().form_data


def test_back_keeps_the_answers_of_the_step_and_shows_the_previous_step(client, two_step_form):
    page = two_step_form
    key = open_form(client, page)
    client.post(page.url, {"_key": key, "_step": "1", "name": "Li", "visit": "yes"})
    response = client.post(page.url, {"_key": key, "_step": "2", "_action": "back", "phone": "1381234"})
    assert response.status_code == 303 and response["Location"].endswith("?step=1")
    step1 = client.get(response["Location"])
    assert 'value="Li"' in step1.content.decode()
    step2 = client.get(page.url + "?step=2")
    assert 'value="1381234"' in step2.content.decode()


def test_back_skips_a_step_the_rules_hide(client):
    page = make_form(
        [
            field("visit", FieldType.RADIO, choices="yes\nno"),
            field("B", FieldType.PAGE_BREAK, show_when_field="visit", show_when_value="yes"),
            field("when", FieldType.SINGLELINE),
            field("C", FieldType.PAGE_BREAK),
            field("note", FieldType.SINGLELINE),
        ]
    )
    key = open_form(client, page)
    client.post(page.url, {"_key": key, "_step": "1", "visit": "no"})
    response = client.post(page.url, {"_key": key, "_step": "3", "_action": "back", "note": "x"})
    assert response["Location"].endswith("?step=1")


def test_a_later_step_cannot_be_opened_before_the_earlier_ones_are_done(client, two_step_form):
    response = client.get(two_step_form.url + "?step=3")
    assert response.context["step"].number == 1


def test_the_draft_lives_in_the_session_until_submitted(client, two_step_form):
    page = two_step_form
    key = open_form(client, page)
    client.post(page.url, {"_key": key, "_step": "1", "name": "Li", "visit": "no"})
    assert draft_of(client, page)["data"]["name"] == ["Li"]
    assert draft_of(client, page)["key"] == key
    client.post(page.url, {"_key": key, "_step": "2", "phone": "13812345678"})
    client.post(page.url, {"_key": key, "_action": "submit"})
    assert draft_of(client, page) is None


def test_the_review_page_has_a_change_link_per_answer_that_returns_to_the_review(client, two_step_form):
    page = two_step_form
    key = open_form(client, page)
    client.post(page.url, {"_key": key, "_step": "1", "name": "Li", "visit": "no"})
    client.post(page.url, {"_key": key, "_step": "2", "phone": "13812345678"})
    review = client.get(page.url + "?review=1")
    links = {row["spec"].field_id: row["change_url"] for row in review.context["rows"]}
    assert links["phone"].startswith(f"{page.url}?step=2") and links["phone"].endswith("#q-phone")
    assert f'href="{links["name"].replace("&", "&amp;")}"' in review.content.decode()
    change = links["name"].split("#")[0]
    form = client.get(change)
    assert 'value="Li"' in form.content.decode()
    response = client.post(change, {"_key": key, "_step": "1", "name": "Wang", "visit": "no"})
    assert response["Location"].endswith("?review=1")
    assert "Wang" in client.get(response["Location"]).content.decode()


def test_a_single_page_form_submits_without_a_review_page(client):
    page = make_form([field("name", FieldType.SINGLELINE)])
    response = client.get(page.url)
    assert in_page(response, _("Submit"))
    assert client.get(page.url + "?review=1").context.get("rows") is None
    response = post_step(client, page, {"name": "Li"})
    assert response.status_code == 303 and "/submitted/" in response["Location"]


def test_a_single_page_form_with_always_review_shows_the_review_before_submitting(client):
    page = make_form([field("name", FieldType.SINGLELINE)], always_review=True)
    key = open_form(client, page)
    response = client.post(page.url, {"_key": key, "_step": "1", "name": "Li"})
    assert response["Location"].endswith("?review=1")
    assert Submission.objects.count() == 0
    review = client.get(response["Location"])
    assert form_key(review) == key
    response = client.post(page.url, {"_key": key, "_action": "submit"})
    assert "/submitted/" in response["Location"]
    assert Submission.objects.get().form_data == {"name": "Li"}


def test_the_review_page_shows_the_other_text_and_the_full_phone_number(client):
    page = make_form(
        [field("topic", FieldType.RADIO, choices="a\nb", allow_other=True), field("phone", FieldType.MOBILE)],
        always_review=True,
    )
    key = open_form(client, page)
    client.post(page.url, {"_key": key, "_step": "1", "topic": "__other__", "topic__other": "roads",
                           "phone": "13812345678"})
    review = client.get(page.url + "?review=1")
    values = {row["spec"].field_id: row["value"] for row in review.context["rows"]}
    assert values == {"topic": "roads", "phone": "13812345678"}


def test_the_review_page_sends_back_to_an_unfinished_step(client, two_step_form):
    page = two_step_form
    key = open_form(client, page)
    client.post(page.url, {"_key": key, "_step": "1", "name": "Li", "visit": "yes"})
    response = client.get(page.url + "?review=1")
    assert response.status_code == 303 and response["Location"].endswith("?step=2")


def test_a_final_submit_revalidates_every_step(client, two_step_form):
    page = two_step_form
    key = open_form(client, page)
    client.post(page.url, {"_key": key, "_step": "1", "name": "Li", "visit": "no"})
    client.post(page.url, {"_key": key, "_step": "2", "phone": "13812345678"})
    session = client.session
    session[f"form-draft-{page.pk}"]["data"]["phone"] = ["123"]
    session.save()
    response = client.post(page.url, {"_key": key, "_action": "submit"})
    assert response.status_code == 400
    assert response.context["step"].number == 2
    assert Submission.objects.count() == 0 and Case.objects.count() == 0


def test_an_upload_on_an_earlier_step_is_kept_privately_and_attached_on_submit(client, two_step_form, settings):
    page = two_step_form
    key = open_form(client, page)
    client.post(page.url, {"_key": key, "_step": "1", "name": "Li", "visit": "no"})
    response = client.post(page.url, {"_key": key, "_step": "2", "phone": "13812345678", "photo": png_file()})
    assert response.status_code == 303
    upload = Upload.objects.get()
    assert upload.submission is None
    assert str(settings.MEDIA_ROOT) not in upload.file.path
    step2 = client.get(page.url + "?step=2")
    assert "photo.png" in step2.content.decode()
    response = client.post(page.url, {"_key": key, "_step": "2", "phone": "13812345678"})
    assert response["Location"].endswith("?review=1")
    review = client.get(response["Location"])
    assert "photo.png" in review.content.decode()
    client.post(page.url, {"_key": key, "_action": "submit"})
    submission = Submission.objects.get()
    upload.refresh_from_db()
    assert upload.submission == submission
    assert submission.form_data["photo"]["upload"] == str(upload.pk)
    assert Upload.objects.count() == 1


def test_an_upload_on_a_single_page_form_is_stored_with_its_submission(client):
    page = make_form([field("photo", FieldType.FILE, required=True)])
    response = post_step(client, page, {"photo": png_file()})
    assert response.status_code == 303
    upload = Upload.objects.get()
    assert upload.submission == Submission.objects.get()
    assert upload.content_type == "image/png" and upload.size > 0 and len(upload.sha256) == 64


def test_a_double_click_creates_one_submission_and_both_responses_go_to_the_same_confirmation(client):
    page = make_form([field("name", FieldType.SINGLELINE)])
    key = open_form(client, page)
    data = {"_key": key, "_step": "1", "name": "Li"}
    first = client.post(page.url, data)
    second = client.post(page.url, data)
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert Submission.objects.count() == 1 and Case.objects.count() == 1


def test_a_resent_final_submit_creates_one_submission(client, two_step_form):
    page = two_step_form
    key = open_form(client, page)
    client.post(page.url, {"_key": key, "_step": "1", "name": "Li", "visit": "no"})
    client.post(page.url, {"_key": key, "_step": "2", "phone": "13812345678"})
    first = client.post(page.url, {"_key": key, "_action": "submit"})
    second = client.post(page.url, {"_key": key, "_action": "submit"})
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert Submission.objects.count() == 1


def test_the_confirmation_page_shows_the_reference_and_the_tracking_link(client):
    page = make_form([field("name", FieldType.SINGLELINE)], confirmation_text="<p>Thanks</p>")
    response = post_step(client, page, {"name": "Li"})
    case = Case.objects.get()
    assert response["Location"] == f"/submitted/{case.tracking_token}/"
    done = client.get(response["Location"])
    assert done.status_code == 200
    html = done.content.decode()
    assert re.search(r"SQ-\d{4}-000001", html) and case.reference in html
    assert f"/track/{case.tracking_token}/" in html
    assert "Thanks" in html


def test_an_unknown_confirmation_token_is_not_found(client):
    make_form([field("name", FieldType.SINGLELINE)])
    assert client.get("/submitted/nope/").status_code == 404


def test_the_confirmation_of_a_form_that_was_unpublished_is_not_found(client):
    page = make_form([field("name", FieldType.SINGLELINE)])
    post_step(client, page, {"name": "Li"})
    token = Case.objects.get().tracking_token
    assert client.get(f"/submitted/{token}/").status_code == 200
    page.unpublish()
    assert client.get(f"/submitted/{token}/").status_code == 404


def test_the_tracking_page_shows_the_case_status(client):
    page = make_form([field("name", FieldType.SINGLELINE)])
    post_step(client, page, {"name": "Li"})
    case = Case.objects.get()
    response = client.get(f"/track/{case.tracking_token}/")
    assert response.status_code == 200
    assert in_page(response, case.get_state_display())
    assert case.reference in response.content.decode()


def test_an_unknown_tracking_token_is_not_found(client):
    assert client.get("/track/not-a-real-token/").status_code == 404


def test_tracking_tokens_are_long_and_unguessable(client):
    page = make_form([field("name", FieldType.SINGLELINE)])
    post_step(client, page, {"name": "a"})
    post_step(client, page, {"name": "b"})
    tokens = list(Case.objects.values_list("tracking_token", flat=True))
    assert len(set(tokens)) == 2 and all(len(t) >= 32 for t in tokens)


def test_the_error_page_of_a_step_keeps_the_step_number_and_key(client, two_step_form):
    page = two_step_form
    key = open_form(client, page)
    client.post(page.url, {"_key": key, "_step": "1", "name": "Li", "visit": "no"})
    response = client.post(page.url + "?step=2", {"_key": key, "_step": "2", "phone": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert form_key(response) == key
    assert 'name="_step" value="2"' in html


def test_replacing_an_upload_on_a_step_deletes_the_earlier_file(client, two_step_form):
    page = two_step_form
    key = open_form(client, page)
    client.post(page.url, {"_key": key, "_step": "1", "name": "Li", "visit": "no"})
    client.post(page.url, {"_key": key, "_step": "2", "phone": "13812345678", "photo": png_file("one.png")})
    first = Upload.objects.get()
    path = first.file.path
    client.post(page.url, {"_key": key, "_step": "2", "phone": "13812345678", "photo": png_file("two.png")})
    assert list(Upload.objects.values_list("original_name", flat=True)) == ["two.png"]
    import os

    assert not os.path.exists(path)
