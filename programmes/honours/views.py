"""The public pages of the red and black lists (phone-first, no sign-in): a community's lists, and the appeal
of a black-list entry. Thin: they read through the selectors and act through the services.

The lists show only what :func:`.selectors.public_entry` lets out (the black list masked, without photos).
An appeal's answer is the appeal form's normal receipt (``form_done``): its reference number and the private
tracking link.
"""
import uuid

from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forms_app.keys import keyed_hash
from forms_app.services import client_address
from forms_app.throttle import limit

from . import selectors
from .appeals import appeal_entry
from .forms import AppealForm
from .nominations import nomination_form
from .services import HonourError


def see_other(url):
    """Post/redirect/get: 303, so a reload never posts again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


@require_http_methods(["GET", "HEAD"])
def board(request, code):
    """红黑榜: the community's published red and black lists, each entry with its period."""
    community = selectors.community_by_code(code)
    if community is None:
        raise Http404
    lists = selectors.published_in(community)
    nominate = nomination_form()
    return TemplateResponse(request, "programmes/honours/board.html", {
        "community": community, "red": lists["red"], "black": lists["black"],
        "nominate_url": nominate.url if nominate is not None else "",
    })


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limit("submit", methods=("POST",))
def appeal(request, public_id):
    """申诉: who, a phone number, and why; the appeal opens a case for the entry's community."""
    entry = selectors.published_entry(public_id)
    if entry is None or not selectors.public_entry(entry).appealable:
        raise Http404
    if request.method != "POST":
        return _appeal_page(request, entry, AppealForm(initial={"key": uuid.uuid4().hex}))
    form = AppealForm(request.POST)
    if not form.is_valid():
        return _appeal_page(request, entry, form, status=400)
    data = form.cleaned_data
    try:
        case = appeal_entry(entry=entry, name=data["name"], phone=data["phone"], reason=data["reason"],
                            key=data["key"], client_hash=keyed_hash(client_address(request)))
    except HonourError as error:
        form.add_error(None, error.message)
        return _appeal_page(request, entry, form, status=429 if error.code == "limit" else 400)
    return see_other(reverse("form_done", args=[case.tracking_token]))


def _appeal_page(request, entry, form, status=200):
    context = {"entry": selectors.public_entry(entry), "community": entry.region, "form": form,
               "error_summary": form.error_summary() if form.is_bound and form.errors else []}
    return TemplateResponse(request, "programmes/honours/appeal.html", context, status=status)
