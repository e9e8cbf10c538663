"""居民点单: a resident orders a service from the community's list, and the order runs the case machine.

分单 is the community's accept, 派单 the street's dispatch to the provider's unit, 领单 the unit's claim;
then it is resolved and the resident evaluates, on the same tracking page as every matter.
"""
import uuid

import pytest
from django.urls import reverse

from cases import workflow as wf
from cases.constants import CaseState as S
from cases.constants import Channel
from cases.models import Case
from community.models import ServiceOrder, ServiceRecord
from community.orders.services import OrdersError, claim_order, order_service, resolve_order
from forms_app.constants import FormKind

from .world import make_orders_world

pytestmark = pytest.mark.django_db


def place(world, service=None, **extra):
    values = {"contact_name": "王秀英", "phone": "13912345678", "need": "周三上午在家", "grid": world.grid1,
              "key": uuid.uuid4().hex}
    values.update(extra)
    return order_service(service=service or world.haircut, **values)


def test_an_order_opens_an_online_case_on_the_order_form_in_the_residents_grid():
    w = make_orders_world()
    case = place(w)
    assert case.state == S.SUBMITTED and case.channel == Channel.ONLINE
    assert case.form.kind == FormKind.ORDER and case.reference.startswith("DD")
    assert case.region == w.grid1
    order = ServiceOrder.objects.get(case=case)
    assert order.service == w.haircut and order.community == w.community
    assert case.submission.form_data["service"] == "上门理发"


def test_the_order_is_passed_on_assigned_taken_up_resolved_and_evaluated():
    w = make_orders_world()
    case = place(w)
    order = case.service_order
    case = wf.case_accept(case=case, by=w.dispatcher)  # 分单: the community
    case = wf.case_dispatch(case=case, to=w.haircut.provider_department, by=w.street_dispatcher)  # 派单: the street
    assert case.state == S.DISPATCHED and case.department == w.volunteer_team and case.light() == "green"
    case = claim_order(order=order, by=w.member)  # 领单: a party member of the team
    assert case.state == S.CLAIMED and case.handler == w.member
    case = resolve_order(order=ServiceOrder.objects.get(pk=order.pk), by=w.member, result="已上门理发")
    assert case.state == S.RESOLVED
    record = ServiceRecord.objects.get(order=order)
    assert record.points == 10 and record.volunteer.user == w.member and record.kind == "order"
    case = wf.case_evaluate(token=case.tracking_token, rating=5)
    assert case.state == S.EVALUATED
    transitions = list(case.events.values_list("transition", flat=True))
    assert transitions == ["submit", "accept", "dispatch", "claim", "resolve", "evaluate"]


def test_the_tracking_page_speaks_of_the_order_in_its_own_words(client):
    w = make_orders_world()
    case = wf.case_accept(case=place(w), by=w.dispatcher)
    page = client.get(reverse("track", args=[case.tracking_token])).content.decode()
    assert "分单" in page
    case = wf.case_dispatch(case=case, to=w.volunteer_team, by=w.street_dispatcher)
    assert "派单" in client.get(reverse("track", args=[case.tracking_token])).content.decode()


def test_a_party_member_outside_the_unit_cannot_take_up_the_order():
    w = make_orders_world()
    case = wf.case_dispatch(case=wf.case_accept(case=place(w, w.pipes), by=w.dispatcher), to=w.team_a,
                            by=w.street_dispatcher)
    with pytest.raises(OrdersError) as refused:
        claim_order(order=case.service_order, by=w.member)
    assert refused.value.code == "forbidden"
    assert Case.objects.get(pk=case.pk).state == S.DISPATCHED


def test_the_same_order_posted_twice_opens_one_case():
    w = make_orders_world()
    key = uuid.uuid4().hex
    first, second = place(w, key=key), place(w, key=key)
    assert first.pk == second.pk and ServiceOrder.objects.count() == 1


def test_a_grid_of_another_community_is_refused_and_nothing_is_written():
    w = make_orders_world()
    other = w.street.add_child(code="M2", name="丹凤社区", level="community")
    grid = other.add_child(code="M2G1", name="丹凤第一网格", level="grid")
    with pytest.raises(OrdersError):
        place(w, grid=grid)
    assert not Case.objects.exists() and not ServiceOrder.objects.exists()


def test_an_inactive_service_cannot_be_ordered():
    w = make_orders_world()
    w.haircut.active = False
    w.haircut.save()
    with pytest.raises(OrdersError) as refused:
        place(w)
    assert refused.value.code == "closed"


# -- the resident's pages ------------------------------------------------------------------------------


def test_the_services_list_shows_what_the_community_offers(client):
    w = make_orders_world()
    page = client.get(reverse("community_services", args=[w.community.code]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "上门理发" in text and "水管维修" in text
    assert reverse("community_order", args=[w.community.code, w.haircut.pk]) in text


def test_ordering_from_the_phone_page_leads_to_the_receipt(client):
    w = make_orders_world()
    url = reverse("community_order", args=[w.community.code, w.haircut.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"contact_name": "王秀英", "phone": "139 1234 5678", "grid": w.grid1.pk,
                                 "need": "周三上午", "key": uuid.uuid4().hex})
    assert response.status_code == 303
    case = Case.objects.get()
    assert response["Location"] == reverse("form_done", args=[case.tracking_token])
    assert case.submission.form_data["phone"] == "13912345678"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("post", [
    {"contact_name": "", "phone": "13912345678"},
    {"contact_name": "王秀英", "phone": "12345"},
    {"contact_name": "王秀英", "phone": "13912345678", "grid": "999999"},
    {"contact_name": "王秀英", "phone": "13912345678", "grid": "abc"},
    {"contact_name": "王秀英", "phone": "13912345678", "key": "../../etc"},
    {"contact_name": "王" * 51, "phone": "13912345678"},
])
def test_bad_input_on_the_order_page_is_a_400_with_a_message_and_nothing_written(client, post):
    w = make_orders_world()
    data = {"key": uuid.uuid4().hex, **post}
    response = client.post(reverse("community_order", args=[w.community.code, w.haircut.pk]), data)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Case.objects.exists()


def test_unknown_communities_and_services_are_404(client):
    w = make_orders_world()
    assert client.get(reverse("community_services", args=["nowhere"])).status_code == 404
    assert client.get(reverse("community_services", args=[w.grid1.code])).status_code == 404
    assert client.get(reverse("community_order", args=[w.community.code, 999999])).status_code == 404


def test_the_workbench_shows_the_service_ordered_and_the_unit_to_dispatch_to(client):
    w = make_orders_world()
    case = place(w)
    client.force_login(w.street_dispatcher)
    page = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    assert 'id="service-order"' in page and "上门理发" in page and "幸福社区党员志愿服务队" in page
    other = w.new_case()
    assert 'id="service-order"' not in client.get(reverse("cases_workbench_case", args=[other.pk])).content.decode()


def test_the_order_form_sums_up_an_order_by_what_is_needed():
    from cases.models import FormCaseSettings

    w = make_orders_world()
    assert FormCaseSettings.objects.get(page=w.order_form).summary_question == "need"


def test_every_site_has_the_party_members_group_with_its_one_permission():
    """A fresh database (migrated, no demo) has 党员: an administrator only adds people to it."""
    from django.contrib.auth.models import Group

    from community.orders.services import PARTY_MEMBER_GROUP

    group = Group.objects.get(name=PARTY_MEMBER_GROUP)
    assert [p.codename for p in group.permissions.all()] == ["serve_community"]
