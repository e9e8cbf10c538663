"""A meeting's notice (会议通知) and minutes (会议纪要) as PDFs, issued through the documents room.

A meeting is not a case: its documents are keyed ``meeting:<region path>:<meeting id>:<notice|minutes>[:n]``
and registered with :mod:`documents.subjects`, so the register shows them to the staff who see the meeting (its
region subtree). Each issue is a new document with its own serial (the minutes are issued again after the
meeting changes); the values are frozen with it. The templates are the ones named by the settings
``COMMUNITY_MEETING_NOTICE_TEMPLATE`` and ``COMMUNITY_MEETING_MINUTES_TEMPLATE`` (staff edit them like any other);
their placeholders are registered in :data:`PLACEHOLDERS`. Residents' names stay masked in both.
"""
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.synopsis import synopses
from community.models import Meeting
from documents.constants import DocumentStatus
from documents.models import Document, DocumentTemplate
from documents.services import issue, schedule

from . import selectors

PREFIX = "meeting"
KINDS = ("notice", "minutes")

PLACEHOLDERS = {
    "meeting_kind": gettext_lazy("Kind of meeting (小板凳, 议事会 …)"),
    "meeting_date": gettext_lazy("Date of the meeting"),
    "meeting_place": gettext_lazy("Place of the meeting"),
    "meeting_region": gettext_lazy("Community or grid holding the meeting"),
    "meeting_topic": gettext_lazy("Topic of the meeting"),
    "meeting_participants": gettext_lazy("Participants (table; residents masked)"),
    "meeting_matters": gettext_lazy("Matters gathered by the meeting (table)"),
    "meeting_minutes": gettext_lazy("Minutes of the meeting"),
    "meeting_decisions": gettext_lazy("Decisions of the meeting (table)"),
    "meeting_feedback": gettext_lazy("Feedback on the previous meeting's matters (table)"),
}
SAMPLES = {
    "meeting_kind": "小板凳", "meeting_date": "2026年12月1日", "meeting_place": "幸福社区党群服务中心",
    "meeting_region": "幸福社区", "meeting_topic": "楼道照明和停车难",
    "meeting_participants": {"columns": ["身份", "姓名", "单位"],
                             "rows": [["居民", "李**", "3号楼"], ["党员", "王建国", "社区党支部"]]},
    "meeting_matters": {"columns": ["编号", "事项", "状态"], "rows": [["SQ-2026-000123", "3号楼楼道灯不亮", "已接单"]]},
    "meeting_minutes": "居民反映3号楼楼道灯损坏，物业承诺一周内更换。",
    "meeting_decisions": {"columns": ["编号", "决定", "内容"],
                          "rows": [["SQ-2026-000123", "派单", "交物业公司更换楼道灯"]]},
    "meeting_feedback": {"columns": ["编号", "状态", "结果"], "rows": [["SQ-2026-000101", "已办结", "已清理堆放杂物"]]},
}
#: A crowded 议事会 (documents.long_values): ten participants, four matters decided, long minutes; its minutes are
#: meant to fill two pages at most.
_LONG_MATTERS = [("SQ-2026-012301", "3号楼2单元地下室主供水管冻裂漏水，积水约30厘米，影响相邻单元储物间"),
                 ("SQ-2026-012302", "幸福家园小区东门两盏路灯不亮，晚间老人和学生出行不便，存在安全隐患"),
                 ("SQ-2026-012303", "广场舞音响晚十点后音量仍然很大，影响周边三栋楼居民休息"),
                 ("SQ-2026-012304", "小区内私家车乱停乱放占用消防通道，救护车曾无法进入")]
LONG_SAMPLES = {
    "meeting_kind": "议事会（小板凳会议）", "meeting_date": "2026年12月28日",
    "meeting_place": "幸福社区党群服务中心二楼多功能会议室（幸福家园小区东区17号楼旁）",
    "meeting_region": "镇赉镇幸福社区第一网格", "meeting_topic": "地下室漏水、东门照明、晚间噪音和消防通道停车问题",
    "meeting_participants": {"columns": ["身份", "姓名", "单位"], "rows": [
        ["居民", "阿**·买买提吐尔逊", "幸福家园小区东区17号楼3单元"], ["居民", "王**", "幸福家园小区东区3号楼2单元"],
        ["居民", "张**", "幸福家园小区西区8号楼1单元"], ["居民", "欧阳**", "幸福家园小区西区12号楼4单元"],
        ["党员", "刘建国", "幸福社区第一党支部"], ["党员", "李秀兰", "幸福社区第二党支部"],
        ["驻区单位", "孙经理", "镇赉县幸福物业服务有限公司"], ["驻区单位", "周所长", "镇赉镇派出所幸福社区警务室"],
        ["网格员", "赵敏", "幸福社区第一网格"], ["社区工作者", "钱志强", "幸福社区居民委员会"]]},
    "meeting_matters": {"columns": ["编号", "事项", "状态"],
                        "rows": [[ref, text, "已接单"] for ref, text in _LONG_MATTERS]},
    "meeting_minutes": ("社区书记通报了上次小板凳会议事项的办理情况。居民代表逐一反映了地下室漏水、东门路灯不亮、晚间广场舞噪音和"
                        "私家车占用消防通道四个问题；物业公司表示可在三日内配合维修供水管并更换路灯，费用由公共维修资金列支；"
                        "广场舞队代表同意晚九点半前结束、音量调小并安排专人监督；派出所警务室提出在消防通道施划禁停标线、"
                        "安装提示牌，对屡次违停车辆依法处理。与会人员对各项处理意见逐项表决，均获通过。"),
    "meeting_decisions": {"columns": ["编号", "决定", "内容"], "rows": [
        [ref, "派单", f"交幸福社区网格工作站会同物业公司三日内处理：{text}（县住房和城乡建设局）"]
        for ref, text in _LONG_MATTERS]},
    "meeting_feedback": {"columns": ["编号", "状态", "结果"], "rows": [
        ["SQ-2026-012201", "已办结", "已清理楼道堆放杂物并张贴消防安全提示，居民满意"],
        ["SQ-2026-012202", "已办结", "已修复单元门禁系统，更换门禁卡32张"],
        ["SQ-2026-012203", "办理中", "垃圾分类投放点改造已立项，预计下月完工"]]},
}


