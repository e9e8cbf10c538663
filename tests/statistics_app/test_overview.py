"""The statistics overview in the admin: scoped figures, the drill-down, charts' data, exports, bad input.

The cases, opened at t0 (hours after it in brackets):

====  ==========  =========================================================================
case  region      story
====  ==========  =========================================================================
A     grid 1      accepted, dispatched to team A, claimed, resolved at once (0), rated 5
B     grid 1      accepted, dispatched, claimed and resolved at 50
C     grid 1      accepted, nothing since
D     grid 2      accepted, dispatched to team B, resolved by its handler at 50, rated 4
E     grid 1      not accepted
F     grid 1      accepted and dispatched to team A (72 h deadline), unclaimed: overdue at 80
====  ==========  =========================================================================

The page is read at 80: received 6, not accepted 1, resolved 3 of 5 accepted, rated 2 of 3, both satisfied.
"""
import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from cases import clock
from cases import workflow as wf
from cases.models import Case
from organisation.constants import RegionLevel
from statistics_app.measures import MEASURES
from statistics_app.overview.cells import display
from tests.factories import make_case_world, make_category, make_department, walk_case

pytestmark = pytest.mark.django_db

PAGE = "statistics_overview"
H = timedelta(hours=1)


def opened(w, **kwargs):
    return w.new_case(created_at=clock.now(), **kwargs)


@pytest.fixture
def world():
    w = make_case_world()
    day = timezone.localtime(clock.now()).date()
    w.period = {"period": "custom", "from": (day - timedelta(days=1)).isoformat(),
                "to": (day + timedelta(days=5)).isoformat()}
    a = walk_case(w, opened(w), ["accept", "dispatch", "claim", "resolve"])
    wf.case_evaluate(token=a.tracking_token, rating=5)
    b, c, d = opened(w), opened(w), opened(w, region=w.grid2)
    walk_case(w, c, ["accept"])
    walk_case(w, opened(w), ["reject"])
    walk_case(w, opened(w), ["accept", "dispatch"])
    clock.travel(50 * H)
    walk_case(w, b, ["accept", "dispatch", "claim", "resolve"])
    d = wf.case_dispatch(case=walk_case(w, d, ["accept"]), to=w.team_b, by=w.dispatcher)
    d = wf.case_resolve(case=wf.case_claim(case=d, by=w.handler_b), by=w.handler_b, result="已修好")
    wf.case_evaluate(token=d.tracking_token, rating=4)
    clock.travel(30 * H)
    return w


def page(client, user, **params):
    client.force_login(user)
    return client.get(reverse(PAGE), params)


def table(response, key):
    return response.context["tables"][key]


def cells(response, key):
    return [[display(c) for c in row.cells] for row in table(response, key).rows]


def test_a_county_supervisor_sees_the_county_figures_with_rates_and_their_parts(client, world):
    response = page(client, world.county_supervisor, **world.period)
    assert response.status_code == 200
    figures = {row.cells[0]: row.cells[1] for row in table(response, "figures").rows}
    assert figures[gettext("Cases received")] == 6 and figures[gettext("Cases not accepted")] == 1
    html = response.content.decode()
    assert "3 / 5 = 60.0%" in html  # the resolution rate, with its parts
    assert "2 / 2 = 100.0%" in html and "2 / 3 = 66.7%" in html  # satisfaction with its response rate
    assert gettext("How is this counted?") in html and gettext("Data as of") in html
    assert str(MEASURES["settled_rate"].how) in html and str(MEASURES["response_rate"].how) in html
    now = {row.cells[0]: row.cells[1] for row in table(response, "now").rows}
    assert now[gettext("Overdue now")] == 1


def test_the_previous_period_stands_beside_and_is_empty_before_the_cases(client, world):
    response = page(client, world.county_supervisor, **world.period)
    received = table(response, "figures").rows[0]
    assert received.cells[1:] == [6, 0]


def test_a_handler_of_another_department_sees_only_the_figures_of_theirs(client, world):
    response = page(client, world.handler_b, **world.period)
    assert response.status_code == 200
    assert table(response, "figures").rows[0].cells[1] == 1  # case D only
    assert [row.cells[0] for row in table(response, "departments").rows] == ["第二网格服务队"]
    assert table(response, "red_departments").rows == []  # team A's overdue case is not theirs


