"""The demo ships 移风易俗 报备: the form, the limits, and declarations the supervisor's list and counts show."""
import pytest
from django.contrib.auth import get_user_model

from programmes.banquets import selectors, services
from programmes.constants import BanquetState
from programmes.models import BanquetDeclaration, BanquetLimit

pytestmark = pytest.mark.django_db


def test_the_demo_has_declarations_over_the_limit_late_visited_and_with_a_visit_missing(demo):
    from config.demo import seed

    seed()  # idempotent
    assert BanquetDeclaration.objects.count() == 8 and BanquetLimit.objects.count() == 2
    assert BanquetDeclaration.objects.filter(over_limit=True, party_member=True).exists()
    assert BanquetDeclaration.objects.filter(state=BanquetState.VISITED, undeclared=False).count() == 2
    supervisor = get_user_model().objects.get(username="supervisor")
    over, late, missing, undeclared = selectors.attention(supervisor, services.local_today())
    assert late.exists() and missing.exists() and undeclared.count() == 1
    rows = {r.village: r for r in selectors.counts_per_village(supervisor, services.local_today())}
    assert rows["幸福社区"].declared == 5 and rows["东升村"].missing_visits == 1
