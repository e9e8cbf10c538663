"""The residents' pages of 居民点单 (phone-first, no sign-in): a community's services list, ordering one,
and making a small wish (微心愿). Thin: they read through the selectors and act through the services.

An order's answer is the normal receipt of the order form (``form_done``): the reference number and
the private tracking link, where the resident follows 分单 → 派单 → 领单 and evaluates at the end.
"""
import uuid

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forms_app.keys import keyed_hash
from forms_app.services import client_address
from forms_app.throttle import limit

from ..models import Service
from . import selectors
from .forms import OrderForm, WishForm
from .services import OrdersError, make_wish, order_service


def _community_or_404(code):
    community = selectors.community_by_code(code)
    if community is None:
        raise Http404
    return community


def see_other(url):
    """Post/redirect/get: 303, so a reload never posts again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


@require_http_methods(["GET", "HEAD"])
def services(request, code):
    """服务清单: what the community's units, volunteer teams and party members offer, each to be ordered."""
    community = _community_or_404(code)
    return TemplateResponse(request, "community/orders/services.html",
                            {"community": community, "services": selectors.services_in(community)})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limit("submit", methods=("POST",))
def order(request, code, pk):
    """点单: a short form (name, phone, grid, what is needed); the order opens a case like any submission."""
    community = _community_or_404(code)
    service = get_object_or_404(Service.objects.select_related("community"), pk=pk, community=community, active=True)
    grids = selectors.grids_of(community)
    if request.method != "POST":
        form = OrderForm(grids=grids, initial={"key": uuid.uuid4().hex})
        return _order_page(request, community, service, form)
    form = OrderForm(request.POST, grids=grids)
    if not form.is_valid():
        return _order_page(request, community, service, form, status=400)
    data = form.cleaned_data
    try:
        case = order_service(service=service, contact_name=data["contact_name"], phone=data["phone"],
                             need=data["need"], grid=form.grids.get(data["grid"]), key=data["key"],
                             client_hash=keyed_hash(client_address(request)))
    except OrdersError as error:
        form.add_error(None, error.message)
        return _order_page(request, community, service, form, status=429 if error.code == "limit" else 400)
    return see_other(reverse("form_done", args=[case.tracking_token]))


def _order_page(request, community, service, form, status=200):
    context = {"community": community, "service": service, "form": form,
               "error_summary": form.error_summary() if form.is_bound and form.errors else []}
    return TemplateResponse(request, "community/orders/order.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limit("submit", methods=("POST",))
def wish(request, code):
    """微心愿: who, what, by when; the community's registered party members see it (masked) and claim it."""
    community = _community_or_404(code)
    form = WishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            make_wish(community=community, who=data["who"], what=data["what"], phone=data["phone"],
                      by_when=data["by_when"])
        except OrdersError as error:
            form.add_error("by_when" if error.code == "invalid" else None, error.message)
        else:
            return see_other(reverse("community_wish_made", args=[community.code]))
    status = 400 if form.is_bound else 200
    context = {"community": community, "form": form, "error_summary": form.error_summary() if form.is_bound else []}
    return TemplateResponse(request, "community/orders/wish.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
def wish_made(request, code):
    community = _community_or_404(code)
    return TemplateResponse(request, "community/orders/wish_made.html", {"community": community})
