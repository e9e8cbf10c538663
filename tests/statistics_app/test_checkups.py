"""Check-ups (大体检) across communities, pinned on four check-ups whose scores are worked out by hand.

The form has three items: 消防通道畅通 (10 points), 垃圾分类到位 (10) and 矛盾纠纷台账 (20); the pass mark is 80.
“Partly” earns half an item's points.

=========  ==========  ======  ======  ======  ====================  ==========================
community  date        消防     垃圾     台账     score                 outcome
=========  ==========  ======  ======  ======  ====================  ==========================
幸福社区    2026-11-03  yes     no      yes     (10+0+20)/40 = 75     failed: rectification case
丹凤社区    2026-11-10  yes     partly  no      (10+5+0)/40 = 37.5    failed: rectification case
幸福社区    2026-11-20  yes     yes     yes     100                   passed (filed)
东升村      2026-10-15  yes     yes     yes     100                   passed, but in October
=========  ==========  ======  ======  ======  ====================  ==========================

So in November: 幸福社区's latest score is 100 (history 75 → 100), 丹凤社区's 37.5, 东升村 was not checked. Over the
communities' latest check-ups (幸福 on the 20th, 丹凤): 消防 2 of 2 yes = 100 %, 垃圾 1 of 2 = 50 %, 台账 1 of 2 = 50 %.
"""
import csv
import io
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import workflow
from cases.models import Case
from forms_app.constants import FieldType
from organisation.constants import RegionLevel, StaffRole
from organisation.models import Region
from tests.factories import make_form, make_member, make_regions, make_staff, make_submission

NOVEMBER = "?period=month&date=2026-11-15"
ITEMS = ["消防通道畅通", "垃圾分类到位", "矛盾纠纷台账"]


def at(month, day):
    return timezone.make_aware(datetime(2026, month, day, 10))


def check(w, region, month, day, *answers):
    """A check-up submitted on that day, its case opened as the resident flow opens it."""
    submission = make_submission(w.form, dict(zip(w.items, answers)), region=region, submit_time=at(month, day))
    Case.objects.filter(submission=submission).update(created_at=at(month, day))
    return Case.objects.get(submission=submission)


@pytest.fixture
def world(db):
    regions = make_regions()
    street = regions["镇赉镇"]
    county = regions["镇赉县"]
    danfeng = Region.objects.get(pk=street.pk).add_child(code="M2", name="丹凤社区", level=RegionLevel.COMMUNITY)
    danfeng_grid = Region.objects.get(pk=danfeng.pk).add_child(code="G3", name="丹凤第一网格", level=RegionLevel.GRID)
    village = Region.objects.get(pk=street.pk).add_child(code="M3", name="东升村", level=RegionLevel.COMMUNITY)
    village_grid = Region.objects.get(pk=village.pk).add_child(code="G4", name="东升第一网格", level=RegionLevel.GRID)
    form = make_form([("被检查网格", FieldType.REGION, {"required": False}),
                      (ITEMS[0], FieldType.CHECKUP_ITEM, {"weight": 10}), (ITEMS[1], FieldType.CHECKUP_ITEM, {"weight": 10}),
                      (ITEMS[2], FieldType.CHECKUP_ITEM, {"weight": 20})],
                     title="社区常态化治理体检", slug="ti-jian", kind="checkup", workflow="inspection", pass_mark=80)
    w = type("World", (), {})()
    w.form, w.regions, w.danfeng, w.village = form, regions, danfeng, village
    w.items = [f.field_id for f in form.get_form_fields() if f.field_type == FieldType.CHECKUP_ITEM]
    w.supervisor = make_member(StaffRole.SUPERVISOR, region=county, username="county_supervisor")
    w.danfeng_dispatcher = make_member(StaffRole.DISPATCHER, region=danfeng, username="danfeng_dispatcher")
    w.xingfu_first = check(w, regions["第一网格"], 11, 3, "yes", "no", "yes")
    w.danfeng_check = check(w, danfeng_grid, 11, 10, "yes", "partly", "no")
    w.xingfu_second = check(w, regions["第二网格"], 11, 20, "yes", "yes", "yes")
    w.village_check = check(w, village_grid, 10, 15, "yes", "yes", "yes")
    w.danfeng_grid = danfeng_grid
    return w


def report(client, user, query=NOVEMBER):
    client.force_login(user)
    response = client.get(reverse("statistics_checkups") + query)
    assert response.status_code == 200, response.content[:500]
    return response.context["report"]


def test_each_check_up_is_scored_and_a_failed_one_opens_a_rectification_case(world):
    assert [float(c.score) for c in (world.xingfu_first, world.danfeng_check, world.xingfu_second)] == [75, 37.5, 100]
    assert world.xingfu_first.state == "submitted" and world.xingfu_second.state == "archived"
    assert world.xingfu_first.region == world.regions["幸福社区"]  # a failed check-up goes to the community


def test_per_community_the_latest_score_and_its_history_in_the_period(client, world):
    result = report(client, world.supervisor)
    rows = {row.name: row for row in result.communities}
    assert list(rows) == ["幸福社区", "丹凤社区"]
    assert rows["幸福社区"].latest.score == 100 and rows["幸福社区"].latest.passed
    assert [c.score for c in rows["幸福社区"].checkups] == [75, 100]
    assert rows["丹凤社区"].latest.score == 37.5 and not rows["丹凤社区"].latest.passed
    assert result.pass_mark == 80


def test_the_communities_not_checked_in_the_period_are_listed(client, world):
    assert [name for _path, name in report(client, world.supervisor).unchecked] == ["东升村"]
    october = report(client, world.supervisor, "?period=month&date=2026-10-01")
    assert [name for _path, name in october.unchecked] == ["幸福社区", "丹凤社区"]
    assert [row.name for row in october.communities] == ["东升村"]


