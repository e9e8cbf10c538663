"""星级文明户 (issue 13 §2): households declare, the community scores each declaration and the score gives the
stars, the approved list goes on public notice, anyone may object once per household, an upheld objection takes the
household off the list, and after the notice the stars are conferred with the certificates as one batch."""
from datetime import timedelta

import pytest
from django.urls import reverse

from cases import clock
from cases.constants import CaseState
from cases.models import Case
from cases.tick import tick
from documents.constants import DocumentStatus
from documents.models import Document
from documents.services import generate
from programmes.constants import EntryState, ObjectionState, RoundState, StarEventKind
from programmes.models import StarEntry, StarObjection, StarRound
from programmes.stars import selectors, services
from programmes.stars.certificates import star_words
from programmes.stars.names import published_name
from programmes.stars.services import StarsError
from tests.factories.documents import pdf_text
from tests.factories.stars import declare, make_star_round, scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def star_round(case_world):
    return make_star_round(case_world)


def approved_on_notice(world, round_, *households):
    """Review each (name, score list) and put the round on notice; returns the entries by name."""
    entries = {}
    for name, values in households:
        case = declare(round_, name, phone=f"139{len(entries):08d}")
        entries[name] = services.review(round_=round_, case=case, scores=scores(round_, *values), by=world.dispatcher)
    services.publish_notice(round_=round_, by=world.dispatcher)
    for entry in entries.values():
        entry.refresh_from_db()
    return entries


def object_page(round_, entry):
    return reverse("stars_objection", args=[round_.pk, entry.pk])


def test_a_declaration_opens_a_case_that_waits_for_the_review_and_asks_no_star_level(star_round):
    case = declare(star_round)
    assert case.state == CaseState.SUBMITTED
    labels = [f.label for f in star_round.declaration_form.form_fields.all()]
    assert "申报星级" not in labels and "户主姓名" in labels


def test_the_review_score_gives_the_stars_and_a_low_score_is_not_approved(case_world, star_round):
    high, middle, low = (declare(star_round, name) for name in ("王秀芳", "李堃喆", "周建军"))
    five = services.review(round_=star_round, case=high, scores=scores(star_round, 38, 28, 27),
                           by=case_world.dispatcher)
    four = services.review(round_=star_round, case=middle, scores=scores(star_round, 35, 25, 22),
                           by=case_world.dispatcher)
    none = services.review(round_=star_round, case=low, scores=scores(star_round, 20, 20, 20), by=case_world.dispatcher)
    assert (five.score, five.stars, five.state) == (93, 5, EntryState.APPROVED)
    assert (four.score, four.stars) == (82, 4)
    assert (none.stars, none.state) == (0, EntryState.REJECTED)
    assert Case.objects.get(pk=high.pk).state == CaseState.ACCEPTED
    rejected = Case.objects.get(pk=low.pk)
    assert rejected.state == CaseState.REJECTED and "60" in rejected.events.last().note
    assert five.published_name == "王*芳户"


def test_a_score_outside_a_criterions_range_is_refused_and_nothing_is_written(case_world, star_round):
    case = declare(star_round)
    with pytest.raises(StarsError, match="孝老爱亲"):
        services.review(round_=star_round, case=case, scores=scores(star_round, 41, 20, 20), by=case_world.dispatcher)
    assert not StarEntry.objects.exists() and Case.objects.get(pk=case.pk).state == CaseState.SUBMITTED


def test_staff_outside_the_rounds_region_may_not_review(case_world, star_round):
    from organisation.constants import StaffRole
    from tests.factories.cases import make_member

    other = make_member(StaffRole.DISPATCHER, region=case_world.grid2)  # a grid's dispatcher, not the community's
    with pytest.raises(StarsError) as refused:
        services.review(round_=star_round, case=declare(star_round), scores=scores(star_round, 30, 30, 30), by=other)
    assert refused.value.code == "forbidden" and not StarEntry.objects.exists()


@pytest.mark.parametrize("style, shown", [("mask_middle", "王*芳户"), ("surname", "王**户"), ("full", "王秀芳户")])
def test_names_are_published_as_the_round_chooses(style, shown):
    assert published_name("王秀芳", style) == shown


