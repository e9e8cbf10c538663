"""The case history on the workbench's case page: each line says what it recorded, labelled (a consultation's
participants and topic, its minutes), not only in the event's data."""
import re

import pytest
from django.urls import reverse

from cases import workflow
from tests.cases.test_workbench import dispatched, workbench_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return workbench_world()


def test_the_consultations_participants_topic_and_minutes_are_in_the_case_history(client, world):
    """会商: who took part, about what, and what was agreed are read in the history, not only kept in its data."""
    case = workflow.case_claim(case=dispatched(world, world.new_case()), by=world.handler1)
    case = workflow.case_consult(case=case, by=world.handler1, participants="居民代表、物业公司张经理",
                                 topic="装修时间")
    workflow.case_end_consultation(case=case, by=world.handler1, minutes="约定工作日9点至18点施工\n周末停工")
    client.force_login(world.dispatcher)
    html = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    history = html[html.index('id="case-history"'):]
    consult = re.search(r'data-details="consult">(.*?)</dl>', history, re.S).group(1)
    assert re.search(r"<dt>参会人员</dt>\s*<dd>居民代表、物业公司张经理</dd>", consult), consult
    assert re.search(r"<dt>议题</dt>\s*<dd>装修时间</dd>", consult), consult
    minutes = re.search(r'data-details="end_consultation">(.*?)</dl>', history, re.S).group(1)
    assert re.search(r"<dt>会商纪要</dt>\s*<dd>约定工作日9点至18点施工<br>周末停工</dd>", minutes), minutes
    assert history.count("装修时间") == 1  # said once, labelled, not again as the note


def test_participants_given_as_a_list_read_as_one_list_in_the_history(client, world):
    case = workflow.case_claim(case=dispatched(world, world.new_case()), by=world.handler1)
    workflow.case_consult(case=case, by=world.handler1, participants=["物业", "居民代表"], topic="费用分摊")
    client.force_login(world.handler1)
    history = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    assert "<dd>物业、居民代表</dd>" in history[history.index('id="case-history"'):]
