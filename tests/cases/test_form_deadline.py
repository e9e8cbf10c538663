"""Which deadline a case gets: the form's own 办理时限 when it has one, else its category's, else the platform's."""
from datetime import timedelta

import pytest
from django.urls import reverse

from cases import workflow as wf
from cases.deadlines import add_hours
from cases.models import Case
from forms_app.constants import FieldType
from tests.factories import field, make_category, make_form, make_regions, make_submission, walk_case

pytestmark = pytest.mark.django_db


def sanitation_form(category, **settings):
    """A 红白喜事报备 form filed under ``category`` by default, with the case settings given."""
    return make_form([field("事项说明", FieldType.MULTILINE)], title="红白喜事报备", default_category=category,
                     **settings)


def open_case(page):
    regions = make_regions()
    submission = make_submission(page, {"shi_xiang_shuo_ming": "本周六在社区广场办婚宴"}, region=regions["第一网格"])
    return Case.objects.get(submission=submission)


def test_a_form_of_72_hours_gives_72_hours_even_when_its_category_says_48():
    sanitation = make_category(code="sanitation", name="环境卫生", deadline_hours=48)
    case = open_case(sanitation_form(sanitation, deadline_hours=72))
    assert case.category == sanitation
    assert case.due_at - case.created_at == timedelta(hours=72)


def test_a_form_without_its_own_deadline_takes_its_categorys():
    sanitation = make_category(code="sanitation", name="环境卫生", deadline_hours=48)
    case = open_case(sanitation_form(sanitation))
    assert case.due_at - case.created_at == timedelta(hours=48)


def test_a_working_days_category_counts_the_forms_hours_in_working_days():
    parking = make_category(code="parking", name="车位规划", deadline_hours=24, working_days_only=True)
    case = open_case(sanitation_form(parking, deadline_hours=72))
    assert case.due_at == add_hours(case.created_at, 72, working_days_only=True)


def test_a_dispatched_case_is_given_the_forms_deadline_not_the_categorys(case_world):
    w = case_world  # its category 管道维修 allows 72 hours
    from cases.form_settings import set_case_settings

    set_case_settings(w.form, deadline_hours=100)
    w.form.save_revision().publish()
    case = walk_case(w, w.new_case(), ["accept"])
    case = wf.case_dispatch(case=case, to=w.team_a, by=w.dispatcher)
    assert case.due_at - case.dispatched_at == timedelta(hours=100)


def test_without_any_deadline_a_dispatched_case_gets_the_platform_default(case_world, settings):
    settings.CASE_DEFAULT_DEADLINE_HOURS = 30
    w = case_world
    case = walk_case(w, w.new_case(category=None), ["accept"])
    assert case.due_at is None
    case = wf.case_dispatch(case=case, to=w.team_a, by=w.dispatcher)
    assert case.due_at - case.dispatched_at == timedelta(hours=30)


def test_the_deadline_field_says_which_deadline_wins(client, admin_user):
    from forms_app.models import FormsIndexPage
    from tests.factories import forms_index

    forms_index()
    client.force_login(admin_user)
    index = FormsIndexPage.objects.get()
    response = client.get(reverse("wagtailadmin_pages:add", args=("forms_app", "formpage", index.pk)) + "?blank=1")
    assert "当表单设置了办理时限时，以表单的为准" in response.content.decode()
