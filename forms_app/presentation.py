"""How stored answers read to people: labels for codes, names for regions, masks for personal data."""
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organisation.selectors import region_names

from .constants import LIKERT_CHOICES, OTHER_SUFFIX, OTHER_VALUE, CheckupAnswer, FieldType
from .validators import mask_id_number, mask_mobile, mask_text


def list_separator():
    # Translators: separator between items of a list of answers (Chinese uses the enumeration comma).
    return pgettext("list separator", ", ")


def is_personal(spec):
    """ID and mobile numbers always; other answers where the editor marked the question personal."""
    return spec is not None and (spec.field_type in (FieldType.MOBILE, FieldType.ID_NUMBER)
                                 or bool(getattr(spec, "personal", False)))


def display_answer(spec, value, *, regions=None, mask=True):
    """One answer as text. ``mask`` hides personal data: all but the ends of phone and ID numbers,
    all but the start of names and addresses."""
    text = _display(spec, value, regions=regions, mask=mask)
    if mask and text and is_personal(spec) and spec.field_type not in (FieldType.MOBILE, FieldType.ID_NUMBER):
        return mask_text(text)
    return text


def _display(spec, value, *, regions, mask):
    if value is None or value == "" or value == []:
        return ""
    kind = spec.field_type if spec is not None else None
    if isinstance(value, dict) and "upload" in value:
        return value.get("name", "")
    if kind == FieldType.MOBILE:
        return mask_mobile(value) if mask else str(value)
    if kind == FieldType.ID_NUMBER:
        return mask_id_number(value) if mask else str(value)
    if kind == FieldType.REGION:
        try:
            return (regions or {}).get(int(value), str(value))
        except (TypeError, ValueError):
            return str(value)
    if kind == FieldType.CHECKUP_ITEM:
        return str(dict(CheckupAnswer.choices).get(value, value))
    if kind == FieldType.LIKERT:
        return str(dict(LIKERT_CHOICES).get(str(value), value))
    if kind in (FieldType.CHECKBOX, FieldType.CONSENT) or isinstance(value, bool):
        truthy = value is True or str(value).lower() in ("true", "on", "1")
        return _("Yes") if truthy else _("No")
    if isinstance(value, (list, tuple)):
        return list_separator().join(str(v) for v in value)
    return str(value)


def region_names_for(specs):
    """{region id: name} when one of ``specs`` is a region picker, else {}: the query only where it is needed.

    Every place that shows a form's answers (the review page, the submissions listing, the case page,
    documents) reads region names through this, once per page.
    """
    if not any(getattr(spec, "field_type", None) == FieldType.REGION for spec in specs):
        return {}
    return region_names()


def raw_to_display(spec, data):
    """A resident's own answer as typed (from a draft's raw values); “Other” shows the text they gave, not the code."""
    values = list(data.get(spec.field_id, []))
    other = (data.get(spec.field_id + OTHER_SUFFIX) or [""])[0].strip()
    values = [other if v == OTHER_VALUE else v for v in values]
    if spec.field_type in (FieldType.CHECKBOXES, FieldType.MULTISELECT):
        return values
    return values[0] if values else ""
