"""星级文明户 in the admin: the community reviews, publishes, decides an objection and confers from the round's
page; a refused step is said there with a 4xx; staff outside the round's reach do not find it. And the demo."""
from datetime import timedelta

import pytest
from django.urls import reverse

from cases import clock
from cases.constants import CaseState
from programmes.constants import EntryState, ObjectionState, RoundState
from programmes.models import StarEntry, StarObjection, StarRound
from programmes.stars import services
from tests.factories.stars import declare, make_star_round

pytestmark = pytest.mark.django_db


def review_data(round_, case, *values, note=""):
    data = {f"r{case.pk}-c{c.pk}": v for c, v in zip(round_.criteria.all(), values)}
    data[f"r{case.pk}-note"] = note
    return data


def test_the_community_takes_a_round_from_review_to_conferral_on_its_page(client, case_world):
    round_ = make_star_round(case_world)
    case = declare(round_)
    client.force_login(case_world.dispatcher)
    page = client.get(reverse("programmes_star_round", args=[round_.pk]))
    assert page.status_code == 200 and "王秀芳" in page.content.decode()  # staff review the full declaration
    response = client.post(reverse("programmes_star_review", args=[round_.pk, case.pk]),
                           review_data(round_, case, 38, 28, 27))
    assert response.status_code == 302 and StarEntry.objects.get().stars == 5
    client.post(reverse("programmes_star_publish", args=[round_.pk]))
    entry = StarEntry.objects.get()
    assert entry.state == EntryState.ON_NOTICE
    objection = services.object_to(entry=entry, phone="13700000001", reason="不实", key="f" * 32)
    refused = client.post(reverse("programmes_star_confer", args=[round_.pk]))
    assert refused.status_code == 409 and 'id="refusal"' in refused.content.decode()
    client.post(reverse("programmes_star_decide", args=[round_.pk, objection.pk]),
                {"decision": "经核实不属实", "uphold": "0"})
    assert StarObjection.objects.get().state == ObjectionState.DISMISSED
    clock.travel(timedelta(days=7, minutes=1))
    assert client.post(reverse("programmes_star_confer", args=[round_.pk])).status_code == 302
    assert StarRound.objects.get().state == RoundState.CONFERRED


def test_a_review_with_a_missing_score_is_a_400_and_writes_nothing(client, case_world):
    round_ = make_star_round(case_world)
    case = declare(round_)
    client.force_login(case_world.dispatcher)
    data = review_data(round_, case, 38, 28, 27)
    data.pop(next(iter(data)))
    response = client.post(reverse("programmes_star_review", args=[round_.pk, case.pk]), data)
    assert response.status_code == 400 and not StarEntry.objects.exists()
    assert case.__class__.objects.get(pk=case.pk).state == CaseState.SUBMITTED


def test_a_decision_needs_its_words(client, case_world):
    round_ = make_star_round(case_world)
    entry = services.review(round_=round_, case=declare(round_), by=case_world.dispatcher,
                            scores={c.pk: c.max_score for c in round_.criteria.all()})
    services.publish_notice(round_=round_, by=case_world.dispatcher)
    objection = services.object_to(entry=entry, phone="13700000001", reason="不实", key="f" * 32)
    client.force_login(case_world.dispatcher)
    response = client.post(reverse("programmes_star_decide", args=[round_.pk, objection.pk]), {"uphold": "1"})
    assert response.status_code == 400
    assert StarObjection.objects.get().state == ObjectionState.OPEN
    assert StarEntry.objects.get().state == EntryState.ON_NOTICE


def test_staff_of_another_region_do_not_find_the_round(client, case_world):
    from organisation.constants import StaffRole
    from organisation.models import Region
    from tests.factories.cases import make_member

    round_ = make_star_round(case_world)
    elsewhere = Region.objects.get(pk=case_world.street.pk).add_child(code="M2", name="丹凤社区", level="community")
    client.force_login(make_member(StaffRole.DISPATCHER, region=elsewhere))
    assert client.get(reverse("programmes_star_round", args=[round_.pk])).status_code == 404


def round_settings(world, form, **extra):
    data = {"title": "2027年度幸福社区星级文明户评选", "region": world.community.pk, "declaration_form": form.pk,
            "five_stars_at": 90, "four_stars_at": 80, "three_stars_at": 70, "notice_days": 5,
            "name_style": "surname", "certificate": "",
            "criteria-TOTAL_FORMS": 1, "criteria-INITIAL_FORMS": 0, "criteria-MIN_NUM_FORMS": 1,
            "criteria-MAX_NUM_FORMS": 1000, "criteria-0-label": "孝老爱亲", "criteria-0-max_score": 100,
            "criteria-0-ORDER": 1, "criteria-0-id": "", "criteria-0-DELETE": ""}
    return {**data, **extra}


def test_a_round_is_configured_in_the_admin_with_its_criteria(client, case_world, admin_user):
    form = make_star_round(case_world).declaration_form
    client.force_login(admin_user)
    url = reverse("wagtailsnippets_programmes_starround:add")
    response = client.post(url, round_settings(case_world, form))
    assert response.status_code == 302, response.content.decode()[:2000]
    made = StarRound.objects.get(title="2027年度幸福社区星级文明户评选")
    assert made.state == RoundState.REVIEWING and made.notice_days == 5
    assert [(c.label, c.max_score) for c in made.criteria.all()] == [("孝老爱亲", 100)]


def test_star_levels_that_overlap_are_refused(client, case_world, admin_user):
    form = make_star_round(case_world).declaration_form
    client.force_login(admin_user)
    response = client.post(reverse("wagtailsnippets_programmes_starround:add"),
                           round_settings(case_world, form, four_stars_at=95))
    assert response.status_code == 200 and StarRound.objects.count() == 1
