"""A form's case settings on its *Handling* panel: saved with the page, checked on save, live when published."""
import pytest
from django.urls import reverse

from cases.handling import handling_for
from cases.models import FormCaseSettings
from forms_app.constants import FieldType
from forms_app.models import FormPage
from tests.forms_app.test_admin_forms import add_url, create, edit_url, existing, page_data, question

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


def handling_errors(response):
    return response.context["form"].formsets["case_settings"].forms[0].errors


def test_a_new_form_shows_the_handling_panel_with_the_full_loop(editor_client):
    response = editor_client.get(add_url())
    assert response.status_code == 200
    formset = response.context["form"].formsets["case_settings"]
    assert formset.total_form_count() == 1
    assert formset.forms[0]["workflow"].value() == "handling"


def test_the_category_question_is_stored_as_the_field_id(editor_client):
    page = create(editor_client, [question("诉求类别", FieldType.RADIO, choices="噪音扰民\n管道维修")],
                  handling={"category_question": "诉求类别"})
    assert FormCaseSettings.objects.get(page=page).category_question == "su_qiu_lei_bie"
    assert handling_for(page).category_question == "su_qiu_lei_bie"


def test_a_category_question_must_be_a_question_of_the_form(editor_client):
    response = editor_client.post(add_url(), page_data([question("姓名")], handling={"category_question": "类别"}))
    assert response.status_code == 200
    assert "is not the label or id of a question" in str(handling_errors(response)["category_question"])
    assert not FormPage.objects.exists()


def test_the_summary_question_is_named_by_label_and_stored_as_the_field_id(editor_client):
    page = create(editor_client, [question("姓名"), question("问题描述", FieldType.MULTILINE)],
                  handling={"summary_question": "问题描述"})
    assert FormCaseSettings.objects.get(page=page).summary_question == "wen_ti_miao_shu"
    assert handling_for(page).summary_question == "wen_ti_miao_shu"


def test_a_summary_question_must_be_a_question_of_the_form(editor_client):
    response = editor_client.post(add_url(), page_data([question("姓名")], handling={"summary_question": "描述"}))
    assert response.status_code == 200
    assert "is not the label or id of a question" in str(handling_errors(response)["summary_question"])
    assert not FormPage.objects.exists()


def test_the_inspection_workflow_is_refused_on_a_form_that_is_not_a_checkup(editor_client):
    """It would open rectification for every submission: the score that decides it is only kept for check-ups."""
    response = editor_client.post(add_url(), page_data(
        [question("整洁", FieldType.CHECKUP_ITEM)], kind="request",
        handling={"workflow": "inspection", "pass_mark": "80"}))
    assert response.status_code == 200
    assert "for check-up forms" in str(handling_errors(response)["workflow"])
    assert not FormPage.objects.exists()


def test_the_inspection_workflow_is_refused_on_a_checkup_without_items(editor_client):
    response = editor_client.post(add_url(), page_data(
        [question("检查人")], kind="checkup", handling={"workflow": "inspection", "pass_mark": "80"}))
    assert response.status_code == 200
    assert "check-up item" in str(handling_errors(response)["workflow"])


def test_a_checkup_with_items_is_an_inspection_with_its_pass_mark(editor_client):
    page = create(editor_client, [question("整洁", FieldType.CHECKUP_ITEM)], kind="checkup",
                  handling={"workflow": "inspection", "pass_mark": "80"})
    handling = handling_for(page)
    assert (handling.workflow, handling.pass_mark) == ("inspection", 80)
    assert handling.passes(80.0) and not handling.passes(79.99) and not handling.passes(None)


def test_a_drafts_new_deadline_waits_until_the_form_is_published(editor_client):
    page = create(editor_client, [question("姓名")], handling={"deadline_hours": "72"})
    assert handling_for(page).deadline_hours == 72
    response = editor_client.post(edit_url(page), page_data(existing(page), initial=1, publish=False,
                                                            handling={"deadline_hours": "10"}))
    assert response.status_code == 302
    page = FormPage.objects.get(pk=page.pk)
    assert handling_for(page).deadline_hours == 72
    assert [s.deadline_hours for s in page.get_latest_revision_as_object().case_settings.all()] == [10]

    response = editor_client.post(edit_url(page), page_data(existing(page), initial=1,
                                                            handling={"deadline_hours": "10"}))
    assert response.status_code == 302
    page = FormPage.objects.get(pk=page.pk)
    assert handling_for(page).deadline_hours == 10
    assert FormCaseSettings.objects.filter(page=page).count() == 1


def test_the_submissions_of_a_form_list_their_case(editor_client, case_world):
    """The cases room's listing (forms_app.seams) adds the reference number and the case's state."""
    case = case_world.new_case()
    response = editor_client.get(reverse("wagtailforms:list_submissions", args=[case.form_id]))
    assert response.status_code == 200
    headings = [h["name"] for h in response.context["data_headings"]]
    assert headings[:4] == ["reference", "submit_time", "status", "region"]
    assert response.context["data_rows"][0]["fields"][0] == case.reference
