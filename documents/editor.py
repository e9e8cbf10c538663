"""The documents room on the form page editor: the *Documents* tab and its check (see forms_app.seams)."""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import InlinePanel, ObjectList

from .placeholders import check

#: Which templates the form's cases receive on which trigger.
documents_tab = ObjectList([InlinePanel("document_rules", label=_("Documents issued"))], heading=_("Documents"))


def check_document_rules(page_form, outline):
    """A template attached to this form may only name answers this form has: say so now, not at issue."""
    formset = page_form.formsets.get("document_rules")
    if formset is None:
        return
    field_ids = set(outline.ids.values())
    for form in formset.forms:
        if not form.is_valid() or form.cleaned_data.get("DELETE"):
            continue
        template = form.cleaned_data.get("template")
        if template is not None:
            for problem in check(*template.texts(), answer_ids=field_ids):
                form.add_error("template", problem)
