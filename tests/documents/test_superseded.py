"""A case resolved, reopened by a low rating and resolved again: its first 办结告知书 is replaced, not left valid."""
import pytest
from django.db import transaction
from django.urls import reverse

from cases import workflow as wf
from cases.constants import Trigger as T
from documents.constants import DocumentStatus as DS
from documents.models import Document
from documents.services import generate, issue, supersede_earlier
from tests.factories import attach, make_resident_form, make_template, pdf_text, resident_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def twice_resolved(case_world, django_capture_on_commit_callbacks):
    form = make_resident_form(case_world)
    notice = make_template(name="办结告知书", title="办结告知书", serial_prefix="镇赉办字",
                           body="<p>{{ resident_name }}：您反映的问题已办结。结果：{{ result }}</p>")
    attach(form, T.RESOLVE, notice)
    w = case_world
    with django_capture_on_commit_callbacks(execute=True):
        case = resident_case(w, form)
        case = wf.case_accept(case=case, by=w.dispatcher)
        case = wf.case_dispatch(case=case, to=w.team_a, by=w.dispatcher)
        case = wf.case_claim(case=case, by=w.post_a)
        case = wf.case_resolve(case=case, by=w.post_a, result="已临时堵漏")
        case = wf.case_evaluate(token=case.tracking_token, rating=1, comment="没修好")
        case = wf.case_claim(case=case, by=w.post_a)
        case = wf.case_resolve(case=case, by=w.post_a, result="已更换整段水管")
    first, second = Document.objects.filter(case=case, template=notice).order_by("pk")
    return case, first, second


def test_the_second_resolution_replaces_the_first_notice(twice_resolved):
    case, first, second = twice_resolved
    assert first.status == DS.SUPERSEDED and first.superseded_by == second and first.superseded_at is not None
    assert second.status == DS.READY and second.superseded_by is None
    with second.file.open("rb") as handle:
        assert "已更换整段水管" in pdf_text(handle.read())
    [line] = case.events.filter(transition="document_superseded")
    assert line.public and line.data["serial"] == first.serial and line.data["superseded_by_serial"] == second.serial


def test_verifying_the_first_notice_says_it_was_replaced_and_names_the_new_serial(client, twice_resolved):
    _case, first, second = twice_resolved
    html = client.get(reverse("verify_document", args=[first.verify_code])).content.decode()
    assert 'data-result="superseded"' in html and 'data-result="genuine"' not in html
    assert second.serial in html
    assert 'data-result="genuine"' in client.get(reverse("verify_document", args=[second.verify_code])).content.decode()


def test_the_case_page_names_the_replacement_and_keeps_the_replaced_notice_downloadable(client, case_world, twice_resolved):
    case, first, second = twice_resolved
    client.force_login(case_world.post_a)
    html = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    assert second.serial in html.split("data-replaced-by>")[1].split("</small>")[0]
    response = client.get(reverse("cases_workbench_document", args=[case.pk, first.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_notice_replaced_before_its_pdf_was_made_is_still_rendered_and_stays_replaced(case_world):
    form = make_resident_form(case_world)
    notice = make_template(name="办结告知书", title="办结告知书", serial_prefix="镇赉办字")
    case = resident_case(case_world, form)
    with transaction.atomic():
        first = issue(notice, key="k1", case=case, trigger=T.RESOLVE)
        second = issue(notice, key="k2", case=case, trigger=T.RESOLVE)
        supersede_earlier(second)
    first = generate(first.pk)
    assert first.status == DS.SUPERSEDED and first.file
