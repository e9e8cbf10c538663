"""督办: the supervisor's queue of cases flagged 需督办人介入 (the resident unsatisfied a second time) and of urged
cases still open, counted on the admin home, within the supervisor's reach only."""
import re

import pytest
from django.urls import reverse

from cases import workflow as wf
from cases.selectors import supervision_queue
from organisation.constants import RegionLevel
from organisation.models import Region
from tests.factories import make_case_in, walk_case

pytestmark = pytest.mark.django_db

INDEX = "cases_case_modeladmin_index"


def unsatisfied_twice(w, **kwargs):
    """Resolved, rated 1 (reopened once), resolved again, rated 1 again: flagged for a supervisor."""
    case = make_case_in(w, "resolved", **kwargs)
    case = wf.case_evaluate(token=case.tracking_token, rating=1)
    case = walk_case(w, case, ["claim", "resolve"])
    return wf.case_evaluate(token=case.tracking_token, rating=1)


def urged(w, state="dispatched", **kwargs):
    case = make_case_in(w, state, **kwargs)
    return wf.case_urge(case=case, by=w.supervisor, note="请加快办理")


@pytest.fixture
def queue(case_world):
    w = case_world
    flagged = unsatisfied_twice(w)
    assert flagged.flagged and flagged.state == "evaluated"
    urged_open = urged(w)
    urged_resolved = wf.case_resolve(case=urged(w, "claimed"), by=w.post_a, result="已修好")  # done: off the queue
    satisfied = walk_case(w, make_case_in(w, "resolved"), ["evaluate"])  # rated 5: nothing to do
    elsewhere = Region.add_root(code="C9", name="大安市", level=RegionLevel.COUNTY)
    outside = w.new_case(region=elsewhere)
    from cases.models import Case

    Case.objects.filter(pk=outside.pk).update(urge_count=2, flagged=True, state="dispatched")
    return {"flagged": flagged, "urged": urged_open, "not": [urged_resolved, satisfied, outside]}


def panel_counts(html):
    group = re.search(r'<ul class="case-dashboard" data-scope="supervise">(.*?)</ul>', html, re.S)
    return {key: int(n) for key, n in re.findall(
        r'data-count="([a-z]+)">\s*<span class="count">(\d+)</span>', group.group(1))} if group else {}


def listed(client, query):
    return {c.reference for c in client.get(reverse(INDEX) + query).context["object_list"]}


def test_the_supervisor_finds_flagged_and_urged_cases_in_one_queue(client, case_world, queue):
    client.force_login(case_world.supervisor)
    assert listed(client, "?scope=supervise") == {queue["flagged"].reference, queue["urged"].reference}
    assert listed(client, "?scope=flagged") == {queue["flagged"].reference}
    assert listed(client, "?scope=urged") == {queue["urged"].reference}


def test_the_admin_home_counts_the_queue_and_each_number_opens_those_cases(client, case_world, queue):
    client.force_login(case_world.supervisor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert panel_counts(html) == {"total": 2, "flagged": 1, "urged": 1}
    for query, count in (("?scope=supervise", 2), ("?scope=flagged", 1), ("?scope=urged", 1)):
        assert f'href="{reverse(INDEX)}{query}"' in html
        assert client.get(reverse(INDEX) + query).context["result_count"] == count


def test_the_queue_holds_only_cases_within_the_supervisors_reach(client, case_world, queue):
    w = case_world
    outside = queue["not"][-1]
    assert outside.pk not in set(supervision_queue(w.county_supervisor).values_list("pk", flat=True))
    client.force_login(w.county_supervisor)
    assert outside.reference not in listed(client, "?scope=supervise")
    assert panel_counts(client.get(reverse("wagtailadmin_home")).content.decode())["total"] == 2


def test_handlers_and_dispatchers_have_no_supervision_queue(client, case_world, queue):
    for user in (case_world.post_a, case_world.dispatcher):
        client.force_login(user)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert 'id="case-supervision' not in html and panel_counts(html) == {}
        assert listed(client, "?scope=supervise") == set()


def test_the_listing_says_which_cases_need_a_supervisor_and_how_often_they_were_urged(client, case_world, queue):
    client.force_login(case_world.supervisor)
    html = client.get(reverse(INDEX) + "?scope=supervise").content.decode()
    flagged_row = re.search(rf'data-case="{queue["flagged"].reference}">(.*?)</tr>', html, re.S).group(1)
    urged_row = re.search(rf'data-case="{queue["urged"].reference}">(.*?)</tr>', html, re.S).group(1)
    assert "需督办人介入" in flagged_row and "需督办人介入" not in urged_row
    assert "督办 1 次" in urged_row


def test_the_supervision_queue_button_is_pressed_on_each_of_its_lists(client, case_world, queue):
    client.force_login(case_world.supervisor)
    for query in ("?scope=supervise", "?scope=flagged", "?scope=urged"):
        nav = client.get(reverse(INDEX) + query).content.decode().split('class="case-scope"')[1].split("</nav>")[0]
        pressed = re.findall(r'aria-current="page">([^<]+)<', nav)
        assert pressed == ["督办队列"], (query, pressed)
