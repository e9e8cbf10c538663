"""The public pages of 星级文明户 (phone-first, no sign-in): the rounds, a round's notice (公示) with an objection
link per household, the objection form, and the honour list once the stars are conferred. Thin: selectors read,
services act; a refused objection is said on the form with a 4xx and nothing is written.
"""
import uuid

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forms_app.keys import keyed_hash
from forms_app.services import client_address
from forms_app.throttle import limit

from ..constants import EntryState, RoundState
from . import selectors
from .certificates import STAR_WORDS
from .forms import ObjectionForm
from .services import StarsError, object_to

STATUS = {"duplicate": 409, "closed": 410, "limit": 429}


def _public_round(pk):
    return get_object_or_404(selectors.public_rounds(), pk=pk)


@require_http_methods(["GET", "HEAD"])
def index(request):
    """The rounds on notice and the honour lists."""
    return TemplateResponse(request, "programmes/stars/index.html", {"rounds": selectors.public_rounds()})


@require_http_methods(["GET", "HEAD"])
def round_page(request, pk):
    """公示 while on notice (each household with its stars and a link to object), the honour list once conferred."""
    round_ = _public_round(pk)
    entries = list(selectors.public_entries(round_))
    return TemplateResponse(request, "programmes/stars/round.html", {
        "round": round_, "on_notice": round_.state == RoundState.ON_NOTICE,
        "groups": [(stars, STAR_WORDS.get(stars, stars), group) for stars, group in selectors.by_stars(entries)],
        "count": len(entries)})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limit("submit", methods=("POST",))
def objection(request, pk, entry_pk):
    """异议: a short form; the objection opens a case for the community, and the objector gets its receipt."""
    round_ = _public_round(pk)
    entry = get_object_or_404(round_.entries.select_related("round", "case"), pk=entry_pk,
                              state=EntryState.ON_NOTICE)
    if request.method != "POST":
        form = ObjectionForm(initial={"key": uuid.uuid4().hex})
        return _objection_page(request, round_, entry, form)
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        return _objection_page(request, round_, entry, form, status=400)
    data = form.cleaned_data
    try:
        made = object_to(entry=entry, phone=data["phone"], reason=data["reason"], name=data["name"],
                         key=data["key"], client_hash=keyed_hash(client_address(request)))
    except StarsError as error:
        form.add_error(None, error.message)
        return _objection_page(request, round_, entry, form, status=STATUS.get(error.code, 400))
    response = HttpResponseRedirect(reverse("form_done", args=[made.case.tracking_token]))
    response.status_code = 303
    return response


def _objection_page(request, round_, entry, form, status=200):
    context = {"round": round_, "entry": entry, "form": form,
               "error_summary": form.error_summary() if form.is_bound and form.errors else []}
    return TemplateResponse(request, "programmes/stars/objection.html", context, status=status)
