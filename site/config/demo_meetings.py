"""Demo 小板凳 meetings of 幸福社区: last fortnight's, which gathered two matters and decided both (one sent to the
grid team, one settled between neighbours), and this week's 议事会 with its minutes, a matter raised there and the
feedback on the first one's matters; with the notice and minutes templates. Made through the meetings' services,
idempotent like the rest of the demo."""
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.models import Case
from community.constants import DecisionAction, MeetingKind, ParticipantRole
from community.meetings import services
from community.models import Meeting
from documents.constants import DocumentKind
from documents.models import DocumentTemplate
from forms_app.models import FormPage
from organisation.models import Department, Region

from .demo_history import KEY as HISTORY_KEY

TEMPLATES = [
    dict(name="议事会通知", title="议事会通知", serial_prefix="幸福议字",
         body="<p>各位居民、党员和驻区单位：</p><p>{{ meeting_region }}定于{{ meeting_date }}在{{ meeting_place }}召开"
              "{{ meeting_kind }}，议题：{{ meeting_topic }}。拟协商事项如下：</p><p>{{ meeting_matters }}</p>"
              "<p>欢迎居民朋友带上小板凳参加，有话当面说、有事一起议。</p>"),
    # a crowded meeting's participants, decisions and feedback run onto a second page
    dict(name="议事会纪要", title="议事会纪要", serial_prefix="幸福纪字", max_pages=2,
         body="<p>{{ meeting_region }}{{ meeting_kind }}会议纪要</p><p>时间：{{ meeting_date }}　地点：{{ meeting_place }}"
              "　议题：{{ meeting_topic }}</p><p>参会人员：</p><p>{{ meeting_participants }}</p><p>会议情况：</p>"
              "<p>{{ meeting_minutes }}</p><p>会议决定：</p><p>{{ meeting_decisions }}</p>"
              "<p>上次会议事项反馈：</p><p>{{ meeting_feedback }}</p>"),
]

PEOPLE = [
    {"role": ParticipantRole.RESIDENT, "name": "王秀英", "unit": "3号楼"},
    {"role": ParticipantRole.RESIDENT, "name": "张镕赟", "unit": "8号楼"},
    {"role": ParticipantRole.PARTY_MEMBER, "name": "刘建国", "unit": "幸福社区党支部"},
    {"role": ParticipantRole.UNIT, "name": "孙经理", "unit": "幸福物业公司"},
    {"role": ParticipantRole.STAFF, "name": "赵敏", "unit": "第一网格"},
]


def _templates():
    seal = DocumentTemplate.objects.filter(name="受理回执").values_list("seal", flat=True).first()
    for spec in TEMPLATES:
        DocumentTemplate.objects.get_or_create(name=spec["name"], defaults={
            **spec, "kind": DocumentKind.NOTICE, "issuer": "幸福社区居民委员会", "seal_id": seal})


def _case(text):
    """One of the demo's few current cases (config.demo.DEMO_CASES), not of the months of history."""
    return (Case.objects.filter(submission__search_text__contains=text)
            .exclude(submission__submission_key__startswith=HISTORY_KEY).order_by("pk").first())


def seed_meetings():
    _templates()
    if Meeting.objects.exists():
        return
    organiser = get_user_model().objects.get(username="dispatcher")
    community = Region.objects.get(code="220821100001")
    today = timezone.localdate()
    first = services.meeting_save(
        by=organiser, region=community, kind=MeetingKind.STOOL, held_on=today - timedelta(days=14),
        place="幸福社区3号楼前小广场", topic="地下室漏水和晚间噪音", participants=PEOPLE,
        minutes="居民反映3号楼2单元地下室漏水半月未修；广场舞音响晚十点后仍很大。物业表示可配合维修；"
                "广场舞队代表同意晚九点半前结束、音量调小。")
    pipes, noise = _case("地下室水管漏水"), _case("广场舞音响")
    for case in (pipes, noise):
        services.meeting_attach(meeting=first, case=case, by=organiser)
    services.meeting_decide(meeting=first, by=organiser, decisions=[
        services.decision(case=pipes, action=DecisionAction.DISPATCH, text="交第一网格服务队会同物业三日内维修",
                          department=Department.objects.get(code="xf-grid")),
        services.decision(case=noise, action=DecisionAction.REJECT,
                          text="经协商，广场舞队承诺晚九点半前结束并调小音量，居民自行监督，不再立案"),
    ])
    second = services.meeting_save(
        by=organiser, region=community, kind=MeetingKind.COUNCIL, held_on=today - timedelta(days=2),
        place="幸福社区党群服务中心", topic="东门照明", participants=PEOPLE[:4],
        minutes="通报上次小板凳会议事项的办理情况。居民提出小区东门路灯不亮，晚上出行不便，登记为新事项。")
    services.meeting_raise(meeting=second, form=FormPage.objects.get(slug="suqiu"),
                           text="小区东门两盏路灯不亮，晚上老人出行不便。", by=organiser)
