"""Staff listing and export of a form's submissions (Wagtail's view, with masking and case columns)."""
from collections import OrderedDict

from django.utils.formats import date_format
from django.utils.timezone import localtime
from wagtail.contrib.forms.views import SubmissionsListView as WagtailSubmissionsListView

from .presentation import display_answer

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix a quote so spreadsheets show ``=cmd()`` as text instead of running it."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SubmissionsListView(WagtailSubmissionsListView):
    def can_see_personal_data(self):
        return self.request.user.has_perm("forms_app.view_personal_data")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("case", "region")

    def specs(self):
        if not hasattr(self, "_specs"):
            self._specs = {f.field_id: f for f in self.form_page.get_form_fields()}
        return self._specs

    def row_values(self, submission):
        mask = not self.can_see_personal_data()
        case = getattr(submission, "case", None)
        values = {
            "reference": case.reference if case else "",
            "submit_time": submission.submit_time,
            "status": case.get_state_display() if case else "",
            "region": submission.region.name if submission.region_id else "",
        }
        specs = self.specs()
        for key, value in submission.form_data.items():
            values[key] = display_answer(specs.get(key), value, mask=mask) if key in specs else (
                ", ".join(map(str, value)) if isinstance(value, list) else value
            )
        return values

    def to_row_dict(self, item):
        values = self.row_values(item)
        return OrderedDict((field, neutralise_formula(values.get(field))) for field in self.list_export)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_export:
            return context
        fields = [name for name, _label in self.form_page.get_data_fields()]
        rows = []
        for submission in context["submissions"]:
            values = self.row_values(submission)
            values["submit_time"] = date_format(localtime(submission.submit_time), "SHORT_DATETIME_FORMAT")
            rows.append({"model_id": submission.id, "fields": [values.get(f, "") for f in fields]})
        context["data_rows"] = rows
        return context
