"""The staff workbench in the Wagtail admin: listing, case page, transitions, bulk actions.

The organisation's settings pages are tested in tests/organisation/test_admin.py."""
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cases import machine, workflow
from cases.admin.modeladmin import LIGHT_TEXT
from cases.clock import now
from cases.constants import CaseState
from cases.models import Case
from forms_app.constants import FieldType
from organisation.constants import RegionLevel, StaffRole, Triage
from organisation.models import Region
from tests.factories import make_case, make_category, make_department, make_form, make_member, make_regions

pytestmark = pytest.mark.django_db

INDEX = "cases_case_modeladmin_index"
PHONE = "13812345678"
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def world():
    return workbench_world()


def workbench_world():
    """Two grids with a team each, a county dispatcher and supervisor (who may see personal data), a handler
    per team, and ``new_case()`` for a request with a phone and an ID number."""
    regions = make_regions()
    other_county = Region.add_root(code="C2", name="大安市", level=RegionLevel.COUNTY)
    grid1, grid2 = regions["第一网格"], regions["第二网格"]
    team1 = make_department(grid1, code="team1", name="第一网格工作站")
    team2 = make_department(grid2, code="team2", name="第二网格工作站")
    form = make_form([("问题描述", FieldType.MULTILINE), ("联系电话", FieldType.MOBILE),
                      ("身份证号", FieldType.ID_NUMBER)], title="诉求")
    ids = {f.label: f.field_id for f in form.get_form_fields()}
    w = type("World", (), {})()
    w.regions, w.other_county, w.team1, w.team2, w.form, w.ids = regions, other_county, team1, team2, form, ids
    w.dispatcher = make_member(StaffRole.DISPATCHER, region=regions["镇赉县"])
    w.supervisor = make_member(StaffRole.SUPERVISOR, region=regions["镇赉县"], personal_data=True)
    w.handler1 = make_member(StaffRole.HANDLER, department=team1)
    w.handler2 = make_member(StaffRole.HANDLER, department=team2)
    w.category = make_category(code="noise", name="噪音扰民", default_department=team1)

    def new_case(region=grid1, text="楼上装修噪音很大", **fields):
        answers = {ids["问题描述"]: text, ids["联系电话"]: PHONE, ids["身份证号"]: ID_NUMBER}
        return make_case(form, region, answers, category=w.category, **fields)

    w.new_case = new_case
    return w


def dispatched(w, case, team=None):
    case = workflow.case_accept(case=case, by=w.dispatcher)
    return workflow.case_dispatch(case=case, to=team or w.team1, by=w.dispatcher)


def listing(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse(INDEX) + query)
    assert response.status_code == 200
    return response


def listed(response):
    return {c.reference for c in response.context["object_list"]}


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def act(client, user, case, action, data=None, **extra):
    client.force_login(user)
    payload = {f"{action}-expected_state": case.state}
    payload.update({f"{action}-{k}": v for k, v in (data or {}).items()})
    return client.post(reverse("cases_workbench_action", args=[case.pk, action]), payload, **extra)


def zh(msgid):
    with translation.override("zh-hans"):
        return gettext(msgid)


def state_of(case):
    return Case.objects.values_list("state", flat=True).get(pk=case.pk)


# -- listing -----------------------------------------------------------------------


def test_a_dispatcher_lists_the_cases_of_their_region_and_not_those_elsewhere(client, world):
    mine = world.new_case()
    elsewhere = world.new_case(region=world.other_county)
    response = listing(client, world.dispatcher)
    assert listed(response) == {mine.reference}
    assert elsewhere.reference not in response.content.decode()


def test_a_handler_sees_only_their_departments_cases_and_gets_404_for_another_by_url(client, world):
    ours = dispatched(world, world.new_case())
    theirs = dispatched(world, world.new_case(region=world.regions["第二网格"]), world.team2)
    world.new_case()  # not dispatched: no handler sees it
    assert listed(listing(client, world.handler1)) == {ours.reference}

    assert client.get(reverse("cases_workbench_case", args=[theirs.pk])).status_code == 404
    response = act(client, world.handler1, theirs, "claim")
    assert response.status_code == 404
    assert state_of(theirs) == CaseState.DISPATCHED


def test_the_listing_shows_the_light_as_a_badge_with_words_and_sorts_by_due_time(client, world):
    later = world.new_case(due_at=now() + timedelta(days=3), yellow_at=now() + timedelta(days=2))
    sooner = world.new_case(due_at=now() - timedelta(hours=1), yellow_at=now() - timedelta(days=1))
    Case.objects.filter(pk__in=[later.pk, sooner.pk]).update(state=CaseState.ACCEPTED)
    no_deadline = world.new_case()
    response = listing(client, world.dispatcher)
    refs = [c.reference for c in response.context["object_list"]]
    assert refs == [sooner.reference, later.reference, no_deadline.reference]
    html = response.content.decode()
    assert 'class="case-light case-light--red"' in html and 'class="case-light case-light--green"' in html
    assert str(LIGHT_TEXT["red"]) in html  # the colour is also said in words


