"""The workbench's input forms, one per transition, made from the inputs the transition table declares.

They validate what the staff member typed before the workflow runs; the workflow checks again.
"""
from functools import cache

from django import forms
from django.utils.translation import gettext_lazy as _

from forms_app.uploads import check_upload
from organisation.constants import Triage
from organisation.models import Department

from .. import machine, parts_machine
from ..constants import RevealReason
from ..workflow import CASE_FILE_MAX_BYTES, CASE_FILE_TYPES

CASE_FILES_AT_MOST = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CaseFilesField(forms.FileField):
    """Several files at once, each checked by its content (photos or PDF, up to 20 MB each)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, (list, tuple)) else [data]
        if len(items) > CASE_FILES_AT_MOST:
            raise forms.ValidationError(_("Attach at most %(count)d files.") % {"count": CASE_FILES_AT_MOST})
        files = [super(CaseFilesField, self).clean(item, initial) for item in items]
        for upload in files:
            check_upload(upload, allowed_types=CASE_FILE_TYPES, max_bytes=CASE_FILE_MAX_BYTES)
        return files


def text_field(item, required, max_length=4000):
    return forms.CharField(label=item.label, required=required, max_length=max_length, help_text=item.help,
                           widget=forms.Textarea(attrs={"rows": item.rows}))


#: How the workbench asks for each kind of input the transition table declares.
FIELDS = {
    "text": lambda item, required: text_field(item, required),
    "line": lambda item, required: forms.CharField(label=item.label, required=required, max_length=1000),
    "triage": lambda item, required: forms.ChoiceField(
        label=item.label, choices=[("", _("— keep as is —")), *Triage.choices], required=False),
    "department": lambda item, required: forms.ModelChoiceField(
        label=item.label, queryset=Department.objects.none(), required=required),
    "co_unit": lambda item, required: forms.ModelChoiceField(
        label=item.label, queryset=Department.objects.none(), required=required),
    "co_units": lambda item, required: forms.ModelMultipleChoiceField(
        label=item.label, queryset=Department.objects.none(), required=required, help_text=item.help),
    "hours": lambda item, required: forms.IntegerField(
        label=item.label, required=required, min_value=1, max_value=24 * 365, help_text=item.help),
    "files": lambda item, required: CaseFilesField(label=item.label, required=required, help_text=item.help),
    "rating": lambda item, required: forms.TypedChoiceField(
        label=item.label, required=required, coerce=int, empty_value=None,
        choices=[("", "—"), *((n, str(n)) for n in range(5, 0, -1))],
        help_text=_("5: very satisfied … 1: very unsatisfied.")),
}


class ActionForm(forms.Form):
    """Base: every action form posts the state the page was rendered in, to detect a stale page."""

    expected_state = forms.CharField(widget=forms.HiddenInput)
    transition = None  # the machine's Transition this form is for

    def __init__(self, *args, case=None, user=None, suggested=None, **kwargs):
        self.case, self.user = case, user
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["expected_state"].initial = case.state
        for item in self.transition.inputs:
            field = self.fields[item.field_name]
            if item.kind == "department":
                # a team located in a retired region is no longer offered for dispatch
                field.queryset = Department.objects.filter(region__retired=False).select_related("region").order_by(
                    "code")
                if suggested is not None:
                    field.initial = suggested.pk
            elif item.kind in ("co_unit", "co_units"):  # 协办: any department but the lead
                field.queryset = Department.objects.select_related("region").order_by("code").exclude(
                    pk=getattr(case, "department_id", None) or 0)
            elif item.kind == "triage" and case is not None:
                field.initial = case.triage or (case.category.default_triage if case.category_id else "")

    def service_kwargs(self):
        """Keyword arguments for the workflow service (besides case, by, expected_state)."""
        return {item.name: self.cleaned_data[item.field_name] for item in self.transition.inputs}


class PartActionForm(ActionForm):
    """协办: a part's action posts the part's state the page was rendered in (a stale page is told so)."""

    def __init__(self, *args, part=None, **kwargs):
        self.part = part
        super().__init__(*args, **kwargs)
        if part is not None:
            self.fields["expected_state"].initial = part.state


@cache
def form_for(name):
    """The input form of the staff transition ``name``."""
    spec = machine.TRANSITIONS[name]
    fields = {item.field_name: FIELDS[item.kind](item, bool(item.required)) for item in spec.inputs}
    return type(f"{name.title().replace('_', '')}Form", (ActionForm,), {"transition": spec, **fields})


@cache
def part_form_for(name):
    """The input form of the part transition ``name`` (cases.parts_machine)."""
    spec = parts_machine.PART_TRANSITIONS[name]
    fields = {item.field_name: FIELDS[item.kind](item, bool(item.required)) for item in spec.inputs}
    return type(f"{name.title().replace('_', '')}Form", (PartActionForm,), {"transition": spec, **fields})


def bulk_actions():
    return [(t.name, t.action) for t in machine.staff_actions() if t.bulk]


class BulkForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=bulk_actions)
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), error_messages={
        "required": _("Select at least one case.")})
    department = forms.ModelChoiceField(label=_("Department"),
                                        queryset=Department.objects.filter(region__retired=False).order_by("code"),
                                        required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any integer is accepted here; which ids the user may act on is decided per case by the view.
        self.fields["ids"].valid_value = lambda value: True

    def clean(self):
        data = super().clean()
        if data.get("action") == "dispatch" and not data.get("department"):
            self.add_error("department", machine.TRANSITIONS["dispatch"].input("to").required)
        return data


class RevealForm(forms.Form):
    """Why a staff member asks to see a resident's personal data (cases.admin.reveal)."""

    reason = forms.ChoiceField(label=_("Why do you need it?"), choices=RevealReason.choices)
    detail = forms.CharField(label=_("Details"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("reason") == RevealReason.OTHER and not (data.get("detail") or "").strip():
            self.add_error("detail", _("Say why you need to see the personal data."))
        return data


class EraseForm(forms.Form):
    """A resident's request to erase their data (cases.admin.reveal.subject_erase)."""

    why = forms.CharField(label=_("The resident's request"), max_length=500,
                          help_text=_("When and how the resident asked, e.g. a letter of 3 May."))
    confirm = forms.BooleanField(label=_("I understand this cannot be undone."))
