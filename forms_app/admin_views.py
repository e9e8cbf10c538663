"""Staff listing and export of a form's submissions (Wagtail's view, with masking and a region filter).

Answers are keyed by stable field id; headings are the current labels, and questions
removed in older revisions keep their own columns. Personal data (ID and mobile numbers, questions
marked personal) is always masked here: revealing it is the case page's, with a reason. Files link
only where the user may download them. Every cell is text: the listing
template escapes it, and spreadsheet cells that look like formulas are neutralised.

The rooms above extend the view by subclassing it (:func:`forms_app.seams.set_submissions_view`):
the cases room adds the reference number and the case's state (``fixed_columns``, ``fixed_values``).
"""
from collections import OrderedDict

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime, make_naive
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.contrib.forms.utils import get_forms_for_user
from wagtail.contrib.forms.views import SubmissionsListFilterSet as WagtailSubmissionsListFilterSet
from wagtail.contrib.forms.views import SubmissionsListView as WagtailSubmissionsListView

from organisation import audit
from organisation.models import Region

from .export import answer_fields, neutralise_formula
from .presentation import display_answer, region_names_for
from .selectors import uploads_visible_to


class RegionChoiceField(forms.ModelChoiceField):
    """Regions as an indented tree, so a street's communities read beneath it."""

    def label_from_instance(self, obj):
        return f"{'—' * (obj.depth - 1)} {obj.name}".strip()


class RegionSubtreeFilter(ModelChoiceFilter):
    field_class = RegionChoiceField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(region__path__startswith=value.path)


class SubmissionsFilterSet(WagtailSubmissionsListFilterSet):
    region = RegionSubtreeFilter(
        label=_("Region"),
        queryset=Region.objects.order_by("path"),
        help_text=_("Submissions from this region and every region beneath it."),
    )


