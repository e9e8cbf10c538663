"""§1 便民服务: the service guide's pages, an application as a case due within the service's time limit, the
certificate issued on approval and the notice on refusal (the form's document rules), and the staff's queues."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import clock
from cases import workflow as wf
from cases.constants import CaseState as S
from cases.deadlines import add_hours
from cases.models import Case, Notice
from cases.workflow import CaseActionError
from documents.constants import DocumentStatus
from documents.models import Document
from forms_app.constants import FieldType
from organisation.constants import StaffRole
from tests.factories import (
    forms_index,
    make_category,
    make_form,
    make_member,
    make_submission,
    make_template,
    pdf_text,
    valid_id_number,
)

pytestmark = pytest.mark.django_db

CERTIFICATE = ("<p>兹证明{{ resident_name }}（身份证号{{ id_number_masked }}）现居住于{{ address }}，"
               "此证明用于{{ answer.zheng_ming_yong_tu }}。</p>")
REFUSAL = "<p>{{ resident_name }}：您申请的“{{ form_title }}”不予办理。理由：{{ reason }}</p>"


@pytest.fixture
def guide(case_world):
    """A guide with 居住证明 (3 working days, certificate and refusal) and a guide-only service."""
    from programmes.models import ServiceGuidePage
    from programmes.services_guide.building import ServiceSpec, add_service

    world = case_world
    world.guide = ServiceGuidePage(title="便民服务办事指南", slug="banshi")
    forms_index().add_child(instance=world.guide)
    world.guide.save_revision().publish()
    world.cert_category = make_category(code="cert", name="便民服务", default_department=world.team_a,
                                        deadline_hours=120, working_days_only=True)
    world.certificate = make_template(name="居住证明", title="居住证明", body=CERTIFICATE, serial_prefix="镇赉便证",
                                      kind="certificate")
    world.refusal = make_template(name="不予办理通知书", title="不予办理通知书", body=REFUSAL, serial_prefix="镇赉便不")
    world.service = add_service(world.guide, ServiceSpec(
        title="居住证明", slug="juzhu", summary="证明在本社区实际居住。", purpose="<p>证明实际居住情况。</p>",
        eligibility="<p>在本社区居住满六个月的居民。</p>", materials="<ul><li>居民身份证</li></ul>",
        office="幸福社区党群服务中心便民窗口", days=3, category=world.cert_category,
        certificate=world.certificate, refusal=world.refusal))
    world.guide_only = add_service(world.guide, ServiceSpec(
        title="无犯罪记录申请指引", slug="wufanzui", purpose="<p>由公安机关开具。</p>", eligibility="<p>本县居民。</p>",
        materials="<p>居民身份证</p>", office="县公安局户籍窗口", where_else="<p>请到派出所申请。</p>"))
    world.form = world.service.application_form
    world.ids = {f.label: f.clean_name for f in world.form.form_fields.all()}
    return world


def apply(world, *, name="李堃喆", purpose="子女入学", region=None):
    ids = world.ids
    answers = {ids["申请人姓名"]: name, ids["身份证号"]: valid_id_number(), ids["手机号码"]: "13800138000",
               ids["我同意接收办理进度短信"]: True, ids["居住地址"]: "幸福社区3号楼2单元501室",
               ids["所在网格"]: (region or world.grid1).pk, ids["证明用途"]: purpose,
               ids["本人承诺所填信息真实有效"]: True}
    submission = make_submission(world.form, answers, region=region or world.grid1)
    return Case.objects.get(submission=submission)


def approve(world, case, result="经核实，确在本社区居住。"):
    case = wf.case_accept(case=case, by=world.dispatcher)
    case = wf.case_dispatch(case=case, to=world.team_a, by=world.dispatcher)
    case = wf.case_claim(case=case, by=world.handler)
    return wf.case_resolve(case=case, by=world.handler, result=result)


def test_the_guide_lists_each_service_with_its_time_limit_fee_and_whether_it_is_applied_for_online(guide, client):
    page = client.get(guide.guide.url).content.decode()
    assert "居住证明" in page and "无犯罪记录申请指引" in page and "证明在本社区实际居住。" in page
    assert guide.service.time_limit == "3个工作日" and "3个工作日" in page
    assert "免费" in page and "在线申请" in page and "仅提供办事指南" in page


def test_a_service_page_says_what_who_which_materials_where_and_links_to_its_form(guide, client):
    page = client.get(guide.service.url).content.decode()
    for text in ("证明实际居住情况。", "在本社区居住满六个月的居民。", "居民身份证", "幸福社区党群服务中心便民窗口",
                 "3个工作日", f'href="{guide.form.url}"'):
        assert text in page, text
    other = client.get(guide.guide_only.url).content.decode()
    assert "请到派出所申请。" in other and 'id="service-apply"' not in other


def test_the_guide_speaks_english_to_a_resident_who_asks_for_it(guide):
    from django.test import Client

    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = english.get(guide.service.url).content.decode()
    for text in ("Time limit", "3 working days", "Free of charge", "Who may apply", "Materials needed", "Apply online"):
        assert text in page, text


def test_the_application_form_lives_under_the_guide_and_is_not_listed_among_the_forms(guide, client):
    assert guide.form.get_parent().pk == guide.guide.pk
    home = client.get(forms_index().url).content.decode()
    assert guide.guide.url in home and guide.form.url not in home


def test_an_application_is_a_case_due_within_the_services_time_limit(guide):
    case = apply(guide)
    assert case.state == S.SUBMITTED and case.category == guide.cert_category
    assert case.due_at == add_hours(case.created_at, 72, working_days_only=True)


def test_dispatching_an_application_keeps_the_due_time_the_applicant_was_promised(guide):
    case = apply(guide)
    promised = case.due_at
    clock.travel(timedelta(hours=20))
    case = wf.case_dispatch(case=wf.case_accept(case=case, by=guide.dispatcher), to=guide.team_a, by=guide.dispatcher)
    assert case.due_at == promised
    case = wf.case_return(case=wf.case_claim(case=case, by=guide.handler), by=guide.handler, reason="不属本网格")
    clock.travel(timedelta(hours=5))
    case = wf.case_dispatch(case=case, to=guide.team_a, by=guide.dispatcher)
    assert case.due_at == promised  # a second dispatch does not give the service more time either


def test_a_request_forms_deadline_still_starts_again_at_each_dispatch(case_world):
    form = make_form([("问题描述", FieldType.MULTILINE)], title="环境问题反映", deadline_hours=48)
    case = Case.objects.get(submission=make_submission(form, {}, region=case_world.grid1))
    clock.travel(timedelta(hours=20))
    case = wf.case_dispatch(case=wf.case_accept(case=case, by=case_world.dispatcher), to=case_world.team_a,
                            by=case_world.dispatcher)
    assert abs(case.due_at - (clock.now() + timedelta(hours=48))) < timedelta(seconds=5)


def test_approval_issues_the_certificate_with_the_applicant_serial_and_verification(guide, client,
                                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = approve(guide, apply(guide))
    [certificate] = Document.objects.filter(case=case, template=guide.certificate)
    assert certificate.status == DocumentStatus.READY
    with certificate.file.open("rb") as handle:
        text = pdf_text(handle.read())
    number = valid_id_number()
    for expected in ("居住证明", "李堃喆", number[:4] + "*" * 10 + number[-4:], "幸福社区3号楼2单元501室", "子女入学",
                     certificate.serial, f"/verify/{certificate.verify_code}/"):
        assert expected in text, expected
    assert number not in text
    tracking = client.get(f"/track/{case.tracking_token}/").content.decode()
    assert certificate.serial in tracking or "居住证明" in tracking
    assert Notice.objects.filter(case=case, kind="resolved", channel="sms").exists()  # the resident is told


def test_refusal_issues_the_notice_with_the_reason_and_no_certificate(guide, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = wf.case_reject(case=apply(guide), by=guide.dispatcher, reason="居住未满六个月，请补充租赁合同后再申请。")
    [notice] = Document.objects.filter(case=case)
    assert notice.template == guide.refusal and notice.status == DocumentStatus.READY
    with notice.file.open("rb") as handle:
        assert "居住未满六个月，请补充租赁合同后再申请。" in pdf_text(handle.read())


def test_a_refusal_without_a_reason_is_refused_and_changes_nothing(guide):
    case = apply(guide)
    with pytest.raises(CaseActionError) as refused:
        wf.case_reject(case=case, by=guide.dispatcher, reason="  ")
    assert refused.value.message
    case.refresh_from_db()
    assert case.state == S.SUBMITTED and not Document.objects.filter(case=case).exists()
    assert list(case.events.values_list("transition", flat=True)) == ["submit"]


def test_staff_see_a_queue_per_service_in_their_reach_the_soonest_due_first(guide, client):
    first, second = apply(guide, name="王秀英"), apply(guide, name="刘建国")
    done = approve(guide, apply(guide, name="张镕赟"))
    elsewhere = make_member(StaffRole.DISPATCHER, region=guide.grid2, username="grid2_dispatcher")
    client.force_login(guide.dispatcher)
    index = client.get(reverse("services_guide_index")).content.decode()
    assert "居住证明" in index and "无犯罪记录申请指引" not in index
    queue = client.get(reverse("services_guide_queue", args=[guide.service.pk])).content.decode()
    assert queue.index(first.reference) < queue.index(second.reference) and done.reference not in queue
    assert "3个工作日" in queue and "王秀英" not in queue  # applicants' names stay masked
    client.force_login(elsewhere)
    assert first.reference not in client.get(reverse("services_guide_queue", args=[guide.service.pk])).content.decode()


def test_the_queue_refuses_strangers_and_unknown_services(guide, client):
    assert client.get(reverse("services_guide_index")).status_code == 302  # to the sign-in
    client.force_login(guide.dispatcher)
    assert client.get(reverse("services_guide_queue", args=[guide.guide_only.pk])).status_code == 404
    assert client.get(reverse("services_guide_queue", args=[999999])).status_code == 404


def test_a_service_page_refuses_an_application_form_that_issues_nothing(guide):
    survey = make_form([("意见", "multiline")], title="满意度调查", slug="diaocha", kind="survey", workflow="record")
    guide.service.application_form = survey
    with pytest.raises(ValidationError) as refused:
        guide.service.full_clean()
    assert "application_form" in refused.value.message_dict


def test_editors_add_services_and_their_forms_under_the_guide_and_the_guide_under_the_forms_index(guide, client,
                                                                                                django_user_model):
    from forms_app.models import FormPage, FormsIndexPage
    from programmes.models import ServiceGuidePage, ServicePage

    assert ServiceGuidePage.can_create_at(forms_index()) and FormPage.can_create_at(forms_index())
    assert ServicePage.can_create_at(guide.guide) and FormPage.can_create_at(guide.guide)
    assert not ServicePage.can_create_at(forms_index()) and not FormsIndexPage.can_create_at(guide.guide)
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.invalid", "x"))
    for model in ("programmes/servicepage", "forms_app/formpage"):
        assert client.get(f"/admin/pages/add/{model}/{guide.guide.pk}/").status_code == 200, model
    assert client.get(f"/admin/pages/{guide.service.pk}/edit/").status_code == 200


def test_the_guide_costs_the_same_queries_with_one_service_online_or_three(guide, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programmes.services_guide.building import ServiceSpec, add_service

    def queries():
        client.get(guide.guide.url)  # warm: each form's published settings are read once
        with CaptureQueriesContext(connection) as captured:
            assert client.get(guide.guide.url).status_code == 200
        return len(captured)

    before = queries()
    for slug in ("jiating", "kunnan"):
        add_service(guide.guide, ServiceSpec(
            title=slug, slug=slug, purpose="<p>证明。</p>", eligibility="<p>居民。</p>", materials="<p>身份证</p>",
            office="便民窗口", days=5, category=guide.cert_category, certificate=guide.certificate,
            refusal=guide.refusal))
    assert queries() == before
