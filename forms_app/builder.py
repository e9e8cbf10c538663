"""Turns an editor's questions into a Django form, one ``create_<type>_field`` per type.

This follows Wagtail's documented extension point (``FormBuilder``): each field
type is a small method, so a new type is a new method, not a new branch.
"""
import re
from collections import OrderedDict
from decimal import Decimal

import django.forms as forms
from django.core.validators import MinLengthValidator, RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm
from wagtail.contrib.forms.forms import FormBuilder as WagtailFormBuilder

from organisation.selectors import grid_choices, offered_regions

from . import seams
from .constants import (
    CHOICE_TYPES,
    DISPLAY_ONLY_TYPES,
    LIKERT_CHOICES,
    OTHER_SUFFIX,
    OTHER_VALUE,
    CheckupAnswer,
    FieldType,
)
from .uploads import check_upload
from .validators import (
    NumberLimit,
    normalize_id_number,
    normalize_mobile,
    plain_number,
    validate_id_number,
    validate_mobile,
)

NUMBER_MAX_DIGITS = 18
NUMBER_DECIMAL_PLACES = 6


class MobileField(forms.CharField):
    default_validators = [validate_mobile]

    def to_python(self, value):
        return normalize_mobile(super().to_python(value))


class IDNumberField(forms.CharField):
    default_validators = [validate_id_number]

    def to_python(self, value):
        return normalize_id_number(super().to_python(value))


class PrivateUploadField(forms.FileField):
    """A file checked by its content; ``initial`` may hold an Upload kept from an earlier step."""

    def __init__(self, *, allowed_types, max_bytes, **kwargs):
        self.allowed_types = allowed_types
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial and hasattr(value, "chunks"):
            value.checked = check_upload(value, allowed_types=self.allowed_types, max_bytes=self.max_bytes)
        return value


class IntegerChoiceField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, **kwargs)


class ResidentForm(BaseForm):
    """A resident-facing form that honours the editor's show-when rules.

    ``hidden_by_rules`` names the fields whose rule is not met for the answers
    given; such a field is never required and its value is dropped.
    """

    other_fields = ()
    mobile_fields = ()
    require_mobile = False

    def __init__(self, *args, hidden_by_rules=frozenset(), require_mobile=None, **kwargs):
        super().__init__(*args, **kwargs)
        for formfield in self.fields.values():  # plainer than Django's “This field is required.”
            formfield.error_messages["required"] = _("Please answer this question.")
        if require_mobile is not None:
            self.require_mobile = require_mobile
        self.hidden_by_rules = frozenset(hidden_by_rules) & set(self.fields)
        if self.require_mobile:
            # A form closed to anonymous residents needs a way to reach them: its first phone question.
            for name in self.mobile_fields[:1]:
                self.fields[name].required = True
        for name in self.hidden_by_rules:
            self.fields[name].required = False

    @property
    def visible_fields_by_rules(self):
        return [bf for bf in self if bf.name not in self.hidden_by_rules]

    def clean(self):
        cleaned = super().clean()
        for name in self.hidden_by_rules:
            cleaned.pop(name, None)
            self.errors.pop(name, None)
        for name in self.other_fields:
            if name in self.hidden_by_rules or name not in cleaned:
                continue
            cleaned[name] = self._resolve_other(name, cleaned[name])
        for note in seams.answer_notes(self.page, cleaned) if self.page is not None else ():
            if note.refuse:  # on its question when this step has it; the step's other errors stand
                self.add_error(note.field_id if note.field_id in self.fields else None, note.message)
        return cleaned

    def _resolve_other(self, name, value):
        text = (self.data.get(name + OTHER_SUFFIX) or "").strip()[:200]
        values = value if isinstance(value, list) else [value]
        if OTHER_VALUE not in values:
            return value
        if not text:
            self.add_error(name, _("You chose “Other”: please say what."))
            return value
        resolved = [text if v == OTHER_VALUE else v for v in values]
        return resolved if isinstance(value, list) else resolved[0]


