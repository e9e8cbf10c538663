"""Issue 12 §4, end to end: a 小板凳 meeting recorded in the admin decides two matters on their cases.

The community's dispatcher opens *Community → Meetings*, records a meeting of 幸福社区第一网格 with a resident and a
unit's representative, brings two accepted cases to it, and records the decisions: one is dispatched to the grid
team, the other not accepted after the neighbours agreed. Both cases move, and each history names the meeting.
"""
import pytest
from config.demo import DEMO_PASSWORD
from django.contrib.auth import get_user_model

from cases import workflow
from cases.constants import CaseState as S
from cases.models import Case
from community.models import Meeting
from forms_app.models import FormPage
from organisation.models import Department, Region
from tests.factories import make_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, username):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def two_accepted_cases(grid):
    form, dispatcher = FormPage.objects.get(slug="suqiu"), get_user_model().objects.get(username="dispatcher")
    return [workflow.case_accept(case=make_case(form, grid), by=dispatcher) for _ in range(2)]


def test_a_meeting_decides_two_matters(demo, desktop_page):
    grid = Region.objects.get(code="220821100001-01")
    team = Department.objects.get(code="xf-grid")
    lamp, noise = two_accepted_cases(grid)
    page = desktop_page
    log_in(page, "dispatcher")

    page.goto("/admin/community/meetings/")
    page.click("#new-meeting")
    page.select_option("select[name=region]", str(grid.pk))
    page.select_option("select[name=kind]", "stool")
    page.fill("input[name=held_on]", "2026-12-01")
    page.fill("input[name=place]", "3号楼前小广场")
    page.fill("input[name=topic]", "楼道照明和晚间噪音")
    page.fill("textarea[name=minutes]", "居民反映楼道灯不亮、广场舞音响太大，物业和舞队代表到会。")
    page.select_option("select[name=people-0-role]", "resident")
    page.fill("input[name=people-0-name]", "王秀英")
    page.select_option("select[name=people-1-role]", "unit")
    page.fill("input[name=people-1-name]", "孙经理")
    page.fill("input[name=people-1-unit]", "幸福物业公司")
    with page.expect_navigation():
        page.click("#meeting-form button[type=submit]")
    meeting = Meeting.objects.get(region=grid, place="3号楼前小广场")
    assert "王**" in page.locator("#participants").inner_text()

    for case in (lamp, noise):
        page.fill("#attach-case", case.reference)
        with page.expect_navigation():
            page.click("#attach-form button[type=submit]")
    assert page.locator("#matters tbody tr").count() == 2

    page.select_option(f"select[name=action-{lamp.pk}]", "dispatch")
    page.select_option(f"select[name=department-{lamp.pk}]", str(team.pk))
    page.fill(f"textarea[name=text-{lamp.pk}]", "交第一网格服务队三日内更换楼道灯")
    page.select_option(f"select[name=action-{noise.pk}]", "reject")
    page.fill(f"textarea[name=text-{noise.pk}]", "舞队承诺晚九点半前结束，邻里自行监督")
    with page.expect_navigation():
        page.click("#record-decisions")
    errors = page.locator(".help-critical").all_inner_texts()
    assert meeting.decisions.count() == 2, errors
    assert Case.objects.get(pk=lamp.pk).state == S.DISPATCHED and Case.objects.get(pk=noise.pk).state == S.REJECTED
    assert "交第一网格服务队三日内更换楼道灯" in page.locator("#decisions").inner_text()

    page.goto(f"/admin/cases/workbench/{lamp.pk}/")
    assert meeting.label in page.content()
