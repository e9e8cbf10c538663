"""The two form pages of 星级文明户: the households' declaration and the public's objection.

Both are ordinary form pages, so a declaration and an objection are submissions that open cases in the cases room
(the *Handling* workflow: they stay open for the community, unlike the old self-rated record that was archived at
once). Their questions carry stable ids (``clean_name``), so the programme finds the household's name and the
objector's phone whatever an editor rewords. A declaration asks for no star level: the review gives it.
"""
from cases.constants import Workflow
from cases.form_settings import set_case_settings
from forms_app.building import build_form_page
from forms_app.constants import FieldType
from forms_app.models import FormPage

DECLARATION_SLUG = "xingji"
OBJECTION_SLUG = "xingji-yiyi"

#: question id → (label, type, extra)
DECLARATION_QUESTIONS = {
    "household": ("户主姓名", FieldType.SINGLELINE, {"max_length": 50, "personal": True}),
    "id_number": ("身份证号", FieldType.ID_NUMBER, {"required": False}),
    "address": ("家庭住址", FieldType.SINGLELINE, {"max_length": 200, "personal": True}),
    "grid": ("所在网格", FieldType.REGION, {}),
    "phone": ("联系电话", FieldType.MOBILE, {}),
    "deeds": ("主要事迹", FieldType.MULTILINE, {"max_length": 1000, "min_length": 10,
                                              "help_text": "孝老爱亲、邻里和睦、环境整洁、志愿服务……请写明具体事例。"}),
}
OBJECTION_QUESTIONS = {
    "household": ("异议对象", FieldType.SINGLELINE, {"max_length": 100}),
    "reason": ("异议理由", FieldType.MULTILINE, {"max_length": 1000}),
    "name": ("姓名", FieldType.SINGLELINE, {"max_length": 50, "personal": True, "required": False}),
    "phone": ("联系电话", FieldType.MOBILE, {}),
    "grid": ("所在网格", FieldType.REGION, {"required": False}),
}


def _ensure(slug, *, title, intro, questions, summary, prefix, confirmation=""):
    page = FormPage.objects.filter(slug=slug).first()
    if page is not None:
        return page
    return build_form_page(
        slug=slug, title=title, questions=questions, intro=intro, confirmation_text=confirmation,
        prepare=lambda page: set_case_settings(page, workflow=Workflow.HANDLING, summary_question=summary,
                                               reference_prefix=prefix))


def ensure_declaration_form():
    """The declaration form page (slug ``xingji``), made beneath the forms index if there is none yet."""
    return _ensure(DECLARATION_SLUG, title="星级文明户申报", questions=DECLARATION_QUESTIONS, summary="deeds",
                   prefix="XJ",
                   intro="<p>孝老爱亲、邻里和睦、环境整洁、热心公益……欢迎申报星级文明户。社区按评选标准逐项评分，"
                         "星级由评议结果确定，名单公示无异议后授星。</p>"
                         '<p>公示名单和光荣榜：<a href="/stars/">星级文明户公示</a>。</p>',
                   confirmation="<p>申报已收到。社区评议后，拟评名单将在网上公示。</p>")


def ensure_objection_form():
    """The objection form page (slug ``xingji-yiyi``); the public pages submit to it for the household chosen."""
    return _ensure(OBJECTION_SLUG, title="星级文明户公示异议", questions=OBJECTION_QUESTIONS, summary="reason",
                   prefix="YY",
                   intro='<p>请在<a href="/stars/">星级文明户公示</a>页面选择具体家庭，点击“提出异议”，说明理由并留下'
                         "联系电话，社区将核实并答复。</p>",
                   confirmation="<p>异议已收到，社区将核实处理，您可以凭查询链接查看进度。</p>")
