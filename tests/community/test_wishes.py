"""微心愿 and 党员报到: a resident's small wish, seen masked by the community's party members, claimed by
one of them, the contact revealed to the claimer only (and audited), recorded done for points."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from community.constants import WishState
from community.models import ServiceRecord, Wish
from community.orders import selectors
from community.orders.services import (
    OrdersError,
    claim_wish,
    complete_wish,
    make_wish,
    register_volunteer,
    reveal_wish_contact,
)
from organisation.models import AccessLogEntry
from tests.factories import UserFactory

from .world import make_orders_world

pytestmark = pytest.mark.django_db


def wish_in(world, **extra):
    values = {"who": "刘桂兰", "what": "想要一台收音机", "phone": "13612345678",
              "by_when": timezone.localdate() + dt.timedelta(days=7)}
    values.update(extra)
    return make_wish(community=world.community, **values)


def test_party_members_see_the_communitys_open_wishes_masked():
    w = make_orders_world()
    wish_in(w)
    [seen] = selectors.open_wishes(w.member)
    assert seen["what"] == "想要一台收音机" and seen["who"] == "刘**"
    assert "13612345678" not in str(seen)
    assert selectors.open_wishes(w.outsider) == []


def test_the_first_member_to_claim_gets_the_wish_the_second_is_told_and_nothing_changes():
    w = make_orders_world()
    wish = wish_in(w)
    claimed = claim_wish(wish=wish, by=w.member)
    assert claimed.state == WishState.CLAIMED and claimed.claimed_by.user == w.member
    with pytest.raises(OrdersError) as refused:
        claim_wish(wish=wish, by=w.member2)
    assert refused.value.code == "taken"
    stored = Wish.objects.get(pk=wish.pk)
    assert stored.claimed_by.user == w.member and stored.claimed_at == claimed.claimed_at


def test_a_member_not_registered_to_the_community_cannot_claim():
    w = make_orders_world()
    wish = wish_in(w)
    with pytest.raises(OrdersError) as refused:
        claim_wish(wish=wish, by=w.outsider)
    assert refused.value.code == "forbidden"
    assert Wish.objects.get(pk=wish.pk).state == WishState.OPEN


def test_only_the_claimer_sees_who_made_the_wish_and_each_reveal_is_audited():
    w = make_orders_world()
    wish = claim_wish(wish=wish_in(w), by=w.member)
    with pytest.raises(OrdersError):
        reveal_wish_contact(wish=wish, by=w.member2)
    assert reveal_wish_contact(wish=wish, by=w.member) == {"who": "刘桂兰", "phone": "13612345678"}
    entry = AccessLogEntry.objects.get(action="govforms.reveal")  # kept by region: the community's supervisors read it
    assert entry.user_id == w.member.pk and entry.region_path == w.community.path
    assert "13612345678" not in str(entry.data) and "刘桂兰" not in entry.label


def test_a_fulfilled_wish_is_recorded_with_the_points_of_its_kind(settings):
    settings.COMMUNITY_SERVICE_POINTS = {"wish": 7, "order": 10, "other": 2}
    w = make_orders_world()
    wish = claim_wish(wish=wish_in(w), by=w.member)
    with pytest.raises(OrdersError):
        complete_wish(wish=wish, by=w.member2, note="送去了")
    record = complete_wish(wish=wish, by=w.member, note="送去一台收音机")
    assert record.points == 7 and record.kind == "wish" and Wish.objects.get(pk=wish.pk).state == WishState.DONE
    with pytest.raises(OrdersError) as twice:
        complete_wish(wish=wish, by=w.member, note="again")
    assert twice.value.code == "done" and ServiceRecord.objects.count() == 1


def test_a_wish_by_a_day_that_has_passed_is_refused():
    w = make_orders_world()
    with pytest.raises(OrdersError):
        wish_in(w, by_when=timezone.localdate() - dt.timedelta(days=1))
    assert not Wish.objects.exists()


def test_only_party_members_register_and_only_to_a_community():
    w = make_orders_world()
    with pytest.raises(OrdersError) as not_member:
        register_volunteer(user=UserFactory(), community=w.community)
    assert not_member.value.code == "forbidden"
    with pytest.raises(OrdersError) as grid:
        register_volunteer(user=w.outsider, community=w.grid1)
    assert grid.value.code == "invalid"
    again = register_volunteer(user=w.member, community=w.community, offer="修自行车")
    assert again.offer == "修自行车" and w.member.volunteer_registrations.count() == 1


# -- the pages ---------------------------------------------------------------------------------------------


def test_a_resident_makes_a_wish_on_the_phone_page(client):
    w = make_orders_world()
    url = reverse("community_wish", args=[w.community.code])
    assert client.get(url).status_code == 200
    response = client.post(url, {"who": "刘桂兰", "what": "想要一台收音机", "phone": "13612345678"})
    assert response.status_code == 303 and Wish.objects.get().who == "刘桂兰"


@pytest.mark.parametrize("post", [
    {"who": "", "what": "收音机", "phone": "13612345678"},
    {"who": "刘", "what": "", "phone": "13612345678"},
    {"who": "刘", "what": "收音机", "phone": "call me"},
    {"who": "刘", "what": "收音机", "phone": "13612345678", "by_when": "2020-01-01"},
    {"who": "刘", "what": "收音机", "phone": "13612345678", "by_when": "not a date"},
])
def test_bad_input_on_the_wish_page_is_a_400_and_nothing_written(client, post):
    w = make_orders_world()
    response = client.post(reverse("community_wish", args=[w.community.code]), post)
    assert response.status_code == 400 and "error-summary" in response.content.decode()
    assert not Wish.objects.exists()


def test_a_member_claims_on_the_phone_page_and_a_second_claim_is_a_clear_message(client):
    w = make_orders_world()
    wish = wish_in(w)
    client.force_login(w.member)
    home = client.get(reverse("community_member")).content.decode()
    assert "想要一台收音机" in home and "刘**" in home and "13612345678" not in home and "刘桂兰" not in home
    response = client.post(reverse("community_claim_wish", args=[wish.pk]))
    assert response.status_code == 303
    detail = client.get(response["Location"]).content.decode()
    assert "刘桂兰" in detail and "13612345678" in detail
    client.force_login(w.member2)
    refused = client.post(reverse("community_claim_wish", args=[wish.pk]), follow=True).content.decode()
    assert "另一位党员" in refused or "Another party member" in refused
    assert client.get(reverse("community_member_wish", args=[wish.pk])).status_code == 404


def test_the_member_pages_ask_for_a_sign_in_and_refuse_users_who_are_not_party_members(client):
    w = make_orders_world()
    response = client.get(reverse("community_member"))
    assert response.status_code == 302 and reverse("community_signin") in response["Location"]
    client.force_login(w.dispatcher)
    assert client.get(reverse("community_member")).status_code == 403
    assert client.get(reverse("community_signin")).status_code in (200, 302)


def test_a_member_signs_in_on_the_phone_page(client):
    make_orders_world()
    response = client.post(reverse("community_signin"), {"username": "member1", "password": "pw-test-123"})
    assert response.status_code == 302 and response["Location"] == reverse("community_member")


def test_the_tick_forgets_who_made_a_wish_after_the_retention_period(settings):
    from cases.tick import tick

    settings.RETENTION_DAYS = 30
    w = make_orders_world()
    wish = complete_wish(wish=claim_wish(wish=wish_in(w), by=w.member), by=w.member, note="送去了").wish
    fresh = wish_in(w, who="新许愿人")
    Wish.objects.filter(pk=wish.pk).update(done_at=timezone.now() - dt.timedelta(days=31))
    result = tick()
    assert result["wishes_anonymised"] == 1
    old = Wish.objects.get(pk=wish.pk)
    assert old.who == "[removed]" and old.phone == "" and old.what == "想要一台收音机"
    assert Wish.objects.get(pk=fresh.pk).who == "新许愿人"
    assert selectors.ranking(w.community)[0]["points"] == 5
