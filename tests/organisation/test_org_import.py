"""The organisation sheet: a dry-run preview, every error by line, nothing written unless the whole sheet is valid,
and only those with the import permission may use it."""
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from organisation.constants import Post, RegionLevel, StaffRole
from organisation.models import Department, DepartmentPost, Region, StaffMembership, StaffProfile
from organisation.sheet.apply import ImportRefused, import_organisation
from organisation.sheet.check import check
from tests.factories import make_regions, make_staff

pytestmark = pytest.mark.django_db

HEADINGS = ["区域编码", "区域名称", "上级编码", "层级", "团队", "A岗", "B岗", "用户名", "姓名", "手机", "角色"]
GOOD = [
    ["S2", "坦途镇", "C1", "乡镇", "", "", "", "", "", "", ""],
    ["S2", "", "", "", "", "", "", "tt_dispatch", "吴芳", "13900000001", "派单员"],
    ["M2", "坦途社区", "S2", "社区", "", "", "", "", "", "", ""],
    ["G3", "坦途社区第一网格", "M2", "网格", "第一网格服务队", "wang、li", "zhao", "", "", "", ""],
    ["G3", "", "", "", "第一网格服务队", "", "", "wang", "王静", "13900000002", "网格员"],
    ["G3", "", "", "", "第一网格服务队", "", "", "li", "李明", "13900000003", "网格员"],
    ["G3", "", "", "", "第一网格服务队", "", "", "zhao", "赵磊", "", "网格员"],
    ["G3-1", "1号楼", "G3", "楼栋", "", "", "", "", "", "", ""],
    ["G3-1-1", "1号楼十户联动一组", "G3-1", "十户", "", "", "", "", "", "", ""],
]


def csv_file(rows, name="sheet.csv", encoding="utf-8-sig"):
    text = "\n".join(",".join(row) for row in [HEADINGS, *rows])
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows):
    book = Workbook()
    for row in [HEADINGS, *rows]:
        book.active.append([int(c) if c.isdigit() else c for c in row])  # Excel keeps numbers as numbers
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("sheet.xlsx", out.getvalue())


@pytest.fixture
def importer(client):
    make_regions()
    user = make_staff(page_permissions=(), username="importer")
    user.groups.first().permissions.add(Permission.objects.get(codename="import_organisation"))
    client.force_login(user)
    return user


def preview(client, upload):
    return client.post(reverse("organisation_import"), {"sheet": upload})


def snapshot():
    return (list(Region.objects.order_by("path").values_list("code", "path", "name")),
            Department.objects.count(), StaffMembership.objects.count(), DepartmentPost.objects.count())


def test_the_preview_writes_nothing_and_confirming_imports_the_whole_sheet(client, importer, django_user_model):
    before = snapshot()
    response = preview(client, csv_file(GOOD))
    assert response.status_code == 200
    assert response.context["counts"]["regions_new"] == 5
    shown = response.content.decode()
    assert "第一网格服务队" in shown and "wang、li" in shown and "楼栋" in shown  # teams, holders, levels by name
    assert snapshot() == before
    done = client.post(reverse("organisation_import_confirm"), {"token": response.context["token"]})
    assert done.status_code == 302
    grid = Region.objects.get(code="G3")
    assert grid.get_parent().code == "M2" and grid.level == RegionLevel.GRID
    assert Region.objects.get(code="G3-1-1").level == RegionLevel.TEN_HOUSEHOLDS
    team = Department.objects.get(code="G3-TEAM")
    assert team.region == grid and team.name == "第一网格服务队"
    holders = {(p.user.username, p.post) for p in team.posts.select_related("user")}
    assert holders == {("wang", Post.A), ("li", Post.A), ("zhao", Post.B)}
    wang = django_user_model.objects.get(username="wang")
    assert (wang.get_full_name(), wang.has_usable_password()) == ("王静", False)
    assert StaffProfile.objects.get(user=wang).mobile == "13900000002"
    assert StaffMembership.objects.filter(user__username="tt_dispatch", role=StaffRole.DISPATCHER,
                                          region__code="S2").exists()
    assert client.post(reverse("organisation_import_confirm"), {"token": response.context["token"]}).status_code == 400


def test_the_existing_paths_stay_where_they_are_when_regions_are_added_beside_them(importer):
    before = dict(Region.objects.values_list("code", "path"))
    import_organisation(rows=[(2, {"region_code": "S0", "region_name": "甲镇", "parent_code": "C1", "level": "乡镇"})],
                        by=importer)
    after = dict(Region.objects.values_list("code", "path"))
    assert {code: after[code] for code in before} == before  # cases remember these paths


def test_an_xlsx_sheet_with_numeric_cells_reads_like_the_csv(client, importer):
    rows = [row[:] for row in GOOD]
    response = preview(client, xlsx_file([["2208211", "坦途镇", "C1", "乡镇", *[""] * 7],
                                          ["2208211", "", "", "", "", "", "", "tt", "吴芳", "13900000001", "派单员"]]))
    assert response.status_code == 200, response.context["plan"].errors
    assert rows == GOOD


