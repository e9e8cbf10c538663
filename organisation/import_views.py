"""*Case settings → Regions → Import from a sheet*: upload, a dry-run preview (what would be written, or every error by
line), then confirm; and the sample sheet. Only those with ``organisation.import_organisation`` (administrators).

The preview keeps the sheet's rows in the session under a one-time token; confirming imports those rows, checked
again, in one transaction (organisation.sheet.apply). A file that cannot be read, or a sheet with errors, answers 400.
"""
import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .sheet import columns
from .sheet.apply import ImportRefused, import_organisation
from .sheet.check import check

SESSION_KEY = "organisation_import"


class SheetForm(forms.Form):
    sheet = forms.FileField(label=gettext_lazy("Sheet (XLSX or CSV)"))


def _require(request):
    if not request.user.has_perm("organisation.import_organisation"):
        raise PermissionDenied


def _page(request, *, form=None, plan=None, token="", problem="", status=200):
    return TemplateResponse(request, "organisation/admin/import.html", {
        "form": form or SheetForm(), "plan": plan, "token": token, "problem": problem,
        "columns": [(heading, help_text) for heading, (_key, help_text) in columns.COLUMNS.items()],
        "counts": plan.counts() if plan else None,
    }, status=status)


def upload(request):
    """GET: the form and the columns; POST: read and check the sheet, and show the preview."""
    _require(request)
    if request.method != "POST":
        return _page(request)
    form = SheetForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    upload = form.cleaned_data["sheet"]
    try:
        rows = columns.rows_of(columns.read_table(upload))
    except columns.SheetError as error:
        return _page(request, form=form, problem=str(error), status=400)
    plan = check(rows)
    if not plan.valid:
        request.session.pop(SESSION_KEY, None)
        return _page(request, form=form, plan=plan, status=400)
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {"token": token, "rows": rows, "name": upload.name}
    return _page(request, plan=plan, token=token)


@require_POST
def confirm(request):
    _require(request)
    kept = request.session.get(SESSION_KEY) or {}
    if not kept or not secrets.compare_digest(str(kept.get("token")), request.POST.get("token", "")):
        return _page(request, problem=_("This preview is no longer current: upload the sheet again."), status=400)
    rows = [(line, row) for line, row in kept["rows"]]
    try:
        plan = import_organisation(rows=rows, by=request.user, source=kept.get("name", ""))
    except ImportRefused as refused:
        return _page(request, plan=refused.plan, problem=_("The tree changed since the preview; nothing is "
                                                           "imported."), status=400)
    del request.session[SESSION_KEY]
    counts = plan.counts()
    messages.success(request, _("Imported: %(regions)d new regions, %(teams)d new teams, %(people)d new staff.") % {
        "regions": counts["regions_new"], "teams": counts["teams_new"], "people": counts["people_new"]})
    return redirect("organisation_regions")


def sample(request, fmt):
    """The sample sheet to fill in: XLSX (with a second sheet explaining the columns) or CSV."""
    _require(request)
    content, content_type = columns.sample_file(fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"organisation-sample.{fmt}")
    return response
