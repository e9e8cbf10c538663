"""The Statistics menu's survey results and check-up pages: thin views over :mod:`.results` and :mod:`.checkups`.

A survey's results are shown to whoever may read its submissions (``forms_readable_by``: a form outside it is a
404, so its figures are never shown); check-ups to staff with a workbench, over the cases in their reach. A bad
period, level or export format is a 400 with its reason, never a 500.

Without a period in the query a survey shows this year (surveys run for months) and the check-ups this quarter
(the rhythm county offices check communities in, so "not checked in the period" means something).
"""
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors import has_workbench
from forms_app.constants import FormKind
from forms_app.selectors import forms_readable_by
from organisation.constants import RegionLevel

from ..periods import PeriodKind, period_from_query
from . import sheets
from .checkups import checkup_forms, checkup_report
from .export import FORMATS, table_response
from .results import CROSSTAB_LEVELS, crosstab_questions, survey_results


class BadRequest(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def bad_request(request, message, status=400):
    return TemplateResponse(request, "statistics_app/surveys/bad_request.html",
                            {"message": message, "page_title": _("Statistics")}, status=status)


def _period(request, default):
    try:
        return period_from_query(request.GET, default=default)
    except ValidationError as error:
        raise BadRequest(" ".join(error.messages))


def _export_format(request):
    fmt = request.GET.get("export") or ""
    if fmt and fmt not in FORMATS:
        raise BadRequest(_("Unknown export format."))
    return fmt


def period_context(request, period):
    """What the period form shows (the kinds, the one asked for, its dates) and the export links of the page."""
    def export_url(fmt):
        query = request.GET.copy()
        query["export"] = fmt
        return "?" + query.urlencode()

    return {"kinds": PeriodKind.choices, "kind": period.kind, "date": request.GET.get("date", ""),
            "first_day": period.first_day.isoformat(), "last_day": period.last_day.isoformat(),
            "export_csv_url": export_url("csv"), "export_xlsx_url": export_url("xlsx")}


def survey_index(request):
    """The forms whose results the user may read, surveys first."""
    forms = sorted(forms_readable_by(request.user).order_by("path"), key=lambda f: f.kind != FormKind.SURVEY)
    return TemplateResponse(request, "statistics_app/surveys/index.html",
                            {"forms": forms, "page_title": _("Survey results")})


def survey_detail(request, pk):
    form = get_object_or_404(forms_readable_by(request.user), pk=pk)
    try:
        period = _period(request, PeriodKind.YEAR)
        fmt = _export_format(request)
        level = request.GET.get("level") or RegionLevel.COMMUNITY
        if level not in CROSSTAB_LEVELS:
            raise BadRequest(_("Unknown region level."))
    except BadRequest as error:
        return bad_request(request, error.message)
    results = survey_results(form, period.start, period.end, crosstab_key=request.GET.get("question"), level=level)
    if fmt:
        return table_response(f"survey-{form.pk}-{period.first_day}", sheets.survey_sheets(results), fmt)
    levels = [(value, label) for value, label in RegionLevel.choices if value in CROSSTAB_LEVELS]
    context = {
        "form": form, "results": results, "period": period, **period_context(request, period),
        "levels": levels, "level": level, "crosstab_questions": crosstab_questions(results),
        "as_of": timezone.localtime(), "page_title": form.title,
    }
    return TemplateResponse(request, "statistics_app/surveys/results.html", context)


def checkups(request):
    user = request.user
    if not has_workbench(user):
        # answered here: Wagtail turns a PermissionDenied into a redirect to the dashboard
        return bad_request(request, _("Check-ups are shown to staff who work on cases."), status=403)
    forms = list(checkup_forms())
    chosen = request.GET.get("form")
    # compared with the forms' ids as text: the value never reaches a query
    form = next((f for f in forms if str(f.pk) == chosen), None) if chosen else (forms[0] if forms else None)
    if chosen and form is None:
        return bad_request(request, _("Unknown form."))
    try:
        period = _period(request, PeriodKind.QUARTER)
        fmt = _export_format(request)
    except BadRequest as error:
        return bad_request(request, error.message)
    report = checkup_report(user, form, period.start, period.end) if form is not None else None
    if fmt and report is not None:
        return table_response(f"checkups-{form.pk}-{period.first_day}", sheets.checkup_sheets(report), fmt)
    context = {
        "forms": forms, "form": form, "report": report, "period": period, **period_context(request, period),
        "as_of": timezone.localtime(), "page_title": _("Check-ups"),
    }
    return TemplateResponse(request, "statistics_app/surveys/checkups.html", context)
