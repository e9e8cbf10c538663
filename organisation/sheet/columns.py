"""The organisation sheet's columns, how its cells are read (CSV in UTF-8 or GBK, XLSX), and the sample sheet.

One row may describe up to three things, each by its own columns; a part whose columns are all empty is left out:

- a **region** (区域编码 with 区域名称, 上级编码, 层级): added, or renamed if the code exists;
- a **team** located at the row's region (团队, 团队编码, A岗, B岗): A岗 and B岗 list usernames, several separated
  by 、 , ; or spaces; a post column that is filled replaces that post's holders, an empty one leaves them;
- a **person** working there (用户名, 姓名, 手机, 角色): a 网格员 or 办理人 works in the row's team (or the only
  team of the region), a 派单员 or 督办 over the row's region and everything below it.

区域编码 is needed on every row: it says where the row belongs. The first row names the columns (in any order);
备注 is ignored, any other unknown column is an error (a misspelt heading would otherwise be lost silently).
"""
import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..constants import RegionLevel, StaffRole

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

#: heading → key, with what the column holds (printed on the import page and in the sample's second sheet).
COLUMNS = {
    "区域编码": ("region_code", gettext_lazy("The region's code (行政区划代码 or your own): needed on every row.")),
    "区域名称": ("region_name", gettext_lazy("The region's name: fill it to add the region or rename it.")),
    "上级编码": ("parent_code", gettext_lazy("The code of the region above: in the tree already or on an earlier "
                                          "row. Empty for the county.")),
    "层级": ("level", gettext_lazy("县, 街道 or 乡镇, 社区 or 村, 网格, and below the grid 楼栋, 十户 (十户联动), "
                                 "党员中心户.")),
    "团队": ("team_name", gettext_lazy("A team located at the region (e.g. 第一网格服务队).")),
    "团队编码": ("team_code", gettext_lazy("The team's code; empty: the region's code followed by -TEAM.")),
    "A岗": ("post_a", gettext_lazy("Usernames of the A post holders, several separated by 、")),
    "B岗": ("post_b", gettext_lazy("Usernames of the B post holders, several separated by 、")),
    "用户名": ("username", gettext_lazy("The staff member's sign-in name: letters, digits and @ . + - _")),
    "姓名": ("name", gettext_lazy("Surname first, e.g. 张伟.")),
    "手机": ("mobile", gettext_lazy("An 11-digit mobile number starting with 1.")),
    "角色": ("role", gettext_lazy("网格员 or 办理人 (in the row's team), 派单员 or 督办 (over the row's region).")),
    "备注": ("note", gettext_lazy("Ignored.")),
}
KEYS = {key: heading for heading, (key, _help) in COLUMNS.items()}
REGION_KEYS = ("region_name", "parent_code", "level")
TEAM_KEYS = ("team_name", "team_code", "post_a", "post_b")
PERSON_KEYS = ("username", "name", "mobile", "role")

LEVELS = {
    "县": RegionLevel.COUNTY, "区": RegionLevel.COUNTY, "县区": RegionLevel.COUNTY,
    "街道": RegionLevel.STREET, "乡镇": RegionLevel.STREET, "镇": RegionLevel.STREET, "乡": RegionLevel.STREET,
    "社区": RegionLevel.COMMUNITY, "村": RegionLevel.COMMUNITY, "社区/村": RegionLevel.COMMUNITY,
    "网格": RegionLevel.GRID, "楼栋": RegionLevel.BUILDING, "十户": RegionLevel.TEN_HOUSEHOLDS,
    "十户联动": RegionLevel.TEN_HOUSEHOLDS, "党员中心户": RegionLevel.PARTY_HOUSEHOLD,
    **{str(level.value): level for level in RegionLevel},
}
ROLES = {
    "网格员": StaffRole.HANDLER, "办理人": StaffRole.HANDLER, "派单员": StaffRole.DISPATCHER,
    "督办": StaffRole.SUPERVISOR, "督办员": StaffRole.SUPERVISOR,
    **{str(role.value): role for role in StaffRole},
}


class SheetError(Exception):
    """The file as a whole cannot be read (not a sheet, no header, too large); the message says why."""