def test_the_drill_down_goes_from_the_county_to_the_grids_keeping_the_period(client, world):
    response = page(client, world.county_supervisor, **world.period)
    rows = table(response, "regions").rows
    assert [r.cells[0] for r in rows] == ["镇赉镇"]
    assert f"region={world.street.pk}" in rows[0].url and f"from={world.period['from']}" in rows[0].url
    client.force_login(world.county_supervisor)
    response = client.get(rows[0].url)
    community = table(response, "regions").rows
    assert [r.cells[0] for r in community] == ["幸福社区"]
    response = client.get(community[0].url)
    grids = table(response, "regions").rows
    assert [(r.cells[0], r.cells[1], r.url) for r in grids] == [("第一网格", 5, ""), ("第二网格", 1, "")]
    assert [name for name, _url in table(response, "regions").extra["trail"]] == ["镇赉县", "镇赉镇", "幸福社区"]


def test_a_community_supervisor_starts_at_their_community(client, world):
    response = page(client, world.supervisor, **world.period)
    assert [r.cells[0] for r in table(response, "regions").rows] == ["第一网格", "第二网格"]


def test_a_region_outside_the_users_reach_is_a_400_with_a_message(client, world):
    response = page(client, world.supervisor, region=world.county.pk, **world.period)
    assert response.status_code == 400
    assert gettext("Unknown region.") in response.content.decode()
    assert page(client, world.supervisor, region="x", **world.period).status_code == 400


@pytest.mark.parametrize("params, message", [
    ({"period": "fortnight"}, "Unknown period."),
    ({"period": "month", "date": "2026-13-01"}, "%(name)s is not a date (YYYY-MM-DD)."),
    ({"period": "custom", "from": "2026-05-02", "to": "2026-05-01"}, "The range ends before it starts."),
    ({"by": "shoe-size"}, "Unknown breakdown."),
])
def test_a_bad_period_or_breakdown_is_a_400_that_says_what_is_wrong(client, world, params, message):
    response = page(client, world.county_supervisor, **params)
    assert response.status_code == 400
    expected = gettext(message) % {"name": gettext("Date")} if "%(name)s" in message else gettext(message)
    assert expected in response.content.decode()
    client.force_login(world.county_supervisor)
    assert client.get(reverse("statistics_overview_export", args=["figures", "csv"]), params).status_code == 400


def test_the_charts_get_their_data_from_the_tables_beside_them(client, world):
    response = page(client, world.county_supervisor, **world.period)
    html = response.content.decode()
    for key in ("trend", "regions", "departments", "ratings", "resolve_times", "red_departments", "red_regions"):
        assert f'data-chart="chart-data-{key}"' in html and f'id="chart-data-{key}"' in html, key
    assert "<script>" not in html.replace('<script src=', '')  # no inline script (CSP)
    assert cells(response, "ratings") == [["1", "0", "0 / 2 = 0.0%"], ["2", "0", "0 / 2 = 0.0%"],
                                          ["3", "0", "0 / 2 = 0.0%"], ["4", "1", "1 / 2 = 50.0%"],
                                          ["5", "1", "1 / 2 = 50.0%"]]
    assert [r.cells[1] for r in table(response, "resolve_times").rows] == [1, 2, 0, 0, 0, 0]
    assert [r.cells for r in table(response, "red_departments").rows] == [["第一网格服务队", 1]]
    assert [r.cells for r in table(response, "red_regions").rows] == [["第一网格", 1]]
    trend = table(response, "trend")
    assert sum(trend.chart["series"][0]["data"]) == 6 and sum(trend.chart["series"][1]["data"]) == 3


def test_the_breakdown_tabs_keep_the_period(client, world):
    response = page(client, world.county_supervisor, by="channel", **world.period)
    assert [str(r.cells[0]) for r in table(response, "breakdown").rows] == [gettext("Online — the resident's own form")]
    tabs = {key: url for key, _label, url, _current in response.context["tabs"]}
    assert "by=form" in tabs["form"] and f"to={world.period['to']}" in tabs["form"]


def export(client, user, key, fmt, **params):
    client.force_login(user)
    return client.get(reverse("statistics_overview_export", args=[key, fmt]), params)


def test_a_table_exports_as_csv_with_a_bom_that_excel_opens_in_chinese(client, world):
    response = export(client, world.county_supervisor, "regions", "csv", region=world.community.pk, **world.period)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:4] == [gettext("Region"), gettext("Cases received"), gettext("Cases not accepted"),
                           gettext("Cases resolved")]
    assert [r[:4] for r in rows[1:]] == [["第一网格", "5", "1", "2"], ["第二网格", "1", "0", "1"]]
    assert rows[1][4] == "50.0%"  # 2 resolved of 4 accepted
    entry = ModelLogEntry.objects.get(action="govforms.export")
    assert entry.data["what"] == "statistics" and entry.data["table"] == "regions"


