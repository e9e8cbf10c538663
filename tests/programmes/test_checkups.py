"""大体检, complete: check-up forms are the inspectors', over the communities in their reach; a failed check-up opens a
rectification line per failed item, the unit marks them rectified, and the community's re-inspection closes the loop,
shown before and after on the community's history page."""
import re
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from cases import workflow
from cases.constants import Workflow
from cases.models import Case
from forms_app.constants import FieldType
from forms_app.models import Submission
from organisation.constants import RegionLevel, StaffRole
from organisation.models import Region
from programmes.checkups.services import RectificationError, mark_rectified
from programmes.models import RectificationItem, Reinspection
from tests.factories import answer_form_target, field, make_category, make_form, post_as_browser
from tests.factories.cases import make_member

pytestmark = pytest.mark.django_db
KEY_RE = re.compile(r'name="_key" value="([0-9a-f]{32})"')


@pytest.fixture
def checkup(case_world):
    """A 4-item check-up (weights 10/30/10/50, pass mark 80), a village outside the street, and an inspector of the
    street (a supervisor's membership, in a group holding programmes.inspect)."""
    w = case_world
    village = Region.objects.get(pk=w.county.pk).add_child(code="S2", name="建平乡", level=RegionLevel.STREET)
    village = Region.objects.get(pk=village.pk).add_child(code="V1", name="东升村", level=RegionLevel.COMMUNITY)
    w.village_grid = Region.objects.get(pk=village.pk).add_child(code="V1G", name="东升村第一网格",
                                                                 level=RegionLevel.GRID)
    w.checkup_form = make_form(
        [field("被检查社区网格", FieldType.REGION), field("消防通道畅通", FieldType.CHECKUP_ITEM, weight=10),
         field("垃圾分类到位", FieldType.CHECKUP_ITEM, weight=30), field("党建阵地规范", FieldType.CHECKUP_ITEM, weight=10),
         field("矛盾纠纷排查有台账", FieldType.CHECKUP_ITEM, weight=50)],
        title="社区体检", slug="ti-jian", workflow=Workflow.INSPECTION, kind="checkup", pass_mark=80,
        default_category=make_category(code="rect", name="整改", default_department=w.team_a, deadline_hours=168))
    w.region_key, *w.item_keys = [f.field_id for f in w.checkup_form.form_fields.order_by("sort_order")]
    group = Group.objects.create(name="体检检查员")
    group.permissions.add(Permission.objects.get(codename="inspect", content_type__app_label="programmes"))
    w.inspector = make_member(StaffRole.SUPERVISOR, region=w.street, username="inspector")
    w.inspector.groups.add(group)
    return w


def submit(client, world, grid, marks):
    """The inspector's POST of the check-up, as the browser sends it: ``marks`` is yes/partly/no per item."""
    html = client.get(world.checkup_form.url).content.decode()
    action, enctype = answer_form_target(html, world.checkup_form.url)
    data = {world.region_key: str(grid.pk), "_key": KEY_RE.search(html).group(1) or uuid.uuid4().hex, "_step": "1",
            **dict(zip(world.item_keys, marks))}
    return post_as_browser(client, action, enctype, data)


def test_a_check_up_form_is_refused_to_the_public_and_to_staff_who_are_not_inspectors(client, checkup):
    response = client.get(checkup.checkup_form.url)
    assert response.status_code == 403
    assert "请先登录" in response.content.decode() and reverse("wagtailadmin_login") in response.content.decode()
    client.force_login(checkup.dispatcher)
    response = client.get(checkup.checkup_form.url)
    assert response.status_code == 403 and "检查员" in response.content.decode()


def test_an_inspector_is_offered_only_the_communities_of_their_reach(client, checkup):
    client.force_login(checkup.inspector)
    html = client.get(checkup.checkup_form.url).content.decode()
    assert "第一网格" in html and "东升村第一网格" not in html


def test_a_check_up_of_a_community_outside_the_inspectors_reach_is_refused_and_nothing_is_stored(client, checkup):
    client.force_login(checkup.inspector)
    response = submit(client, checkup, checkup.village_grid, ["yes", "yes", "yes", "yes"])
    assert response.status_code == 400
    assert "不在您的检查范围内" in response.content.decode()
    assert not Submission.objects.filter(page=checkup.checkup_form).exists() and not Case.objects.exists()


