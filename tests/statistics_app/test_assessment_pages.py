"""考核评价 in the admin: the Assessment page and its export, the scheme edited as a snippet, the supervisor's
home panel of red units, and the monthly ranking notice (排榜通报) read back from its PDF.

The crafted cases are those of ``test_assessment.world``: team A ranks first with 78.7 (yellow), team B has too
few cases to be ranked and one overdue case of one open (red).
"""
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from documents.constants import DocumentStatus
from documents.models import Document
from documents.selectors import documents_visible_to
from statistics_app.models import AssessmentScheme
from tests.factories import make_template, pdf_text
from tests.statistics_app.test_assessment import scheme, world  # noqa: F401  (the crafted cases)

NOTICE_BODY = ("<p>{{ ranking_scope }}{{ ranking_period }}{{ ranking_units }}考核排名通报如下：</p>"
               "<p>{{ ranking_table }}</p><p>亮红灯单位：{{ ranking_red_units }}。</p>")


def month_query(w, **extra):
    return {"period": "month", "date": w.period.first_day.isoformat(), **extra}


@pytest.fixture
def saved(world):  # noqa: F811
    world.scheme.notice_template = make_template(name="排榜通报", title="排榜通报", body=NOTICE_BODY,
                                                 serial_prefix="镇赉排字", issuer="镇赉镇人民政府")
    world.scheme.save()
    return world


def test_the_assessment_page_shows_the_scorecard_and_how_it_is_scored(client, saved):
    client.force_login(saved.county_supervisor)
    response = client.get(reverse("statistics_assessment"), month_query(saved))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("第一网格服务队") < html.index("第二网格服务队")
    assert "<strong>78.7</strong>" in html and "案件太少，不参与排名（样本不足）" in html
    assert "扣分：每件重办案件扣 2 分，每次督办扣 1 分；得分最低为 0。" in html
    assert "红灯：得分低于 60，或当前在办案件超期占比达到 25%" in html
    assert [c.label for c in response.context["board"].red] == ["第二网格服务队"]


def test_the_page_opens_on_last_month_the_finished_one(client, saved):
    client.force_login(saved.county_supervisor)
    period = client.get(reverse("statistics_assessment")).context["period"]
    this_month = timezone.localdate().replace(day=1)
    assert period.kind == "month" and period.last_day == this_month - timedelta(days=1)
    asked = client.get(reverse("statistics_assessment"), {"period": "month"}).context["period"]
    assert asked.first_day == this_month  # a month asked for without a date is this one, as elsewhere


@pytest.mark.parametrize("query", [{"period": "fortnight"}, {"period": "month", "date": "2026-13-01"},
                                   {"unit": "province"}, {"format": "pdf"}])
def test_bad_input_is_a_400_with_a_message(client, saved, query):
    client.force_login(saved.county_supervisor)
    response = client.get(reverse("statistics_assessment"), query)
    assert response.status_code == 400 and response.context["message"]


def test_someone_without_a_place_in_the_organisation_may_not_open_the_page(client, saved):
    from tests.factories import make_staff

    client.force_login(make_staff(page_permissions=()))
    response = client.get(reverse("statistics_assessment"))
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))  # Wagtail's "permission denied"


