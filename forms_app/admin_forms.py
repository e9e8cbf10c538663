"""Editor-side checks on a form page: rules, patterns and settings are validated on save.

The rooms above add their own checks (forms_app.seams.add_page_check): they see the page form and an
outline of its questions, and add errors to the panels they own.
"""
from django import forms
from django.utils.translation import gettext as _
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from . import seams
from .builder import is_valid_pattern
from .constants import CHOICE_TYPES, DISPLAY_ONLY_TYPES, FieldType, RuleOperator
from .question_settings import answer_values, unused_settings
from .rules import TRUE_WORDS
from .uploads import KNOWN_TYPES


class QuestionSelect(forms.Select):
    """A rule's “earlier question”: a list of the questions above, whose value is the question's field id.

    A stored value that is not among them (a question since removed, or moved below) stays listed, so
    saving the page does not silently drop the rule; the page form then says what is wrong with it.
    """

    def optgroups(self, name, value, attrs=None):
        known = {str(v) for v, _label in self.choices}
        extra = [v for v in value if v and v not in known]
        if extra:
            self.choices = list(self.choices) + [(v, "%s %s" % (v, _("(not an earlier question)"))) for v in extra]
        return super().optgroups(name, value, attrs)


class FormPageAdminForm(WagtailAdminFormPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("form_fields")
        if formset is not None:
            offer_earlier_questions(formset.forms)

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None:
            return cleaned
        for form in formset.forms:
            forgive_unused_settings(form)
        live = [f for f in formset.forms if f.is_valid() and not f.cleaned_data.get("DELETE")]
        live.sort(key=lambda f: f.cleaned_data.get("ORDER") or 0)
        self.pin_field_ids(formset.model, live)
        seen = {}  # label and id -> id, for earlier fields
        types = {}  # id -> field type
        answers = {}  # id -> the values a rule may compare with (None: any)
        has_mobile = False
        for form in live:
            data, instance = form.cleaned_data, form.instance
            field_id = instance.clean_name
            self.check_field(form, data)
            check_rule(form, seen, types, answers)
            seen[field_id] = field_id
            seen.setdefault(data.get("label", ""), field_id)
            types[field_id] = data.get("field_type")
            # An “other” box lets the resident type any answer, so a rule may compare with any text.
            answers[field_id] = None if data.get("allow_other") else answer_values(data.get("field_type"),
                                                                                   data.get("choices"))
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
        if kind == FieldType.FILE:
            known = KNOWN_TYPES
            types = {t.strip().lower() for t in (data.get("upload_types") or "").split(",") if t.strip()}
            if not types or types - known:
                form.add_error(
                    "upload_types",
                    _("Accepted types must be among: %(types)s.") % {"types": ", ".join(sorted(known))},
                )


def forgive_unused_settings(form):
    """A setting the question's type does not use is hidden in the editor: an error there could not be seen
    or fixed. It is dropped, and the model puts the setting back to its default (FormField.clean)."""
    if not form.is_bound or form.errors is None:
        return
    field_type = form.data.get(form.add_prefix("field_type"))
    for name in unused_settings(field_type):
        form.errors.pop(name, None)
        if form.cleaned_data is not None:
            form.cleaned_data.pop(name, None)


def check_rule(form, seen, types, answers):
    """A rule names an earlier question that takes an answer; its value is one of that question's answers."""
    data, instance = form.cleaned_data, form.instance
    controller = (data.get("show_when_field") or "").strip()
    if not controller:
        return
    resolved = seen.get(controller)
    if resolved is None:
        form.add_error(
            "show_when_field",
            _("“%(name)s” is not the label or id of an earlier question.") % {"name": controller},
        )
        return
    if types.get(resolved) in DISPLAY_ONLY_TYPES:
        form.add_error("show_when_field", _("“%(name)s” takes no answer: a rule can only follow a question.")
                       % {"name": controller})
        return
    instance.show_when_field = resolved
    data["show_when_field"] = resolved
    operator, value = data.get("show_when_operator"), (data.get("show_when_value") or "").strip()
    if operator == RuleOperator.ANSWERED:
        return
    if not value:
        form.add_error("show_when_value", _("Give the value to compare with."))
        return
    values = answers.get(resolved)
    if values is None or value in values:
        return
    if types.get(resolved) in {FieldType.CHECKBOX, FieldType.CONSENT} and value.lower() in TRUE_WORDS:
        return
    form.add_error("show_when_value", _("“%(value)s” is not one of the answers of that question: %(answers)s.")
                   % {"value": value, "answers": "、".join(values)})


def offer_earlier_questions(forms_):
    """Each question's rule picks from the questions above it (by label); the page's script keeps this list
    up to date as questions are added, renamed, moved or removed."""
    earlier = []
    for form in sorted(forms_, key=_position):
        instance = form.instance
        label, field_type = _current(form, "label"), _current(form, "field_type")
        form.fields["field_type"].widget.attrs["data-field-id"] = instance.clean_name or ""
        form.fields["show_when_field"].widget.choices = [("", _("Always show")), *earlier]
        if field_type not in DISPLAY_ONLY_TYPES and (instance.clean_name or label):
            earlier.append((instance.clean_name or label, label))


def _current(form, name):
    """A question's setting as the editor sees it: what was posted, or else what is stored."""
    if form.is_bound:
        return form.data.get(form.add_prefix(name)) or ""
    return getattr(form.instance, name) or ""


def _position(form):
    if form.is_bound:
        try:
            return int(form.data.get(form.add_prefix("ORDER")) or 0)
        except ValueError:
            return 0
    return form.instance.sort_order or 0


__all__ = ["FormPageAdminForm", "QuestionSelect", "forms"]
