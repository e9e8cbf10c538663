"""The statistics overview and its exports: thin views over statistics_app.overview.figures and .tables.

Both answer only staff with a workbench, over the cases they may list; a bad period, region or breakdown in
the address is a 400 that says what is wrong (the page, with its period picker, to choose again).
"""
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases.selectors import has_workbench

from ..periods import PeriodKind, period_around
from .exports import table_response
from .figures import OTHER_DIMENSIONS, overview_from_query
from .tables import TABLES, build

TEMPLATE = "statistics_app/overview.html"
CHARTED = ("trend", "regions", "departments", "ratings", "resolve_times", "red_departments", "red_regions")


def presets():
    return {PeriodKind.DAY: _("Today"), PeriodKind.WEEK: _("This week"), PeriodKind.MONTH: _("This month"),
            PeriodKind.QUARTER: _("This quarter"), PeriodKind.YEAR: _("This year")}


def _allowed(request):
    if not has_workbench(request.user):
        raise PermissionDenied


def _bad_request(request, error):
    return TemplateResponse(request, TEMPLATE, {
        "error": " ".join(error.messages), "kinds": PeriodKind.choices, "params": request.GET,
    }, status=400)


def _neighbours(o, url):
    """Links to the period before and (when it has begun) after the one shown."""
    before = f"{url}?{o.query(**_query_of(o.previous_period))}"
    after = None
    if o.period.kind != PeriodKind.CUSTOM and o.period.end <= o.at:
        following = period_around(o.period.kind, o.period.last_day + timedelta(days=1))
        after = f"{url}?{o.query(**_query_of(following))}"
    return before, after


def _query_of(period):
    """A period's own parameters, clearing those of the other kind (``date`` or ``from``/``to``)."""
    return {"date": None, "from": None, "to": None, **period.query()}


@require_GET
def overview(request):
    _allowed(request)
    try:
        o = overview_from_query(request.user, request.GET)
    except ValidationError as error:
        return _bad_request(request, error)
    url = reverse("statistics_overview")
    tables = {key: build(o, key, url) for key in TABLES}
    before, after = _neighbours(o, url)
    context = {
        "overview": o, "period": o.period, "tables": tables, "charted": [tables[k] for k in CHARTED],
        "kinds": PeriodKind.choices, "params": request.GET, "query": o.query(),
        "presets": [(label, f"{url}?{o.query(period=kind, date=None, **{'from': None, 'to': None})}")
                    for kind, label in presets().items()],
        "previous_url": before, "next_url": after,
        "tabs": [(key, label, f"{url}?{o.query(by=key)}#breakdown", key == o.by)
                 for key, label in OTHER_DIMENSIONS.items()],
    }
    return TemplateResponse(request, TEMPLATE, context)


@require_GET
def export(request, key, fmt):
    _allowed(request)
    if key not in TABLES:
        raise Http404
    try:
        o = overview_from_query(request.user, request.GET)
    except ValidationError as error:
        return _bad_request(request, error)
    return table_response(request, build(o, key, reverse("statistics_overview")), fmt, o)
