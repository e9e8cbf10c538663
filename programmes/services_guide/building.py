"""A service of the guide built in code the way an editor builds it in the admin: its application form (a request
form under the guide, with the deadline, category and SMS questions of its *Handling* panel and the certificate,
refusal and receipt on its *Documents* tab) and its service page linking to it. The demo and the tests use it;
nothing here is needed to run the programme, which editors configure without code."""
from dataclasses import dataclass, field

from django.db import transaction

from cases.constants import DeadlineStart, Trigger, Workflow
from cases.form_settings import set_case_settings
from documents.models import FormDocumentRule
from forms_app.constants import FieldType, FormKind
from forms_app.models import FormField, FormPage

from ..models import ServicePage

NAME, ID_NUMBER, PHONE, ADDRESS, GRID = "申请人姓名", "身份证号", "手机号码", "居住地址", "所在网格"
PURPOSE, CONSENT, PLEDGE = "证明用途", "我同意接收办理进度短信", "本人承诺所填信息真实有效"
MATERIALS = "申请材料照片"


def application_fields(extra=()):
    """The questions every certificate asks (the applicant, where they live, what the certificate is for),
    with ``extra`` (FormField instances) before the pledge."""
    return [
        FormField(label=NAME, field_type=FieldType.SINGLELINE, max_length=50, personal=True),
        FormField(label=ID_NUMBER, field_type=FieldType.ID_NUMBER, help_text="提交后将隐藏中间位数，证明上只印部分号码。"),
        FormField(label=PHONE, field_type=FieldType.MOBILE),
        FormField(label=CONSENT, field_type=FieldType.CHECKBOX, required=False,
                  help_text="勾选后，受理和办结进度将以短信发到上面的手机号码。"),
        FormField(label=ADDRESS, field_type=FieldType.SINGLELINE, max_length=200, personal=True),
        FormField(label=GRID, field_type=FieldType.REGION, help_text="您居住的社区网格，由该社区办理。"),
        FormField(label=PURPOSE, field_type=FieldType.SINGLELINE, max_length=100,
                  help_text="例如：子女入学、办理社保、银行业务。"),
        *extra,
        FormField(label=MATERIALS, field_type=FieldType.FILE, required=False, upload_types="jpg,png,heic,pdf",
                  max_upload_mb=10, help_text="可上传办事指南所列材料的照片或PDF，也可到窗口出示原件。"),
        FormField(label=PLEDGE, field_type=FieldType.CONSENT),
    ]


@dataclass
class ServiceSpec:
    """What a service page says, and how its application is handled (``days``: the time limit in days, counted
    as the category counts them; ``certificate``/``refusal``/``receipt``: document templates)."""

    title: str
    slug: str
    purpose: str
    eligibility: str
    materials: str
    office: str
    summary: str = ""
    fee: str = ""
    office_hours: str = ""
    phone: str = ""
    where_else: str = ""
    days: int | None = None
    category: object = None
    certificate: object = None
    refusal: object = None
    receipt: object = None
    extra_fields: list = field(default_factory=list)
    prefix: str = "BM"


def answer_ids(fields):
    """{label: field id} of FormFields not yet saved (the ids a template's ``{{ answer.<id> }}`` names)."""
    return {f.label: f.get_field_clean_name() for f in fields}


@transaction.atomic
def add_service(guide, spec: ServiceSpec):
    """The service page under ``guide`` and, when it has a certificate, its application form; returns the page."""
    form = _application_form(guide, spec) if spec.certificate is not None else None
    page = ServicePage(title=spec.title, slug=spec.slug, summary=spec.summary, purpose=spec.purpose,
                       eligibility=spec.eligibility, materials=spec.materials, fee=spec.fee, office=spec.office,
                       office_hours=spec.office_hours, phone=spec.phone, where_else=spec.where_else,
                       application_form=form)
    guide.add_child(instance=page)
    page.save_revision().publish()
    return page


def _application_form(guide, spec):
    fields = application_fields(spec.extra_fields)
    ids = answer_ids(fields)
    form = FormPage(title=f"{spec.title}申请", slug=f"{spec.slug}-shenqing", kind=FormKind.REQUEST,
                    intro=f"<p>{spec.summary}</p>" if spec.summary else "",
                    confirmation_text="<p>申请已收到。办结后可在查询页面下载电子证明，并可扫码核验真伪。</p>",
                    privacy_notice="<p>您的身份信息仅用于开具本证明，证明上只印部分身份证号码。</p>")
    set_case_settings(form, workflow=Workflow.HANDLING, reference_prefix=spec.prefix,
                      deadline_hours=spec.days * 24 if spec.days else None,
                      deadline_starts=DeadlineStart.SUBMISSION, default_category=spec.category,
                      summary_question=ids[PURPOSE], sms_phone_question=ids[PHONE], sms_consent_question=ids[CONSENT])
    for order, question in enumerate(fields):
        question.sort_order = order
        form.form_fields.add(question)
    rules = [(Trigger.SUBMIT, spec.receipt), (Trigger.RESOLVE, spec.certificate), (Trigger.REJECT, spec.refusal)]
    for order, (trigger, template) in enumerate(rules):
        if template is not None:
            form.document_rules.add(FormDocumentRule(trigger=trigger, template=template, sort_order=order))
    guide.add_child(instance=form)
    form.save_revision().publish()
    return form
