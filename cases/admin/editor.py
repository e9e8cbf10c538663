"""The cases room on the form page editor: the *Handling* panel and its checks (see forms_app.seams)."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import InlinePanel

from forms_app.constants import FieldType, FormKind

from ..constants import Workflow

#: The form's case settings on its *Form settings* tab; a form has at most one row (none: the defaults).
handling_panel = InlinePanel("case_settings", heading=gettext_lazy("Handling"), label=gettext_lazy("Handling"),
                             max_num=1)


def check_handling(page_form, outline):
    """The category and summary questions must name questions of the form (stored as their field ids), and an
    inspection must be a check-up form with check-up items: its score decides whether a case opens."""
    formset = page_form.formsets.get("case_settings")
    if formset is None:
        return
    for form in formset.forms:
        if not form.is_valid() or form.cleaned_data.get("DELETE"):
            continue
        check_category_question(form, outline)
        check_question(form, outline, "summary_question")
        check_inspection(form, outline)
        check_sms_questions(form, outline)


def check_category_question(form, outline):
    check_question(form, outline, "category_question")


def check_question(form, outline, name):
    """The setting ``name`` names a question of the form: stored as its field id, refused otherwise."""
    question = (form.cleaned_data.get(name) or "").strip()
    if not question:
        return
    field_id = outline.field_id(question)
    if field_id is None:
        form.add_error(name, _("“%(name)s” is not the label or id of a question of this form.") % {"name": question})
    else:
        form.cleaned_data[name] = field_id
        setattr(form.instance, name, field_id)


def check_inspection(form, outline):
    if form.cleaned_data.get("workflow") != Workflow.INSPECTION:
        return
    if outline.kind != FormKind.CHECKUP:
        form.add_error("workflow", _("The inspection workflow is for check-up forms: set the form's kind to "
                                     "check-up, or choose another workflow."))
    elif FieldType.CHECKUP_ITEM not in outline.types.values():
        form.add_error("workflow", _("An inspection is scored by its check-up items: add at least one "
                                     "check-up item question, or choose another workflow."))


#: the setting → (the question type it must name, the message when it names another, the message when it is missing)
SMS_QUESTIONS = {
    "sms_phone_question": (FieldType.MOBILE, gettext_lazy("SMS notices go to a mobile phone number question."),
                           gettext_lazy("Name the mobile phone number question the SMS notices go to.")),
    "sms_consent_question": (FieldType.CHECKBOX,
                             gettext_lazy("The SMS consent question must be a checkbox the resident may leave "
                                          "unticked."),
                             gettext_lazy("Name the checkbox the resident ticks to agree to SMS notices: without "
                                          "their consent none is sent.")),
}


def check_sms_questions(form, outline):
    """SMS notices need both settings: the mobile number they go to and the checkbox that records the consent."""
    named = {name: (form.cleaned_data.get(name) or "").strip() for name in SMS_QUESTIONS}
    if not any(named.values()):
        return
    for name, (field_type, wrong_type, missing) in SMS_QUESTIONS.items():
        if not named[name]:
            form.add_error(name, str(missing))
            continue
        check_question(form, outline, name)
        field_id = form.cleaned_data.get(name) if name not in form.errors else None
        if field_id is not None and outline.types.get(field_id) != field_type:
            form.add_error(name, str(wrong_type))
