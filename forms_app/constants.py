"""Enumerations of the form builder."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormKind(models.TextChoices):
    REQUEST = "request", _("Request")
    SURVEY = "survey", _("Survey")
    CHECKUP = "checkup", _("Check-up")
    ORDER = "order", _("Service order (居民点单)")


class FieldType(models.TextChoices):
    # Wagtail's own
    SINGLELINE = "singleline", _("Single line text")
    MULTILINE = "multiline", _("Multi-line text")
    EMAIL = "email", _("Email")
    NUMBER = "number", _("Number")
    URL = "url", _("URL")
    CHECKBOX = "checkbox", _("Checkbox")
    CHECKBOXES = "checkboxes", _("Multiple choice (checkboxes)")
    DROPDOWN = "dropdown", _("Drop down")
    MULTISELECT = "multiselect", _("Multiple select")
    RADIO = "radio", _("Single choice (radio buttons)")
    DATE = "date", _("Date")
    DATETIME = "datetime", _("Date/time")
    HIDDEN = "hidden", _("Hidden field")
    # Ours
    FILE = "file", _("File or photo upload")
    MOBILE = "mobile", _("Mobile phone number")
    ID_NUMBER = "idnumber", _("Resident ID number")
    RATING = "rating", _("Rating (1–5)")
    LIKERT = "likert", _("Agreement scale (Likert)")
    REGION = "region", _("Region (grid) picker")
    CHECKUP_ITEM = "checkupitem", _("Check-up item (yes / partly / no)")
    CONSENT = "consent", _("Consent / declaration")
    SECTION = "section", _("Section heading")
    TEXT = "text", _("Explanatory text")
    PAGE_BREAK = "pagebreak", _("Page break (next step)")


# Field types that show something but take no answer.
DISPLAY_ONLY_TYPES = {FieldType.SECTION, FieldType.TEXT, FieldType.PAGE_BREAK}
CHOICE_TYPES = {FieldType.CHECKBOXES, FieldType.DROPDOWN, FieldType.MULTISELECT, FieldType.RADIO}
PERSONAL_DATA_TYPES = {FieldType.MOBILE, FieldType.ID_NUMBER}


# A choice question's “Other” option: its value, and the suffix of the text box beside it.
OTHER_VALUE = "__other__"
OTHER_SUFFIX = "__other"


class RuleOperator(models.TextChoices):
    EQUALS = "equals", _("equals")
    NOT_EQUALS = "not_equals", _("does not equal")
    CONTAINS = "contains", _("contains")
    ANSWERED = "answered", _("is answered")


class CheckupAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


# Share of an item's weight each check-up answer earns.
CHECKUP_SCORE = {CheckupAnswer.YES: 1.0, CheckupAnswer.PARTLY: 0.5, CheckupAnswer.NO: 0.0}

LIKERT_CHOICES = [
    ("1", _("Strongly disagree")),
    ("2", _("Disagree")),
    ("3", _("Neutral")),
    ("4", _("Agree")),
    ("5", _("Strongly agree")),
]

# Upload types accepted by default, by the content sniffed from the file.
DEFAULT_UPLOAD_TYPES = "jpg,png,gif,webp,heic,pdf"
