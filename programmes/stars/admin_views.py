"""*Programmes → Star households* in the admin: the rounds of the user's reach, and a round's page where the
community reviews declarations, puts the list on notice, decides objections and confers the stars.

Thin: selectors read (a round outside the user's reach is a 404), services act; a refused step is said on the
round's page with a 4xx and nothing is written.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import Case
from documents.values import values_for_case

from ..constants import ObjectionState
from ..models import StarObjection, StarRound
from ..models.stars_machine import may_manage
from . import selectors, services
from .forms import DecisionForm, ReviewForm

STATUS = {"forbidden": 403, "closed": 409, "duplicate": 409, "waiting": 409}


def _round(request, pk):
    return get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)


def index(request):
    if not request.user.is_superuser and not selectors.rounds_visible_to(request.user).exists() \
            and not request.user.has_perm("programmes.add_starround"):
        raise PermissionDenied
    add_url = _snippet_url("add") if request.user.has_perm("programmes.add_starround") else ""
    return TemplateResponse(request, "programmes/stars/admin_index.html",
                            {"rounds": selectors.rounds_visible_to(request.user), "add_url": add_url})


def _snippet_url(action, *args):
    """The round settings' snippet pages (registered by .hooks, which imports these views)."""
    return reverse(StarRound.snippet_viewset.get_url_name(action), args=args)


def _declarations(round_, criteria, bound=None):
    rows = []
    for case in selectors.pending_declarations(round_)[:100]:
        values = values_for_case(case)
        form = bound if bound is not None and bound[0] == case.pk else None
        rows.append({"case": case, "name": values["resident_name"], "address": values["address"],
                     "deeds": (case.submission.form_data or {}).get("deeds", ""),
                     "form": form[1] if form else ReviewForm(criteria=criteria, prefix=f"r{case.pk}")})
    return rows


def detail(request, pk, *, message="", status=200, bound=None):
    round_ = _round(request, pk)
    criteria = list(round_.criteria.all())
    return TemplateResponse(request, "programmes/stars/admin_round.html", {
        "round": round_, "criteria": criteria, "may_manage": may_manage(round_, request.user),
        "declarations": _declarations(round_, criteria, bound),
        "waiting": selectors.pending_declarations(round_).count(),
        "entries": round_.entries.select_related("case", "reviewed_by").order_by("state", "-stars", "-score"),
        "objections": StarObjection.objects.filter(entry__round=round_).select_related("entry", "case"),
        "events": round_.events.select_related("entry", "actor"), "decision_form": DecisionForm(),
        "open_state": ObjectionState.OPEN, "message": message,
        "edit_url": _snippet_url("edit", round_.pk) if request.user.has_perm("programmes.change_starround") else "",
    }, status=status)


def _refused(request, pk, error, **extra):
    return detail(request, pk, message=error.message, status=STATUS.get(error.code, 400), **extra)


@require_POST
def review(request, pk, case_pk):
    round_ = _round(request, pk)
    case = get_object_or_404(Case, pk=case_pk)
    form = ReviewForm(request.POST, criteria=list(round_.criteria.all()), prefix=f"r{case.pk}")
    if not form.is_valid():
        return detail(request, pk, message=_("Score every criterion within its range."), status=400,
                      bound=(case.pk, form))
    try:
        entry = services.review(round_=round_, case=case, scores=form.scores(), by=request.user,
                                note=form.cleaned_data["note"])
    except services.StarsError as error:
        return _refused(request, pk, error, bound=(case.pk, form))
    messages.success(request, _("%(name)s: %(score)d points, %(stars)d stars.") % {
        "name": entry.published_name, "score": entry.score, "stars": entry.stars})
    return redirect("programmes_star_round", pk)


@require_POST
def publish(request, pk):
    try:
        services.publish_notice(round_=_round(request, pk), by=request.user,
                                leave_waiting=request.POST.get("leave_waiting") == "1")
    except services.StarsError as error:
        return _refused(request, pk, error)
    messages.success(request, _("The list is on public notice."))
    return redirect("programmes_star_round", pk)


@require_POST
def decide(request, pk, objection_pk):
    round_ = _round(request, pk)
    objection = get_object_or_404(StarObjection, pk=objection_pk, entry__round=round_)
    form = DecisionForm(request.POST)
    decision = form.cleaned_data["decision"] if form.is_valid() else ""
    try:
        services.decide_objection(objection=objection, uphold=request.POST.get("uphold") == "1",
                                  decision=decision, by=request.user)
    except services.StarsError as error:
        return _refused(request, pk, error)
    messages.success(request, _("The objection was decided."))
    return redirect("programmes_star_round", pk)


@require_POST
def confer(request, pk):
    try:
        services.confer(round_=_round(request, pk), by=request.user)
    except services.StarsError as error:
        return _refused(request, pk, error)
    messages.success(request, _("The stars are conferred; the certificates are being issued."))
    return redirect("programmes_star_round", pk)
