"""Staff side of a form's submissions: listing, filters, masking, export and export safety."""
import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cases.constants import CaseState
from forms_app.constants import FieldType
from forms_app.models import FormField
from tests.factories import make_form, make_staff, make_submission, make_upload

PHONE = "13812345678"
ID_NUMBER = "220821199001011234"


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids; the zh-Hans catalogue is the translators' business."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def form(db):
    return make_form(
        [
            ("姓名", FieldType.SINGLELINE),
            ("手机号", FieldType.MOBILE),
            ("身份证号", FieldType.ID_NUMBER),
            ("诉求类别", FieldType.DROPDOWN, {"choices": "噪音扰民\n车位规划"}),
        ],
        title="诉求登记",
    )


def answers(name="张三", **extra):
    return {"xing_ming": name, "shou_ji_hao": PHONE, "shen_fen_zheng_hao": ID_NUMBER, "su_qiu_lei_bie": "噪音扰民",
            **extra}


def listing_url(page, **params):
    url = reverse("wagtailforms:list_submissions", args=[page.pk])
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


def read_csv(response):
    """The exported rows; every CSV export starts with a UTF-8 byte order mark, for Excel on Chinese Windows."""
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf"), data[:10]
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(response):
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]


def staff_client(client, **kwargs):
    user = make_staff(**kwargs)
    client.force_login(user)
    return client


# Listing ---------------------------------------------------------------------


def test_listing_shows_reference_time_status_region_then_each_question_under_its_label(admin_client, form, regions):
    submission = make_submission(form, answers(), region=regions["第一网格"], state=CaseState.DISPATCHED)
    response = admin_client.get(listing_url(form))
    assert response.status_code == 200
    html = response.content.decode()
    headings = [h["label"] for h in response.context["data_headings"]]
    assert [str(h) for h in headings] == ["Reference number", "Submission date", "Status", "Region",
                                         "姓名", "手机号", "身份证号", "诉求类别"]
    assert [h["name"] for h in response.context["data_headings"]][4:] == [
        "xing_ming", "shou_ji_hao", "shen_fen_zheng_hao", "su_qiu_lei_bie"]
    assert submission.case.reference in html
    assert "Dispatched" in html
    assert "第一网格" in html
    assert "张三" in html and "噪音扰民" in html


def test_staff_without_personal_data_permission_see_masked_phone_and_id_numbers(client, form):
    make_submission(form, answers())
    response = staff_client(client, reads=[form]).get(listing_url(form))
    html = response.content.decode()
    assert response.status_code == 200
    assert "138****5678" in html
    assert "2208**********1234" in html
    assert PHONE not in html
    assert ID_NUMBER not in html


def test_the_listing_masks_personal_data_even_for_staff_with_the_permission(client, form):
    """Reading answers is not handling the case: revealing is the case page's, with a reason."""
    make_submission(form, answers())
    html = staff_client(client, personal_data=True, reads=[form]).get(listing_url(form)).content.decode()
    assert "138****5678" in html
    assert PHONE not in html and ID_NUMBER not in html


def test_exports_mask_phone_and_id_numbers_for_staff_without_personal_data_permission(client, form):
    make_submission(form, answers())
    staff_client(client, reads=[form])
    rows = read_csv(client.get(listing_url(form, export="csv")))
    assert rows[1][5:7] == ["138****5678", "2208**********1234"]
    rows = read_xlsx(client.get(listing_url(form, export="xlsx")))
    assert rows[1][5:7] == ["138****5678", "2208**********1234"]


def test_exports_mask_personal_data_even_for_staff_with_the_permission_and_are_recorded(client, form):
    from wagtail.models import PageLogEntry

    make_submission(form, answers())
    staff_client(client, personal_data=True, reads=[form])
    rows = read_csv(client.get(listing_url(form, export="csv")))
    assert rows[1][5:7] == ["138****5678", "2208**********1234"]
    entry = PageLogEntry.objects.get(action="govforms.export")
    assert entry.page_id == form.pk and entry.data["format"] == "csv"


def add_then_remove_question(form, label, field_type, clean_name):
    """Publish a revision with an extra question, then one without it again."""
    page = form.get_latest_revision_as_object()
    page.form_fields.add(FormField(label=label, field_type=field_type, clean_name=clean_name, sort_order=9))
    page.save_revision().publish()
    form.refresh_from_db()
    page = form.get_latest_revision_as_object()
    page.form_fields.remove(*[f for f in page.form_fields.all() if f.clean_name == clean_name])
    page.save_revision().publish()
    form.refresh_from_db()
    assert clean_name not in [f.clean_name for f in form.get_form_fields()]


def test_a_removed_question_keeps_its_column_with_its_old_answers(admin_client, form):
    add_then_remove_question(form, "旧问题", FieldType.SINGLELINE, "jiu_wen_ti")
    make_submission(form, answers(jiu_wen_ti="旧答案"))
    make_submission(form, answers())

    rows = read_csv(admin_client.get(listing_url(form, export="csv")))
    assert rows[0][-1] == "旧问题"
    assert [r[-1] for r in rows[1:]] == ["旧答案", ""]


