"""Long but realistic values for every placeholder: what a template's layout must hold.

The preview's *Long values* mode (documents.preview) and the test that renders every demo template
(tests/documents/test_demo_documents_fit.py) fill templates with these, so that a layout which fits 李堃喆 at
幸福社区 but not 阿卜杜热合曼·买买提吐尔逊 at a 40-character address is found before a resident receives it.
They are real in kind (names with a middle dot, addresses down to the room, results of several sentences,
ranking tables as long as a county's), not filler.

The rooms above that register placeholders give their long values with them
(``register_placeholders(labels, samples, long_samples)``); a placeholder without one falls back to its
sample. An answer placeholder (``{{ answer.<field id> }}``) is filled from the question it names: the
longest choice, a long name or address, a long text for a paragraph answer.
"""
from __future__ import annotations

import re

from forms_app.constants import FieldType
from forms_app.models import FormField

from .placeholders import ANSWER_PREFIX, REGISTERED_LONG_VALUES, SAMPLE_VALUES, names_in

LONG_NAME = "阿卜杜热合曼·买买提吐尔逊"
LONG_ADDRESS = "吉林省白城市镇赉县镇赉镇幸福社区第一网格幸福家园小区东区17号楼3单元1102室（原粮食局家属楼）"
LONG_TEXT = (
    "经现场核查，3号楼2单元地下室主供水管因冬季冻裂漏水，积水约30厘米，已影响相邻两个单元的储物间。"
    "网格员会同物业公司于当日关闭阀门、抽排积水，次日由县住房和城乡建设局组织施工队更换破损管段12米，"
    "加装保温层并对其余管段进行了排查加固；已恢复正常供水，积水区域已清理消毒，受损储物由物业登记并协商赔偿。"
    "后续由网格员每周回访一次，持续一个月。"
)

#: The built-in placeholders (documents.values, documents.compose), at their longest realistic.
LONG_VALUES = {
    "resident_name": LONG_NAME,
    "id_number_masked": "2208**********123X",
    "phone_masked": "139****8888",
    "address": LONG_ADDRESS,
    "grid": "幸福社区第一网格（幸福家园小区东区）",
    "community": "幸福社区居民委员会",
    "street": "镇赉镇人民政府（东湖街道办事处）",
    "region_full": "吉林省白城市镇赉县镇赉镇幸福社区第一网格",
    "department": "县城市管理综合执法局市容环境卫生管理中心",
    "reference": "SQ-2026-012345",
    "form_title": "诉求反映（问题投诉与意见建议）",
    "category": "物业服务与小区公共设施维修（供水、供暖、楼道照明）",
    "submitted_date": "2026年12月28日",
    "resolved_date": "2026年12月31日",
    "result": LONG_TEXT,
    "reason": ("经审查，您反映的商品房买卖合同纠纷属于民事争议，依法应通过协商、调解、仲裁或者向人民法院起诉等途径解决，"
               "不属于本平台受理范围。您可以向县人民调解中心（镇赉镇建设路88号，电话0436-1234567）申请免费调解，"
               "或者拨打12348公共法律服务热线咨询。"),
    "score": "58.75",
    "time_limit": "15个工作日",
    "due_date": "2026年12月31日",
}

#: An issue's own texts at their longest (the preview and the test print these).
LONG_SERIAL_NUMBER = "〔2026〕第012345号"

NAME_LABEL_RE = re.compile(r"(姓名|户主|联系人|申请人|负责人|name)", re.IGNORECASE)
ADDRESS_LABEL_RE = re.compile(r"(地址|住址|地点|address)", re.IGNORECASE)


def long_values_for(template) -> dict:
    """Every placeholder ``template`` uses, filled with a long realistic value."""
    values = {**SAMPLE_VALUES, **LONG_VALUES, **REGISTERED_LONG_VALUES}
    answers = [name[len(ANSWER_PREFIX):] for text in template.texts() for name in names_in(text)
               if name.startswith(ANSWER_PREFIX)]
    if answers:
        values.update({ANSWER_PREFIX + field_id: text for field_id, text in long_answers(answers).items()})
    return values


def long_answers(field_ids) -> dict[str, str]:
    """{field id: a long answer} for the questions with these ids (of any form: a template may serve several)."""

    found = {}
    for field in FormField.objects.filter(clean_name__in=list(field_ids)).order_by("pk"):
        found.setdefault(field.field_id, long_answer(field))
    return {field_id: found.get(field_id, LONG_TEXT) for field_id in field_ids}


def long_answer(field) -> str:
    """A long realistic answer to one question, by its type and label."""
    choices = [c.strip() for c in (field.choices or "").splitlines() if c.strip()]
    if field.field_type in (FieldType.RADIO, FieldType.DROPDOWN) and choices:
        return max(choices, key=len)
    if field.field_type in (FieldType.CHECKBOXES, FieldType.MULTISELECT) and choices:
        return "、".join(choices)
    if field.field_type == FieldType.ID_NUMBER:
        return LONG_VALUES["id_number_masked"]
    if field.field_type == FieldType.MOBILE:
        return LONG_VALUES["phone_masked"]
    if field.field_type == FieldType.REGION:
        return LONG_VALUES["region_full"]
    if field.field_type in (FieldType.DATE, FieldType.DATETIME):
        return LONG_VALUES["submitted_date"]
    if field.field_type == FieldType.NUMBER:
        return "1250"
    if NAME_LABEL_RE.search(field.label or ""):
        return LONG_NAME
    if ADDRESS_LABEL_RE.search(field.label or ""):
        return LONG_ADDRESS
    text = LONG_TEXT if field.field_type == FieldType.MULTILINE else LONG_VALUES["category"]
    limit = getattr(field, "max_length", None)
    return text[:limit] if limit else text
