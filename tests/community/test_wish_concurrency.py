"""Two party members claim one small wish at the same moment: one gets it, the other is told, nothing else changes.

Real threads on real connections: PostgreSQL serialises them on the wish's row lock (SELECT … FOR UPDATE);
SQLite on its write lock (the IMMEDIATE transactions the settings ask for).
"""
import datetime as dt

import pytest
from django.utils import timezone

from community.constants import WishState
from community.models import ServiceRecord, Wish
from community.orders.services import OrdersError, claim_wish, make_wish
from tests.factories import threads

from .world import make_orders_world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def at_once(*actions):
    return threads.at_once(*actions, refusal=OrdersError)


def test_two_members_claiming_one_wish_at_once_one_gets_it_the_other_a_clear_message():
    w = make_orders_world()
    wish = make_wish(community=w.community, who="刘桂兰", what="想要一台收音机", phone="13612345678",
                     by_when=timezone.localdate() + dt.timedelta(days=3))
    done, refused = at_once(lambda: claim_wish(wish=wish, by=w.member), lambda: claim_wish(wish=wish, by=w.member2))
    assert len(done) == 1 and len(refused) == 1, (done, refused)
    assert refused[0].code == "taken" and "moment ago" in str(refused[0].message) or "刚刚" in refused[0].message
    stored = Wish.objects.get(pk=wish.pk)
    assert stored.state == WishState.CLAIMED and stored.claimed_by_id == done[0].claimed_by_id
    assert Wish.objects.count() == 1 and not ServiceRecord.objects.exists()