def test_a_removed_mobile_question_is_still_masked(client, form):
    add_then_remove_question(form, "备用电话", FieldType.MOBILE, "bei_yong_dian_hua")
    make_submission(form, answers(bei_yong_dian_hua="13900001111"))
    staff_client(client, reads=[form])
    html = client.get(listing_url(form)).content.decode()
    assert "备用电话" in html
    assert "139****1111" in html and "13900001111" not in html


# Filters ---------------------------------------------------------------------


def test_status_filter_lists_only_submissions_whose_case_is_in_that_state(admin_client, form):
    make_submission(form, answers("甲"), state=CaseState.DISPATCHED)
    make_submission(form, answers("乙"), state=CaseState.RESOLVED)
    html = admin_client.get(listing_url(form, status=CaseState.RESOLVED)).content.decode()
    assert "乙" in html and "甲" not in html


def test_region_filter_includes_the_regions_subtree_and_nothing_else(admin_client, form, regions):
    from organisation.constants import RegionLevel
    from organisation.models import Region

    other_street = Region.objects.get(pk=regions["镇赉县"].pk).add_child(code="S2", name="坦途镇",
                                                                          level=RegionLevel.STREET)
    make_submission(form, answers("网格一"), region=regions["第一网格"])
    make_submission(form, answers("网格二"), region=regions["第二网格"])
    make_submission(form, answers("社区本级"), region=regions["幸福社区"])
    make_submission(form, answers("别的镇"), region=other_street)
    make_submission(form, answers("无区域"))

    def names(region):
        response = admin_client.get(listing_url(form, region=region.pk))
        return sorted(row["fields"][4] for row in response.context["data_rows"])

    assert names(regions["幸福社区"]) == sorted(["网格一", "网格二", "社区本级"])
    assert names(regions["第二网格"]) == ["网格二"]
    assert names(regions["镇赉县"]) == sorted(["网格一", "网格二", "社区本级", "别的镇"])


def test_date_range_filter_lists_only_submissions_in_range(admin_client, form):
    now = timezone.now()
    make_submission(form, answers("上月"), submit_time=now - datetime.timedelta(days=30))
    make_submission(form, answers("今天"), submit_time=now)
    since = timezone.localdate() - datetime.timedelta(days=2)
    response = admin_client.get(listing_url(form, date_from=since.isoformat()))
    assert [row["fields"][4] for row in response.context["data_rows"]] == ["今天"]


def test_csv_and_xlsx_exports_respect_the_filters(admin_client, form, regions):
    make_submission(form, answers("甲"), region=regions["第一网格"], state=CaseState.RESOLVED)
    make_submission(form, answers("乙"), region=regions["第二网格"], state=CaseState.RESOLVED)
    make_submission(form, answers("丙"), region=regions["第一网格"], state=CaseState.SUBMITTED)
    params = {"status": CaseState.RESOLVED, "region": regions["第一网格"].pk}

    rows = read_csv(admin_client.get(listing_url(form, export="csv", **params)))
    assert rows[0][:5] == ["Reference number", "Submission date", "Status", "Region", "姓名"]
    assert [r[4] for r in rows[1:]] == ["甲"]
    assert rows[1][2:4] == ["Resolved", "第一网格"]
    assert re.fullmatch(r"SQ-\d{4}-\d{6}", rows[1][0])

    rows = read_xlsx(admin_client.get(listing_url(form, export="xlsx", **params)))
    assert [r[4] for r in rows[1:]] == ["甲"]
    assert isinstance(rows[1][1], datetime.datetime)


def test_export_buttons_keep_the_current_filters(admin_client, form):
    make_submission(form, answers(), state=CaseState.RESOLVED)
    html = admin_client.get(listing_url(form, status=CaseState.RESOLVED)).content.decode()
    assert re.search(r'href="[^"]*status=resolved[^"]*export=csv', html.replace("&amp;", "&"))
    assert re.search(r'href="[^"]*status=resolved[^"]*export=xlsx', html.replace("&amp;", "&"))


# Safety ----------------------------------------------------------------------