def test_the_light_filter_shows_only_cases_with_that_light(client, world):
    def timed(due, yellow):
        case = world.new_case(due_at=now() + due, yellow_at=now() + yellow)
        Case.objects.filter(pk=case.pk).update(state=CaseState.DISPATCHED, department=world.team1)
        return case

    green = timed(timedelta(days=3), timedelta(days=2))
    yellow = timed(timedelta(hours=5), timedelta(hours=-1))
    red = timed(timedelta(hours=-2), timedelta(hours=-20))
    assert listed(listing(client, world.dispatcher, "?light=green")) == {green.reference}
    assert listed(listing(client, world.dispatcher, "?light=yellow")) == {yellow.reference}
    assert listed(listing(client, world.dispatcher, "?light=red")) == {red.reference}


def test_the_region_filter_includes_everything_below_the_region(client, world):
    grid1 = world.new_case(region=world.regions["第一网格"])
    grid2 = world.new_case(region=world.regions["第二网格"])
    street = world.new_case(region=world.regions["镇赉镇"])
    community = world.regions["幸福社区"]
    assert listed(listing(client, world.dispatcher, f"?region={community.pk}")) == {grid1.reference, grid2.reference}
    assert listed(listing(client, world.dispatcher, f"?region={world.regions['第二网格'].pk}")) == {grid2.reference}
    assert street.reference in listed(listing(client, world.dispatcher, f"?region={world.regions['镇赉镇'].pk}"))


def test_search_finds_a_case_by_reference_number_or_by_answer_text(client, world):
    noisy = world.new_case(text="楼上装修噪音很大")
    leaking = world.new_case(text="水管漏水 leaking pipe")
    assert listed(listing(client, world.dispatcher, "?q=漏水")) == {leaking.reference}
    assert listed(listing(client, world.dispatcher, "?q=LEAKING")) == {leaking.reference}
    assert listed(listing(client, world.dispatcher, f"?q={noisy.reference}")) == {noisy.reference}


def test_my_queue_shows_what_waits_for_the_handler_and_my_region_shows_everything_visible(client, world):
    waiting = dispatched(world, world.new_case())
    claimed = workflow.case_claim(case=dispatched(world, world.new_case()), by=world.handler1)
    resolved = workflow.case_resolve(case=workflow.case_claim(case=dispatched(world, world.new_case()),
                                                              by=world.handler1), by=world.handler1, result="修好了")
    assert listed(listing(client, world.handler1, "?scope=mine")) == {waiting.reference, claimed.reference}
    assert listed(listing(client, world.handler1)) == {waiting.reference, claimed.reference, resolved.reference}


def test_the_listing_runs_as_many_queries_for_a_full_page_as_for_5_rows(client, world):
    from cases.admin.modeladmin import CaseAdmin

    full_page = CaseAdmin.list_per_page
    for _ in range(5):
        dispatched(world, world.new_case())
    client.force_login(world.dispatcher)
    url = reverse(INDEX)
    client.get(url)  # warm caches (content types, site, permissions)
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url).context["object_list"]) == 5
    for _ in range(full_page):
        case = world.new_case()
        if _ % 2:
            workflow.case_claim(case=dispatched(world, case), by=world.handler1)
    with CaptureQueriesContext(connection) as full:
        assert len(client.get(url).context["object_list"]) == full_page
    assert len(full.captured_queries) == len(five.captured_queries)


# -- the case page ---------------------------------------------------------------------


def test_the_case_page_masks_phone_and_id_numbers_even_for_staff_who_may_reveal_them(client, world):
    case = world.new_case()
    url = reverse("cases_workbench_case", args=[case.pk])
    client.force_login(world.dispatcher)
    html = client.get(url).content.decode()
    assert "楼上装修噪音很大" in html and "138****5678" in html
    assert PHONE not in html and ID_NUMBER not in html
    assert reverse("cases_workbench_reveal", args=[case.pk]) not in html  # no permission: nothing to press
    client.force_login(world.supervisor)
    html = client.get(url).content.decode()
    assert PHONE not in html and ID_NUMBER not in html
    assert reverse("cases_workbench_reveal", args=[case.pk]) in html