class FormBuilder(WagtailFormBuilder):
    """Wagtail's builder plus the field types grassroots forms need."""

    def __init__(self, fields, regions=None):
        super().__init__(fields)
        #: The region rows a region picker offers, read on first use (a flow passes them on between steps).
        self.regions = regions

    # -- Wagtail's types, with per-field validation -------------------------

    def create_singleline_field(self, field, options):
        options["max_length"] = field.max_length or 255
        return forms.CharField(**options)

    def create_multiline_field(self, field, options):
        options.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        options["max_length"] = field.max_length or 5000
        return forms.CharField(**options)

    def create_number_field(self, field, options):
        """The bounds are our validators, not Django's min_value/max_value: their messages name the unit."""
        attrs = {"inputmode": "decimal", "step": "any"}
        bounds = []
        if field.min_value is not None:
            attrs["min"] = plain_number(field.min_value)
            bounds.append(NumberLimit(field.min_value, field.unit, upper=False))
        if field.max_value is not None:
            attrs["max"] = plain_number(field.max_value)
            bounds.append(NumberLimit(field.max_value, field.unit, upper=True))
        options["widget"] = forms.NumberInput(attrs=attrs)
        # Bounded digits: "1e999999" must be refused, not turned into a million-digit integer.
        formfield = forms.DecimalField(max_digits=NUMBER_MAX_DIGITS, decimal_places=NUMBER_DECIMAL_PLACES, **options)
        formfield.validators.extend(bounds)
        return formfield

    def create_date_field(self, field, options):
        options["widget"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        return forms.DateField(**options)

    def create_datetime_field(self, field, options):
        options["widget"] = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        return forms.DateTimeField(**options)

    def create_email_field(self, field, options):
        options["widget"] = forms.EmailInput(attrs={"autocomplete": "email"})
        return forms.EmailField(**options)

    # -- our types ----------------------------------------------------------

    def create_mobile_field(self, field, options):
        options["widget"] = forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"})
        options["max_length"] = 20
        return MobileField(**options)

    def create_idnumber_field(self, field, options):
        options["widget"] = forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
        options["max_length"] = 20
        return IDNumberField(**options)

    def create_file_field(self, field, options):
        types = {t.strip().lower() for t in (field.upload_types or "").split(",") if t.strip()}
        options.pop("initial", None)
        accept = ",".join("." + t for t in sorted(types))
        options["widget"] = forms.FileInput(attrs={"accept": accept})
        return PrivateUploadField(allowed_types=types, max_bytes=field.max_upload_mb * 1024 * 1024, **options)

    def create_rating_field(self, field, options):
        options["choices"] = [(str(i), str(i)) for i in range(1, 6)]
        options["widget"] = forms.RadioSelect(attrs={"class": "rating"})
        return IntegerChoiceField(**options)

    def create_likert_field(self, field, options):
        options["choices"] = LIKERT_CHOICES
        options["widget"] = forms.RadioSelect(attrs={"class": "likert"})
        return IntegerChoiceField(**options)

    def create_checkupitem_field(self, field, options):
        options["choices"] = CheckupAnswer.choices
        options["widget"] = forms.RadioSelect(attrs={"class": "checkup"})
        return forms.ChoiceField(**options)

    def create_consent_field(self, field, options):
        options["required"] = True
        options.pop("initial", None)
        return forms.BooleanField(**options)

    def create_region_field(self, field, options):
        options["choices"] = self.region_field_choices()
        return IntegerChoiceField(**options)

    def region_field_choices(self):
        """A region picker's choices: "choose your grid", then the grids by community."""
        return [("", _("Choose your grid"))] + self.region_choices()

    def region_choices(self):
        """The grids by community; the regions are read once per builder (``regions``), shared by its steps."""
        if self.regions is None:
            self.regions = list(offered_regions().order_by("path").values("id", "name", "level", "path"))
        return grid_choices(self.regions)

    def create_dropdown_field(self, field, options):
        """A drop-down starts on “please choose” unless the editor set a default: a resident who
        skips it should be asked, not silently filed under the first choice."""
        formfield = super().create_dropdown_field(field, options)
        if not field.default_value:
            formfield.choices = [("", _("Please choose"))] + list(formfield.choices)
        return formfield

    # -- assembly -----------------------------------------------------------

    def add_choice_other(self, field, formfield):
        if field.allow_other and field.field_type in CHOICE_TYPES:
            formfield.choices = list(formfield.choices) + [(OTHER_VALUE, _("Other"))]

    def get_field_options(self, field):
        options = super().get_field_options(field)
        if field.field_type == FieldType.DROPDOWN:
            options["initial"] = field.default_value or None
        return options

    @property
    def formfields(self):
        formfields = OrderedDict()
        for field in self.fields:
            if field.field_type in DISPLAY_ONLY_TYPES:
                continue
            options = self.get_field_options(field)
            formfield = self.get_create_field_function(field.field_type)(field, options)
            self.add_choice_other(field, formfield)
            self.add_validators(field, formfield)
            formfields[field.field_id] = formfield
        return formfields

    def add_validators(self, field, formfield):
        """Editor-set checks. A pattern applies to text answers only, and a broken pattern is ignored, never a 500."""
        if field.pattern and isinstance(formfield, forms.CharField) and is_valid_pattern(field.pattern):
            message = field.pattern_message or _("The answer is not in the expected format.")
            formfield.validators.append(RegexValidator(r"\A(?:%s)\Z" % field.pattern, message=message))
        if field.min_length and isinstance(formfield, forms.CharField):
            formfield.min_length = field.min_length
            formfield.validators.append(MinLengthValidator(field.min_length))
        if field.placeholder and hasattr(formfield.widget, "attrs"):
            formfield.widget.attrs["placeholder"] = field.placeholder

    def get_form_class(self):
        attrs = dict(self.formfields)
        attrs["other_fields"] = tuple(
            f.field_id for f in self.fields if f.allow_other and f.field_type in CHOICE_TYPES
        )
        attrs["mobile_fields"] = tuple(f.field_id for f in self.fields if f.field_type == FieldType.MOBILE)
        return type("ResidentWagtailForm", (ResidentForm,), attrs)


def to_json_value(value):
    """Plain JSON for storage: numbers stay numbers, dates become ISO strings."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def is_valid_pattern(pattern):
    try:
        re.compile(r"\A(?:%s)\Z" % pattern)
    except re.error:
        return False
    return True
