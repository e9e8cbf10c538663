"""Survey results per question, pinned on four responses in November 2026 whose figures are worked out by hand.

=====  ======  ======  ======================  ====  ===  =========================  =========  ==========
resp.  rating  Likert  to improve (several)    home  age  comment                    name       region
=====  ======  ======  ======================  ====  ===  =========================  =========  ==========
1      5       4       环境卫生, 停车管理        是     30   路灯坏了，请联系13800138000  李堃喆      幸福社区 G1
2      4       4       环境卫生                 是     40   很好                      王芳        幸福社区 G2
3      2       2       广场舞 (an “Other”)      否     65   —                         —          丹凤社区 G3
4      5       —       —                       是     51   —                         —          none
=====  ======  ======  ======================  ====  ===  =========================  =========  ==========

and one response in October (rating 1), outside the period. So: rating mean (5+4+2+5)/4 = 4.0, median 4.5, 5 stars
2 of 4 = 50 %; Likert mean (4+4+2)/3 = 3.33, median 4; “to improve” answered by 3: 环境卫生 2/3 = 66.7 %,
停车管理 1/3 = 33.3 %, Other 1/3; home 是 3/4 = 75 %; age mean 46.5, median (40+51)/2 = 45.5.
"""
import csv
import io
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forms_app.constants import FieldType
from organisation.constants import RegionLevel
from organisation.models import Region
from tests.factories import make_form, make_regions, make_staff, make_submission

NOVEMBER = "?period=month&date=2026-11-15"


def at(month, day, hour=10):
    return timezone.make_aware(datetime(2026, month, day, hour))


@pytest.fixture
def survey(db):
    regions = make_regions()
    street = regions["镇赉镇"]
    other = Region.objects.get(pk=street.pk).add_child(code="M2", name="丹凤社区", level=RegionLevel.COMMUNITY)
    grid3 = Region.objects.get(pk=other.pk).add_child(code="G3", name="丹凤第一网格", level=RegionLevel.GRID)
    form = make_form([
        ("满意度", FieldType.RATING), ("工作人员态度热情", FieldType.LIKERT, {"required": False}),
        ("希望改进的方面", FieldType.CHECKBOXES, {"choices": "环境卫生\n停车管理\n治安巡逻", "allow_other": True,
                                          "required": False}),
        ("是否常住", FieldType.RADIO, {"choices": "是\n否"}), ("年龄", FieldType.NUMBER),
        ("意见和建议", FieldType.MULTILINE, {"required": False}),
        ("姓名", FieldType.SINGLELINE, {"required": False, "personal": True}),
    ], title="居民满意度调查", slug="man-yi-du", kind="survey", workflow="record")
    ids = {f.label: f.field_id for f in form.get_form_fields()}
    k = ids.__getitem__
    responses = [
        ({k("满意度"): 5, k("工作人员态度热情"): 4, k("希望改进的方面"): ["环境卫生", "停车管理"], k("是否常住"): "是",
          k("年龄"): 30, k("意见和建议"): "路灯坏了，请联系13800138000", k("姓名"): "李堃喆"}, regions["第一网格"]),
        ({k("满意度"): 4, k("工作人员态度热情"): 4, k("希望改进的方面"): ["环境卫生"], k("是否常住"): "是", k("年龄"): 40,
          k("意见和建议"): "很好", k("姓名"): "王芳"}, regions["第二网格"]),
        ({k("满意度"): 2, k("工作人员态度热情"): 2, k("希望改进的方面"): ["广场舞"], k("是否常住"): "否", k("年龄"): 65},
         grid3),
        ({k("满意度"): 5, k("是否常住"): "是", k("年龄"): 51}, None),
    ]
    for day, (answers, region) in enumerate(responses, start=1):
        make_submission(form, answers, region=region, submit_time=at(11, day))
    make_submission(form, {k("满意度"): 1, k("是否常住"): "否", k("年龄"): 20}, submit_time=at(10, 20))
    reader = make_staff(page_permissions=(), reads=[form], username="reader")
    return type("Survey", (), {"form": form, "ids": ids, "reader": reader, "regions": regions, "grid3": grid3})


def page(client, survey, query=NOVEMBER, user=None):
    client.force_login(user or survey.reader)
    return client.get(reverse("statistics_survey", args=[survey.form.pk]) + query)


def question(response, survey, label):
    return next(q for q in response.context["results"].questions if q.key == survey.ids[label])


def counts(q):
    return {o.label: (o.count, o.share) for o in q.options}


def test_a_reader_sees_counts_shares_means_and_medians_of_the_period_per_question(client, survey):
    response = page(client, survey)
    assert response.status_code == 200
    assert response.context["results"].respondents == 4
    rating = question(response, survey, "满意度")
    assert rating.answered == 4 and rating.mean == 4.0 and rating.median == 4.5
    assert counts(rating) == {"1": (0, 0.0), "2": (1, 25.0), "3": (0, 0.0), "4": (1, 25.0), "5": (2, 50.0)}
    likert = question(response, survey, "工作人员态度热情")
    assert likert.answered == 3 and likert.mean == 3.33 and likert.median == 4
    assert [o.count for o in likert.options] == [0, 1, 0, 2, 0]
    assert counts(question(response, survey, "是否常住")) == {"是": (3, 75.0), "否": (1, 25.0)}
    age = question(response, survey, "年龄")
    assert (age.mean, age.median, age.minimum, age.maximum) == (46.5, 45.5, 30, 65)


