"""移风易俗 红白喜事报备: a household declares its banquet on the declaration form; a size over the village's
limits is warned about before it submits, a date already past is refused; the grid worker records the visit."""
import datetime as dt

import pytest
from django.test import Client

from cases import clock
from cases.constants import CaseState
from cases.models import Case
from programmes.banquets import services
from programmes.constants import BanquetKind, BanquetState
from programmes.models import BanquetDeclaration, BanquetLimit

from .banquet_world import answers, declare, fill_in, make_banquet_world, submissions

pytestmark = pytest.mark.django_db


def test_a_declaration_within_the_limits_is_a_record_case_and_a_declaration_of_the_village():
    w = make_banquet_world()
    review, submitted = declare(w.form, answers(w.grid1, tables=8, guests=80, party="是"))
    assert review.status_code == 200 and "超过" not in review.content.decode()
    assert submitted.status_code == 303
    declaration = BanquetDeclaration.objects.get()
    assert declaration.village == w.community and declaration.region == w.grid1
    assert declaration.kind == BanquetKind.WEDDING and declaration.tables == 8 and declaration.guests == 80
    assert declaration.party_member and declaration.pledged and not declaration.alcohol
    assert not declaration.over_limit and not declaration.late and declaration.state == BanquetState.DECLARED
    assert declaration.case.state == CaseState.ARCHIVED  # a record: what follows is the declaration's own state
    assert [e.kind for e in declaration.events.all()] == ["declared"]


def test_a_banquet_over_the_villages_limit_is_warned_about_on_the_review_page_and_still_declared():
    w = make_banquet_world()
    BanquetLimit.objects.create(region=w.community, max_tables=15, max_guests=150, notice_days=7)
    review, submitted = declare(w.form, answers(w.grid1, tables=25, guests=120))
    page = review.content.decode()
    assert "25" in page and "幸福社区" in page and "15" in page and "notice--warning" in page
    assert submitted.status_code == 303
    declaration = BanquetDeclaration.objects.get()
    assert declaration.over_limit and (declaration.max_tables, declaration.max_guests) == (15, 150)
    track = Client().get(f"/track/{declaration.case.tracking_token}/")
    assert "最多 15 桌" in track.content.decode() or "15" in track.content.decode()


def test_a_declaration_after_its_date_is_refused_with_a_clear_message_and_nothing_is_stored():
    w = make_banquet_world()
    before = submissions()
    response, _key = fill_in(Client(), w.form, answers(w.grid1, days_ahead=-1))
    assert response.status_code == 400
    assert "已过" in response.content.decode() or "has passed" in response.content.decode()
    assert submissions() == before and not Case.objects.exists() and not BanquetDeclaration.objects.exists()


def test_the_date_is_checked_again_when_submitting_a_review_left_open_past_midnight():
    w = make_banquet_world()
    client = Client()
    step, key = fill_in(client, w.form, answers(w.grid1, days_ahead=0))
    assert step.status_code == 303
    clock.travel(dt.timedelta(days=1))
    submitted = client.post(w.form.url, {"_key": key, "_action": "submit"})
    assert submitted.status_code == 400 and not BanquetDeclaration.objects.exists()


def test_the_nearest_limits_up_the_tree_rule_and_the_county_is_every_villages_default():
    from programmes.banquets.limits import default_limits, limits_for

    w = make_banquet_world()
    assert limits_for(w.grid1) == default_limits()
    services.set_limits(user=w.supervisor, region_id=w.county.pk, max_tables=20, max_guests=200, notice_days=7)
    services.set_limits(user=w.supervisor, region_id=w.community.pk, max_tables=12, max_guests=120, notice_days=10)
    assert (limits_for(w.grid1).max_tables, limits_for(w.grid1).region) == (12, w.community)
    assert (limits_for(w.village_grid).max_tables, limits_for(w.village_grid).region) == (20, w.county)
    services.clear_limits(user=w.supervisor, region_id=w.community.pk)
    assert limits_for(w.grid1).max_tables == 20


def test_only_a_supervisor_of_the_region_sets_its_limits():
    w = make_banquet_world()
    with pytest.raises(services.BanquetError) as refused:
        services.set_limits(user=w.worker, region_id=w.community.pk, max_tables=5, max_guests=5, notice_days=1)
    assert refused.value.code == "forbidden" and not BanquetLimit.objects.exists()


