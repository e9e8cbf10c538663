"""A failed check-up on the pages that show it: the workbench's case page has its score and the items that
lost points; the tracking page speaks of a check-up and its rectification, not of a resident's request."""
import pytest
from django.urls import reverse

from cases.constants import Workflow
from forms_app.constants import FieldType
from tests.factories import field, make_category, make_form, make_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_checkup(case_world):
    rectification = make_category(code="rect", name="整改", deadline_hours=168)
    form = make_form([field("网格", FieldType.REGION), field("消防通道畅通", FieldType.CHECKUP_ITEM, weight=10),
                      field("垃圾分类到位", FieldType.CHECKUP_ITEM, weight=30),
                      field("党建阵地规范", FieldType.CHECKUP_ITEM, weight=10)],
                     title="社区体检", slug="ti-jian", workflow=Workflow.INSPECTION, kind="checkup", pass_mark=80,
                     default_category=rectification)
    region, *items = [f.field_id for f in form.form_fields.order_by("sort_order")]
    answers = dict(zip([region, *items], [case_world.grid1.pk, "yes", "no", "partly"]))
    return make_submission(form, answers, region=case_world.grid1).case


def test_the_case_page_of_a_failed_check_up_shows_its_score_and_the_items_that_lost_points(client, case_world,
                                                                                          failed_checkup):
    client.force_login(case_world.dispatcher)
    html = client.get(reverse("cases_workbench_case", args=[failed_checkup.pk])).content.decode()
    assert 'id="case-checkup"' in html and 'data-passed="no"' in html
    assert "<dd data-score>30</dd>" in html  # (10 + 0 + 5) of 50
    assert html.count("data-failed-item") == 2
    assert "垃圾分类到位" in html and "党建阵地规范" in html


def test_the_tracking_page_of_a_check_up_speaks_of_the_check_up_not_of_a_request(client, failed_checkup):
    html = client.get(reverse("track", args=[failed_checkup.tracking_token])).content.decode()
    assert "我们已收到您的诉求" not in html
    assert "体检已记录" in html and "整改" in html


def test_the_tracking_page_of_a_request_still_says_it_was_received(client, case_world):
    case = case_world.new_case()
    assert "我们已收到您的诉求" in client.get(reverse("track", args=[case.tracking_token])).content.decode()