def test_a_multiple_choice_is_shared_over_those_who_answered_it_with_other_answers_together(client, survey):
    improve = question(page(client, survey), survey, "希望改进的方面")
    assert improve.answered == 3
    assert counts(improve) == {"环境卫生": (2, 66.7), "停车管理": (1, 33.3), "治安巡逻": (0, 0.0), "其他": (1, 33.3)}


def test_free_text_is_listed_newest_first_with_phone_numbers_and_personal_answers_masked(client, survey):
    response = page(client, survey)
    comments = question(response, survey, "意见和建议")
    assert comments.texts == ["很好", "路灯坏了，请联系138****8000"]
    assert question(response, survey, "姓名").texts == ["王*", "李**"]
    html = response.content.decode()
    assert "13800138000" not in html and "李堃喆" not in html and "王芳" not in html
    assert "138****8000" in html


def test_a_reader_allowed_to_see_personal_data_still_sees_it_masked_here(client, survey):
    boss = make_staff(page_permissions=(), reads=[survey.form], personal_data=True, username="boss")
    html = page(client, survey, user=boss).content.decode()
    assert "李堃喆" not in html and "13800138000" not in html


def test_the_cross_tab_counts_each_answer_per_community_and_answers_without_a_region_apart(client, survey):
    table = page(client, survey).context["results"].crosstab
    assert table.question.key == survey.ids["满意度"]  # the first question with answers to count
    assert [name for _path, name in table.columns] == ["幸福社区", "丹凤社区", "无所属区域"]
    assert dict((label, counts) for label, counts, _total in table.rows)["5"] == [1, 0, 1]
    assert table.respondents == [2, 1, 1]


def test_the_cross_tab_of_a_multiple_choice_by_grid(client, survey):
    query = NOVEMBER + f"&question={survey.ids['希望改进的方面']}&level=grid"
    table = page(client, survey, query).context["results"].crosstab
    assert [name for _path, name in table.columns] == ["第一网格", "第二网格", "丹凤第一网格"]
    rows = {label: (counts, total) for label, counts, total in table.rows}
    assert rows["环境卫生"] == ([1, 1, 0], 2) and rows["其他"] == ([0, 0, 1], 1)
    assert table.respondents == [1, 1, 1]


def test_another_period_has_other_figures(client, survey):
    results = page(client, survey, "?period=month&date=2026-10-01").context["results"]
    assert results.respondents == 1
    assert counts(next(q for q in results.questions if q.key == survey.ids["满意度"]))["1"] == (1, 100.0)


def test_the_export_as_csv_has_a_bom_and_the_figures_of_the_page(client, survey):
    response = page(client, survey, NOVEMBER + "&export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert ["满意度", "5", "2", "50.0", "4", "", ""] in rows
    assert ["年龄", "平均值和中位数", "", "", "4", "46.5", "45.5"] in rows
    assert not any("13800138000" in cell or "李堃喆" in cell for row in rows for cell in row)


def test_the_export_as_xlsx_has_the_results_and_the_cross_tab(client, survey):
    from openpyxl import load_workbook

    response = page(client, survey, NOVEMBER + "&export=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    results, crosstab = book.worksheets
    assert ["希望改进的方面", "环境卫生", 2, 66.7, 3, None, None] in [list(r) for r in results.iter_rows(values_only=True)]
    cross = [list(r) for r in crosstab.iter_rows(values_only=True)]
    assert cross[0] == ["满意度", "幸福社区", "丹凤社区", "无所属区域", "合计"]
    assert ["5", 1, 0, 1, 2] in cross


def test_a_user_who_may_not_read_the_answers_gets_a_404_and_no_figures(client, survey):
    stranger = make_staff(page_permissions=("add_page", "change_page", "publish_page"), username="stranger")
    response = page(client, survey, user=stranger)
    assert response.status_code == 404
    assert "results" not in (response.context or {})
    assert page(client, survey, NOVEMBER + "&export=csv", user=stranger).status_code == 404
    client.force_login(stranger)
    index = client.get(reverse("statistics_surveys"))
    assert survey.form.title not in index.content.decode()


def test_the_reader_finds_the_form_in_the_statistics_menu_and_its_index(client, survey):
    client.force_login(survey.reader)
    assert survey.form.title in client.get(reverse("statistics_surveys")).content.decode()
    assert reverse("statistics_surveys") in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("query", ["?period=month&date=2026-13-01", "?period=fortnight", "?period=custom&from=x",
                                   NOVEMBER + "&level=planet", NOVEMBER + "&export=pdf"])
def test_a_bad_period_level_or_format_is_a_400_with_its_reason(client, survey, query):
    response = page(client, survey, query)
    assert response.status_code == 400
    assert "results" not in response.context


def test_the_page_runs_as_many_queries_for_many_responses_as_for_few(client, survey):
    page(client, survey)  # warm caches
    with CaptureQueriesContext(connection) as few:
        page(client, survey)
    k = survey.ids.__getitem__
    for day in range(5, 25):
        make_submission(survey.form, {k("满意度"): 3, k("希望改进的方面"): ["治安巡逻"], k("意见和建议"): f"第{day}条"},
                        region=survey.grid3, submit_time=at(11, day))
    with CaptureQueriesContext(connection) as many:
        response = page(client, survey)
    assert response.context["results"].respondents == 24
    assert len(many.captured_queries) == len(few.captured_queries)


def test_id_and_mobile_numbers_typed_into_any_free_text_are_masked():
    from statistics_app.surveys.results import scrub

    assert scrub("身份证11010519491231002X，电话13912345678，门牌1234号") == (
        "身份证1101**********002X，电话139****5678，门牌1234号")