def test_a_failed_check_up_opens_a_rectification_line_per_failed_item_shown_wherever_its_score_is(client, checkup):
    client.force_login(checkup.inspector)
    response = submit(client, checkup, checkup.grid1, ["yes", "no", "partly", "yes"])
    assert response.status_code == 303
    case = Case.objects.get(form=checkup.checkup_form)
    assert float(case.score) == 65  # 10 + 0 + 5 + 50 of 100
    assert list(case.rectification_items.values_list("label", "answer")) == [("垃圾分类到位", "no"),
                                                                           ("党建阵地规范", "partly")]
    tracking = client.get(reverse("track", args=[case.tracking_token])).content.decode()
    assert 'id="checkup-score"' in tracking and tracking.count("data-failed-item") == 2
    client.force_login(checkup.dispatcher)
    listing = client.get(reverse("cases_case_modeladmin_index")).content.decode()
    assert "垃圾分类到位；党建阵地规范" in listing
    response = client.get(reverse("cases_case_modeladmin_index"), {"export": "csv"})
    export = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "垃圾分类到位；党建阵地规范" in export
    page = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    assert page.count("data-rectification-line") == 2


def failed_case(client, world, marks=("yes", "no", "partly", "yes")):
    client.force_login(world.inspector)
    submit(client, world, world.grid1, list(marks))
    return Case.objects.filter(form=world.checkup_form).latest("pk")


def test_a_line_is_marked_rectified_once_and_only_by_whoever_works_on_the_case(client, checkup):
    case = failed_case(client, checkup)
    line = case.rectification_items.first()
    with pytest.raises(RectificationError) as refused:
        mark_rectified(item_id=line.pk, by=checkup.handler_b, note="")
    assert refused.value.code == "forbidden"
    mark_rectified(item_id=line.pk, by=checkup.dispatcher, note="已清运")
    with pytest.raises(RectificationError) as twice:
        mark_rectified(item_id=line.pk, by=checkup.dispatcher, note="again")
    assert twice.value.code == "done"
    line.refresh_from_db()
    assert line.note == "已清运" and case.events.filter(transition="rectification_item_done").count() == 1


def test_marking_a_line_twice_on_the_case_page_says_so_and_changes_nothing(client, checkup):
    case = failed_case(client, checkup)
    line = case.rectification_items.first()
    client.force_login(checkup.dispatcher)
    url = reverse("programmes_checkup_rectified", args=[line.pk])
    assert client.post(url, {"note": "好了"}).status_code == 302
    response = client.post(url, {"note": "again"})
    assert response.status_code == 400 and "已" in response.content.decode()
    assert RectificationItem.objects.get(pk=line.pk).note == "好了"


def test_the_re_inspection_after_rectification_closes_the_loop_and_the_history_shows_before_and_after(client,
                                                                                                     checkup):
    w = checkup
    case = failed_case(client, w)
    case = workflow.case_accept(case=case, by=w.dispatcher)
    case = workflow.case_dispatch(case=case, to=w.team_a, by=w.dispatcher)
    case = workflow.case_claim(case=case, by=w.handler)
    for line in case.rectification_items.all():
        mark_rectified(item_id=line.pk, by=w.handler, note="已整改")
    workflow.case_resolve(case=case, by=w.handler, result="整改完成")
    again = failed_case(client, w, ("yes", "yes", "partly", "yes"))  # 95: passes
    assert Reinspection.objects.get(rectification=case).checkup == again
    case.refresh_from_db()
    assert case.state == "archived" and case.events.filter(transition="reinspected").exists()
    # the inspector answers for both check-ups and for closing the rectification, by name in the histories
    assert again.events.get(transition="submit").actor == w.inspector
    assert {e.actor for e in case.events.filter(transition__in=["reinspected", "record_callback", "archive"])} == {
        w.inspector}
    client.force_login(w.supervisor)
    html = client.get(reverse("programmes_checkup_history", args=[w.community.pk])).content.decode()
    assert html.count('class="checkup-entry"') == 2 and "data-reinspection" in html
    assert "<td data-after>是</td>" in html and "<td data-after>部分</td>" in html  # 垃圾分类 now yes, 党建 still partly
