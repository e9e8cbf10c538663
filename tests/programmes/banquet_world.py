"""A small county for the banquet declarations: two villages' grids, the declaration form, a grid worker, a
supervisor, and a helper that declares through the resident's flow as a phone does (step, review, submit)."""
import datetime as dt
from types import SimpleNamespace

from django.test import Client
from django.utils import timezone

from cases import clock
from forms_app.submissions import Submission
from organisation.constants import RegionLevel, StaffRole
from organisation.models import Region
from programmes.banquets.form_page import ensure_banquet_form
from tests.factories import make_member, make_regions
from tests.factories.browser import form_key
from tests.factories.forms import forms_index


def make_banquet_world():
    regions = make_regions()
    county, community, grid1 = regions["镇赉县"], regions["幸福社区"], regions["第一网格"]
    village = Region.objects.get(pk=regions["镇赉镇"].pk).add_child(code="V1", name="东升村",
                                                                  level=RegionLevel.COMMUNITY)
    village_grid = Region.objects.get(pk=village.pk).add_child(code="V1G1", name="东升村第一网格",
                                                             level=RegionLevel.GRID)
    forms_index()
    form = ensure_banquet_form()
    return SimpleNamespace(
        county=county, community=community, grid1=grid1, grid2=regions["第二网格"], village=village,
        village_grid=village_grid, form=form,
        worker=make_member(StaffRole.HANDLER, region=grid1, username="wangge"),
        village_worker=make_member(StaffRole.HANDLER, region=village_grid, username="cun"),
        supervisor=make_member(StaffRole.SUPERVISOR, region=county, username="dudu"),
    )


def today():
    return timezone.localdate(clock.now())


def answers(grid, *, days_ahead=30, tables=10, guests=100, kind="婚事", party="否", **extra):
    data = {
        "banquet_kind": kind, "banquet_date": (today() + dt.timedelta(days=days_ahead)).isoformat(),
        "banquet_grid": str(grid.pk), "banquet_place": "自家院内", "banquet_tables": str(tables),
        "banquet_guests": str(guests), "banquet_alcohol": "否", "banquet_fireworks": "否", "party_member": party,
        "host_name": "王建国", "phone": "13912345678", "pledge": "on",
    }
    data.update(extra)
    return data


def fill_in(client, form, data):
    """The step's POST; returns its response (a 303 to the review when the answers are accepted)."""
    key = form_key(client.get(form.url))
    return client.post(form.url, {"_key": key, "_step": "1", "_action": "next", **data}), key


def declare(form, data, client=None):
    """Fill the form in, read the review page, submit; returns (review response, submit response)."""
    client = client or Client()
    step, key = fill_in(client, form, data)
    assert step.status_code == 303, step.content.decode()[:3000]
    review = client.get(form.url + "?review=1")
    submitted = client.post(form.url, {"_key": key, "_action": "submit"})
    return review, submitted


def submissions():
    return Submission.objects.count()