def cell_text(value):
    """A cell as text: XLSX gives numbers for codes and phone numbers (220821100001, 13800138000.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_table(upload):
    """Rows of cells (strings) of a CSV (UTF-8 or GBK, as Excel in China saves it) or XLSX upload."""
    if upload.size > MAX_BYTES:
        raise SheetError(_("The sheet is larger than 2 MB."))
    data = upload.read()
    name = (upload.name or "").lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        return _read_xlsx(data)
    if name.endswith(".csv"):
        return _read_csv(data)
    raise SheetError(_("Upload the sheet as an XLSX or CSV file."))


def _read_csv(data):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetError(_("The CSV file is neither UTF-8 nor GBK text."))
    try:
        return [[cell_text(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error:
        raise SheetError(_("The CSV file cannot be read as a table.")) from None


def _read_xlsx(data):
    from openpyxl import load_workbook  # import here: only an XLSX upload needs it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = [[cell_text(cell) for cell in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    except Exception:  # noqa: BLE001  (openpyxl raises many kinds for a broken file)
        raise SheetError(_("The file is not a readable XLSX workbook.")) from None
    return rows


def rows_of(table):
    """[(line, {key: text})] of the table's filled rows; line numbers count the header as line 1."""
    if not table or not any(table[0]):
        raise SheetError(_("The sheet is empty: its first row must name the columns, e.g. 区域编码, 区域名称."))
    header = [h.strip() for h in table[0]]
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise SheetError(_("Line 1: unknown columns %(columns)s. The columns are: %(known)s.") % {
            "columns": "、".join(unknown), "known": "、".join(COLUMNS)})
    if "区域编码" not in header:
        raise SheetError(_("Line 1: the sheet has no 区域编码 column."))
    if len(table) - 1 > MAX_ROWS:
        raise SheetError(_("A sheet may have at most %(max)d rows.") % {"max": MAX_ROWS})
    keys = [COLUMNS[h][0] if h in COLUMNS else None for h in header]
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        row = {key: cell for key, cell in zip(keys, cells) if key and key != "note"}
        if any(row.values()):
            rows.append((line, row))
    return rows


SAMPLE = [
    ["220821", "镇赉县", "", "县", "", "", "", "", "", "", "", "", ""],
    ["220821300", "示范街道", "220821", "街道", "", "", "", "", "", "", "", "", ""],
    ["220821300001", "示范社区", "220821300", "社区", "", "", "", "", "sf_dispatch", "吴芳", "13900000001", "派单员",
     ""],
    ["220821300001-01", "示范社区第一网格", "220821300001", "网格", "第一网格服务队", "", "sf_wang、sf_li", "sf_zhao",
     "", "", "", "", "A岗两人，B岗一人"],
    ["220821300001-01", "", "", "", "第一网格服务队", "", "", "", "sf_wang", "王静", "13900000002", "网格员", ""],
    ["220821300001-01", "", "", "", "第一网格服务队", "", "", "", "sf_li", "李明", "13900000003", "网格员", ""],
    ["220821300001-01", "", "", "", "第一网格服务队", "", "", "", "sf_zhao", "赵磊", "13900000004", "网格员", ""],
    ["220821300001-01-01", "1号楼", "220821300001-01", "楼栋", "", "", "", "", "", "", "", "", ""],
    ["220821300001-01-01-1", "1号楼十户联动一组", "220821300001-01-01", "十户", "", "", "", "", "", "", "", "", ""],
]


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sample_file(fmt):
    """(bytes, content type) of the sample to fill in: a CSV with a BOM (Excel in China opens it as UTF-8), or
    an XLSX whose second sheet says what each column holds. Written here, not by forms_app.spreadsheet: the
    organisation is the lowest room and imports no other."""
    headings = list(COLUMNS)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headings)
        writer.writerows(SAMPLE)
        return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"
    from openpyxl import Workbook  # import here: only the XLSX sample needs it

    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Organisation"))
    for row in [headings, *SAMPLE]:
        sheet.append(row)
    notes = book.create_sheet(str(_("Columns")))
    notes.append([str(_("Column")), str(_("What it holds"))])
    for heading, (_key, help_text) in COLUMNS.items():
        notes.append([heading, str(help_text)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), XLSX_TYPE
