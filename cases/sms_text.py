"""The words of SMS notices: the placeholders a template may use, the check that refuses any other, and the texts
shipped (zh-Hans) for a notice kind whose template staff have not written.

Pure (no models): the template model validates with it and :mod:`cases.sms_notices` renders with it.
"""
import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .constants import NoticeKind as N

#: placeholder → what it stands for (the admin's help text lists them)
PLACEHOLDERS = {
    "reference": _("the reference number"),
    "link": _("the private tracking link"),
    "form": _("the form's title"),
    "state": _("the case's new state"),
}

#: One SMS holds this many Chinese characters (sign name and link included); longer ones go as several.
SMS_UNIT = 70

#: The text of each resident notice when no template was written (the migration seeds the same ones).
DEFAULT_TEXTS = {
    N.ACCEPTED: "您反映的事项已受理，编号{reference}。进度：{link}",
    N.REJECTED: "您反映的事项（{reference}）未予受理，原因请查看：{link}",
    N.DISPATCHED: "您反映的事项（{reference}）已转交责任部门办理。进度：{link}",
    N.RESOLVED: "您反映的事项（{reference}）已办结，请查看结果并评价：{link}",
}

#: values of the placeholders for the admin's length estimate (a reference and a link of the usual length)
SAMPLE = {"reference": "SQ-2026-000123", "link": "https://example.gov.cn/track/" + "x" * 32 + "/",
          "form": "居民诉求", "state": "已办结"}


def known():
    return "、".join("{" + name + "}" for name in PLACEHOLDERS)


def check_template(text):
    """Refuse a text whose braces do not pair up or that names anything but :data:`PLACEHOLDERS` (plainly)."""
    try:
        parts = list(string.Formatter().parse(text or ""))
    except ValueError:
        raise ValidationError(_("The braces { } do not pair up. A placeholder is written like {reference}; "
                                "write a brace itself as {{ or }}."), code="braces") from None
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise ValidationError(_("“%(placeholder)s” is not a placeholder. Use only %(known)s."),
                                  code="placeholder", params={"placeholder": shown, "known": known()})


def render(text, values):
    """The message: ``text`` with its placeholders filled (``values`` has every key of :data:`PLACEHOLDERS`)."""
    return text.format_map({name: str(values.get(name, "")) for name in PLACEHOLDERS})


def length(text, sign_name=""):
    """(characters, messages) of ``text`` with sample values and the sign name 【…】, as the gateway counts."""
    characters = len(render(text, SAMPLE)) + (len(sign_name) + 2 if sign_name else 0)
    # beyond one message, operators split into parts of 67 characters (3 go to the part header)
    return characters, 1 if characters <= SMS_UNIT else -(-characters // (SMS_UNIT - 3))
