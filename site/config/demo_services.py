"""The demo's 便民服务: the service guide (办事指南) under the forms index with the county's 13 common services,
eleven of them certificates applied for online (each its form, certificate template and time limit), two guides
to services applied for elsewhere; a refusal notice shared by all; two applications (one waiting in the queue,
one approved with its certificate). Built through the programme's own builder and the cases room's services;
idempotent (skipped when the guide exists)."""
import re
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction

from cases import workflow
from cases.services import case_open
from documents.constants import DocumentKind
from documents.models import DocumentTemplate
from forms_app import search
from forms_app.models import FormField, FormPage, FormsIndexPage, Submission
from organisation.models import Category, Department, Region
from programmes.models import ServiceGuidePage
from programmes.services_guide.building import (
    ADDRESS,
    CONSENT,
    GRID,
    ID_NUMBER,
    NAME,
    PHONE,
    PLEDGE,
    PURPOSE,
    ServiceSpec,
    add_service,
    answer_ids,
    application_fields,
)

from .demo_services_data import ELSEWHERE, HOURS, OFFICE, REFUSAL_BODY, SERVICES
from .demo_services_data import PHONE as OFFICE_PHONE

GUIDE = dict(title="便民服务办事指南", slug="banshi",
             intro="<p>居住证明、家庭关系证明等常用证明在线申请，网上办、掌上办，办结后在线下载电子证明，扫码即可核验真伪。</p>",
             search_description="13项便民服务：在线申请证明，查看办理时限、所需材料和办理地点。")
ISSUER_COMMUNITY = "镇赉镇幸福社区居民委员会"
CERTIFICATE_FOOTER = "本证明由系统生成，扫描二维码或登录核验页面输入核验码可核验真伪。"
#: the applications the demo starts with: service slug, applicant, phone, grid, what for, how far along
APPLICATIONS = [
    ("juzhu", "王秀英", "13900000011", "220821100001-01", "子女入学", "submitted"),
    ("juzhu", "刘建国", "13900000012", "220821100001-02", "办理社保", "resolved"),
]


def seed_services():
    """The guide, its services, their forms and templates, and two applications (skipped once the guide exists)."""
    if ServiceGuidePage.objects.exists():
        return
    index = FormsIndexPage.objects.get(slug="fuwu")
    guide = ServiceGuidePage(**GUIDE)
    index.add_child(instance=guide)
    guide.save_revision().publish()
    category, _created = Category.objects.get_or_create(
        code="certificates", defaults={"name": "便民服务", "default_department": Department.objects.get(code="xf-grid"),
                                       "deadline_hours": 72, "working_days_only": True})
    refusal = _template("便民服务不予办理通知书", "不予办理通知书", REFUSAL_BODY, "镇赉便不字", DocumentKind.NOTICE)
    receipt = DocumentTemplate.objects.filter(name="受理回执").first()
    for number, row in enumerate(SERVICES, start=1):
        add_service(guide, _spec(number, row, category=category, refusal=refusal, receipt=receipt))
    _applications()


def _spec(number, row, *, category, refusal, receipt):
    slug, title, summary, purpose, eligibility, materials, days, cert_title, sentence, extra = row
    extra_fields = [FormField(label=label, field_type=kind, **options) for label, kind, options in extra]
    certificate = None
    if days is not None:
        ids = answer_ids(application_fields(extra_fields))
        certificate = _template(f"{title}（证明）", cert_title, _certificate_body(sentence, ids),
                                f"镇赉便证{number:02d}字", DocumentKind.CERTIFICATE)
    return ServiceSpec(
        title=title, slug=slug, summary=summary, purpose=f"<p>{purpose}</p>", eligibility=f"<p>{eligibility}</p>",
        materials="<ul>" + "".join(f"<li>{item}</li>" for item in materials) + "</ul>", office=OFFICE,
        office_hours=HOURS, phone=OFFICE_PHONE, where_else=ELSEWHERE.get(slug, ""), days=days, category=category,
        certificate=certificate, refusal=refusal if certificate else None, receipt=receipt if certificate else None,
        extra_fields=extra_fields, prefix=f"BM{number:02d}")


def _certificate_body(sentence, ids):
    """The certificate's text: the sentence with the resident's details and answers as placeholders."""
    text = sentence.format(name="<strong>{{ resident_name }}</strong>", id="{{ id_number_masked }}",
                           address="{{ address }}")
    text = re.sub(r"\[([^\]]+)\]", lambda m: "{{ answer.%s }}" % ids[m.group(1)], text)
    return (f"<p>{text}</p><p>特此证明。</p><p>受理编号：{{{{ reference }}}}　开具日期：{{{{ issued_date }}}}</p>"
            "<p>本证明自开具之日起三个月内有效。</p>")


def _template(name, title, body, prefix, kind):
    seal = DocumentTemplate.objects.filter(seal__isnull=False).values_list("seal", flat=True).first()
    template, _created = DocumentTemplate.objects.get_or_create(name=name, defaults=dict(
        title=title, body=body, serial_prefix=prefix, kind=kind, issuer=ISSUER_COMMUNITY,
        footer=CERTIFICATE_FOOTER if kind == DocumentKind.CERTIFICATE else "", seal_id=seal))
    return template


def _applications():
    """One application waiting in the 居住证明 queue and one approved (its certificate issued by the rule)."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["dispatcher", "handler"])}
    team = Department.objects.get(code="xf-grid")
    for slug, name, phone, grid, purpose, stage in APPLICATIONS:
        form = FormPage.objects.get(slug=f"{slug}-shenqing")
        fields = list(form.form_fields.all())
        ids = {f.label: f.clean_name for f in fields}
        region = Region.objects.get(code=grid)
        with transaction.atomic():
            submission = Submission.objects.create(
                page=form, revision_id=form.live_revision_id, submission_key=uuid.uuid4().hex, region=region,
                form_data={ids[NAME]: name, ids[ID_NUMBER]: "220821196001010029", ids[PHONE]: phone,
                           ids[CONSENT]: True, ids[ADDRESS]: f"{region.get_parent().name}6号楼1单元302室",
                           ids[GRID]: region.pk, ids[PURPOSE]: purpose, ids[PLEDGE]: True})
            search.index(submission, fields)  # as the resident flow does
            case = case_open(submission=submission, form=form, region=region)
        if stage == "submitted":
            continue
        case = workflow.case_accept(case=case, by=users["dispatcher"])
        case = workflow.case_dispatch(case=case, to=team, by=users["dispatcher"])
        case = workflow.case_claim(case=case, by=users["handler"])
        workflow.case_resolve(case=case, by=users["handler"], result="经核实，申请人确在本社区居住，予以开具居住证明。")