def test_a_table_exports_as_xlsx_with_rates_as_numbers(client, world):
    response = export(client, world.county_supervisor, "figures", "xlsx", **world.period)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values[gettext("Cases received")] == (6, 0)
    assert values[gettext("Resolution rate")][0] == pytest.approx(0.6)
    assert values[gettext("Resolution rate")][1] is None  # nothing to divide by in the previous period


def test_an_unknown_table_is_a_404_and_staff_without_a_workbench_are_turned_away(client, world):
    assert export(client, world.county_supervisor, "nothing", "csv").status_code == 404
    from tests.factories import make_staff  # a staff account with no membership, only here

    response = page(client, make_staff(page_permissions=()), **world.period)
    assert response.status_code in (302, 403) and "tables" not in (response.context or {})  # Wagtail redirects


def test_the_overview_reads_in_english_on_request(client, world):
    client.force_login(world.county_supervisor)
    response = client.get(reverse(PAGE), world.period, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "Statistics overview" in html and "Data as of" in html and "By region" in html


def test_a_calendar_period_links_to_the_one_before_and_after(client, world):
    response = page(client, world.county_supervisor, period="month", date="2026-03-15")
    assert "date=2026-02-01" in response.context["previous_url"] and "date=2026-04-01" in response.context["next_url"]
    assert "from=" not in response.context["previous_url"]


def test_the_statistics_menu_offers_the_overview_to_staff_with_a_workbench(client, world):
    client.force_login(world.supervisor)
    response = client.get(reverse("wagtailadmin_home"))
    assert reverse(PAGE) in response.content.decode()


def _more_rows(w, n):
    """``n`` more grids, categories and departments, each with a resolved and an overdue case."""
    community = type(w.community).objects.get(pk=w.community.pk)
    for i in range(n):
        grid = community.add_child(code=f"GX{i}", name=f"新网格{i}", level=RegionLevel.GRID)
        community = type(community).objects.get(pk=community.pk)
        team = make_department(grid, code=f"tx{i}", name=f"新服务队{i}")
        category = make_category(code=f"cx{i}", name=f"新类别{i}")
        for state in ("resolved", "overdue"):
            case = opened(w, region=grid, category=category)
            Case.objects.filter(pk=case.pk).update(
                department=team, state="resolved" if state == "resolved" else "dispatched",
                resolved_at=clock.now() if state == "resolved" else None,
                due_at=clock.now() - H if state == "overdue" else None)


def _queries(client, user, **params):
    client.force_login(user)
    client.get(reverse(PAGE), params)  # warm the caches of the session, menus and content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(PAGE), params)
    assert response.status_code == 200
    return len(captured), response


def test_the_page_costs_as_many_queries_for_two_rows_as_for_many(client, world):
    params = dict(world.period, region=world.community.pk)
    few, response = _queries(client, world.county_supervisor, **params)
    assert len(table(response, "regions").rows) == 2
    _more_rows(world, 6)
    many, response = _queries(client, world.county_supervisor, **params)
    assert len(table(response, "regions").rows) == 8
    assert len(table(response, "departments").rows) == 9  # and the cases no department holds
    assert len(table(response, "red_regions").rows) == 7
    assert many == few


def test_the_vendored_echarts_is_the_npm_package_s_file(settings):
    from pathlib import Path

    root = Path(settings.BASE_DIR if hasattr(settings, "BASE_DIR") else ".").resolve()
    root = next(p for p in (root, *root.parents) if (p / "package.json").is_file())
    vendored = root / "statistics_app" / "static" / "statistics_app" / "vendor" / "echarts.min.js"
    package = root / "node_modules" / "echarts" / "dist" / "echarts.min.js"
    if not package.is_file():
        pytest.skip("node_modules/echarts is not installed (bin/setup test installs it)")
    assert vendored.read_bytes() == package.read_bytes(), "copy node_modules/echarts/dist/echarts.min.js again"
    import json

    pinned = json.loads((root / "package.json").read_text())["dependencies"]["echarts"]
    assert json.loads((package.parent.parent / "package.json").read_text())["version"] == pinned