BROKEN = [
    ["S2", "坦途镇", "C1", "乡镇", "", "", "", "", "", "", ""],
    ["M2", "坦途社区", "NOPE", "社区", "", "", "", "", "", "", ""],
    ["S2", "坦途镇", "C1", "乡镇", "", "", "", "", "", "", ""],
    ["S2", "", "", "", "", "", "", "wu", "吴芳", "13900000001", "队长"],
    ["S2", "", "", "", "", "", "", "zhou", "周涛", "1390000", "派单员"],
    ["G9", "网格", "S2", "网格", "", "", "", "", "", "", ""],
]


def test_a_broken_sheet_lists_a_clear_message_per_line_and_changes_nothing(client, importer):
    before = snapshot()
    response = preview(client, csv_file(BROKEN))
    assert response.status_code == 400
    errors = dict(response.context["plan"].errors)
    assert set(errors) == {3, 4, 5, 6, 7}
    assert "Unknown parent code NOPE" in errors[3] or "NOPE" in errors[3]
    assert "2" in errors[4]  # the duplicate names the line it first appeared on
    assert "队长" in errors[5]
    assert "1390000" in errors[6]
    assert "token" not in response.context or not response.context["token"]
    assert snapshot() == before
    with pytest.raises(ImportRefused):
        import_organisation(rows=check_rows(BROKEN), by=importer)
    assert snapshot() == before


def check_rows(rows):
    from organisation.sheet.columns import rows_of

    return rows_of([HEADINGS, *rows])


def test_a_post_holder_must_be_on_the_sheet_or_staff_already(importer):
    plan = check(check_rows([["G1", "", "", "", "第一网格队", "ghost", "", "", "", "", ""]]))
    assert [line for line, _message in plan.errors] == [2]
    assert "ghost" in plan.errors[0][1]


def test_a_person_cannot_hold_both_posts_of_one_team(importer):
    plan = check(check_rows([["G1", "", "", "", "第一网格队", "importer", "importer", "", "", "", ""]]))
    assert len(plan.errors) == 1 and plan.errors[0][0] == 2


def test_a_file_that_is_no_sheet_answers_400_with_a_message(client, importer):
    for upload in (SimpleUploadedFile("notes.txt", b"hello"), SimpleUploadedFile("broken.xlsx", b"PK\x03\x04junk"),
                   SimpleUploadedFile("empty.csv", b""), csv_file([], encoding="utf-16")):
        response = preview(client, upload)
        assert response.status_code == 400, upload.name
        assert response.context["problem"] or response.context["form"].errors, upload.name
    wrong_heading = SimpleUploadedFile("h.csv", "区域编号,区域名称\nX,Y\n".encode())
    response = preview(client, wrong_heading)
    assert response.status_code == 400 and "区域编号" in response.context["problem"]
    assert preview(client, "").status_code == 400  # no file at all


def refused(response):
    """Wagtail answers a PermissionDenied in its admin by sending the user home with a message."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_only_those_with_the_import_permission_may_import(client, importer):
    response = preview(client, csv_file(GOOD))
    clerk = make_staff(page_permissions=(), username="clerk")
    clerk.groups.first().permissions.add(Permission.objects.get(codename="change_region"))  # edits the tree only
    client.force_login(clerk)
    before = snapshot()
    assert refused(client.get(reverse("organisation_import")))
    assert refused(preview(client, csv_file(GOOD)))
    assert refused(client.post(reverse("organisation_import_confirm"), {"token": response.context["token"]}))
    assert refused(client.get(reverse("organisation_import_sample", args=["xlsx"])))
    assert snapshot() == before
    assert client.get(reverse("organisation_regions")).status_code == 200


def test_the_sample_sheet_downloads_and_imports_as_it_is(client, importer):
    for fmt in ("xlsx", "csv"):
        response = client.get(reverse("organisation_import_sample", args=[fmt]))
        assert response.status_code == 200 and f"organisation-sample.{fmt}" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(client.get(reverse("organisation_import_sample", args=["xlsx"])).content))
    assert book.worksheets[0]["A1"].value == "区域编码" and len(book.worksheets) == 2
    Region.objects.all().delete()  # the sample starts at its own county, 镇赉县 220821
    upload = SimpleUploadedFile("sample.csv", client.get(reverse("organisation_import_sample", args=["csv"])).content)
    response = preview(client, upload)
    assert response.status_code == 200, response.context["plan"].errors


def test_importing_the_same_sheet_twice_changes_nothing(importer):
    import_organisation(rows=check_rows(GOOD), by=importer)
    first = snapshot()
    plan = import_organisation(rows=check_rows(GOOD), by=importer)
    assert snapshot() == first and plan.counts()["regions_new"] == 0
