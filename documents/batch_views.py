"""Admin pages for batches: start one, watch its progress bar, see the bad rows, download the result."""
from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from forms_app.models import FormPage
from forms_app.spreadsheet import FORMATS
from forms_app.uploads import private_file_response
from organisation import audit

from . import batch_sheet, batches
from .constants import BatchOutput, BatchStatus
from .models import DocumentTemplate
from .selectors import batches_run_by, batches_visible_to

SOURCES = [("upload", gettext_lazy("An uploaded list (CSV or XLSX)")),
           ("form", gettext_lazy("The cases of a form (e.g. a survey)"))]


#: The fields that belong to the "cases of a form" choice (the page shows them only when it is chosen).
FORM_SOURCE_FIELDS = ("form_page", "field_id", "value")


class BatchForm(forms.Form):
    template = forms.ModelChoiceField(DocumentTemplate.objects.all(), label=gettext_lazy("Template"))
    source = forms.ChoiceField(choices=SOURCES, initial="upload", widget=forms.RadioSelect,
                               label=gettext_lazy("Recipients"))
    upload = forms.FileField(required=False, label=gettext_lazy("List"),
                             help_text=gettext_lazy("First row: column names such as 姓名, 身份证号, 地址, 网格."))
    form_page = forms.ModelChoiceField(queryset=None, required=False, label=gettext_lazy("Form"))
    field_id = forms.CharField(required=False, max_length=64, label=gettext_lazy("Only where the question (field id)"))
    value = forms.CharField(required=False, max_length=255, label=gettext_lazy("has the answer"))
    output = forms.ChoiceField(choices=BatchOutput.choices, initial=BatchOutput.ZIP, label=gettext_lazy("Result"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_page"].queryset = FormPage.objects.live().order_by("title")

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if source == "upload" and any(data.get(name) for name in FORM_SOURCE_FIELDS):
            self.add_error("source", _("Choose either a list to upload or the cases of a form, not both."))
        if source == "form" and data.get("upload"):
            self.add_error("source", _("Choose either a list to upload or the cases of a form, not both."))
        if source == "upload" and not data.get("upload"):
            self.add_error("upload", _("Choose the list to upload."))
        if source == "form":
            if not data.get("form_page"):
                self.add_error("form_page", _("Choose the form whose cases receive the document."))
            if bool(data.get("field_id")) != bool(data.get("value")):
                self.add_error("value", _("Give both the question's field id and the answer, or neither."))
        return data


def _require_perm(user):
    if not user.has_perm("documents.add_documentbatch"):
        raise PermissionDenied


def _visible_batch(request, pk):
    return get_object_or_404(batches_visible_to(request.user).select_related("template", "created_by"), pk=pk)


@require_http_methods(["GET", "POST"])
def batch_index(request):
    _require_perm(request.user)
    form = BatchForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                batch = _start(request, form.cleaned_data)
            except batches.BatchError as error:
                form.add_error(None, error.message)
            else:
                return redirect("documents_batch", pk=batch.pk)
        status = 400
    return TemplateResponse(request, "documents/admin/batch_index.html",
                            {"form": form, "batches": batches_run_by(request.user)[:50]}, status=status)


def _start(request, data):
    template = data["template"]
    if data["source"] == "upload":
        recipients = batches.recipients_from_table(batches.read_table(data["upload"]), template)
    else:
        recipients = batches.recipients_from_form(data["form_page"], request.user, field_id=data["field_id"],
                                                  value=data["value"], template=template)
    return batches.start_batch(template=template, by=request.user, recipients=recipients, output=data["output"])


@require_GET
def batch_sample(request):
    """The sample list for a template (?template=<id>&format=csv|xlsx): the columns its placeholders need."""
    _require_perm(request.user)
    fmt = request.GET.get("format", "csv")
    raw = request.GET.get("template", "")
    template = (DocumentTemplate.objects.filter(pk=int(raw)).first()
                if raw.isascii() and raw.isdigit() and len(raw) < 10 else None)
    if template is None or fmt not in FORMATS:
        return HttpResponseBadRequest(_("Choose a template and a format (CSV or XLSX) for the sample sheet."))
    return batch_sheet.sample_response(template, fmt)


@require_GET
def batch_detail(request, pk):
    batch = _visible_batch(request, pk)
    return TemplateResponse(request, "documents/admin/batch_detail.html", {
        "batch": batch, "finished": batch.status == BatchStatus.DONE,
        "errors": sorted(batch.errors, key=lambda e: e.get("line") or 0),
    })


@require_GET
def batch_status(request, pk):
    batch = _visible_batch(request, pk)
    return JsonResponse({"status": batch.status, "total": batch.total, "done": batch.done, "failed": batch.failed,
                         "progress": batch.progress, "finished": batch.status == BatchStatus.DONE})


@require_GET
def batch_download(request, pk):
    batch = _visible_batch(request, pk)
    if batch.status != BatchStatus.DONE or not batch.file:
        raise Http404
    audit.record(batch, "govforms.export", user=request.user, what="document_batch", count=batch.done)
    return private_file_response(batch.file, filename=f"{batch.template.name}-{batch.pk}.{batch.extension}",
                                 content_type="application/pdf" if batch.extension == "pdf" else "application/zip")
