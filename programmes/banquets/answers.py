"""The declaration form's questions, found by their stable ids (``clean_name``), and its answers read as values.

The answers come raw (strings, on the review page), cleaned (dates, decimals, on a step) or stored (JSON, on
the submission): each reader here takes any of the three, so the warnings, the refusal and the stored
declaration read the same answer the same way. A form is a banquet declaration when it asks for
``banquet_date``: the demo's form has the ids, and a form started from it as a template keeps them.
"""
import datetime as dt
from decimal import Decimal, InvalidOperation

from forms_app.constants import FieldType
from forms_app.rules import TRUE_WORDS

from ..constants import BanquetKind

DATE, TABLES, GUESTS, GRID = "banquet_date", "banquet_tables", "banquet_guests", "banquet_grid"
#: question id → (label, type, extra): the demo's declaration form, made by form_page.ensure_banquet_form
QUESTIONS = {
    "banquet_kind": ("事项类别", FieldType.RADIO, {"choices": "婚事\n丧事\n其他喜事（寿宴、升学宴、乔迁等）"}),
    DATE: ("举办日期", FieldType.DATE, {"help_text": "丧事请填写出殡（举办）日期。已过去的日期不能报备。"}),
    GRID: ("举办地所在网格", FieldType.REGION, {}),
    "banquet_place": ("举办地点", FieldType.SINGLELINE, {"max_length": 200, "help_text": "如：自家院内、某某饭店。"}),
    TABLES: ("宴席桌数", FieldType.NUMBER, {"min_value": 0, "max_value": 500, "unit": "桌"}),
    GUESTS: ("参加人数", FieldType.NUMBER, {"min_value": 1, "max_value": 5000, "unit": "人"}),
    "banquet_alcohol": ("是否饮酒", FieldType.RADIO, {"choices": "是\n否", "default_value": "否"}),
    "banquet_fireworks": ("是否燃放烟花爆竹", FieldType.RADIO, {"choices": "是\n否", "default_value": "否"}),
    "party_member": ("户主或主要家庭成员是否为党员、干部", FieldType.RADIO,
                     {"choices": "是\n否", "help_text": "党员干部须带头履行婚丧喜庆报备程序。"}),
    "host_name": ("户主姓名", FieldType.SINGLELINE, {"max_length": 50, "personal": True}),
    "phone": ("联系电话", FieldType.MOBILE, {}),
    "pledge": ("本户承诺：婚事新办、丧事简办，不超标准操办，不大办酒席，不铺张浪费，接受网格员回访。",
               FieldType.CONSENT, {}),
}


def first(value):
    """A raw answer may be a list of one (the draft's) or a value."""
    if isinstance(value, (list, tuple)):
        return value[0] if value else ""
    return value


def as_date(value):
    value = first(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip()[:10])
    except ValueError:
        return None


def as_count(value):
    """Tables or guests as a whole number, or None when not (yet) answered or not a number."""
    value = first(value)
    if value is None or value == "":
        return None
    try:
        return max(int(Decimal(str(value).strip())), 0)
    except (InvalidOperation, ValueError, OverflowError):
        return None


def as_yes(value):
    value = first(value)
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in TRUE_WORDS


def as_kind(value):
    """The event from the choice's wording (an editor may reword it): 婚 a wedding, 丧 a funeral, else other."""
    text = str(first(value) or "")
    if "婚" in text or "wedding" in text.lower():
        return BanquetKind.WEDDING
    if "丧" in text or "funeral" in text.lower():
        return BanquetKind.FUNERAL
    return BanquetKind.OTHER


def as_region_id(value):
    value = first(value)
    try:
        return int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        return None


def is_declaration(answers):
    return DATE in answers
