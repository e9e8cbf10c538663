"""Small forms, one per transition: they validate what the staff member typed before the workflow runs."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import Triage
from ..models import Department


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class ActionForm(forms.Form):
    """Base: every action form posts the state the page was rendered in, to detect a stale page."""

    expected_state = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, case=None, user=None, **kwargs):
        self.case, self.user = case, user
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["expected_state"].initial = case.state

    def service_kwargs(self):
        """Keyword arguments for the workflow service (besides case, by, expected_state)."""
        return {}


def _text(label, *, rows=3, max_length=4000):
    return forms.CharField(label=label, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}))


class AcceptForm(ActionForm):
    triage = forms.ChoiceField(label=_("Triage"), choices=[("", _("— keep as is —")), *Triage.choices],
                               required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["triage"].initial = self.case.triage or (
                self.case.category.default_triage if self.case.category_id else "")

    def service_kwargs(self):
        return {"triage": self.cleaned_data["triage"]}


class RejectForm(ActionForm):
    reason = _text(_("Reason"))

    def service_kwargs(self):
        return {"reason": self.cleaned_data["reason"]}


class ReturnForm(RejectForm):
    pass


class EscalateForm(RejectForm):
    pass


class ReopenForm(RejectForm):
    pass


class DispatchForm(ActionForm):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    due_hours = forms.IntegerField(
        label=_("Hours allowed"), required=False, min_value=1, max_value=24 * 365,
        help_text=_("Leave empty to use the deadline of the form or category."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, suggested=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.select_related("region").order_by("code")
        if suggested is not None:
            self.fields["department"].initial = suggested.pk

    def service_kwargs(self):
        return {"to": self.cleaned_data["department"], "due_hours": self.cleaned_data["due_hours"],
                "note": self.cleaned_data["note"]}


class ClaimForm(ActionForm):
    pass


class ArchiveForm(ActionForm):
    pass


class ConsultForm(ActionForm):
    participants = forms.CharField(label=_("Participants"), max_length=1000)
    topic = _text(_("Topic"), rows=2)

    def service_kwargs(self):
        return {"participants": self.cleaned_data["participants"], "topic": self.cleaned_data["topic"]}


class EndConsultationForm(ActionForm):
    minutes = _text(_("Minutes"), rows=4)

    def service_kwargs(self):
        return {"minutes": self.cleaned_data["minutes"]}


# The same limits as cases.workflow._store_case_file, checked here so a bad file is a form error.
CASE_FILE_TYPES = {"jpg", "png", "gif", "webp", "heic", "pdf"}
CASE_FILE_MAX_BYTES = 20 * 2**20
CASE_FILES_AT_MOST = 10


class ResolveForm(ActionForm):
    result = _text(_("Result fed back to the resident"), rows=4)
    files = MultipleFileField(label=_("Files"), required=False,
                              help_text=_("Photos or PDF, up to 20 MB each."))

    def clean_files(self):
        from forms_app.uploads import check_upload

        files = self.cleaned_data.get("files") or []
        if len(files) > CASE_FILES_AT_MOST:
            raise forms.ValidationError(_("Attach at most %(count)d files.") % {"count": CASE_FILES_AT_MOST})
        for upload in files:
            check_upload(upload, allowed_types=CASE_FILE_TYPES, max_bytes=CASE_FILE_MAX_BYTES)
        return files

    def service_kwargs(self):
        return {"result": self.cleaned_data["result"], "uploads": self.cleaned_data["files"]}


class CloseWithAdviceForm(ActionForm):
    advice = _text(_("Advice given to the resident"))

    def service_kwargs(self):
        return {"advice": self.cleaned_data["advice"]}


class UrgeForm(ActionForm):
    note = _text(_("Urging note"), rows=2)

    def service_kwargs(self):
        return {"note": self.cleaned_data["note"]}


BULK_ACTIONS = [("accept", _("Accept")), ("dispatch", _("Dispatch")), ("archive", _("Archive"))]


class BulkForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=BULK_ACTIONS)
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), error_messages={
        "required": _("Select at least one case.")})
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.order_by("code"),
                                        required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any integer is accepted here; which ids the user may act on is decided per case by the view.
        self.fields["ids"].valid_value = lambda value: True

    def clean(self):
        data = super().clean()
        if data.get("action") == "dispatch" and not data.get("department"):
            self.add_error("department", _("Choose the department to dispatch to."))
        return data
