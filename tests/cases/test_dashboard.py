"""The case panel on the Wagtail admin home: my open cases by light, overdue, today's new cases."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from cases.clock import now
from cases.constants import CaseState
from cases.models import Case
from forms_app.constants import FieldType
from organisation.constants import StaffRole
from tests.factories import make_case, make_department, make_form, make_member, make_regions, make_staff

pytestmark = pytest.mark.django_db


def panel_counts(html, scope="region"):
    """The numbers of one group of a home panel: "mine" (我的在办工单), "region" or "supervise" (督办)."""
    group = re.search(rf'<ul class="case-dashboard" data-scope="{scope}">(.*?)</ul>', html, re.S)
    return {key: int(count) for key, count in re.findall(
        r'data-count="([a-z]+)">\s*<span class="count">(\d+)</span>', group.group(1))} if group else {}


def panel_links(html, scope):
    group = re.search(rf'<ul class="case-dashboard" data-scope="{scope}">(.*?)</ul>', html, re.S).group(1)
    return dict((key, url.replace("&amp;", "&")) for url, key in re.findall(
        r'<a href="([^"]+)" class="[^"]*" data-count="([a-z]+)">', group))


@pytest.fixture
def setup():
    regions = make_regions()
    team = make_department(regions["第一网格"], code="t1")
    form = make_form([("问题描述", FieldType.MULTILINE)], title="诉求")
    supervisor = make_member(StaffRole.SUPERVISOR, region=regions["幸福社区"])
    handler = make_member(StaffRole.HANDLER, department=team)
    at = now()

    def case(due=None, yellow=None, state=CaseState.DISPATCHED, region=regions["第一网格"], created=None,
             department=team):
        c = make_case(form, region, {})
        fields = {"state": state, "department": department}
        if due is not None:
            fields.update(due_at=at + due, yellow_at=at + yellow)
        if created is not None:
            fields["created_at"] = created
        Case.objects.filter(pk=c.pk).update(**fields)
        return c

    case(timedelta(days=3), timedelta(days=2))                       # green
    case(timedelta(days=3), timedelta(days=2))                       # green
    case(timedelta(hours=3), timedelta(hours=-1))                    # yellow
    case(timedelta(hours=-1), timedelta(hours=-5))                   # red
    case(timedelta(hours=-1), timedelta(hours=-5), state=CaseState.RESOLVED)  # closed: no light
    case(timedelta(days=3), timedelta(days=2), created=at - timedelta(days=3))  # green, not new today
    case(timedelta(hours=-1), timedelta(hours=-5), region=regions["镇赉镇"], department=None)  # red, elsewhere
    return {"supervisor": supervisor, "handler": handler}


def test_the_home_page_shows_my_regions_open_cases_by_light_overdue_and_new_today(client, setup):
    client.force_login(setup["supervisor"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert panel_counts(html) == {"green": 3, "yellow": 1, "red": 1, "today": 5}


def test_each_number_links_to_the_listing_filtered_the_same_way(client, setup):
    client.force_login(setup["supervisor"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    index = reverse("cases_case_modeladmin_index")
    for key, query in [("green", "?light=green"), ("yellow", "?light=yellow"), ("red", "?light=red"),
                       ("today", "?created=today")]:
        assert f'href="{index}{query}"' in html
        listed = client.get(index + query).context["result_count"]
        assert listed == panel_counts(html)[key], key


def test_a_handlers_open_cases_are_those_dispatched_to_their_team_and_waiting(client, setup):
    client.force_login(setup["handler"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert panel_counts(html, "mine") == {"open": 5, "green": 3, "yellow": 1, "red": 1, "today": 4}
    assert panel_counts(html, "region") == {}  # a handler has no region of their own


def test_staff_without_a_case_role_see_no_case_panel(client, setup):
    client.force_login(make_staff())
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert 'id="case-dashboard' not in response.content.decode() and panel_counts(response.content.decode()) == {}


def test_the_admin_loads_the_workbench_and_documents_stylesheets_from_static_files(client, setup):
    from django.contrib.staticfiles import finders

    client.force_login(setup["supervisor"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    for name, rule in (("cases/admin.css", ".case-light--red"), ("documents/admin.css", ".doc-progress")):
        assert f'href="/static/{name}"' in html, name
        assert rule in open(finders.find(name), encoding="utf-8").read()
    assert ".case-light{" not in html  # no longer a stylesheet in a Python string


# -- 我的在办工单 and 我的待办 are one number ------------------------------------------------------------


def my_queue_world(w):
    """For team A's A post: cases they hold in every open state a handler holds one in (claimed, in consultation),
    one waiting for the team, and cases that are not theirs to do (a colleague's, a resolved one, one still with
    the dispatcher)."""
    from cases import workflow as wf
    from tests.factories import make_case_in

    held = [make_case_in(w, "claimed"), make_case_in(w, "consulting"), make_case_in(w, "consulting")]
    waiting = make_case_in(w, "dispatched")
    overdue = wf.case_claim(case=wf.case_dispatch(case=make_case_in(w, "accepted"), to=w.team_a, by=w.dispatcher,
                                                  due_hours=1), by=w.post_a)
    Case.objects.filter(pk=overdue.pk).update(due_at=now() - timedelta(hours=1), yellow_at=now() - timedelta(hours=2))
    colleague = make_case_in(w, "claimed")
    Case.objects.filter(pk=colleague.pk).update(handler=w.post_b)  # claimed by the B post
    not_mine = [colleague, make_case_in(w, "resolved"), make_case_in(w, "accepted"), make_case_in(w, "evaluated")]
    return {*held, waiting, overdue}, not_mine


def test_my_open_cases_on_the_home_page_are_the_cases_my_queue_lists(client, case_world):
    """The handler's home said 我的在办工单 7 while 查看我的待办 listed 3: both now read cases.selectors.my_open_cases."""
    from cases.selectors import my_open_cases

    w = case_world
    mine, not_mine = my_queue_world(w)
    client.force_login(w.post_a)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    counts = panel_counts(html, "mine")
    index = reverse("cases_case_modeladmin_index")
    queue = client.get(f"{index}?scope=mine").context
    assert {c.pk for c in queue["object_list"]} == {c.pk for c in mine} == set(
        my_open_cases(w.post_a).values_list("pk", flat=True))
    assert counts["open"] == queue["result_count"] == len(mine) == 5
    assert counts["red"] == 1
    for key, url in panel_links(html, "mine").items():
        assert "scope=mine" in url, key
        assert client.get(url).context["result_count"] == counts[key], key
    assert f'href="{index}?scope=mine"' in html  # 查看我的待办


def test_a_dispatchers_open_cases_are_those_waiting_to_be_accepted_or_dispatched(client, case_world):
    from tests.factories import make_case_in

    w = case_world
    waiting = {make_case_in(w, "submitted").pk, make_case_in(w, "accepted").pk}
    make_case_in(w, "dispatched")
    escalated = make_case_in(w, "accepted")
    Case.objects.filter(pk=escalated.pk).update(level="street")  # raised above the community: no longer theirs
    make_case_in(w, "submitted", region=w.grid2)
    waiting.add(Case.objects.filter(region=w.grid2).get().pk)  # grid 2 is in the community too
    make_case_in(w, "submitted", region=w.street)  # outside their community
    client.force_login(w.dispatcher)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    listed = client.get(reverse("cases_case_modeladmin_index") + "?scope=mine").context
    assert {c.pk for c in listed["object_list"]} == waiting
    assert panel_counts(html, "mine")["open"] == listed["result_count"] == 3
