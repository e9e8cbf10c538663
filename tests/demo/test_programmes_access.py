"""The programmes' staff pages walked over the demo's logins: who opens which page, list and download, and who is
refused — need-to-know as docs/access.md states it for the programmes.

A programme's records of residents (star declarations, red and black list entries, banquet declarations) are for
the staff of their area: the dispatchers and supervisors over it and the handlers who work on the ground there (a
community's workstation, a grid worker). A county or town line department (住建局, 司法所) handles its own cases and
sees none of them; a form editor without a region sees nothing. Certificate applications and check-ups are cases,
so they follow the cases' matrix (tests/cases/test_access_matrix.py): a queue lists only what the workbench would.
"""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cases.selectors import cases_visible_to
from organisation.models import Region
from programmes.models import BanquetDeclaration, HonourEntry, ServicePage, StarRound

pytestmark = pytest.mark.django_db

LOGINS = ["admin", "editor", "dispatcher", "supervisor", "handler", "gridworker", "handler_zj", "handler_sf",
          "inspector"]
#: who sees the 幸福社区 records: its county's dispatcher and supervisor, its workstation's handler, the street's
#: inspector (a supervisor's membership of 镇赉镇) and the superuser
XINGFU_AREA = {"admin", "dispatcher", "supervisor", "handler", "inspector"}
#: the grid worker's area is their grid: a grid's banquets are theirs, the community's lists are not
XINGFU_GRID = XINGFU_AREA | {"gridworker"}
NO_REGION = {"editor"}
#: a refused admin page: Wagtail sends the user back to the admin's home (302), a refused view of ours says 403
REFUSED = (302, 403)


@pytest.fixture
def places(demo):
    xingfu = Region.objects.get(code="220821100001")
    return {
        "round": StarRound.objects.get(region=xingfu, title__contains="幸福社区"),
        "black": HonourEntry.objects.filter(region=xingfu, list="black", state="published").first(),
        "banquet": BanquetDeclaration.objects.filter(region_path__startswith=Region.objects.get(
            code="220821100001-01").path, undeclared=False).first(),
        "service": ServicePage.objects.live().filter(application_form__isnull=False).first(),
        "xingfu": xingfu,
    }


def status(client, name, *args, query=""):
    return client.get(reverse(name, args=args) + query).status_code


def test_every_demo_login_opens_exactly_the_programme_pages_of_its_area(client, places, subtests):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=LOGINS)}
    assert set(users) == set(LOGINS)
    assert places["black"] is not None and places["banquet"] is not None
    for username in LOGINS:
        client.force_login(users[username])
        area, grid = username in XINGFU_AREA, username in XINGFU_GRID
        with subtests.test(user=username, page="star round"):
            assert status(client, "programmes_star_round", places["round"].pk) == (200 if area else 404)
        with subtests.test(user=username, page="black-list entry"):
            assert status(client, "honours_entry", places["black"].pk) in ((200,) if area else REFUSED + (404,))
            listing = client.get(reverse("honours_index"))
            assert listing.status_code in (REFUSED if username in NO_REGION else (200,))
            if listing.status_code == 200:
                assert (places["black"].name in listing.content.decode()) == area
        with subtests.test(user=username, page="banquet declaration"):
            banquets = status(client, "programmes_banquets")
            assert banquets in ((200,) if grid else REFUSED), "the list"
            assert status(client, "programmes_banquet", places["banquet"].pk) in ((200,) if grid else REFUSED + (404,))
            counts = status(client, "programmes_banquet_statistics", query="?format=csv")
            assert counts in ((200,) if grid else REFUSED), "the counts' export"
        with subtests.test(user=username, page="certificate applications"):
            queue = client.get(reverse("services_guide_queue", args=[places["service"].pk]))
            assert queue.status_code in (REFUSED if username in NO_REGION else (200,))
            if queue.status_code == 200:
                shown = {c["case"].pk for c in queue.context["rows"]}
                visible = set(cases_visible_to(users[username]).filter(
                    form_id=places["service"].application_form_id).values_list("pk", flat=True))
                assert shown <= visible
        with subtests.test(user=username, page="check-up history"):
            history = status(client, "programmes_checkup_history", places["xingfu"].pk)
            assert history in ((200,) if area else REFUSED + (404,))
