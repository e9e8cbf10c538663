"""Points per kind of service rank a community's party members; the statistics read the same figure."""
import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import workflow as wf
from community.orders import selectors
from community.orders.services import (
    add_service,
    claim_order,
    claim_wish,
    complete_wish,
    make_wish,
    order_service,
    resolve_order,
)
from organisation.constants import StaffRole
from tests.factories import make_member

from .world import make_orders_world

pytestmark = pytest.mark.django_db


def fulfil_wish(world, member, what="买菜"):
    wish = make_wish(community=world.community, who="赵大爷", what=what, phone="13700000000",
                     by_when=timezone.localdate() + dt.timedelta(days=1))
    complete_wish(wish=claim_wish(wish=wish, by=member), by=member, note="已完成")


def serve_order(world, member):
    case = order_service(service=world.haircut, contact_name="王秀英", phone="13912345678", key=uuid.uuid4().hex)
    case = wf.case_dispatch(case=wf.case_accept(case=case, by=world.dispatcher), to=world.volunteer_team,
                            by=world.street_dispatcher)
    claim_order(order=case.service_order, by=member)
    resolve_order(order=case.service_order, by=member, result="理发完成")


def test_members_are_ranked_by_their_points_then_by_their_services():
    w = make_orders_world()
    fulfil_wish(w, w.member2, "买菜")
    fulfil_wish(w, w.member2, "修灯")
    serve_order(w, w.member)
    rows = selectors.ranking(w.community)
    assert [(r["rank"], r["name"], r["points"], r["services"]) for r in rows] == [
        (1, "李明", 10, 2), (2, "张红", 10, 1)]
    fulfil_wish(w, w.member, "送药")
    assert [r["name"] for r in selectors.ranking(w.community)] == ["张红", "李明"]
    assert selectors.service_points(path=w.county.path) == {"points": 25, "services": 4, "wishes": 3}
    assert selectors.service_points(path=w.grid2.path)["points"] == 0


def test_a_members_service_goes_on_the_communitys_list():
    w = make_orders_world()
    volunteer = w.member.volunteer_registrations.get()
    service = add_service(volunteer=volunteer, title="陪诊", description="陪老人去医院")
    assert service in selectors.services_in(w.community)
    assert service.provider_department == w.volunteer_team and service.provider_name() == "张红"


def test_the_admin_ranking_shows_the_communities_in_the_users_regions(client):
    w = make_orders_world()
    fulfil_wish(w, w.member)
    client.force_login(w.supervisor)
    page = client.get(reverse("community_ranking"))
    assert page.status_code == 200 and "张红" in page.content.decode()
    client.force_login(make_member(StaffRole.HANDLER, department=w.team_a, username="no_region"))
    refused = client.get(reverse("community_ranking"))
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