def test_the_case_page_offers_only_the_actions_the_user_may_take_now(client, world):
    case = world.new_case()
    url = reverse("cases_workbench_case", args=[case.pk])

    def offered(user):
        client.force_login(user)
        return set(re.findall(r'data-action="([a-z_]+)"', client.get(url).content.decode()))

    assert offered(world.dispatcher) == {"accept", "reject"}
    assert offered(world.supervisor) == {"urge"}
    dispatched(world, case)
    assert offered(world.handler1) == {"claim", "return_case", "escalate"}
    assert offered(world.dispatcher) == {"escalate", "add_part"}  # and asks a co-unit to help (协办)


def test_the_dispatch_form_suggests_the_department_from_the_routing(client, world):
    case = workflow.case_accept(case=world.new_case(), by=world.dispatcher)
    client.force_login(world.dispatcher)
    response = client.get(reverse("cases_workbench_case", args=[case.pk]))
    forms = {item["name"]: item["form"] for item in response.context["action_forms"]}
    assert forms["dispatch"]["department"].value() == world.team1.pk


def test_every_transition_posted_through_the_page_works_for_the_right_role(client, world):
    case = world.new_case()
    steps = [
        (world.dispatcher, "accept", {"triage": Triage.MINOR}, CaseState.ACCEPTED),
        (world.dispatcher, "dispatch", {"department": world.team1.pk, "due_hours": "24"}, CaseState.DISPATCHED),
        (world.handler1, "claim", {}, CaseState.CLAIMED),
        (world.supervisor, "urge", {"note": "请尽快处理"}, CaseState.CLAIMED),
        (world.handler1, "consult", {"participants": "居民代表、物业", "topic": "装修时间"}, CaseState.CONSULTING),
        (world.handler1, "end_consultation", {"minutes": "约定工作日施工"}, CaseState.CLAIMED),
        (world.handler1, "resolve", {"result": "已协调，约定施工时间"}, CaseState.RESOLVED),
        (world.supervisor, "reopen", {"reason": "核查未通过"}, CaseState.DISPATCHED),
        (world.handler1, "return_case", {"reason": "不属于本网格"}, CaseState.ACCEPTED),
        (world.dispatcher, "escalate", {"reason": "需街道协调"}, CaseState.ACCEPTED),
        (world.dispatcher, "reject", {"reason": "重复报单"}, CaseState.REJECTED),
        (world.supervisor, "archive", {}, CaseState.ARCHIVED),
    ]
    for user, action, data, expected in steps:
        case.refresh_from_db()
        response = act(client, user, case, action, data)
        assert response.status_code == 302, (action, messages_of(response))
        assert response["Location"] == reverse("cases_workbench_case", args=[case.pk])
        assert state_of(case) == expected, action
        assert messages_of(response), action
    case.refresh_from_db()
    assert case.triage == Triage.MINOR and case.urge_count == 1 and case.level == RegionLevel.COMMUNITY
    assert list(case.events.values_list("transition", flat=True))[1:] == [s[1] for s in steps]

    client.force_login(world.supervisor)
    html = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    history = html[html.index('id="case-history"'):]
    for label in ("urge", "reject", "archive"):
        with translation.override("zh-hans"):
            assert str(machine.label(label)) in history, label
    assert "重复报单" in history and world.dispatcher.username in history and "请尽快处理" in history


def test_a_private_matter_is_closed_with_advice(client, world):
    case = workflow.case_accept(case=world.new_case(), by=world.dispatcher, triage=Triage.PRIVATE)
    response = act(client, world.dispatcher, case, "close_with_advice", {"advice": "建议自行协商"})
    assert response.status_code == 302 and state_of(case) == CaseState.RESOLVED


def test_resolving_with_a_file_keeps_it_privately_and_only_visible_staff_may_download_it(client, world):
    from tests.factories import png_file

    case = workflow.case_claim(case=dispatched(world, world.new_case()), by=world.handler1)
    response = act(client, world.handler1, case, "resolve", {"result": "已修好", "files": png_file("修好了.png")})
    assert response.status_code == 302 and state_of(case) == CaseState.RESOLVED
    item = case.files.get()
    url = reverse("cases_workbench_file", args=[case.pk, item.pk])
    html = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    assert url in html and "修好了.png" in html
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    client.force_login(world.handler2)
    assert client.get(url).status_code == 404


def test_a_file_of_the_wrong_type_is_refused_on_the_form_and_nothing_changes(client, world):
    case = workflow.case_claim(case=dispatched(world, world.new_case()), by=world.handler1)
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = act(client, world.handler1, case, "resolve", {"result": "已修好", "files": fake})
    assert response.status_code == 400
    assert state_of(case) == CaseState.CLAIMED and not case.files.exists()
    resolve = next(item for item in response.context["action_forms"] if item["name"] == "resolve")
    assert resolve["form"].errors["files"] and resolve["open"]


