"""红黑榜: an entry from staff or a nomination, reviewed, approved by a supervisor, published for its period and
withdrawn at its end; the black list stricter, masked on the public page, and open to appeal."""
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from cases import clock
from cases.constants import CaseState
from cases.models import Case
from cases.tick import tick
from organisation.access_log import AccessLogEntry
from organisation.constants import StaffRole
from programmes.constants import HonourList
from programmes.honours import services
from programmes.honours.appeals import appeal_entry
from programmes.models import HonourAppeal, HonourEntry, HonourEvent
from programmes.models.honours_machine import HonourState as S
from tests.factories import make_member, make_submission

from .honours_world import make_honours_world, new_entry, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_honours_world()


def history(entry):
    return list(HonourEvent.objects.filter(entry=entry).values_list("kind", flat=True))


def audit_actions(entry):
    return sorted(AccessLogEntry.objects.filter(object_id=str(entry.pk)).values_list("action", flat=True))


def test_a_red_entry_goes_from_staff_through_review_and_approval_to_the_public_page(world, client):
    entry = published(world)
    assert entry.state == S.PUBLISHED and entry.reviewed_by == world.dispatcher
    assert history(entry) == ["created", "review", "approve", "publish"]
    assert audit_actions(entry) == ["programmes.honour_publish"]
    page = client.get(reverse("honours_board", args=[world.community.code])).content.decode()
    assert "王建国" in page and "连续三年义务打扫楼道" in page


def test_a_black_entry_is_not_published_without_a_supervisors_approval(world):
    entry = new_entry(world, list=HonourList.BLACK)
    entry = services.entry_review(entry=entry, by=world.dispatcher, note="已核实监控录像")
    with pytest.raises(services.HonourError, match="未经领导审批不能发布") as refused:
        services.entry_publish(entry=entry, by=world.dispatcher)
    assert refused.value.code == "not_allowed"
    fresh = HonourEntry.objects.get(pk=entry.pk)
    assert fresh.state == S.REVIEWED and fresh.published_at is None
    assert history(entry) == ["created", "review"] and audit_actions(entry) == []


def test_publishing_a_black_entry_unapproved_from_the_admin_is_a_409_that_changes_nothing(world, client):
    entry = services.entry_review(entry=new_entry(world, list=HonourList.BLACK), by=world.dispatcher, note="已核实")
    client.force_login(world.dispatcher)
    response = client.post(reverse("honours_action", args=[entry.pk, "publish"]), {"note": ""})
    assert response.status_code == 409
    assert "未经领导审批不能发布" in response.content.decode()
    assert HonourEntry.objects.get(pk=entry.pk).state == S.REVIEWED and history(entry) == ["created", "review"]


def test_the_black_lists_review_says_what_was_checked_and_another_person_approves(world):
    entry = new_entry(world, list=HonourList.BLACK)
    with pytest.raises(services.HonourError, match="须填写审核意见"):
        services.entry_review(entry=entry, by=world.supervisor, note=" ")
    entry = services.entry_review(entry=entry, by=world.supervisor, note="已核实，本人已知悉")
    with pytest.raises(services.HonourError, match="另一位督办领导"):
        services.entry_approve(entry=entry, by=world.supervisor)
    assert HonourEntry.objects.get(pk=entry.pk).state == S.REVIEWED
    assert services.entry_approve(entry=entry, by=world.county_supervisor).state == S.APPROVED


def test_a_dispatcher_may_not_approve_and_an_outsider_may_not_review(world):
    entry = new_entry(world)
    outsider = make_member(StaffRole.DISPATCHER, region=world.grid2, username="grid2_dispatcher")
    with pytest.raises(services.HonourError) as refused:
        services.entry_review(entry=entry, by=outsider)
    assert refused.value.code == "forbidden"
    entry = services.entry_review(entry=entry, by=world.dispatcher)
    with pytest.raises(services.HonourError) as refused:
        services.entry_approve(entry=entry, by=world.dispatcher)
    assert refused.value.code == "forbidden"


def test_the_black_list_shows_the_name_masked_and_never_a_photo(world, client):
    published(world, list=HonourList.BLACK, name="李堃喆")
    published(world, name="王建国")
    page = client.get(reverse("honours_board", args=[world.community.code])).content.decode()
    assert "李堃喆" not in page and "李**" in page and "王建国" in page
    assert "<img" not in page


def test_a_black_entry_cannot_be_entered_with_a_photo_or_a_red_category(world):
    with pytest.raises(services.HonourError, match="该类别不属于黑榜"):
        new_entry(world, list=HonourList.BLACK, category="good_deeds")
    assert not HonourEntry.objects.exists()