def test_the_public_notice_lists_the_approved_households_by_their_published_names_only(client, case_world,
                                                                                       star_round):
    approved_on_notice(case_world, star_round, ("王秀芳", (38, 28, 27)), ("周建军", (10, 10, 10)))
    star_round.refresh_from_db()
    assert star_round.state == RoundState.ON_NOTICE
    assert star_round.notice_ends_at - star_round.notice_starts_at == timedelta(days=7)
    page = client.get(reverse("stars_round", args=[star_round.pk])).content.decode()
    assert "王*芳户" in page and "王秀芳" not in page and "周" not in page
    assert "幸福社区3号楼" not in page  # no address, no answers


def test_a_declaration_still_waiting_holds_the_notice_back_until_staff_leave_it_for_the_next_round(case_world,
                                                                                                     star_round):
    reviewed = services.review(round_=star_round, case=declare(star_round, "王秀芳"),
                               scores=scores(star_round, 38, 28, 27), by=case_world.dispatcher)
    waiting = declare(star_round, "李堃喆", phone="13900000009")
    with pytest.raises(StarsError) as refused:
        services.publish_notice(round_=star_round, by=case_world.dispatcher)
    assert refused.value.code == "waiting"
    star_round.refresh_from_db()
    reviewed.refresh_from_db()
    assert star_round.state == RoundState.REVIEWING and reviewed.state == EntryState.APPROVED
    services.publish_notice(round_=star_round, by=case_world.dispatcher, leave_waiting=True)
    assert star_round.events.get(kind=StarEventKind.NOTICE).note.endswith("1")  # "… left for the next round: 1"
    following = StarRound.objects.create(title="2027年度幸福社区星级文明户评选", region=star_round.region,
                                         declaration_form=star_round.declaration_form,
                                         certificate=star_round.certificate)
    assert list(selectors.pending_declarations(following)) == [waiting]  # the next round reviews it


def test_a_round_under_review_has_no_public_page(client, star_round):
    assert client.get(reverse("stars_round", args=[star_round.pk])).status_code == 404


def test_an_objection_becomes_a_case_and_a_second_one_from_the_same_person_is_refused(client, case_world,
                                                                                       star_round):
    entry = approved_on_notice(case_world, star_round, ("王秀芳", (38, 28, 27)))["王秀芳"]
    url = object_page(star_round, entry)
    form = {"reason": "楼道长期堆放杂物，邻居多次反映。", "phone": "13700000001", "key": "a" * 32}
    response = client.post(url, form)
    assert response.status_code == 303
    objection = StarObjection.objects.get()
    assert objection.case.state == CaseState.SUBMITTED and objection.case.region_id == entry.case.region_id
    assert "王*芳户" in objection.case.submission.form_data["household"]
    cases = Case.objects.count()
    again = client.post(url, {**form, "phone": "137 0000 0001", "key": "b" * 32})
    assert again.status_code == 409
    assert "已对该户提出过异议" in again.content.decode() or "already objected" in again.content.decode()
    assert StarObjection.objects.count() == 1 and Case.objects.count() == cases


def test_an_objection_form_without_a_reason_or_a_valid_phone_says_so_and_writes_nothing(client, case_world,
                                                                                      star_round):
    entry = approved_on_notice(case_world, star_round, ("王秀芳", (38, 28, 27)))["王秀芳"]
    response = client.post(object_page(star_round, entry), {"reason": "", "phone": "123", "key": "a" * 32})
    assert response.status_code == 400 and 'id="error-summary"' in response.content.decode()
    assert not StarObjection.objects.exists()


