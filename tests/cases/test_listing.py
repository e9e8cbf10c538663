"""The case listing shows the work: each row says what the matter is (one line, masked), which form it came from,
where, since when, how much time is left, its state and who holds it, so a dispatcher triages without opening cases."""
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import workflow
from cases.clock import now
from cases.models import Case
from forms_app.constants import FieldType
from organisation.constants import StaffRole
from tests.factories import make_case, make_department, make_form, make_member, make_regions

pytestmark = pytest.mark.django_db

INDEX = "cases_case_modeladmin_index"


@pytest.fixture
def world():
    regions = make_regions()
    w = type("World", (), {})()
    w.grid = regions["第一网格"]
    w.team = make_department(w.grid, code="t1", name="第一网格工作站")
    w.dispatcher = make_member(StaffRole.DISPATCHER, region=regions["镇赉县"], personal_data=True)
    w.handler = make_member(StaffRole.HANDLER, department=w.team)
    w.handler.first_name = "王明"
    w.handler.save()
    # the summary question is named: the description, not the name asked first
    w.request = make_form([("姓名", FieldType.SINGLELINE, {"personal": True}), ("问题描述", FieldType.MULTILINE)],
                          title="诉求反映", summary_question="wen_ti_miao_shu")
    # none named: the first text answer, here a personal one, masked
    w.visit = make_form([("联系电话", FieldType.MOBILE), ("住址", FieldType.SINGLELINE, {"personal": True}),
                         ("情况", FieldType.MULTILINE)], title="走访登记")
    return w


def request_case(w, text="楼道水管漏水，已经三天了", name="李四"):
    fields = {f.label: f.field_id for f in w.request.get_form_fields()}
    return make_case(w.request, w.grid, {fields["姓名"]: name, fields["问题描述"]: text})


def visit_case(w, address="幸福社区3号楼2单元501"):
    fields = {f.label: f.field_id for f in w.visit.get_form_fields()}
    return make_case(w.visit, w.grid, {fields["联系电话"]: "13812345678", fields["住址"]: address,
                                       fields["情况"]: "独居老人，需要上门"})


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def row_of(html, case):
    return re.search(rf'<tr data-case="{case.reference}">(.*?)</tr>', html, re.S).group(1)


def listing(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse(INDEX) + query)
    assert response.status_code == 200
    return response


def test_each_row_shows_reference_form_matter_region_submitted_due_state_and_handler(client, world):
    w = world
    case = workflow.case_accept(case=request_case(w), by=w.dispatcher)
    case = workflow.case_dispatch(case=case, to=w.team, by=w.dispatcher, due_hours=48)
    case = workflow.case_claim(case=case, by=w.handler)
    html = listing(client, w.dispatcher).content.decode()
    row = row_of(html, case)
    for text in (case.reference, "诉求反映", "楼道水管漏水，已经三天了", "第一网格", "已领单", "王明", "第一网格工作站",
                 local(case.created_at), local(case.due_at)):
        assert text in row, text
    assert "case-light--green" in row and "正常" in row
    table = html[html.index('<table class="listing case-listing">'):]
    headings = re.findall(r'<th scope="col">(?:<a [^>]*>)?([^<]+)', table)
    assert headings[:8] == ["受理编号", "表单", "事项", "区域", "报单时间", "办理期限", "状态", "承办人"]


def test_the_summary_comes_from_the_forms_summary_question_and_never_shows_personal_data(client, world):
    w = world
    named = request_case(w)
    unnamed = visit_case(w)
    html = listing(client, w.dispatcher).content.decode()
    assert "楼道水管漏水" in row_of(html, named) and "李四" not in html and "李*" not in row_of(html, named)
    # no summary question: the first text answer, the address, masked as the case page masks it
    assert "幸福社区****" in row_of(html, unnamed)
    assert "3号楼2单元501" not in html and "13812345678" not in html


def test_the_masked_part_of_a_summary_finds_nothing_in_a_search(client, world):
    w = world
    visit_case(w)
    assert listing(client, w.dispatcher, "?q=2单元501").context["result_count"] == 0
    assert listing(client, w.dispatcher, "?q=独居老人").context["result_count"] == 1


def test_a_long_matter_is_cut_to_one_line(client, world):
    w = world
    case = request_case(w, text="第一行说明\n" + "很长的描述" * 30)
    summary = re.search(r'data-summary>([^<]*)<', row_of(listing(client, w.dispatcher).content.decode(), case)).group(1)
    assert summary.startswith("第一行说明 很长的描述") and summary.endswith("…") and len(summary) <= 60


def test_the_listing_costs_the_same_queries_for_n_cases_as_for_3n(client, world):
    """Summaries, forms, handlers and lights of a page cost no query per row, whichever forms the rows come from."""
    w = world
    client.force_login(w.dispatcher)
    url = reverse(INDEX)

    def add(count):
        for i in range(count):
            case = request_case(w) if i % 2 else visit_case(w)
            if i % 3 == 0:
                case = workflow.case_dispatch(case=workflow.case_accept(case=case, by=w.dispatcher), to=w.team,
                                              by=w.dispatcher, due_hours=24)
                workflow.case_claim(case=case, by=w.handler)
            elif i % 3 == 1:
                Case.objects.filter(pk=case.pk).update(due_at=now() + timedelta(hours=2),
                                                       yellow_at=now() - timedelta(hours=1), state="accepted")

    add(4)
    client.get(url)  # warm caches (content types, site, permissions, each form's published questions)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).context["rows"]) == 4
    add(8)
    with CaptureQueriesContext(connection) as many:
        rows = client.get(url).context["rows"]
    assert len(rows) == 12 and all(row["summary"] for row in rows)
    assert len(many.captured_queries) == len(few.captured_queries)