def test_the_scorecard_exports_as_csv_and_xlsx(client, saved):
    client.force_login(saved.county_supervisor)
    csv = client.get(reverse("statistics_assessment"), month_query(saved, format="csv"))
    text = b"".join(csv.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff") and "第一网格服务队" in text and "78.7" in text
    xlsx = client.get(reverse("statistics_assessment"), month_query(saved, format="xlsx"))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[1][:3] == (1, "第一网格服务队", 4) and rows[1][14] == 78.7
    assert rows[2][0] is None and rows[2][-1] == "案件太少，不参与排名（样本不足）"
    assert isinstance(rows[1][4], float) and 0 < rows[1][4] <= 1  # the on-time rate stays a number


def test_a_unit_named_like_a_formula_is_exported_as_text(client, saved):
    from organisation.models import Department

    Department.objects.filter(name="第一网格服务队").update(name="=HYPERLINK(\"http://x\")")
    client.force_login(saved.county_supervisor)
    response = client.get(reverse("statistics_assessment"), month_query(saved, format="csv"))
    text = b"".join(response.streaming_content).decode("utf-8")
    assert "'=HYPERLINK" in text
    xlsx = client.get(reverse("statistics_assessment"), month_query(saved, format="xlsx"))
    units = [row[1] for row in load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows(values_only=True)]
    assert "'=HYPERLINK(\"http://x\")" in units


def test_a_handler_sees_only_their_own_team_on_the_page(client, saved):
    client.force_login(saved.handler_b)
    html = client.get(reverse("statistics_assessment"), month_query(saved)).content.decode()
    assert "第二网格服务队" in html and "第一网格服务队" not in html
    assert "statistics_assessment_notice" not in html and "排榜通报" not in html


def test_the_scheme_is_edited_in_the_admin_and_bad_weights_are_refused_with_a_message(client, saved):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("chief", "chief@example.invalid", "x")
    client.force_login(admin)
    data = {"name": "新方案", "is_active": "on", "weight_on_time": 50, "weight_satisfaction": 40,
            "weight_resolution": 20, "deduction_per_reopen": "2", "deduction_per_urge": "1", "min_cases": 3,
            "yellow_below": "80", "red_below": "60", "yellow_overdue_share": 10, "red_overdue_share": 25}
    url = reverse("wagtailsnippets_statistics_app_assessmentscheme:add")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "权重合计为 110%，必须等于 100%。" in str(response.context["form"].errors["weight_resolution"])
    assert client.post(url, {**data, "weight_on_time": 40}).status_code == 302
    assert AssessmentScheme.active().name == "新方案"


def test_a_supervisors_home_lists_the_red_units_in_reach(client, saved):
    client.force_login(saved.county_supervisor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html[html.index('id="unit-lights-section"'):]
    assert "第二网格服务队" in panel and "第一网格服务队" not in panel.split("亮黄灯")[0]
    assert "1 个单位亮黄灯" in panel and reverse("statistics_assessment") in panel
    client.force_login(saved.handler_b)
    assert 'id="unit-lights-section"' not in client.get(reverse("wagtailadmin_home")).content.decode()


def issue(client, w, **extra):
    return client.post(reverse("statistics_assessment_notice"), month_query(w, unit="department", **extra),
                       follow=True)


def test_a_supervisor_issues_the_months_ranking_notice_once(client, saved, django_capture_on_commit_callbacks):
    client.force_login(saved.county_supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = issue(client, saved)
    document = Document.objects.get()
    assert document.status == DocumentStatus.READY and document.case_id is None
    assert document.serial.startswith("镇赉排字〔") and document.key.startswith(f"ranking:{saved.county.path}:")
    text = pdf_text(document.file.read())
    assert "第一网格服务队" in text and "78.7" in text and "第二网格服务队" in text and "样本不足" in text
    assert "镇赉县" in text and f"{saved.period.first_day.year}年{saved.period.first_day.month}月" in text
    assert document.serial in text and document.display_code in text
    month = f"{saved.period.first_day.year}年{saved.period.first_day.month}月"
    assert f"{month}的排榜通报已发布：{document.serial}。" in response.content.decode()
    verify = client.get(reverse("verify_document", args=[document.verify_code]))
    assert verify.status_code == 200 and verify.context["genuine"]
    again = issue(client, saved)
    assert Document.objects.count() == 1
    assert f"{month}的排榜通报已经发布：{document.serial}。" in again.content.decode()


def test_the_notice_is_for_supervisors_and_months_only(client, saved):
    client.force_login(saved.handler_b)
    refused = client.post(reverse("statistics_assessment_notice"), month_query(saved, unit="department"))
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home")) and not Document.objects.exists()
    client.force_login(saved.county_supervisor)
    response = client.post(reverse("statistics_assessment_notice"),
                           {"period": "week", "date": saved.period.first_day.isoformat(), "unit": "department"},
                           follow=True)
    assert not Document.objects.exists() and "按自然月" in response.content.decode()


def test_the_register_shows_a_notice_to_the_supervisors_of_its_region_and_above_only(client, saved,
                                                                        django_capture_on_commit_callbacks):
    client.force_login(saved.supervisor)  # the community's supervisor: the notice covers the community
    with django_capture_on_commit_callbacks(execute=True):
        issue(client, saved)
    document = Document.objects.get()
    assert document.key.startswith(f"ranking:{saved.community.path}:")
    assert list(documents_visible_to(saved.supervisor)) == list(documents_visible_to(saved.county_supervisor)) == [
        document]
    assert list(documents_visible_to(saved.handler_b)) == []
    download = client.get(reverse("documents_register_download", args=[document.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_the_statistics_menu_offers_the_assessment_to_staff_with_a_place(client, saved):
    from tests.factories import make_staff

    client.force_login(saved.handler_b)
    assert reverse("statistics_assessment") in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(make_staff())
    assert reverse("statistics_assessment") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_notice_templates_preview_prints_a_sample_ranking(client, saved):
    from django.contrib.auth import get_user_model

    from documents.preview import preview_response

    request = client.get(reverse("wagtailadmin_home")).wsgi_request
    request.user = get_user_model().objects.create_superuser("chief", "chief@example.invalid", "x")
    response = preview_response(request, saved.scheme.notice_template)
    assert response["Content-Type"] == "application/pdf"
    assert "住建局" in pdf_text(response.content) and "样本不足" in pdf_text(response.content)
