"""How stored answers read to people: labels for codes, names for regions, masks for personal data."""
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .constants import LIKERT_CHOICES, CheckupAnswer, FieldType
from .validators import mask_id_number, mask_mobile


def list_separator():
    # Translators: separator between items of a list of answers (Chinese uses the enumeration comma).
    return pgettext("list separator", ", ")


def display_answer(spec, value, *, regions=None, mask=True):
    """One answer as text. ``mask`` hides all but the ends of phone and ID numbers."""
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
