"""Residents who agree to SMS notices: a form that asks for a mobile number and the consent, and its cases."""
from .cases import make_case
from .forms import make_form

PHONE = "13812345678"
PHONE_LABEL, CONSENT_LABEL = "联系电话", "我同意接收办理进度短信"


def make_sms_form(*, title="居民诉求（短信）", slug="su-qiu-sms", **page_kwargs):
    """A request form whose *Handling* settings send SMS notices to its phone question, with the resident's tick."""
    return make_form([("联系邮箱", "email", {"required": False}), (PHONE_LABEL, "mobile"),
                      (CONSENT_LABEL, "checkbox", {"required": False}), ("问题描述", "multiline")],
                     title=title, slug=slug, **{"sms_phone_question": PHONE_LABEL,
                                                "sms_consent_question": CONSENT_LABEL, **page_kwargs})


def sms_case(world, form, *, consent=True, phone=PHONE, email=""):
    """A case of ``form`` in grid 1 (routed to team A), opened as the resident's submission opens it."""
    ids = {f.label: f.clean_name for f in form.form_fields.all()}
    answers = {ids["问题描述"]: "楼道水管漏水", ids[PHONE_LABEL]: phone, ids[CONSENT_LABEL]: consent}
    if email:
        answers[ids["联系邮箱"]] = email
    return make_case(form, world.grid1, answers, category=world.category)
