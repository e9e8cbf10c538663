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


def panel_counts(html):
    return {key: int(count) for key, count in re.findall(
        r'data-count="([a-z]+)">\s*<span class="count">(\d+)</span>', html)}


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


def test_the_home_page_shows_my_open_cases_by_light_overdue_and_new_today(client, setup):
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


def test_a_handler_counts_only_their_departments_cases(client, setup):
    client.force_login(setup["handler"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert panel_counts(html) == {"green": 3, "yellow": 1, "red": 1, "today": 5}


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
