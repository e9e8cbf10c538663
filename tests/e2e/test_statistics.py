"""Issue 10 §2, end to end: a county supervisor opens the statistics from the admin's menu, drills down from
the county to a grid, exports the table they are reading (a real download), and axe finds nothing on the way;
the charts are drawn (ECharts from our own static files, under the admin's Content-Security-Policy)."""
import pytest
from config.demo import DEMO_PASSWORD

from forms_app.models import FormPage
from organisation.constants import RegionLevel
from organisation.models import Region
from tests.factories import make_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, username):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def test_a_supervisor_drills_down_from_the_county_to_a_grid_and_exports_the_table(demo, desktop_page, axe):
    page = desktop_page
    grid = Region.objects.filter(level=RegionLevel.GRID).order_by("path").first()
    make_case(FormPage.objects.get(slug="suqiu"), grid)  # at least one case in a grid this year
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    log_in(page, "supervisor")
    page.get_by_role("button", name="统计分析").click()
    page.get_by_role("link", name="总览").click()
    page.wait_for_url("**/admin/statistics/overview/")
    page.get_by_label("统计周期", exact=True).select_option("year")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url("**period=year**")
    page.locator("#trend canvas").first.wait_for()  # ECharts drew the trend
    assert page.locator("#statistics-as-of").inner_text().count("数据截至") == 1
    axe(page, "statistics overview (county)")

    levels = [page.locator(".stats-trail [aria-current]").inner_text()]
    while (link := page.locator("#table-regions a[data-drill]")).count():
        name = link.first.inner_text()
        link.first.click()
        page.wait_for_url("**region=**")
        page.locator(".stats-trail [aria-current]", has_text=name).wait_for()
        levels.append(name)
    assert len(levels) == 3, levels  # county → street → community, whose rows are its grids
    assert grid.name in page.locator("#table-regions").inner_text()
    assert "period=year" in page.url
    axe(page, "statistics overview (a community's grids)")

    with page.expect_download() as download:
        page.locator('[data-export="regions-csv"]').click()
    body = open(download.value.path(), "rb").read()
    assert body.startswith(b"\xef\xbb\xbf") and grid.name in body.decode("utf-8-sig")
    assert download.value.suggested_filename.endswith(".csv")
    assert not errors, errors
