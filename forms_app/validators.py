"""Validators for Chinese personal data fields, plus masking for display."""
import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CODES = "10X98765432"


def normalize_mobile(value: str) -> str:
    """Strip spaces, dashes and a +86 / 0086 prefix that residents often type; full-width digits become ASCII."""
    digits = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", value or ""))
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix):]
    return digits


def validate_mobile(value: str) -> None:
    """fullmatch, not match: ``$`` would let a trailing newline through."""
    if not MOBILE_RE.fullmatch(value or ""):
        raise ValidationError(
            _("Enter a valid mainland mobile number: 11 digits starting with 1, e.g. 13812345678."),
            code="invalid_mobile",
        )


def id_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK_CODES[total % 11]


def validate_id_number(value: str) -> None:
    """18-character resident ID (GB 11643): 17 digits, a valid birth date, check digit."""
    if not re.fullmatch(r"[0-9]{17}[0-9X]", value or ""):
        raise ValidationError(
            _("A resident ID number has 18 characters: 17 digits followed by a digit or X."),
            code="invalid_id_format",
        )
    try:
        birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        birth = None
    if birth is None or birth.year < 1900 or birth > datetime.date.today():
        raise ValidationError(_("The date of birth in this ID number is not valid."), code="invalid_id_birth")
    if id_check_digit(value[:17]) != value[17]:
        raise ValidationError(
            _("This ID number's check digit is wrong; please check each digit."), code="invalid_id_checksum"
        )


def normalize_id_number(value: str) -> str:
    """Full-width characters (a Chinese keyboard's １２３ｘ) and spaces are what residents type."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", value or "")).upper()


def mask_mobile(value: str) -> str:
    value = str(value or "")
    if len(value) < 7:
        return "*" * len(value)
    return f"{value[:3]}****{value[-4:]}"


def mask_id_number(value: str) -> str:
    value = str(value or "")
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def mask_text(value: str) -> str:
    """A name or address as 脱敏 shows it: the first character(s), then stars (李堃喆 → 李**).

    Short texts (names) keep one character; longer ones (addresses) their first third, never
    the number or room at the end. The stars do not tell the length of a long text.
    """
    value = str(value or "")
    if len(value) <= 4:
        return value[:1] + "*" * max(len(value) - 1, 1 if value else 0)
    return value[: len(value) // 3] + "****"


def plain_number(value) -> str:
    """60.0000 → "60", 2.50 → "2.5": a limit as people write it, without trailing zeros or exponents."""
    text = format(value.normalize() if hasattr(value, "normalize") else value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class NumberLimit:
    """“不能超过 60 桌” rather than Django's “确保该值小于或等于60.0000。”: a number question's bound, worded
    with the question's unit when it has one. The message is translated when the answer is checked."""

    def __init__(self, limit, unit="", *, upper):
        self.limit, self.unit, self.upper = limit, (unit or "").strip(), upper

    def __call__(self, value):
        if value is None or (value <= self.limit if self.upper else value >= self.limit):
            return
        if self.upper:
            message = _("Must be no more than %(limit)s %(unit)s.") if self.unit else _(
                "Must be no more than %(limit)s.")
        else:
            message = _("Must be at least %(limit)s %(unit)s.") if self.unit else _("Must be at least %(limit)s.")
        raise ValidationError(message, code="max_value" if self.upper else "min_value",
                              params={"limit": plain_number(self.limit), "unit": self.unit})
