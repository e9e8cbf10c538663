"""A new form starts from a template: a draft copy of a form offered as a starting point, a few edits from done."""
import pytest
from django.urls import reverse
from wagtail.models import Page

from cases.constants import Trigger
from cases.handling import handling_for
from forms_app.constants import FieldType
from forms_app.models import FormPage
from tests.factories import attach, field, forms_index, make_category, make_form, make_staff, make_template
from tests.forms_app.test_admin_forms import add_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def suqiu():
    """诉求反映, offered as a starting point: a category question, a rule, its deadline and a receipt."""
    make_category(code="noise", name="噪音扰民")
    page = make_form(
        [field("诉求类别", FieldType.DROPDOWN, choices="噪音扰民\n其他"),
         field("其他类别", FieldType.SINGLELINE, required=False, show_when_field="su_qiu_lei_bie",
               show_when_operator="equals", show_when_value="其他"),
         field("问题描述", FieldType.MULTILINE)],
        title="诉求反映", slug="suqiu", offered_as_template=True, deadline_hours=72, category_question="su_qiu_lei_bie",
    )
    attach(page, Trigger.SUBMIT, make_template())
    return page


def start(client, template, title="红白喜事报备", slug=""):
    return client.post(reverse("forms_start_from_template", args=[forms_index().pk]),
                       {"start-template": str(template.pk), "start-title": title, "start-slug": slug})


def test_adding_a_form_offers_the_starting_points_and_a_blank_form(client, suqiu):
    make_form([field("满意度", FieldType.RATING)], title="居民满意度调查")  # not offered
    client.force_login(make_staff())
    html = client.get(add_url()).content.decode()
    assert "Start from a template" in html and "诉求反映" in html and "居民满意度调查" not in html
    assert add_url() + "?blank=1" in html
    blank = client.get(add_url() + "?blank=1")
    assert blank.status_code == 200 and "form_fields-TOTAL_FORMS" in blank.content.decode()


def test_without_starting_points_adding_a_form_opens_the_editor(client):
    client.force_login(make_staff())
    assert "form_fields-TOTAL_FORMS" in client.get(add_url()).content.decode()


def test_the_copy_is_a_draft_with_the_questions_rules_case_settings_and_documents(client, suqiu):
    editor = make_staff()
    client.force_login(editor)
    response = start(client, suqiu)
    copy = FormPage.objects.get(title="红白喜事报备")
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_pages:edit", args=[copy.pk])
    assert copy.slug == "hong-bai-xi-shi-bao-bei" and not copy.live and not copy.offered_as_template
    assert copy.owner == editor and copy.get_parent().pk == forms_index().pk
    questions = [(f.label, f.clean_name, f.show_when_field, f.show_when_value) for f in copy.form_fields.all()]
    assert questions == [(f.label, f.clean_name, f.show_when_field, f.show_when_value)
                         for f in suqiu.form_fields.all()]
    assert questions[1][2:] == ("su_qiu_lei_bie", "其他")
    settings = copy.case_settings.get()
    assert (settings.deadline_hours, settings.category_question) == (72, "su_qiu_lei_bie")
    assert [(r.trigger, r.template.name) for r in copy.document_rules.all()] == [(Trigger.SUBMIT, "受理回执")]
    assert list(copy.submission_readers.all()) == []
    assert copy.latest_revision is not None and copy.live_revision is None
    assert client.get(response.url).status_code == 200  # the editor opens the draft
    suqiu.refresh_from_db()
    assert suqiu.live and suqiu.form_fields.count() == 3 and handling_for(suqiu).deadline_hours == 72


def test_a_second_copy_gets_an_address_of_its_own(client, suqiu):
    client.force_login(make_staff())
    start(client, suqiu)
    start(client, suqiu)
    assert sorted(FormPage.objects.filter(title="红白喜事报备").values_list("slug", flat=True)) == [
        "hong-bai-xi-shi-bao-bei", "hong-bai-xi-shi-bao-bei-2"]


@pytest.mark.parametrize("title, slug, message", [
    ("", "", "This field is required"),
    ("红白喜事报备", "suqiu", "already has the address"),
])
def test_a_copy_without_a_title_or_with_a_taken_address_is_refused_with_a_message(client, suqiu, title, slug,
                                                                                  message):
    client.force_login(make_staff())
    response = start(client, suqiu, title=title, slug=slug)
    assert response.status_code == 400 and message in response.content.decode()
    assert FormPage.objects.count() == 1


TITLE_OF_A_STRAY = "根页面下的表单"


def test_a_form_not_offered_as_a_starting_point_cannot_be_copied_by_a_forged_post(client, suqiu, admin_user):
    other = make_form([field("满意度", FieldType.RATING)], title="居民满意度调查")
    client.force_login(make_staff())
    assert start(client, other).status_code == 400
    client.force_login(make_staff(page_permissions=()))  # may not add pages under the index
    assert start(client, suqiu).status_code == 400
    client.force_login(admin_user)  # may add pages anywhere, but a form goes under a forms index only
    root = Page.get_first_root_node()
    response = client.post(reverse("forms_start_from_template", args=[root.pk]),
                           {"start-template": str(suqiu.pk), "start-title": TITLE_OF_A_STRAY})
    assert response.status_code == 400 and not FormPage.objects.filter(title=TITLE_OF_A_STRAY).exists()
    assert FormPage.objects.count() == 2
