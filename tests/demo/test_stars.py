"""The demo's 星级文明户: 幸福社区's round on notice with an objection, 丹凤社区's honour list, 东升村's round under
review; seeded once."""
from django.core.management import call_command
from django.urls import reverse

from programmes.constants import RoundState
from programmes.models import StarObjection, StarRound


def test_the_demo_has_a_round_on_notice_with_an_objection_an_honour_list_and_a_round_under_review(client, demo):
    on_notice, conferred, reviewing = (StarRound.objects.get(title__contains=name) for name in ("幸福", "丹凤", "东升"))
    assert on_notice.state == RoundState.ON_NOTICE and StarObjection.objects.filter(entry__round=on_notice).count() == 1
    assert conferred.state == RoundState.CONFERRED and conferred.batch.total == 3
    assert reviewing.state == RoundState.REVIEWING
    assert "刘*芝户" in client.get(reverse("stars_round", args=[conferred.pk])).content.decode()
    assert "张*赟户" in client.get(reverse("stars_round", args=[on_notice.pk])).content.decode()
    call_command("seed_demo")
    assert StarRound.objects.count() == 3 and StarObjection.objects.count() == 1
