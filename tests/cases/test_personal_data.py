"""Residents' personal data on the workbench: masked by default, revealed with a reason and on the record,
never found through its masked part."""
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cases import workflow
from cases.access import capabilities
from cases.constants import Capability as C
from cases.constants import RevealReason
from forms_app.constants import FieldType
from organisation.constants import StaffRole
from organisation.models import AccessLogEntry
from tests.cases.test_workbench import ID_NUMBER, INDEX, PHONE, workbench_world
from tests.factories import make_case, make_form, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return workbench_world()


def reveal_url(case):
    return reverse("cases_workbench_reveal", args=[case.pk])


def listed(client, query):
    return {c.reference for c in client.get(reverse(INDEX) + query).context["object_list"]}


# -- revealing -----------------------------------------------------------------------------------------


def test_revealing_with_a_reason_shows_the_numbers_once_and_records_who_when_and_why(client, world):
    case = world.new_case()
    client.force_login(world.supervisor)
    response = client.post(reveal_url(case), {"reveal-reason": RevealReason.VISIT})
    html = response.content.decode()
    assert response.status_code == 200 and PHONE in html and ID_NUMBER in html
    assert "no-store" in response["Cache-Control"]
    entry = AccessLogEntry.objects.get(action="govforms.reveal")
    assert (entry.user_id, entry.object_id) == (world.supervisor.pk, str(case.pk))
    assert entry.data == {"reference": case.reference, "reason": "visit", "detail": ""}
    assert PHONE not in str(entry.data)
    # the next page is masked again: nothing was remembered
    assert PHONE not in client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()


def test_other_as_the_reason_needs_a_word_of_why_and_reveals_nothing_without_it(client, world):
    case = world.new_case()
    client.force_login(world.supervisor)
    response = client.post(reveal_url(case), {"reveal-reason": RevealReason.OTHER, "reveal-detail": " "})
    assert response.status_code == 400 and PHONE not in response.content.decode()
    assert not AccessLogEntry.objects.filter(action="govforms.reveal").exists()
    response = client.post(reveal_url(case), {"reveal-reason": RevealReason.OTHER, "reveal-detail": "居民来电要求更正"})
    assert response.status_code == 200 and PHONE in response.content.decode()
    assert AccessLogEntry.objects.get(action="govforms.reveal").data["detail"] == "居民来电要求更正"


def test_staff_without_the_permission_are_refused_and_nothing_is_recorded(client, world):
    case = world.new_case()
    client.force_login(world.dispatcher)
    response = client.post(reveal_url(case), {"reveal-reason": RevealReason.CONTACT})
    assert response.status_code == 403 and PHONE not in response.content.decode()
    assert not AccessLogEntry.objects.filter(action="govforms.reveal").exists()


def test_the_permission_does_not_reach_beyond_the_users_cases(client, world):
    case = world.new_case(region=world.regions["第二网格"])
    grid1_supervisor = make_member(StaffRole.SUPERVISOR, region=world.regions["第一网格"], personal_data=True)
    client.force_login(grid1_supervisor)
    assert client.post(reveal_url(case), {"reveal-reason": RevealReason.CONTACT}).status_code == 404


def test_the_reveal_is_a_post_only(client, world):
    case = world.new_case()
    client.force_login(world.supervisor)
    assert client.get(reveal_url(case)).status_code == 405


def test_a_question_marked_personal_is_masked_like_the_numbers(client, world):
    form = make_form([("姓名", FieldType.SINGLELINE), ("住址", FieldType.SINGLELINE), ("诉求", FieldType.MULTILINE)],
                     title="上门服务")
    form.form_fields.filter(label__in=["姓名", "住址"]).update(personal=True)
    ids = {f.label: f.field_id for f in form.get_form_fields()}
    case = make_case(form, world.regions["第一网格"], {ids["姓名"]: "李堃喆", ids["住址"]: "幸福社区5号楼1单元202室",
                                                      ids["诉求"]: "家中老人行动不便"})
    client.force_login(world.supervisor)
    html = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    assert "李**" in html and "李堃喆" not in html
    assert "幸福社区****" in html and "202室" not in html
    assert "家中老人行动不便" in html
    html = client.post(reveal_url(case), {"reveal-reason": RevealReason.VISIT}).content.decode()
    assert "李堃喆" in html and "幸福社区5号楼1单元202室" in html


# -- searching -------------------------------------------------------------------------------------------


def test_the_hidden_digits_of_a_phone_number_cannot_be_found_one_by_one(client, world):
    """The attack of issue 9: searching 1380, 1381, … recovered a masked number digit by digit."""
    case = world.new_case()
    client.force_login(world.dispatcher)
    assert listed(client, "?q=138") == {case.reference}  # the visible start is just text
    assert listed(client, "?q=5678") == {case.reference}  # so is the visible end
    assert listed(client, "?q=1381") == set()  # the hidden middle never matches
    assert listed(client, "?q=12345678") == set()
    assert listed(client, f"?q={PHONE}") == set()  # a full number: no lookup without the permission
    assert listed(client, "?q=0519491231") == set()  # the ID number's hidden digits


def test_staff_with_the_permission_find_a_case_by_the_full_number_and_the_lookup_is_recorded(client, world):
    case = world.new_case()
    other = world.new_case(text="别的居民的诉求内容")
    other.submission.keys.all().delete()  # as if its resident had given no number
    client.force_login(world.supervisor)
    found = listed(client, f"?q={PHONE}")
    assert case.reference in found and other.reference not in found
    assert case.reference in listed(client, f"?q={ID_NUMBER.lower()}")  # 身份证 with a small x is the same number
    entries = ModelLogEntry.objects.filter(action="govforms.search_id")
    assert entries.count() == 2 and all(e.user_id == world.supervisor.pk for e in entries)
    assert PHONE not in str([e.data for e in entries])


def test_answer_text_is_still_found_by_a_word_of_it(client, world):
    leaking = world.new_case(text="水管漏水 leaking pipe")
    world.new_case(text="楼上装修噪音很大")
    client.force_login(world.dispatcher)
    assert listed(client, "?q=LEAKING") == {leaking.reference}


# -- an earlier handler ----------------------------------------------------------------------------------


def test_an_earlier_handler_still_reads_the_case_but_neither_acts_nor_reveals(client, world):
    world.handler1.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    case = workflow.case_accept(case=world.new_case(), by=world.dispatcher)
    case = workflow.case_dispatch(case=case, to=world.team1, by=world.dispatcher)
    case = workflow.case_claim(case=case, by=world.handler1)
    case = workflow.case_return(case=case, by=world.handler1, reason="不属于本网格")
    case = workflow.case_dispatch(case=case, to=world.team2, by=world.dispatcher)
    handler = type(world.handler1).objects.get(pk=world.handler1.pk)
    assert capabilities(handler, case) == {C.LIST, C.OPEN, C.ANSWERS, C.FILES}
    client.force_login(handler)
    assert case.reference in listed(client, "")
    page = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    assert "楼上装修噪音很大" in page and not re.findall(r'data-action="([a-z_]+)"', page)  # no action offered
    assert client.post(reveal_url(case), {"reveal-reason": RevealReason.CONTACT}).status_code == 403
