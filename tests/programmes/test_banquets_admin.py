"""The banquets' staff pages: need-to-know, the follow-up visit's form, the supervisor's list, the counts and
their export, the limits — each refusal a clear message and a 4xx, nothing changed."""
import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from cases import clock
from programmes.constants import BanquetState
from programmes.models import BanquetDeclaration, BanquetLimit
from tests.factories import make_staff

from .banquet_world import answers, declare, make_banquet_world

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def declared(w, grid=None, **extra):
    declare(w.form, answers(grid or w.grid1, **extra))
    return BanquetDeclaration.objects.order_by("-pk").first()


def test_staff_see_the_declarations_of_their_reach_and_nobody_elses():
    w = make_banquet_world()
    mine, theirs = declared(w), declared(w, grid=w.village_grid)
    client = signed_in(w.worker)
    listing = client.get(reverse("programmes_banquets")).content.decode()
    assert mine.case.reference in listing and theirs.case.reference not in listing
    assert client.get(reverse("programmes_banquet", args=[mine.pk])).status_code == 200
    assert client.get(reverse("programmes_banquet", args=[theirs.pk])).status_code == 404


def test_the_grid_worker_records_the_visit_on_the_declarations_page_after_the_date():
    w = make_banquet_world()
    declaration = declared(w, days_ahead=1)
    client = signed_in(w.worker)
    url = reverse("programmes_banquet", args=[declaration.pk])
    assert "as_declared" not in client.get(url).content.decode()  # not before the date
    clock.travel(dt.timedelta(days=2))
    refused = client.post(url, {"as_declared": "no", "actual_tables": "", "remarks": ""})
    assert refused.status_code == 400 and "实际举办" in refused.content.decode()  # "tables actually held"
    declaration.refresh_from_db()
    assert declaration.state == BanquetState.DECLARED
    done = client.post(url, {"as_declared": "yes", "actual_tables": "", "remarks": "按报备举办"})
    assert done.status_code == 302
    declaration.refresh_from_db()
    assert declaration.state == BanquetState.VISITED and declaration.actual_tables == declaration.tables


def test_the_supervisor_sees_late_declarations_and_missing_visits_and_downloads_the_counts():
    w = make_banquet_world()
    late = declared(w, days_ahead=1, tables=40)
    clock.travel(dt.timedelta(days=12))
    client = signed_in(w.supervisor)
    page = client.get(reverse("programmes_banquet_attention")).content.decode()
    assert page.count(late.case.reference) == 3  # over the limit, late, and its visit is missing
    table = client.get(reverse("programmes_banquet_statistics")).content.decode()
    assert "幸福社区" in table
    csv = client.get(reverse("programmes_banquet_statistics") + "?format=csv")
    assert csv.status_code == 200 and "幸福社区,1,1,1,0,0,1,0" in b"".join(csv.streaming_content).decode("utf-8-sig")


def test_a_supervisor_sets_a_villages_limits_and_a_grid_worker_may_not():
    w = make_banquet_world()
    url = reverse("programmes_banquet_limits")
    data = {"region": w.community.pk, "max_tables": "12", "max_guests": "120", "notice_days": "10"}
    refused = signed_in(w.worker).post(url, data)
    assert refused.status_code == 403 and not BanquetLimit.objects.exists()
    bad = signed_in(w.supervisor).post(url, {**data, "max_tables": "0"})
    assert bad.status_code == 400 and not BanquetLimit.objects.exists()
    assert signed_in(w.supervisor).post(url, data).status_code == 302
    assert BanquetLimit.objects.get().max_tables == 12


def test_the_grid_worker_records_a_banquet_held_without_a_declaration_and_the_supervisor_sees_it():
    w = make_banquet_world()
    client = signed_in(w.worker)
    url = reverse("programmes_banquet_undeclared")
    data = {"region": w.grid1.pk, "kind": "wedding", "event_date": (clock.now().date() - dt.timedelta(days=1)).isoformat(),
            "place": "村口饭店", "tables": "35", "guests": "320", "party_member": "on", "remarks": ""}
    refused = client.post(url, data)
    assert refused.status_code == 400 and not BanquetDeclaration.objects.exists()
    outside = client.post(url, {**data, "region": w.village_grid.pk, "remarks": "巡查发现"})
    assert outside.status_code == 400 and not BanquetDeclaration.objects.exists()  # not a grid of theirs
    assert client.post(url, {**data, "remarks": "巡查发现，未报备"}).status_code == 302
    found = BanquetDeclaration.objects.get()
    assert found.undeclared and found.case is None and found.over_limit and found.state == BanquetState.VISITED
    page = signed_in(w.supervisor).get(reverse("programmes_banquet_attention")).content.decode()
    assert found.label in page


def test_the_grid_workers_admin_home_counts_the_visits_due_and_staff_without_declarations_see_no_panel():
    w = make_banquet_world()
    declared(w, days_ahead=0)
    clock.travel(dt.timedelta(days=1))
    home = signed_in(w.worker).get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="banquets-section"' in home and "?show=due" in home
    assert 'id="banquets-section"' not in signed_in(w.village_worker).get(reverse("wagtailadmin_home")).content.decode()


def test_the_counts_per_village_are_listed_in_the_statistics_menu_for_those_who_see_declarations(rf):
    from statistics_app.wagtail_hooks import statistics_menu

    w = make_banquet_world()

    def entries(user):
        request = rf.get("/admin/")
        request.user = user
        return {item.name: item.url for item in statistics_menu.menu_items_for_request(request)}

    assert entries(w.supervisor)["banquet-counts"] == reverse("programmes_banquet_statistics")
    stranger = make_staff(username="waike")  # a form editor without a region: sees no declarations
    assert "banquet-counts" not in entries(stranger)