def test_html_in_labels_and_answers_is_escaped_in_the_listing(admin_client, db):
    page = make_form([("<script>alert(1)</script>问题", FieldType.SINGLELINE)], title="转义")
    field_id = page.get_form_fields()[0].clean_name
    make_submission(page, {field_id: "<img src=x onerror=alert(2)>"})
    html = admin_client.get(listing_url(page)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;问题" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


@pytest.mark.parametrize("payload", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_formula_like_answers_are_neutralised_in_csv_and_xlsx(admin_client, form, payload):
    make_submission(form, answers(payload))
    rows = read_csv(admin_client.get(listing_url(form, export="csv")))
    assert rows[1][4] == "'" + payload
    rows = read_xlsx(admin_client.get(listing_url(form, export="xlsx")))
    # XML turns a bare CR into LF on reading; the cell is still text behind a quote
    assert rows[1][4] == "'" + payload.replace("\r", "\n")


def test_formula_like_labels_are_neutralised_in_export_headings(admin_client, db):
    page = make_form([("=1+1 数量", FieldType.SINGLELINE)], title="公式")
    make_submission(page, {page.get_form_fields()[0].clean_name: "5"})
    assert read_csv(admin_client.get(listing_url(page, export="csv")))[0][4] == "'=1+1 数量"
    assert read_xlsx(admin_client.get(listing_url(page, export="xlsx")))[0][4] == "'=1+1 数量"


def test_plain_negative_numbers_are_exported_unchanged(admin_client, db):
    page = make_form([("温度", FieldType.NUMBER)], title="数字")
    make_submission(page, {page.get_form_fields()[0].clean_name: -5})
    assert read_csv(admin_client.get(listing_url(page, export="csv")))[1][4] == "-5"


# Uploads ---------------------------------------------------------------------


def test_uploaded_files_are_listed_as_links_to_the_private_download_view(admin_client, db):
    page = make_form([("现场照片", FieldType.FILE)], title="附件")
    submission = make_submission(page, {})
    ref = make_upload(page, "xian_chang_zhao_pian", submission=submission, name="<b>证明</b>.pdf")
    submission.form_data = {"xian_chang_zhao_pian": ref}
    submission.save(update_fields=["form_data"])
    html = admin_client.get(listing_url(page)).content.decode()
    url = reverse("download_upload", args=[ref["upload"]])
    assert f'<a href="{url}">&lt;b&gt;证明&lt;/b&gt;.pdf</a>' in html
    rows = read_csv(admin_client.get(listing_url(page, export="csv")))
    assert rows[1][4] == f"<b>证明</b>.pdf (http://testserver{url})"


# Performance -----------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("export", [None, "csv", "xlsx"])
def test_query_count_does_not_grow_with_the_number_of_rows(client, regions, export):
    page = make_form([("姓名", FieldType.SINGLELINE), ("网格", FieldType.REGION), ("照片", FieldType.FILE)])
    staff_client(client, reads=[page])
    url = listing_url(page, **({"export": export} if export else {}))

    def add(n):
        for i in range(n):
            submission = make_submission(page, {"xing_ming": f"居民{i}", "wang_ge": regions["第一网格"].pk},
                                         region=regions["第二网格"])
            submission.form_data["zhao_pian"] = make_upload(page, "zhao_pian", submission=submission)
            submission.save(update_fields=["form_data"])

    add(2)
    few = count_queries(client, url)
    add(18)
    many = count_queries(client, url)
    assert few == many
    if export is None:
        assert len(client.get(url).context["data_rows"]) == 20


# Access ----------------------------------------------------------------------


def test_staff_without_page_permission_cannot_see_a_forms_submissions(client, form):
    make_submission(form, answers())
    user = make_staff(page_permissions=())
    client.force_login(user)
    response = client.get(listing_url(form))
    assert response.status_code in (302, 403)
    assert "张三" not in response.content.decode()
    response = client.get(listing_url(form, export="csv"))
    assert response.status_code in (302, 403)


def test_an_editor_who_may_edit_the_form_but_not_read_its_answers_sees_none(client, form):
    make_submission(form, answers())
    client.force_login(make_staff())  # add, change and publish on the forms index
    assert client.get(listing_url(form)).status_code in (302, 403)
    assert client.get(listing_url(form, export="csv")).status_code in (302, 403)
    index = client.get(reverse("wagtailforms:index"))
    assert index.status_code < 500 and form.title not in index.content.decode()


def test_question_headings_show_their_stable_field_id_and_sorting_keeps_the_filters(admin_client, form):
    make_submission(form, answers(), state=CaseState.RESOLVED)
    html = admin_client.get(listing_url(form, status=CaseState.RESOLVED)).content.decode().replace("&amp;", "&")
    assert 'title="Field id: shou_ji_hao"' in html
    assert re.search(r'href="\?[^"]*status=resolved[^"]*order_by=submit_time|href="\?[^"]*order_by=submit_time'
                     r'[^"]*status=resolved', html)


def test_submissions_cannot_be_bulk_deleted_from_the_listing(admin_client, form):
    make_submission(form, answers())
    html = admin_client.get(listing_url(form)).content.decode()
    assert "selected-submissions" not in html
    assert reverse("wagtailforms:delete_submissions", args=[form.pk]) not in html


def test_a_filter_matching_nothing_says_so(admin_client, form):
    make_submission(form, answers(), state=CaseState.SUBMITTED)
    html = admin_client.get(listing_url(form, status=CaseState.ARCHIVED)).content.decode()
    assert "No submissions match these filters." in html
