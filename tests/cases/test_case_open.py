"""A submission's case starts where its form's workflow says (cases.services.case_open)."""
from datetime import datetime

import pytest
from django.utils import timezone

from cases.constants import CaseState, Workflow
from cases.models import Case
from forms_app.constants import FieldType
from organisation.constants import RegionLevel, Triage
from tests.factories import field, make_category, make_form, make_regions, post_step

pytestmark = pytest.mark.django_db


def test_a_record_form_submission_is_archived_at_once(client):
    page = make_form([field("满意度", FieldType.RATING)], workflow=Workflow.RECORD, kind="survey")
    assert post_step(client, page, {"man_yi_du": "4"}).status_code == 303
    case = Case.objects.get()
    assert case.state == CaseState.ARCHIVED
    assert [e.transition for e in case.events.all()] == ["submit", "file_record"]


def test_a_passing_check_up_is_archived_and_keeps_its_score(admin_client):
    client = admin_client  # check-ups are the inspectors' (programmes.checkups.gate): a superuser is one everywhere
    page = make_form(
        [field("党建", FieldType.CHECKUP_ITEM, weight=10), field("卫生", FieldType.CHECKUP_ITEM, weight=10)],
        workflow=Workflow.INSPECTION, kind="checkup", pass_mark=75,
    )
    post_step(client, page, {"dang_jian": "yes", "wei_sheng": "partly"})
    case = Case.objects.get()
    assert float(case.score) == 75.0
    assert case.state == CaseState.ARCHIVED


def test_a_failing_check_up_opens_rectification_for_the_community(admin_client):
    client = admin_client  # an inspector (a superuser) carries out the check-up
    regions = make_regions()
    rectification = make_category(code="rect", name="整改", deadline_hours=168)
    page = make_form(
        [field("网格", FieldType.REGION), field("党建", FieldType.CHECKUP_ITEM, weight=10),
         field("卫生", FieldType.CHECKUP_ITEM, weight=10)],
        workflow=Workflow.INSPECTION, kind="checkup", pass_mark=80, default_category=rectification,
    )
    grid = regions["第一网格"]
    post_step(client, page, {"wang_ge": str(grid.pk), "dang_jian": "yes", "wei_sheng": "no"})
    case = Case.objects.get()
    assert float(case.score) == 50.0
    assert case.state == CaseState.SUBMITTED
    assert case.region == regions["幸福社区"] and case.level == RegionLevel.COMMUNITY
    assert case.category == rectification and case.triage == Triage.MINOR
    assert case.due_at == case.created_at + timezone.timedelta(hours=168)


def test_the_answer_to_the_category_question_sets_category_and_its_deadline(client):
    parking = make_category(code="parking", name="车位规划", deadline_hours=24, working_days_only=True)
    page = make_form(
        [field("诉求类别", FieldType.DROPDOWN, choices="噪音扰民\n车位规划")],
        workflow=Workflow.HANDLING, category_question="su_qiu_lei_bie", deadline_hours=72,
    )
    post_step(client, page, {"su_qiu_lei_bie": "车位规划"})
    case = Case.objects.get()
    assert case.category == parking and case.state == CaseState.SUBMITTED
    start = timezone.localtime(case.created_at)
    # 24 working hours never end on a Saturday or Sunday and take at least a day
    due = timezone.localtime(case.due_at)
    assert due.weekday() < 5 and due - start >= timezone.timedelta(hours=24)


def test_an_answer_naming_no_category_falls_back_to_the_form_deadline(client):
    page = make_form(
        [field("诉求类别", FieldType.DROPDOWN, choices="噪音扰民\n其他")],
        category_question="su_qiu_lei_bie", deadline_hours=10,
    )
    post_step(client, page, {"su_qiu_lei_bie": "其他"})
    case = Case.objects.get()
    assert case.category is None
    assert case.due_at == case.created_at + timezone.timedelta(hours=10)
    assert isinstance(case.created_at, datetime)
