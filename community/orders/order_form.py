"""The form page a resident's order (点单) is submitted to, so an order is an ordinary submission and case.

It is a form page of the kind *Service order*: the cases room opens a case for it as for every form, with
the same machine, deadlines and lights, and the tracking page speaks of 分单 / 派单 / 领单. Its questions
are found by their stable ids (``clean_name``), set when the page is made here; an editor may reword
the labels, add a category question or a deadline on its *Handling* panel as on any form.
"""
from cases.form_settings import set_case_settings
from forms_app.building import build_form_page
from forms_app.constants import FieldType, FormKind
from forms_app.models import FormPage

ORDER_FORM_SLUG = "diandan"
#: question id → (label, type, extra)
QUESTIONS = {
    "service": ("服务项目", FieldType.SINGLELINE, {}),
    "contact_name": ("联系人", FieldType.SINGLELINE, {"personal": True}),
    "phone": ("联系电话", FieldType.MOBILE, {}),
    "grid": ("所在网格", FieldType.REGION, {"required": False}),
    "need": ("需求说明", FieldType.MULTILINE, {"required": False}),
}


def order_form():
    """The live form page residents' orders go to (the first of the kind), or None."""
    return FormPage.objects.live().filter(kind=FormKind.ORDER).order_by("path").first()


def ensure_order_form(*, title="居民点单"):
    """The order form page, made beneath the forms index if there is none yet (the demo, a new site)."""
    page = order_form()
    if page is not None:
        return page
    # the workbench's one-line summary: what is needed
    return build_form_page(slug=ORDER_FORM_SLUG, title=title, questions=QUESTIONS, kind=FormKind.ORDER,
                           prepare=lambda page: set_case_settings(page, summary_question="need"),
                           intro="<p>从社区服务清单中选择服务下单，社区分单、街道派单、单位领单，办结后请您评价。</p>")