def test_the_wrong_role_is_refused_with_a_message_and_the_state_is_unchanged(client, world):
    case = dispatched(world, world.new_case())
    # the dispatcher sees the case but may not claim it
    response = act(client, world.dispatcher, case, "claim")
    assert response.status_code == 403
    assert messages_of(response) == [zh("You may not do this on this case.")]
    assert state_of(case) == CaseState.DISPATCHED
    # a handler may not accept (and the case is not in a state to be accepted anyway)
    response = act(client, world.handler1, case, "archive")
    assert response.status_code == 302 and len(messages_of(response)) == 1
    assert state_of(case) == CaseState.DISPATCHED


def test_a_stale_page_gets_the_case_changed_message(client, world):
    case = world.new_case()
    stale_state = case.state
    workflow.case_accept(case=case, by=world.dispatcher)
    client.force_login(world.dispatcher)
    response = client.post(reverse("cases_workbench_action", args=[case.pk, "reject"]),
                           {"reject-expected_state": stale_state, "reject-reason": "重复"})
    assert response.status_code == 302
    assert messages_of(response) == [str(workflow.CaseChanged().message)]
    assert state_of(case) == CaseState.ACCEPTED


def test_missing_input_is_refused_with_the_form_shown_again(client, world):
    case = world.new_case()
    response = act(client, world.dispatcher, case, "reject", {"reason": "  "})
    assert response.status_code == 400
    assert state_of(case) == CaseState.SUBMITTED
    assert response.context["action_forms"][1]["form"].errors


def test_unknown_actions_and_get_requests_on_actions_are_refused(client, world):
    case = world.new_case()
    assert act(client, world.dispatcher, case, "evaluate").status_code == 404
    assert act(client, world.dispatcher, case, "explode").status_code == 404
    assert client.get(reverse("cases_workbench_action", args=[case.pk, "accept"])).status_code == 405
    for url in (f"/admin/cases/case/edit/{case.pk}/", f"/admin/cases/case/delete/{case.pk}/",
                "/admin/cases/case/create/"):
        assert client.get(url).status_code == 404, url  # the case row is never edited in the admin
    assert state_of(case) == CaseState.SUBMITTED


# -- bulk -------------------------------------------------------------------------------


def test_bulk_accept_accepts_each_valid_case_and_reports_the_others(client, world):
    fresh = [world.new_case() for _ in range(3)]
    already = workflow.case_accept(case=world.new_case(), by=world.dispatcher)
    hidden = world.new_case(region=world.other_county)
    client.force_login(world.dispatcher)
    response = client.post(reverse("cases_workbench_bulk"),
                           {"action": "accept", "ids": [c.pk for c in [*fresh, already, hidden]]})
    assert response.status_code == 302 and response["Location"] == reverse(INDEX)
    assert [state_of(c) for c in fresh] == [CaseState.ACCEPTED] * 3
    assert state_of(hidden) == CaseState.SUBMITTED
    success, failure = messages_of(response)
    assert all(c.reference in success for c in fresh)
    assert already.reference in failure and hidden.reference not in failure


def test_bulk_dispatch_needs_a_department_and_then_dispatches(client, world):
    case = workflow.case_accept(case=world.new_case(), by=world.dispatcher)
    client.force_login(world.dispatcher)
    response = client.post(reverse("cases_workbench_bulk"), {"action": "dispatch", "ids": [case.pk]})
    assert response.status_code == 302 and state_of(case) == CaseState.ACCEPTED and messages_of(response)
    client.post(reverse("cases_workbench_bulk"), {"action": "dispatch", "ids": [case.pk],
                                                  "department": world.team2.pk})
    case.refresh_from_db()
    assert case.state == CaseState.DISPATCHED and case.department == world.team2


def test_bulk_archive_by_a_handler_is_refused_case_by_case(client, world):
    case = workflow.case_reject(case=world.new_case(), by=world.dispatcher, reason="重复")
    Case.objects.filter(pk=case.pk).update(department=world.team1)
    client.force_login(world.handler1)
    response = client.post(reverse("cases_workbench_bulk"), {"action": "archive", "ids": [case.pk]})
    assert response.status_code == 302 and state_of(case) == CaseState.REJECTED
    assert case.reference in messages_of(response)[0]


def test_staff_without_a_membership_get_no_case_listing(client, world):
    from tests.factories import make_staff

    client.force_login(make_staff())
    assert client.get(reverse(INDEX)).status_code in (302, 403)