def test_entries_are_withdrawn_by_the_tick_at_the_end_of_their_period_once(world, client):
    entry = published(world, list=HonourList.BLACK, days=3)
    assert tick()["honours_withdrawn"] == 0
    clock.travel(timedelta(days=4, hours=1))
    assert tick()["honours_withdrawn"] == 1
    assert tick()["honours_withdrawn"] == 0
    fresh = HonourEntry.objects.get(pk=entry.pk)
    assert fresh.state == S.WITHDRAWN and fresh.withdrawn_at is not None
    assert history(entry)[-1] == "expire"
    assert audit_actions(entry) == ["programmes.honour_publish", "programmes.honour_withdraw"]
    assert "多次向楼下乱扔垃圾" not in client.get(reverse("honours_board", args=[world.community.code])).content.decode()


def test_a_supervisor_withdraws_early_with_a_reason(world):
    entry = published(world)
    with pytest.raises(services.HonourError, match="撤下条目的理由"):
        services.entry_withdraw(entry=entry, by=world.supervisor, reason="")
    entry = services.entry_withdraw(entry=entry, by=world.supervisor, reason="申诉成立")
    assert entry.state == S.WITHDRAWN and audit_actions(entry)[-1] == "programmes.honour_withdraw"


def test_a_residents_nomination_becomes_a_red_entry_waiting_for_review(world):
    submission = make_submission(world.nomination_form, {
        "nominee": "赵秀兰", "category": "孝老爱亲", "grid": world.grid1.pk, "deed": "照顾瘫痪婆婆十年",
        "nominator": "钱多多", "phone": "13800001111"}, region=world.grid1)
    entry = HonourEntry.objects.get(case__submission=submission)
    assert (entry.list, entry.category, entry.region, entry.state) == ("red", "filial", world.community, S.NOMINATED)
    assert entry.source == "nomination" and history(entry) == ["nominated"]


def nominate(world, nominee="赵秀兰"):
    submission = make_submission(world.nomination_form, {
        "nominee": nominee, "category": "孝老爱亲", "grid": world.grid1.pk, "deed": "照顾瘫痪婆婆十年",
        "nominator": "钱多多", "phone": "13800001111"}, region=world.grid1)
    return HonourEntry.objects.get(case__submission=submission)


def test_the_nominator_learns_from_their_case_that_the_entry_was_published_or_why_not(world, client):
    taken = nominate(world)
    client.force_login(world.dispatcher)
    page = client.get(reverse("honours_entry", args=[taken.pk])).content.decode()
    assert "推荐人将在办件查询页面看到此理由" in page  # the reason for not taking it up goes to the nominator
    client.logout()
    taken = services.entry_review(entry=taken, by=world.dispatcher)
    taken = services.entry_approve(entry=taken, by=world.supervisor)
    taken = services.entry_publish(entry=taken, by=world.supervisor)  # a supervisor: no dispatcher of the case
    case = Case.objects.get(pk=taken.case_id)
    assert case.state == CaseState.RESOLVED
    assert case.events.get(transition="close_with_advice").actor == world.supervisor
    tracking = client.get(reverse("track", args=[case.tracking_token])).content.decode()
    assert "赵秀兰" in tracking and "红榜" in tracking and str(taken.ends_on) in tracking
    declined = services.entry_reject(entry=nominate(world, "孙立"), by=world.dispatcher, reason="经核实与事实不符")
    case = Case.objects.get(pk=declined.case_id)
    assert case.state == CaseState.REJECTED and "经核实与事实不符" in case.events.get(transition="reject").note


def test_a_nomination_staff_took_further_on_the_workbench_is_left_to_its_own_course(world):
    from cases import workflow

    entry = nominate(world)
    workflow.case_dispatch(case=workflow.case_accept(case=entry.case, by=world.dispatcher), to=world.team_a,
                           by=world.dispatcher)
    services.entry_reject(entry=entry, by=world.dispatcher, reason="重复推荐")
    assert Case.objects.get(pk=entry.case_id).state == CaseState.DISPATCHED


def test_an_ordinary_form_makes_no_entry(world):
    world.new_case()
    assert not HonourEntry.objects.exists()


def test_a_black_entry_is_appealed_by_a_case_for_its_community(world):
    entry = published(world, list=HonourList.BLACK)
    case = appeal_entry(entry=entry, name="李堃喆", phone="13800002222", reason="当天我不在家", key=uuid.uuid4().hex)
    assert case.region == world.community and HonourAppeal.objects.get(case=case).entry == entry
    assert history(entry)[-1] == "appealed"


