"""The banquets' admin pages (*Programmes → Banquet declarations …*): the declarations, one declaration with its
follow-up visit, what needs the supervisor's attention, the counts per village, and the limits.

Views stay thin: reads from :mod:`.selectors`, writes through :mod:`.services`. A refused action is shown with
the service's message and a 4xx status (400 bad input, 403 not yours, 409 already done), and nothing was
written. A declaration outside a user's need-to-know is a 404.
"""
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forms_app.spreadsheet import spreadsheet_response

from ..models.banquet_machine import may_visit
from . import selectors, services
from .forms import LimitForm, UndeclaredForm, VisitForm
from .limits import default_limits

STATUS = {"missing_input": 400, "invalid_input": 400, "too_early": 409, "forbidden": 403, "done": 409}


def _staff(request):
    if not selectors.reach_paths(request.user):
        raise PermissionDenied


@require_GET
def index(request):
    """The declarations a user may see, latest event first; filtered by state, over the limit, late, visits due."""
    _staff(request)
    rows = selectors.declarations_visible_to(request.user)
    chosen = request.GET.get("show", "")
    filters = {"over": {"over_limit": True}, "late": {"late": True}, "party": {"party_member": True},
               "declared": {"state": "declared"}, "visited": {"state": "visited"}}
    today = services.local_today()
    rows = selectors.visits_due(request.user, today) if chosen == "due" else rows.filter(**filters.get(chosen, {}))
    page = Paginator(rows, 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, "programmes/banquets/index.html", {
        "page": page, "show": chosen, "today": today})


@require_http_methods(["GET", "POST"])
def detail(request, pk):
    """A declaration, its history and, after the date, the follow-up visit's form."""
    _staff(request)
    declaration = get_object_or_404(selectors.declarations_visible_to(request.user), pk=pk)
    today = services.local_today()
    may = may_visit(declaration, request.user) and declaration.state == "declared" and declaration.event_date <= today
    form = VisitForm(request.POST or None) if may else None
    status, error = 200, ""
    if request.method == "POST":
        if form is None:
            status, error = (409, _("The follow-up visit cannot be recorded now."))
        elif form.is_valid():
            try:
                services.record_visit(declaration_id=declaration.pk, user=request.user, **form.cleaned_data)
            except services.BanquetError as failure:
                status, error = STATUS.get(failure.code, 400), failure.message
            else:
                return redirect("programmes_banquet", declaration.pk)
        else:
            status = 400
    return TemplateResponse(request, "programmes/banquets/detail.html", {
        "declaration": declaration, "events": declaration.events.select_related("actor"), "form": form,
        "error": error, "today": today}, status=status)


@require_http_methods(["GET", "POST"])
def undeclared(request):
    """The grid worker records a banquet found held without a declaration (未报备)."""
    _staff(request)
    form = UndeclaredForm(request.POST or None, regions=selectors.grids_in_reach(request.user))
    status, error = 200, ""
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                found = services.record_undeclared(user=request.user, region_id=data.pop("region").pk, **data)
            except services.BanquetError as failure:
                status, error = STATUS.get(failure.code, 400), failure.message
            else:
                return redirect("programmes_banquet", found.pk)
        else:
            status = 400
    return TemplateResponse(request, "programmes/banquets/undeclared.html", {"form": form, "error": error},
                            status=status)


@require_GET
def attention(request):
    """Over the limit, late, and follow-up visits missing, in the user's reach (the supervisor's list)."""
    _staff(request)
    today = services.local_today()
    over, late, missing, undeclared = selectors.attention(request.user, today)
    return TemplateResponse(request, "programmes/banquets/attention.html", {
        "over": over[:200], "late": late[:200], "undeclared": undeclared[:200], "missing": missing[:200], "grace": selectors.visit_grace_days(), "today": today})


def statistics_table(rows):
    header = [_("Village / community"), _("Declared"), _("Over the limit"), _("Late"), _("Party members and cadres"),
              _("Visited"), _("Visits missing"), _("Held without a declaration")]
    return header, [[r.village, r.declared, r.over_limit, r.late, r.party_members, r.visited, r.missing_visits,
                     r.undeclared] for r in rows]


@require_GET
def statistics(request):
    """The counts per village; ``?format=csv`` or ``xlsx`` downloads them (counts only, no residents' data)."""
    _staff(request)
    rows = selectors.counts_per_village(request.user, services.local_today())
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        header, body = statistics_table(rows)
        return spreadsheet_response(fmt, "banquet-declarations", header, body, title=_("Banquet declarations"))
    totals = [sum(getattr(r, name) for r in rows) for name in
              ("declared", "over_limit", "late", "party_members", "visited", "missing_visits", "undeclared")]
    return TemplateResponse(request, "programmes/banquets/statistics.html", {"rows": rows, "totals": totals})


@require_http_methods(["GET", "POST"])
def limits(request):
    """The limits set per region in the user's reach; supervisors set or clear a region's own."""
    _staff(request)
    regions = selectors.limit_regions(request.user)
    form = LimitForm(request.POST or None, regions=regions) if regions.exists() else None
    status, error = 200, ""
    if request.method == "POST":
        if form is None:
            return TemplateResponse(request, "programmes/banquets/refused.html", {
                "message": _("Only a supervisor may set banquet limits.")}, status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_limits(user=request.user, region_id=data["region"].pk, max_tables=data["max_tables"],
                                    max_guests=data["max_guests"], notice_days=data["notice_days"])
            except services.BanquetError as failure:
                status, error = STATUS.get(failure.code, 400), failure.message
            else:
                return redirect("programmes_banquet_limits")
        else:
            status = 400
    return TemplateResponse(request, "programmes/banquets/limits.html", {
        "rows": selectors.limits_in_reach(request.user), "form": form, "error": error,
        "defaults": default_limits()}, status=status)


@require_POST
def clear_limits(request, region_pk):
    _staff(request)
    try:
        services.clear_limits(user=request.user, region_id=region_pk)
    except services.BanquetError as failure:
        return TemplateResponse(request, "programmes/banquets/refused.html", {"message": failure.message},
                                status=STATUS.get(failure.code, 400))
    return redirect("programmes_banquet_limits")