def test_per_item_the_pass_rate_across_the_communities_latest_check_ups_worst_first(client, world):
    items = report(client, world.supervisor).items
    assert [(i.label, i.pass_rate, i.answered) for i in items] == [
        ("垃圾分类到位", 50.0, 2), ("矛盾纠纷台账", 50.0, 2), ("消防通道畅通", 100.0, 2)]
    assert items[0].counts == {"yes": 1, "partly": 1, "no": 0}


def test_the_rectification_cases_of_failed_check_ups_with_their_state_now(client, world):
    workflow.case_accept(case=world.danfeng_check, by=world.danfeng_dispatcher)
    cases = report(client, world.supervisor).rectifications
    assert [(c.case.reference, c.case.state) for c in cases] == [
        (world.danfeng_check.reference, "accepted"), (world.xingfu_first.reference, "submitted")]
    client.force_login(world.supervisor)
    html = client.get(reverse("statistics_checkups") + NOVEMBER).content.decode()
    assert world.danfeng_check.reference in html and "已接单" in html


def test_a_dispatcher_sees_only_the_communities_of_their_region(client, world):
    result = report(client, world.danfeng_dispatcher)
    assert [row.name for row in result.communities] == ["丹凤社区"]
    assert result.unchecked == []
    assert [c.case.reference for c in result.rectifications] == [world.danfeng_check.reference]
    assert {i.label: i.answered for i in result.items}["消防通道畅通"] == 1


def test_staff_without_a_workbench_may_not_open_the_page(client, world):
    outsider = make_staff(page_permissions=(), username="outsider")
    client.force_login(outsider)
    response = client.get(reverse("statistics_checkups") + NOVEMBER)
    assert response.status_code == 403
    assert "report" not in (response.context or {})
    assert reverse("statistics_checkups") not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("query", ["?period=quarter&date=2026-02-30", "?period=custom&from=2026-11-30&to=2026-11-01",
                                   "?form=999999", "?form=abc", NOVEMBER + "&export=doc"])
def test_a_bad_period_form_or_format_is_a_400(client, world, query):
    client.force_login(world.supervisor)
    assert client.get(reverse("statistics_checkups") + query).status_code == 400


def test_the_export_has_the_communities_the_items_and_the_rectification_cases(client, world):
    from openpyxl import load_workbook

    client.force_login(world.supervisor)
    response = client.get(reverse("statistics_checkups") + NOVEMBER + "&export=csv")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[1] == ["幸福社区", "2026-11-20", "100.0", "达标", "2", "2026-11-03 75; 2026-11-20 100"]
    assert rows[2][:4] == ["丹凤社区", "2026-11-10", "37.5", "未达标"]
    assert rows[3][:4] == ["东升村", "", "", "未体检"]
    book = load_workbook(io.BytesIO(client.get(reverse("statistics_checkups") + NOVEMBER + "&export=xlsx").content))
    communities, items, cases = book.worksheets
    assert list(next(items.iter_rows(min_row=2, values_only=True))) == ["垃圾分类到位", 10, 1, 1, 0, 2, 50]
    assert {row[0] for row in cases.iter_rows(min_row=2, values_only=True)} == {
        world.danfeng_check.reference, world.xingfu_first.reference}


def test_the_page_runs_as_many_queries_for_many_check_ups_as_for_few(client, world):
    report(client, world.supervisor)
    with CaptureQueriesContext(connection) as few:
        report(client, world.supervisor)
    for day in range(4, 9):
        check(world, world.danfeng_grid, 11, day, "no", "yes", "partly")
        check(world, world.regions["第一网格"], 11, day, "yes", "yes", "yes")
    with CaptureQueriesContext(connection) as many:
        result = report(client, world.supervisor)
    assert len(result.checkups) == 13
    assert len(many.captured_queries) == len(few.captured_queries)


# -- the workbench ------------------------------------------------------------------------------------------


def test_the_case_page_shows_the_score_the_pass_mark_and_the_items_that_lost_points(client, world):
    client.force_login(world.supervisor)
    response = client.get(reverse("cases_workbench_case", args=[world.danfeng_check.pk]))
    outcome = response.context["checkup"]
    assert (outcome.score, outcome.pass_mark, outcome.passed) == (37.5, 80, False)
    assert [(i.label, i.answer, i.lost) for i in outcome.failed_items] == [("垃圾分类到位", "部分", 5), ("矛盾纠纷台账", "否", 20)]
    html = response.content.decode()
    assert "37.5" in html and "未达标，需整改" in html


def test_a_passed_check_up_shows_its_score_and_no_lost_points(client, world):
    client.force_login(world.supervisor)
    outcome = client.get(reverse("cases_workbench_case", args=[world.xingfu_second.pk])).context["checkup"]
    assert outcome.passed and outcome.score == 100 and outcome.failed_items == ()


def test_the_workbench_listing_has_a_score_column_when_it_lists_check_ups(client, world):
    client.force_login(world.supervisor)
    response = client.get(reverse("cases_case_modeladmin_index"))
    assert response.context["show_score"]
    assert {row["case"].reference: row["score"] for row in response.context["rows"]}[
        world.danfeng_check.reference] == 37.5
    assert 'data-score="37.5"' in response.content.decode()
    request = make_form([("问题描述", FieldType.MULTILINE)], title="诉求", slug="su-qiu")
    make_submission(request, {}, region=world.regions["第一网格"])  # the only case left in grid 1
    only_requests = client.get(reverse("cases_case_modeladmin_index") + f"?region={world.regions['第一网格'].pk}")
    assert len(only_requests.context["rows"]) == 1 and not only_requests.context["show_score"]