def test_a_red_entry_cannot_be_appealed(world):
    entry = published(world)
    with pytest.raises(services.HonourError, match="只有正在公示的黑榜条目"):
        appeal_entry(entry=entry, name="某某", phone="13800002222", reason="不同意", key=uuid.uuid4().hex)
    assert not HonourAppeal.objects.exists()


def test_staff_enter_an_entry_in_the_admin_and_an_outsider_does_not_see_it(world, client):
    client.force_login(world.dispatcher)
    assert client.get(reverse("honours_create")).status_code == 200
    response = client.post(reverse("honours_create"), {
        "list": "red", "category": "filial", "region": world.community.pk, "name": "赵秀兰", "deed": "照顾婆婆十年",
        "starts_on": "2026-12-01", "ends_on": "2027-02-28"})
    entry = HonourEntry.objects.get(name="赵秀兰")
    assert response.status_code == 302 and entry.entered_by == world.dispatcher
    assert "赵秀兰" in client.get(reverse("honours_index")).content.decode()
    assert client.get(reverse("honours_entry", args=[entry.pk])).status_code == 200
    client.force_login(make_member(StaffRole.DISPATCHER, region=world.grid2, username="grid2_dispatcher"))
    assert client.get(reverse("honours_entry", args=[entry.pk])).status_code == 404


def test_a_period_that_ends_before_it_starts_is_a_400_that_writes_nothing(world, client):
    client.force_login(world.dispatcher)
    response = client.post(reverse("honours_create"), {
        "list": "black", "category": "littering", "region": world.community.pk, "name": "李某", "deed": "乱扔垃圾",
        "starts_on": "2027-02-01", "ends_on": "2027-01-01"})
    assert response.status_code == 400 and "公示截止日期早于开始日期" in response.content.decode()
    assert not HonourEntry.objects.exists()


def test_the_appeal_page_opens_a_case_and_sends_the_resident_to_its_receipt(world, client):
    entry = published(world, list=HonourList.BLACK)
    url = reverse("honours_appeal", args=[entry.public_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"key": uuid.uuid4().hex, "name": "", "phone": "123", "reason": ""}).status_code == 400
    response = client.post(url, {"key": uuid.uuid4().hex, "name": "李堃喆", "phone": "13800002222",
                                 "reason": "当天我不在家"})
    appeal = HonourAppeal.objects.get(entry=entry)
    assert response.status_code == 303 and response["Location"].endswith(f"/{appeal.case.tracking_token}/")


def test_staff_correct_a_nomination_and_its_period_before_approval_but_not_after(world, client):
    entry = new_entry(world)
    client.force_login(world.dispatcher)
    response = client.post(reverse("honours_edit", args=[entry.pk]), {
        "category": "filial", "name": "王建国家庭", "deed": "三代同堂，孝老爱亲", "starts_on": "2027-01-01",
        "ends_on": "2027-03-31"})
    assert response.status_code == 302
    entry = HonourEntry.objects.get(pk=entry.pk)
    assert (entry.name, entry.category, str(entry.ends_on)) == ("王建国家庭", "filial", "2027-03-31")
    assert history(entry)[-1] == "edited"
    entry = services.entry_approve(entry=services.entry_review(entry=entry, by=world.dispatcher), by=world.supervisor)
    response = client.post(reverse("honours_edit", args=[entry.pk]), {
        "category": "filial", "name": "别人", "deed": "三代同堂，孝老爱亲", "starts_on": "2027-01-01",
        "ends_on": "2027-03-31"})
    assert response.status_code == 409 and HonourEntry.objects.get(pk=entry.pk).name == "王建国家庭"


def test_the_refusal_is_said_in_english_too(world):
    from django.utils import translation

    entry = services.entry_review(entry=new_entry(world, list=HonourList.BLACK), by=world.dispatcher, note="已核实")
    with translation.override("en"), pytest.raises(services.HonourError, match="without a supervisor's approval"):
        services.entry_publish(entry=entry, by=world.dispatcher)


def test_the_nominations_case_page_links_to_its_entry(world, client):
    submission = make_submission(world.nomination_form, {
        "nominee": "赵秀兰", "category": "孝老爱亲", "grid": world.grid1.pk, "deed": "照顾瘫痪婆婆十年",
        "nominator": "钱多多", "phone": "13800001111"}, region=world.grid1)
    entry = HonourEntry.objects.get(case__submission=submission)
    client.force_login(world.dispatcher)
    page = client.get(reverse("cases_workbench_case", args=[entry.case_id])).content.decode()
    assert 'id="honour-entry"' in page and reverse("honours_entry", args=[entry.pk]) in page
