"""*Community → Meetings* in the admin: the list by region, a meeting recorded, matters brought and raised,
decisions recorded all or nothing (a refusal is a 400 with its message), the notice and minutes read back from
their PDFs, and the case page's history naming the meeting."""
import pytest
from django.urls import reverse

from cases.constants import CaseState
from cases.models import Case
from community.models import Meeting, MeetingDecision
from documents.constants import DocumentStatus
from documents.models import Document
from documents.selectors import documents_visible_to
from tests.community.conftest import hold
from tests.factories import make_template, pdf_text, walk_case

pytestmark = pytest.mark.django_db

NOTICE = ("<p>{{ meeting_region }}定于{{ meeting_date }}在{{ meeting_place }}召开{{ meeting_kind }}，"
          "议题：{{ meeting_topic }}。</p><p>{{ meeting_matters }}</p>")
MINUTES = ("<p>{{ meeting_kind }}纪要（{{ meeting_date }}，{{ meeting_place }}）</p><p>{{ meeting_participants }}</p>"
           "<p>{{ meeting_minutes }}</p><p>{{ meeting_decisions }}</p><p>{{ meeting_feedback }}</p>")


@pytest.fixture
def templates(db):
    return (make_template(name="议事会通知", title="议事会通知", body=NOTICE, serial_prefix="幸福议字"),
            make_template(name="议事会纪要", title="议事会纪要", body=MINUTES, serial_prefix="幸福纪字"))