class NoticeError(Exception):
    def __init__(self, message, *, code="refused"):
        super().__init__(message)
        self.message, self.code = message, code


def base_key(meeting, kind):
    return f"{PREFIX}:{meeting.region.path}:{meeting.pk}:{kind}"


def documents_of(meeting, kind):
    key = base_key(meeting, kind)
    return Document.objects.filter(Q(key=key) | Q(key__startswith=f"{key}:")).order_by("-pk")


def visible_to(user):
    """For :mod:`documents.subjects`: the documents of the meetings in the user's region subtrees."""
    scope = Q(pk__in=[])
    for path in selectors.reach_paths(user):
        scope |= Q(key__startswith=f"{PREFIX}:{path}")
    return scope


def describe(document):
    meeting_id = document.key.split(":")[2]
    return _("Meeting notice or minutes"), reverse("community_meeting", args=[meeting_id])


def _date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def meeting_values(meeting):
    """The placeholder values of ``meeting`` as it stands, in the site's language (tables of strings)."""
    matters = list(selectors.matters_of(meeting))
    lines = synopses([m.case for m in matters])
    decisions = meeting.decisions.select_related("case", "department")
    _last, feedback = selectors.feedback_for(meeting)
    return {
        "meeting_kind": meeting.get_kind_display(), "meeting_date": _date(meeting.held_on),
        "meeting_place": meeting.place, "meeting_region": meeting.region.name, "meeting_topic": meeting.topic,
        "meeting_participants": {"columns": [_("Role"), _("Name"), _("Unit or building")],
                                 "rows": [[p.get_role_display(), p.display_name, p.unit]
                                          for p in meeting.participants.all()]},
        "meeting_matters": {"columns": [_("Reference"), _("Matter"), _("State")],
                            "rows": [[m.case.reference, lines.get(m.case.pk, ""), m.case.get_state_display()]
                                     for m in matters]},
        "meeting_minutes": meeting.minutes,
        "meeting_decisions": {"columns": [_("Reference"), _("Decision"), _("What was decided")],
                              "rows": [[d.case.reference, d.get_action_display(),
                                        d.text + (f"（{d.department.name}）" if d.department_id else "")]
                                       for d in decisions]},
        "meeting_feedback": {"columns": [_("Reference"), _("State"), _("Result")],
                             "rows": [[f.reference, f.state_label, f.result] for f in feedback]},
    }


def template_for(kind):
    name = getattr(settings, "COMMUNITY_MEETING_NOTICE_TEMPLATE" if kind == "notice"
                   else "COMMUNITY_MEETING_MINUTES_TEMPLATE")
    template = DocumentTemplate.objects.filter(name=name).first()
    if template is None:
        raise NoticeError(_("Create a document template named “%(name)s” first (Documents → Templates).")
                          % {"name": name}, code="template")
    return template


def issue_meeting_document(*, meeting, kind, by):
    """Issue the meeting's notice or minutes as they stand now; the PDF is rendered after commit."""
    if kind not in KINDS:
        raise NoticeError(_("Unknown kind of meeting document."), code="kind")
    if not selectors.meetings_visible_to(by).filter(pk=meeting.pk).exists():
        raise NoticeError(_("This meeting is not in your region."), code="forbidden")
    template = template_for(kind)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("region").get(pk=meeting.pk)  # one at a time
        earlier = documents_of(meeting, kind).count()
        with translation.override(settings.LANGUAGE_CODE):
            values = meeting_values(meeting)
        key = base_key(meeting, kind) + (f":{earlier + 1}" if earlier else "")
        document = issue(template, key=key, row_values=values)
        schedule([document.pk])
    return document


def latest(meeting):
    """{kind: the newest standing document} for the meeting page's download links."""
    found = {}
    for kind in KINDS:
        document = documents_of(meeting, kind).exclude(status=DocumentStatus.REVOKED).first()
        if document is not None:
            found[kind] = document
    return found