def test_an_upheld_objection_removes_the_household_and_closes_both_cases(case_world, star_round):
    entry = approved_on_notice(case_world, star_round, ("王秀芳", (38, 28, 27)))["王秀芳"]
    objection = services.object_to(entry=entry, phone="13700000001", reason="楼道堆放杂物", key="c" * 32)
    services.decide_objection(objection=objection, uphold=True, decision="经核实属实，取消本次评选资格。",
                              by=case_world.dispatcher)
    entry.refresh_from_db()
    objection.refresh_from_db()
    assert entry.state == EntryState.REMOVED and objection.state == ObjectionState.UPHELD
    assert Case.objects.get(pk=entry.case_id).state == CaseState.REJECTED
    assert Case.objects.get(pk=objection.case_id).state == CaseState.RESOLVED
    with pytest.raises(StarsError):
        services.decide_objection(objection=objection, uphold=False, decision="再次", by=case_world.dispatcher)


def test_the_stars_wait_for_the_end_of_the_notice_and_for_every_objection_to_be_decided(case_world, star_round):
    entry = approved_on_notice(case_world, star_round, ("王秀芳", (38, 28, 27)))["王秀芳"]
    with pytest.raises(StarsError, match="2"):  # the notice runs until its date
        services.confer(round_=star_round, by=case_world.dispatcher)
    objection = services.object_to(entry=entry, phone="13700000001", reason="楼道堆放杂物", key="d" * 32)
    clock.travel(timedelta(days=8))
    assert tick()["stars_conferred"] == 0  # an objection is still open
    services.decide_objection(objection=objection, uphold=False, decision="经走访核实，杂物已清理。",
                              by=case_world.dispatcher)
    assert tick()["stars_conferred"] == 1
    star_round.refresh_from_db()
    entry.refresh_from_db()
    assert star_round.state == RoundState.CONFERRED and entry.state == EntryState.CONFERRED
    case = Case.objects.get(pk=entry.case_id)
    assert case.state == CaseState.RESOLVED and star_words(5) in case.events.last().note


def test_conferring_issues_the_certificates_as_one_batch_printed_with_the_stars(case_world, star_round):
    entries = approved_on_notice(case_world, star_round, ("王秀芳", (38, 28, 27)), ("李堃喆", (35, 25, 22)))
    clock.travel(timedelta(days=7, minutes=1))
    services.confer(round_=star_round, by=case_world.dispatcher)
    star_round.refresh_from_db()
    documents = Document.objects.filter(batch=star_round.batch).order_by("pk")
    assert star_round.batch.total == 2 and documents.count() == 2
    assert {d.case_id for d in documents} == {e.case_id for e in entries.values()}
    document = generate(documents.first().pk)
    assert document.status == DocumentStatus.READY
    text = pdf_text(document.file.read())
    assert "王秀芳家庭" in text and "五星级文明户" in text and "93分" in text


def test_the_honour_list_shows_the_conferred_households_not_the_removed(client, case_world, star_round):
    entries = approved_on_notice(case_world, star_round, ("王秀芳", (38, 28, 27)), ("李堃喆", (35, 25, 22)))
    objection = services.object_to(entry=entries["李堃喆"], phone="13700000001", reason="不属实", key="e" * 32)
    services.decide_objection(objection=objection, uphold=True, decision="属实", by=case_world.dispatcher)
    clock.travel(timedelta(days=8))
    services.confer(round_=star_round, by=case_world.dispatcher)
    page = client.get(reverse("stars_round", args=[star_round.pk])).content.decode()
    assert "王*芳户" in page and "李*喆户" not in page
    assert "李*喆户" not in client.get(reverse("stars_index")).content.decode()
    response = client.get(reverse("stars_objection", args=[star_round.pk, entries["王秀芳"].pk]))
    assert response.status_code == 404  # the notice is over


def test_the_public_notice_and_its_refusal_read_in_english_too(client, case_world, star_round):
    entry = approved_on_notice(case_world, star_round, ("王秀芳", (38, 28, 27)))["王秀芳"]
    page = client.get(reverse("stars_round", args=[star_round.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Public notice (公示) from" in page and "five-star households" in page and "Object to 王*芳户" in page
    form = {"reason": "楼道长期堆放杂物。", "phone": "13700000001", "key": "a" * 32}
    client.post(object_page(star_round, entry), form, HTTP_ACCEPT_LANGUAGE="en")
    again = client.post(object_page(star_round, entry), {**form, "key": "b" * 32}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 409 and "You have already objected to this household" in again.content.decode()
