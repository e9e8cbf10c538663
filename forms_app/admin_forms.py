"""Editor-side checks on a form page: rules, patterns and settings are validated on save.

The rooms above add their own checks (forms_app.seams.add_page_check): they see the page form and an
outline of its questions, and add errors to the panels they own.
"""
from django import forms
from django.utils.translation import gettext as _
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from . import seams
from .builder import is_valid_pattern
from .constants import CHOICE_TYPES, FieldType, RuleOperator
from .uploads import KNOWN_TYPES


class FormPageAdminForm(WagtailAdminFormPageForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None:
            return cleaned
        live = [f for f in formset.forms if f.is_valid() and not f.cleaned_data.get("DELETE")]
        live.sort(key=lambda f: f.cleaned_data.get("ORDER") or 0)
        self.pin_field_ids(formset.model, live)
        seen = {}  # label and id -> id, for earlier fields
        types = {}  # id -> field type
        has_mobile = False
        for form in live:
            data, instance = form.cleaned_data, form.instance
            field_id = instance.clean_name
            self.check_field(form, data)
            controller = (data.get("show_when_field") or "").strip()
            if controller:
                resolved = seen.get(controller)
                if resolved is None:
                    form.add_error(
                        "show_when_field",
                        _("“%(name)s” is not the label or id of an earlier question.") % {"name": controller},
                    )
                else:
                    instance.show_when_field = resolved
                    form.cleaned_data["show_when_field"] = resolved
                    if data.get("show_when_operator") != RuleOperator.ANSWERED and not data.get("show_when_value"):
                        form.add_error("show_when_value", _("Give the value to compare with."))
            seen[field_id] = field_id
            seen.setdefault(data.get("label", ""), field_id)
            types[field_id] = data.get("field_type")
            has_mobile = has_mobile or data.get("field_type") == FieldType.MOBILE
        if not cleaned.get("allow_anonymous", True) and not has_mobile:
            self.add_error(
                "allow_anonymous",
                _("A form that does not allow anonymous submissions needs a mobile phone question."),
            )
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        outline = seams.Outline(ids=seen, types=types, kind=cleaned.get("kind") or "")
        for check in seams.editor.checks:
            check(self, outline)
        return cleaned

    @staticmethod
    def pin_field_ids(model, forms_):
        """Give every question its stable id now, so drafts, previews and rules all use the same one.

        Wagtail sets ``clean_name`` only when a field row is first saved to the
        database; a question added in a draft would otherwise have no id in the
        draft's revision, and its id would follow later relabelling until publishing.
        """
        missing = [f.instance.pk for f in forms_ if f.instance.pk and not f.instance.clean_name]
        stored = dict(model.objects.filter(pk__in=missing).values_list("pk", "clean_name")) if missing else {}
        for form in forms_:
            instance = form.instance
            if not instance.clean_name:
                instance.clean_name = stored.get(instance.pk) or instance.get_field_clean_name()

    @staticmethod
    def check_field(form, data):
        kind = data.get("field_type")
        if kind in CHOICE_TYPES and not (data.get("choices") or "").strip():
            form.add_error("choices", _("List the choices, one per line."))
        if data.get("pattern") and not is_valid_pattern(data["pattern"]):
            form.add_error("pattern", _("This is not a valid regular expression."))
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and low > high:
            form.add_error("max_value", _("The maximum must not be below the minimum."))
        low, high = data.get("min_length"), data.get("max_length")
        if low is not None and high is not None and low > high:
            form.add_error("max_length", _("The maximum length must not be below the minimum."))
        if kind == FieldType.CHECKUP_ITEM and (data.get("weight") or 0) <= 0:
            form.add_error("weight", _("A check-up item needs a positive weight."))
        if kind == FieldType.FILE:
            known = KNOWN_TYPES
            types = {t.strip().lower() for t in (data.get("upload_types") or "").split(",") if t.strip()}
            if not types or types - known:
                form.add_error(
                    "upload_types",
                    _("Accepted types must be among: %(types)s.") % {"types": ", ".join(sorted(known))},
                )


__all__ = ["FormPageAdminForm", "forms"]
