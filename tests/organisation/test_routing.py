"""Which department a case is suggested for: the first matching rule, else the category's default."""
import pytest

from organisation.models import RoutingRule
from organisation.routing import suggest_department
from tests.factories import make_category, make_department

pytestmark = pytest.mark.django_db


def rule(order, department, **match):
    return RoutingRule.objects.create(sort_order=order, department=department, **match)


def test_without_rules_the_category_default_department_is_suggested(case_world):
    w = case_world
    assert suggest_department(w.new_case()) == w.team_a
    assert suggest_department(w.new_case(category=None)) is None
    assert suggest_department(w.new_case(category=make_category(code="misc"))) is None


def test_the_first_matching_rule_wins(case_world):
    w = case_world
    street_office = make_department(w.street, code="street-office")
    rule(20, w.team_b, category=w.category)
    rule(10, street_office, category=w.category)
    assert suggest_department(w.new_case()) == street_office
    rule(5, w.team_a, category=make_category(code="other"))  # earlier, but does not match
    assert suggest_department(w.new_case()) == street_office


def test_a_region_rule_matches_its_whole_subtree_and_nothing_outside(case_world):
    w = case_world
    rule(1, w.team_b, region=w.grid2)
    community_team = make_department(w.community, code="community-team")
    rule(2, community_team, region=w.community)
    assert suggest_department(w.new_case(region=w.grid2)) == w.team_b
    assert suggest_department(w.new_case(region=w.grid1)) == community_team
    assert suggest_department(w.new_case(region=w.community)) == community_team
    assert suggest_department(w.new_case(region=w.street)) == w.team_a  # above the subtree: category default
    assert suggest_department(w.new_case(region=None)) == w.team_a


def test_a_rule_may_ask_for_a_triage(case_world):
    w = case_world
    mediation = make_department(w.community, code="mediation")
    rule(1, mediation, triage="minor")
    assert suggest_department(w.new_case(triage="minor")) == mediation
    assert suggest_department(w.new_case(triage="major")) == w.team_a


def test_a_rule_with_category_and_region_needs_both(case_world):
    w = case_world
    rule(1, w.team_b, category=w.category, region=w.grid2)
    assert suggest_department(w.new_case(region=w.grid2)) == w.team_b
    assert suggest_department(w.new_case(region=w.grid1)) == w.team_a
    other = make_category(code="noise", default_department=w.team_a)
    assert suggest_department(w.new_case(region=w.grid2, category=other)) == w.team_a
