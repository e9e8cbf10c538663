"""The *Assessment* admin page: the scorecards of a period, how they are scored, the export, the notice.

Views stay thin: the period comes from :func:`statistics_app.periods.period_from_query` (bad input is a 400
with the message), the scorecard from :mod:`.scorecards`, the notice from :mod:`.notice`.
"""
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.selectors import has_workbench
from statistics_app.models import AssessmentScheme
from statistics_app.periods import PeriodKind, period_around, period_from_query

from . import notice
from .constants import UnitKind
from .export import export_response
from .scorecards import scorecards
from .scoring import how_it_is_scored

FORMATS = ("csv", "xlsx")


class BadQuery(Exception):
    pass


def last_month():
    """Rankings are of finished months: the page opens on the month before this one (today's month has only
    begun, and every unit would be listed as having too few cases)."""
    return period_around(PeriodKind.MONTH, timezone.localdate().replace(day=1) - timedelta(days=1))


def _query(params):
    """(period, unit kind) from the query string; BadQuery with the user's message for anything else."""
    try:
        period = period_from_query(params) if params.get("period") or params.get("date") else last_month()
    except ValidationError as error:
        raise BadQuery(" ".join(error.messages)) from None
    kind = params.get("unit") or UnitKind.DEPARTMENT
    if kind not in UnitKind.values:
        raise BadQuery(_("Unknown kind of unit."))
    return period, kind


def _bad(request, message):
    return TemplateResponse(request, "statistics_app/assessment/bad_query.html", {"message": message}, status=400)


def page_url(period, kind, **extra):
    return reverse("statistics_assessment") + "?" + urlencode({**period.query(), "unit": kind, **extra})


@require_GET
def assessment(request):
    if not has_workbench(request.user):
        raise PermissionDenied
    try:
        period, kind = _query(request.GET)
    except BadQuery as error:
        return _bad(request, str(error))
    fmt = request.GET.get("format", "")
    if fmt and fmt not in FORMATS:
        return _bad(request, _("Unknown export format."))
    scheme = AssessmentScheme.active()
    board = scorecards(request.user, period, kind, scheme)
    if fmt:
        return export_response(board, fmt, f"assessment-{kind}-{period.first_day:%Y-%m-%d}")
    can_issue = notice.can_issue(request.user)
    issued = list(notice.notices_for(notice.scope_path(request.user), kind, period)) if can_issue else []
    return TemplateResponse(request, "statistics_app/assessment/index.html", {
        "board": board, "scheme": scheme, "how": how_it_is_scored(scheme), "period": period, "kind": kind,
        "kinds": UnitKind.choices, "period_kinds": [c for c in PeriodKind.choices if c[0] != PeriodKind.CUSTOM],
        "csv_url": page_url(period, kind, format="csv"), "xlsx_url": page_url(period, kind, format="xlsx"),
        "can_issue": can_issue and period.kind == PeriodKind.MONTH, "month": notice.month_label(period),
        "issued": issued, "scheme_saved": scheme.pk is not None,
    })


@require_POST
def issue_notice(request):
    """Issue the ranking notice of the month and unit kind the form names (supervisors only)."""
    if not notice.can_issue(request.user):
        raise PermissionDenied
    try:
        period, kind = _query(request.POST)
    except BadQuery as error:
        return _bad(request, str(error))
    try:
        document = notice.issue_ranking_notice(user=request.user, period=period, kind=kind,
                                               scheme=AssessmentScheme.active())
    except notice.NoticeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The ranking notice for %(month)s was issued: %(serial)s.")
                         % {"month": notice.month_label(period), "serial": document.serial})
    return redirect(page_url(period, kind))
