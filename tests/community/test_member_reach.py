"""Need-to-know on the party members' pages: a member reaches only the orders of the communities they
registered to, sees who placed one only once they took it up (audited), and bad input is a 4xx."""
import uuid

import pytest
from django.urls import reverse

from cases import workflow as wf
from cases.constants import CaseState as S
from cases.models import Case
from community.models import ServiceRecord, Volunteer
from community.orders.services import order_service
from organisation.models import AccessLogEntry

from .world import make_orders_world

pytestmark = pytest.mark.django_db


def dispatched_order(world):
    case = order_service(service=world.haircut, contact_name="王秀英", phone="13912345678", need="周三上午",
                         grid=world.grid1, key=uuid.uuid4().hex)
    case = wf.case_dispatch(case=wf.case_accept(case=case, by=world.dispatcher), to=world.volunteer_team,
                            by=world.street_dispatcher)
    return case.service_order


def test_a_member_sees_the_need_and_where_but_not_who_until_they_take_it_up(client):
    w = make_orders_world()
    order = dispatched_order(w)
    client.force_login(w.member)
    home = client.get(reverse("community_member")).content.decode()
    assert "上门理发" in home and "第一网格" in home and "周三上午" in home
    assert "王秀英" not in home and "13912345678" not in home
    assert client.get(reverse("community_member_need", args=[order.pk])).status_code == 403
    response = client.post(reverse("community_claim_need", args=[order.pk]))
    assert response.status_code == 303 and Case.objects.get(pk=order.case_id).state == S.CLAIMED
    detail = client.get(response["Location"]).content.decode()
    assert "王秀英" in detail and "13912345678" in detail
    entry = AccessLogEntry.objects.get(action="govforms.reveal")
    assert entry.user == w.member and entry.region_path == w.grid1.path and "13912345678" not in str(entry.data)


def test_the_second_member_of_the_team_is_told_the_order_was_taken_up(client):
    w = make_orders_world()
    order = dispatched_order(w)
    client.force_login(w.member)
    client.post(reverse("community_claim_need", args=[order.pk]))
    client.force_login(w.member2)
    page = client.post(reverse("community_claim_need", args=[order.pk]), follow=True)
    assert page.status_code == 200 and page.context["messages"]
    assert Case.objects.get(pk=order.case_id).handler == w.member
    assert client.get(reverse("community_member_need", args=[order.pk])).status_code == 403


def test_a_member_of_another_community_cannot_reach_the_order(client):
    w = make_orders_world()
    order = dispatched_order(w)
    Volunteer.objects.filter(user=w.member2).update(active=False)
    client.force_login(w.member2)
    assert client.post(reverse("community_claim_need", args=[order.pk])).status_code == 403
    assert "上门理发" not in client.get(reverse("community_member")).content.decode()
    assert Case.objects.get(pk=order.case_id).state == S.DISPATCHED


def test_recording_the_order_served_resolves_the_case_and_earns_the_points(client):
    w = make_orders_world()
    order = dispatched_order(w)
    client.force_login(w.member)
    client.post(reverse("community_claim_need", args=[order.pk]))
    url = reverse("community_member_need", args=[order.pk])
    assert client.post(url, {"result": ""}).status_code == 400
    assert Case.objects.get(pk=order.case_id).state == S.CLAIMED
    assert client.post(url, {"result": "已上门理发"}).status_code == 303
    assert Case.objects.get(pk=order.case_id).state == S.RESOLVED
    assert ServiceRecord.objects.get(order=order).points == 10


@pytest.mark.parametrize("post", [{"community": "abc"}, {"community": "999999"}, {}])
def test_registering_with_bad_input_is_a_400_and_nothing_written(client, post):
    w = make_orders_world()
    client.force_login(w.outsider)
    response = client.post(reverse("community_register"), post)
    assert response.status_code == 400 and "error-summary" in response.content.decode()
    assert not Volunteer.objects.filter(user=w.outsider).exists()


def test_a_member_registers_and_offers_a_service_from_the_phone_page(client):
    w = make_orders_world()
    client.force_login(w.outsider)
    assert client.post(reverse("community_register"), {"community": w.community.pk, "offer": "修电脑"}).status_code == 303
    volunteer = Volunteer.objects.get(user=w.outsider)
    url = reverse("community_add_service", args=[volunteer.pk])
    assert client.post(url, {"title": ""}).status_code == 400
    assert client.post(url, {"title": "上门修电脑"}).status_code == 303
    assert "上门修电脑" in client.get(reverse("community_services", args=[w.community.code])).content.decode()
    client.force_login(w.member)
    assert client.post(url, {"title": "冒名服务"}).status_code == 404


def test_recording_an_order_twice_is_a_message_and_changes_nothing(client):
    w = make_orders_world()
    order = dispatched_order(w)
    client.force_login(w.member)
    client.post(reverse("community_claim_need", args=[order.pk]))
    url = reverse("community_member_need", args=[order.pk])
    client.post(url, {"result": "已上门理发"})
    again = client.post(url, {"result": "再来一次"}, follow=True)
    assert again.status_code == 200 and again.context["messages"]
    assert Case.objects.get(pk=order.case_id).result == "已上门理发" and ServiceRecord.objects.count() == 1


def test_the_member_page_costs_the_same_queries_however_many_orders_and_wishes(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = make_orders_world()
    dispatched_order(w)
    client.force_login(w.member)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("community_member")).status_code == 200
    for _ in range(5):
        dispatched_order(w)
    with CaptureQueriesContext(connection) as six:
        assert client.get(reverse("community_member")).status_code == 200
    assert len(six) == len(one), [q["sql"] for q in six.captured_queries]
