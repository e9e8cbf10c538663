"""The same person objects to one household twice at the same moment (two tabs, a double send): one objection is
made, the other is refused with the clear message, and no second case is opened.

Real threads on real connections: the entry's row lock (SELECT … FOR UPDATE) serialises them on PostgreSQL, the
write lock on SQLite; the unique constraint (one objection per person and household) backs them both.
"""
from types import SimpleNamespace

import pytest

from cases.models import Case
from organisation.constants import StaffRole
from programmes.models import StarObjection
from programmes.stars import services
from programmes.stars.services import StarsError
from tests.factories import threads
from tests.factories.cases import make_member, make_regions
from tests.factories.stars import declare, make_star_round

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_objections_from_one_person_at_once_make_one_objection_and_one_clear_refusal():
    regions = make_regions()
    world = SimpleNamespace(community=regions["幸福社区"])
    dispatcher = make_member(StaffRole.DISPATCHER, region=regions["幸福社区"])
    round_ = make_star_round(world)
    entry = services.review(round_=round_, case=declare(round_), by=dispatcher,
                            scores={c.pk: c.max_score for c in round_.criteria.all()})
    services.publish_notice(round_=round_, by=dispatcher)
    cases = Case.objects.count()

    def objecting(key):
        return lambda: services.object_to(entry=entry, phone="13700000001", reason="楼道堆放杂物", key=key)

    done, refused = threads.at_once(objecting("1" * 32), objecting("2" * 32), refusal=StarsError)
    assert len(done) == 1 and len(refused) == 1, (done, refused)
    assert refused[0].code == "duplicate"
    assert StarObjection.objects.count() == 1 and Case.objects.count() == cases + 1