def test_a_celebration_declared_fewer_days_ahead_than_asked_is_late_but_a_funeral_never_is():
    w = make_banquet_world()
    declare(w.form, answers(w.grid1, days_ahead=2))
    declare(w.form, answers(w.grid1, days_ahead=1, kind="丧事"))
    wedding, funeral = BanquetDeclaration.objects.order_by("pk")
    assert wedding.late and funeral.kind == BanquetKind.FUNERAL and not funeral.late


def declared(w, **extra):
    declare(w.form, answers(w.grid1, **extra))
    return BanquetDeclaration.objects.order_by("-pk").first()


def test_the_grid_worker_records_the_follow_up_visit_after_the_date_once():
    w = make_banquet_world()
    declaration = declared(w, days_ahead=3, tables=10)
    with pytest.raises(services.BanquetError) as early:
        services.record_visit(declaration_id=declaration.pk, user=w.worker, as_declared=True)
    assert early.value.code == "too_early"
    clock.travel(dt.timedelta(days=4))
    services.record_visit(declaration_id=declaration.pk, user=w.worker, as_declared=False, actual_tables=14,
                          remarks="实际摆了14桌，已劝导")
    declaration.refresh_from_db()
    assert declaration.state == BanquetState.VISITED and declaration.actual_tables == 14
    assert declaration.visited_by == w.worker and not declaration.as_declared
    assert [e.kind for e in declaration.events.all()] == ["declared", "record_visit"]
    with pytest.raises(services.BanquetError) as again:
        services.record_visit(declaration_id=declaration.pk, user=w.worker, as_declared=True)
    assert again.value.code == "done"


def test_a_visit_that_differs_needs_the_tables_and_remarks_and_an_outsider_may_not_record_one():
    w = make_banquet_world()
    declaration = declared(w, days_ahead=0)
    with pytest.raises(services.BanquetError) as outsider:
        services.record_visit(declaration_id=declaration.pk, user=w.village_worker, as_declared=True)
    assert outsider.value.code == "forbidden"
    with pytest.raises(services.BanquetError) as missing:
        services.record_visit(declaration_id=declaration.pk, user=w.worker, as_declared=False, actual_tables=9)
    assert missing.value.code == "missing_input"
    declaration.refresh_from_db()
    assert declaration.state == BanquetState.DECLARED and declaration.events.count() == 1


def test_the_counts_per_village_and_the_supervisors_list_of_late_declarations_and_missing_visits():
    from programmes.banquets import selectors

    w = make_banquet_world()
    BanquetLimit.objects.create(region=w.county, max_tables=20, max_guests=200, notice_days=7)
    declared(w, days_ahead=0, tables=30, party="是")  # over, late, party member
    declared(w, days_ahead=20)
    declare(w.form, answers(w.village_grid, days_ahead=1, kind="丧事"))
    clock.travel(dt.timedelta(days=10))
    today = services.local_today()
    rows = {r.village: r for r in selectors.counts_per_village(w.supervisor, today)}
    assert (rows["幸福社区"].declared, rows["幸福社区"].over_limit, rows["幸福社区"].late,
            rows["幸福社区"].party_members, rows["幸福社区"].missing_visits) == (2, 1, 1, 1, 1)
    assert (rows["东升村"].declared, rows["东升村"].missing_visits) == (1, 1)
    over, late, missing, undeclared = selectors.attention(w.supervisor, today)
    assert over.count() == 1 and late.count() == 1 and missing.count() == 2
    assert list(selectors.counts_per_village(w.village_worker, today))[0].village == "东升村"


def test_a_banquet_still_to_come_is_not_recorded_as_undeclared_and_counts_apart_from_declarations():
    from programmes.banquets import selectors

    w = make_banquet_world()
    values = {"region_id": w.grid1.pk, "kind": BanquetKind.FUNERAL, "place": "自家", "tables": 30, "guests": 300,
              "remarks": "巡查发现"}
    with pytest.raises(services.BanquetError) as future:
        services.record_undeclared(user=w.worker, event_date=services.local_today() + dt.timedelta(days=1), **values)
    assert future.value.code == "invalid_input" and not BanquetDeclaration.objects.exists()
    with pytest.raises(services.BanquetError) as outsider:
        services.record_undeclared(user=w.village_worker, event_date=services.local_today(), **values)
    assert outsider.value.code == "forbidden"
    services.record_undeclared(user=w.worker, event_date=services.local_today(), **values)
    row = selectors.counts_per_village(w.supervisor, services.local_today())[0]
    assert (row.declared, row.undeclared, row.visited, row.over_limit) == (0, 1, 0, 1)