def test_the_list_shows_only_the_meetings_of_the_users_region(client, world):
    mine, theirs = hold(world, region=world.grid1, place="第一网格活动室"), hold(world, region=world.grid2)
    client.force_login(world.grid_dispatcher)
    response = client.get(reverse("community_meetings"))
    assert response.status_code == 200 and list(response.context["meetings"]) == [mine]
    assert client.get(reverse("community_meeting", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("community_meeting_decide", args=[theirs.pk])).status_code == 404


def test_a_handler_without_a_region_has_no_meetings_page(client, world):
    client.force_login(world.handler)
    assert client.get(reverse("community_meetings")).status_code == 302  # Wagtail's "permission denied"


def test_a_dispatcher_records_a_meeting_with_its_participants(client, world):
    client.force_login(world.dispatcher)
    response = client.post(reverse("community_meeting_new"), {
        "region": world.community.pk, "kind": "council", "held_on": "2026-12-01", "place": "社区会议室",
        "topic": "停车难", "minutes": "",
        "people-TOTAL_FORMS": "2", "people-INITIAL_FORMS": "0",
        "people-0-role": "resident", "people-0-name": "李堃喆", "people-0-unit": "3号楼",
        "people-1-role": "unit", "people-1-name": "赵物业", "people-1-unit": "幸福物业",
    })
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.organiser == world.dispatcher and meeting.participants.count() == 2
    page = client.get(reverse("community_meeting", args=[meeting.pk])).content.decode()
    assert "李**" in page and "李堃喆" not in page and "赵物业" in page


def test_a_meeting_in_another_region_is_refused_with_a_message(client, world):
    client.force_login(world.grid_dispatcher)
    response = client.post(reverse("community_meeting_new"), {
        "region": world.grid2.pk, "kind": "stool", "held_on": "2026-12-01", "place": "活动室",
        "people-TOTAL_FORMS": "0", "people-INITIAL_FORMS": "0"})
    assert response.status_code == 400 and not Meeting.objects.exists()


def decide(client, meeting, rows):
    data = {}
    for case, action, text, department in rows:
        data.update({f"action-{case.pk}": action, f"text-{case.pk}": text, f"state-{case.pk}": case.state,
                     f"department-{case.pk}": department.pk if department else ""})
    return client.post(reverse("community_meeting_decide", args=[meeting.pk]), data)


def test_decisions_recorded_on_the_page_act_on_the_cases_all_or_nothing(client, world):
    first, second = (walk_case(world, world.new_case(), ["accept"]) for _ in range(2))
    meeting = hold(world)
    client.force_login(world.dispatcher)
    for case in (first, second):
        client.post(reverse("community_meeting_attach", args=[meeting.pk]), {"case": case.reference})
    refused = decide(client, meeting, [(first, "dispatch", "交服务队", world.team_a), (second, "resolve", "已修好", None)])
    assert refused.status_code == 400 and second.reference in refused.context["message"]
    assert Case.objects.get(pk=first.pk).state == CaseState.ACCEPTED and not MeetingDecision.objects.exists()
    done = decide(client, meeting, [(first, "dispatch", "交服务队", world.team_a),
                                    (second, "reject", "属物业维修基金事项，另行协商", None)])
    assert done.status_code == 302 and MeetingDecision.objects.count() == 2
    assert Case.objects.get(pk=second.pk).state == CaseState.REJECTED


def test_a_dispatch_without_a_department_is_a_400(client, world):
    case = walk_case(world, world.new_case(), ["accept"])
    meeting = hold(world)
    client.force_login(world.dispatcher)
    client.post(reverse("community_meeting_attach", args=[meeting.pk]), {"case": case.reference})
    response = decide(client, meeting, [(case, "dispatch", "交服务队", None)])
    assert response.status_code == 400 and "部门" in response.context["message"]


def test_a_matter_raised_on_the_page_opens_a_case(client, world):
    meeting = hold(world)
    client.force_login(world.dispatcher)
    response = client.post(reverse("community_meeting_raise", args=[meeting.pk]),
                           {"form": world.form.pk, "text": "东门路灯不亮"})
    assert response.status_code == 302
    assert Case.objects.get().channel == "meeting" and meeting.matters.get().raised_here
    assert client.post(reverse("community_meeting_raise", args=[meeting.pk]),
                       {"form": world.form.pk, "text": ""}).status_code == 400


def test_the_case_page_shows_the_meeting_it_went_through(client, world):
    case = world.new_case()
    meeting = hold(world)
    client.force_login(world.dispatcher)
    client.post(reverse("community_meeting_attach", args=[meeting.pk]), {"case": case.reference})
    page = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    assert "已提交议事会协商" in page and meeting.label in page


def test_the_notice_and_the_minutes_read_back_from_their_pdfs(client, world, templates,
                                                               django_capture_on_commit_callbacks):
    earlier = hold(world, day=__import__("datetime").date(2026, 11, 20))
    fixed = world.new_case()
    client.force_login(world.dispatcher)
    client.post(reverse("community_meeting_attach", args=[earlier.pk]), {"case": fixed.reference})
    walk_case(world, fixed, ["accept", "dispatch", "claim", "resolve"])
    meeting = hold(world, minutes="居民反映3号楼楼道灯损坏，物业承诺一周内更换。")
    case = walk_case(world, world.new_case(), ["accept"])
    client.post(reverse("community_meeting_attach", args=[meeting.pk]), {"case": case.reference})
    decide(client, meeting, [(case, "dispatch", "交第一网格服务队更换楼道灯", world.team_a)])
    with django_capture_on_commit_callbacks(execute=True):
        for kind in ("notice", "minutes"):
            assert client.post(reverse("community_meeting_issue", args=[meeting.pk, kind])).status_code == 302
    notice, minutes = Document.objects.order_by("pk")
    assert notice.status == minutes.status == DocumentStatus.READY and notice.key.startswith("meeting:")
    text = pdf_text(notice.file.read())
    assert "幸福社区定于2026年12月1日在幸福社区党群服务中心召开小板凳" in text and case.reference in text
    text = pdf_text(minutes.file.read())
    assert "李**" in text and "李堃喆" not in text and "王建国" in text and "物业承诺一周内更换" in text
    assert "交第一网格服务队更换楼道灯" in text and fixed.reference in text and "已更换水管" in text
    assert set(documents_visible_to(world.dispatcher)) >= {notice, minutes}
    assert not documents_visible_to(world.grid_dispatcher).filter(pk=notice.pk).exists()
    download = client.get(reverse("documents_register_download", args=[minutes.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_without_the_template_issuing_is_a_400_with_a_message(client, world):
    meeting = hold(world)
    client.force_login(world.dispatcher)
    response = client.post(reverse("community_meeting_issue", args=[meeting.pk, "minutes"]))
    assert response.status_code == 400 and "议事会纪要" in response.context["message"]
    assert not Document.objects.exists()


def test_the_residents_tracking_page_says_which_meeting_discussed_the_matter(client, world):
    case = world.new_case()
    meeting = hold(world)
    client.force_login(world.dispatcher)
    client.post(reverse("community_meeting_attach", args=[meeting.pk]), {"case": case.reference})
    client.logout()
    page = client.get(reverse("track", args=[case.tracking_token])).content.decode()
    assert "已提交议事会协商" in page and meeting.label in page and "王建国" not in page


def test_a_case_of_another_region_typed_in_is_a_400_and_nothing_is_gathered(client, world):
    meeting = hold(world, region=world.grid1)
    elsewhere = world.new_case(region=world.grid2)
    client.force_login(world.dispatcher)
    response = client.post(reverse("community_meeting_attach", args=[meeting.pk]), {"case": elsewhere.reference})
    assert response.status_code == 400 and "没有这个编号的工单" in response.context["message"]
    assert not meeting.matters.exists()


def test_the_meeting_page_costs_the_same_queries_for_two_matters_or_eight(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.dispatcher)
    counts = []
    for size, grid in ((2, world.grid1), (8, world.grid2)):
        last = hold(world, region=grid, day=__import__("datetime").date(2026, 11, 20))
        meeting = hold(world, region=grid)
        for target in (last, meeting):
            for _ in range(size):
                client.post(reverse("community_meeting_attach", args=[target.pk]),
                            {"case": world.new_case(region=grid).reference})
        client.get(reverse("community_meeting", args=[meeting.pk]))  # the per-process caches (forms' settings) warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("community_meeting", args=[meeting.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_community_menu_offers_meetings_to_dispatchers_only(client, world):
    client.force_login(world.dispatcher)
    assert reverse("community_meetings") in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(world.handler)
    assert reverse("community_meetings") not in client.get(reverse("wagtailadmin_home")).content.decode()