def upload_refs(value):
    """The stored upload references in an answer (one dict, or a list of them)."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict) and item.get("upload")]


class SubmissionsListView(WagtailSubmissionsListView):
    filterset_class = SubmissionsFilterSet
    results_template_name = "forms_app/admin/list_submissions.html"

    def dispatch(self, request, *args, **kwargs):
        # Wagtail's own dispatch, but computing the columns once per request.
        self.form_page = kwargs.get("form_page")
        if not get_forms_for_user(request.user).filter(pk=self.form_page.id).exists():
            raise PermissionDenied
        if self.is_export:
            audit.record(self.form_page, "govforms.export", user=request.user, what="submissions",
                         format=request.GET.get("export", ""), filters=request.GET.urlencode()[:500])
            self.list_export = [name for name, _label in self.data_columns]
            self.export_headings = dict(self.data_columns)
        return BaseListingView.dispatch(self, request, *args, **kwargs)

    # Columns -----------------------------------------------------------------

    @cached_property
    def answer_specs(self):
        return answer_fields(self.form_page)

    @classmethod
    def fixed_columns(cls):
        """(key, heading) of the columns before the answers; subclasses add theirs."""
        return [("submit_time", _("Submission date")), ("region", _("Region"))]

    @classmethod
    def columns_for(cls, page, specs=None):
        """Every column of ``page``'s listing and export: the fixed ones, then one per question ever asked."""
        specs = answer_fields(page) if specs is None else specs
        return cls.fixed_columns() + [(spec.field_id, spec.label) for spec in specs]

    def fixed_values(self, submission):
        """The fixed columns' values of one submission (the submission time is formatted by the caller)."""
        return {"submit_time": submission.submit_time,
                "region": submission.region.name if submission.region_id else ""}

    @cached_property
    def data_columns(self):
        return self.columns_for(self.form_page, self.answer_specs)

    @cached_property
    def fixed_keys(self):
        return {key for key, _label in self.fixed_columns()}

    @cached_property
    def region_names(self):
        """Names for region-picker answers: one query, only if the form has such a question."""
        return region_names_for(self.answer_specs)

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("region")

    # Cells -------------------------------------------------------------------

    def upload_url(self, ref, absolute=False):
        url = reverse("download_upload", args=[ref["upload"]])
        return self.request.build_absolute_uri(url) if absolute else url

    def downloadable(self, submissions=None):
        """Ids of the files (of ``submissions``, or of the whole form) this user may download: files
        follow the case, so a reader of the answers may not get every file (forms_app.selectors)."""
        uploads = uploads_visible_to(self.request.user).filter(page_id=self.form_page.pk)
        if submissions is not None:
            uploads = uploads.filter(submission__in=submissions)
        return {str(pk) for pk in uploads.values_list("pk", flat=True)}

    @cached_property
    def downloadable_ids(self):
        return self.downloadable()

    def answer_cell(self, spec, value, *, for_export):
        refs = upload_refs(value)
        if refs:
            allowed = [(ref, str(ref["upload"]) in self.downloadable_ids) for ref in refs]
            if for_export:
                return "; ".join(
                    f"{ref.get('name', '')} ({self.upload_url(ref, absolute=True)})" if ok else ref.get("name", "")
                    for ref, ok in allowed)
            return format_html_join(", ", "{}", (
                (format_html('<a href="{}">{}</a>', self.upload_url(ref), ref.get("name") or _("file"))
                 if ok else ref.get("name") or _("file"),) for ref, ok in allowed))
        # Answers are read here, masked; revealing personal data is the case page's, with a reason.
        return display_answer(spec, value, regions=self.region_names, mask=True)

    def row_values(self, submission, *, for_export=False):
        values = self.fixed_values(submission)
        answers = submission.form_data or {}
        for spec in self.answer_specs:
            values[spec.field_id] = self.answer_cell(spec, answers.get(spec.field_id), for_export=for_export)
        return values

    # Export ------------------------------------------------------------------

    def to_row_dict(self, item):
        values = self.row_values(item, for_export=True)
        values["submit_time"] = make_naive(item.submit_time) if self.request.GET.get("export") == "xlsx" else (
            date_format(localtime(item.submit_time), "Y-m-d H:i:s")
        )
        return OrderedDict((field, neutralise_formula(values.get(field, ""))) for field in self.list_export)

    def get_heading(self, queryset, field):
        return neutralise_formula(super().get_heading(queryset, field))

    def stream_csv(self, queryset):
        """A UTF-8 byte order mark first: Excel on Chinese Windows reads a CSV without one as GBK (mojibake)."""
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    # Listing -----------------------------------------------------------------

    def get_context_data(self, **kwargs):
        # Skip Wagtail's row building (it reads raw JSON); build masked, typed rows here.
        context = BaseListingView.get_context_data(self, **kwargs)
        if not self.is_export:
            ordering = self.get_validated_ordering()
            headings = []
            for name, label in self.data_columns:
                order = None
                if name in self.orderable_fields:
                    order = ordering[name][1] if name in ordering else "orderable"
                headings.append({"name": name, "label": label, "order": order, "fixed": name in self.fixed_keys})
            rows = []
            self.downloadable_ids = self.downloadable(list(context[self.context_object_name]))
            for submission in context[self.context_object_name]:
                values = self.row_values(submission)
                values["submit_time"] = date_format(localtime(submission.submit_time), "SHORT_DATETIME_FORMAT")
                rows.append({"model_id": submission.id, "fields": [values.get(n, "") for n, _l in self.data_columns]})
            context.update({"form_page": self.form_page, "data_headings": headings, "data_rows": rows})
        context["next_url"] = f"{self.get_index_url()}?{self.request.GET.urlencode()}"
        return context


def submissions_cannot_be_deleted(request, page_id):
    """Submissions are evidence in their cases' history; cases are archived, never deleted."""
    messages.error(
        request,
        gettext("Submissions cannot be deleted: each is part of a case's record. Archive the case instead."),
    )
    return redirect(reverse("wagtailforms:list_submissions", args=[page_id]))
