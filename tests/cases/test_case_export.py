"""The workbench listing exported as CSV (with a BOM, for Excel in Chinese) and XLSX: what the listing shows,
as filtered, within the user's reach, without the resident's personal data, recorded in the audit log."""
import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from cases import workflow as wf
from cases.constants import CaseState
from tests.factories import make_case_in, make_case_world

pytestmark = pytest.mark.django_db

INDEX = "cases_case_modeladmin_index"


@pytest.fixture
def world():
    w = make_case_world()
    w.resolved = make_case_in(w, "evaluated")
    w.waiting = make_case_in(w, "accepted")
    w.theirs = wf.case_dispatch(case=make_case_in(w, "accepted", region=w.grid2), to=w.team_b, by=w.dispatcher)
    return w


def exported(client, user, fmt="csv", **params):
    client.force_login(user)
    response = client.get(reverse(INDEX), {"export": fmt, **params})
    assert response.status_code == 200, response.content[:500]
    return response


def csv_rows(response):
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), "a BOM, so that Excel reads UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_export_has_the_listing_s_cases_in_reach_with_their_handling_columns(client, world):
    rows = csv_rows(exported(client, world.county_supervisor))
    assert rows[0] == [gettext(h) for h in ("Reference number", "Form", "Category", "Region", "Channel", "State",
                                            "Created at", "Due at", "Resolved at", "Rating", "Score",
                                            "Failed check-up items")]
    by_reference = {r[0]: r for r in rows[1:]}
    assert set(by_reference) == {c.reference for c in (world.resolved, world.waiting, world.theirs)}
    resolved = by_reference[world.resolved.reference]
    assert resolved[1:6] == ["居民诉求", "管道维修", "第一网格", gettext("Online — the resident's own form"),
                             str(CaseState.EVALUATED.label)]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", resolved[6]) and resolved[8] and resolved[9] == "5"


def test_the_export_keeps_the_listing_s_filters(client, world):
    rows = csv_rows(exported(client, world.county_supervisor, state="evaluated"))
    assert [r[0] for r in rows[1:]] == [world.resolved.reference]


def test_a_handler_exports_only_the_cases_of_their_department(client, world):
    rows = csv_rows(exported(client, world.handler_b))
    assert [r[0] for r in rows[1:]] == [world.theirs.reference]


def test_the_export_carries_no_personal_data_and_is_recorded(client, world):
    response = exported(client, world.county_supervisor, "xlsx", state="evaluated")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert world.resolved.reference in values
    assert not any(isinstance(v, str) and ("example.invalid" in v or "漏水" in v) for v in values)
    entry = ModelLogEntry.objects.get(action="govforms.export")
    assert entry.user_id == world.county_supervisor.pk
    assert entry.data["what"] == "cases" and entry.data["count"] == 1 and entry.data["filters"] == {
        "state": "evaluated"}


def test_the_listing_links_to_the_export_with_its_filters(client, world):
    client.force_login(world.county_supervisor)
    html = client.get(reverse(INDEX), {"state": "accepted"}).content.decode()
    assert "export=csv" in html and "export=xlsx" in html
    assert "state=accepted&amp;export=csv" in html or "export=csv&amp;state=accepted" in html
