"""The party members' pages (党员报到), phone-first and outside Wagtail's admin.

A party member is a user in the *Party members* group (permission ``community.serve_community``, no
admin access): they sign in here, register to a community (报到), add what they offer to its list,
see its open small wishes and orders masked, claim one (first claim wins), and record it done.
Thin: reads through the selectors, moves through the services; a refusal is a message and a 4xx.
"""
from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from organisation.constants import RegionLevel
from organisation.models import Region

from ..constants import WishState
from ..models import Wish
from . import selectors
from . import services as sv
from .forms import RegisterForm, ResultForm, ServiceForm
from .views import see_other

STATUS = {"forbidden": 403, "taken": 409, "done": 409, "changed": 409, "not_allowed": 409}


class SignInView(auth_views.LoginView):
    """Sign in on a phone (the same accounts, lockouts and sign-in log as staff)."""

    template_name = "community/orders/signin.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("community_member")


signin = never_cache(SignInView.as_view())
signout = auth_views.LogoutView.as_view(next_page=reverse_lazy("community_signin"))


def member_required(view):
    """Signed in (else to the sign-in page) and a party member (else 403)."""
    @login_required(login_url=reverse_lazy("community_signin"))
    @never_cache
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not sv.may_serve(request.user):
            return HttpResponseForbidden(_("These pages are for party members registered to a community."))
        return view(request, *args, **kwargs)
    return checked


def _communities():
    return list(Region.objects.filter(level=RegionLevel.COMMUNITY).order_by("path"))


def _refused(request, error, back):
    messages.warning(request, error.message)
    response = see_other(back)
    if request.headers.get("Accept", "").startswith("application/json"):
        response.status_code = STATUS.get(error.code, 400)
    return response


@member_required
@require_http_methods(["GET", "HEAD"])
def home(request):
    """What a member does: their registrations, the wishes and needs of their communities, their claims."""
    return _home_page(request)


def _home_page(request, *, register_form=None, service_form=None, status=200):
    """The member's page, with a form that failed shown again with its errors (``status`` 400)."""
    user = request.user
    context = {
        "registrations": selectors.registrations(user),
        "wishes": selectors.open_wishes(user),
        "my_wishes": selectors.my_wishes(user),
        "needs": selectors.needs(user),
        "register_form": register_form or RegisterForm(communities=_communities()),
        "service_form": service_form or ServiceForm(),
    }
    forms = [f for f in (register_form, service_form) if f is not None and f.errors]
    context["error_summary"] = [e for f in forms for e in f.error_summary()]
    return TemplateResponse(request, "community/orders/member.html", context, status=status)


@member_required
@require_POST
def register(request):
    """报到 to a community."""
    form = RegisterForm(request.POST, communities=_communities())
    if not form.is_valid():
        return _home_page(request, register_form=form, status=400)
    try:
        volunteer = sv.register_volunteer(user=request.user, community=form.communities[form.cleaned_data["community"]],
                                          offer=form.cleaned_data["offer"])
    except sv.OrdersError as error:
        form.add_error("community", error.message)
        return _home_page(request, register_form=form, status=STATUS.get(error.code, 400))
    messages.success(request, _("You are registered to %(community)s.") % {"community": volunteer.community.name})
    return see_other(reverse("community_member"))


@member_required
@require_POST
def add_service(request, pk):
    """A member puts what they offer on the list of the community they registered to."""
    volunteer = get_object_or_404(selectors.registrations(request.user), pk=pk)
    form = ServiceForm(request.POST)
    if not form.is_valid():
        return _home_page(request, service_form=form, status=400)
    sv.add_service(volunteer=volunteer, title=form.cleaned_data["title"], description=form.cleaned_data["description"])
    messages.success(request, _("Your service is on the list of %(community)s.") % {"community": volunteer.community.name})
    return see_other(reverse("community_member"))


@member_required
@require_POST
def claim_wish(request, pk):
    """认领 a small wish; the first claim wins, a later one is told so and nothing changes."""
    wish = get_object_or_404(Wish, pk=pk)
    try:
        sv.claim_wish(wish=wish, by=request.user)
    except sv.OrdersError as error:
        return _refused(request, error, reverse("community_member"))
    messages.success(request, _("The wish is yours. Contact the resident to fulfil it."))
    return see_other(reverse("community_member_wish", args=[wish.pk]))


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def wish_detail(request, pk):
    """The claimed wish with who made it and their phone (revealed, audited), and recording it done."""
    wish = get_object_or_404(Wish.objects.select_related("community", "claimed_by"), pk=pk,
                             claimed_by__user=request.user)
    form = ResultForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():  # a wish recorded already: the service says so
        try:
            sv.complete_wish(wish=wish, by=request.user, note=form.cleaned_data["result"])
        except sv.OrdersError as error:
            return _refused(request, error, request.path)
        messages.success(request, _("Thank you. Your service is recorded."))
        return see_other(reverse("community_member"))
    contact = sv.reveal_wish_contact(wish=wish, by=request.user)
    context = {"wish": wish, "contact": contact, "form": form if wish.state == WishState.CLAIMED else None,
               "error_summary": form.error_summary() if form.is_bound else []}
    return TemplateResponse(request, "community/orders/member_wish.html", context, status=400 if form.is_bound else 200)


@member_required
@require_POST
def claim_need(request, pk):
    """领单: the order dispatched to the member's unit or team is theirs (the case machine's claim)."""
    order = selectors.order_for(request.user, pk)
    if order is None:
        return HttpResponseForbidden(_("This order is not in a community you are registered to."))
    try:
        sv.claim_order(order=order, by=request.user)
    except sv.OrdersError as error:
        return _refused(request, error, reverse("community_member"))
    messages.success(request, _("The order is yours. Contact the resident to serve it."))
    return see_other(reverse("community_member_need", args=[order.pk]))


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def need_detail(request, pk):
    """An order the member took up: the resident's contact (revealed, audited) and recording it served."""
    order = selectors.order_for(request.user, pk)
    if order is None or order.case.handler_id != request.user.pk:
        return HttpResponseForbidden(_("Only whoever took up this order sees who placed it."))
    form = ResultForm(request.POST if request.method == "POST" else None)
    open_to_resolve = order.case.state == "claimed"
    if request.method == "POST" and form.is_valid():  # a case changed meanwhile: the service says so
        try:
            sv.resolve_order(order=order, by=request.user, result=form.cleaned_data["result"])
        except sv.OrdersError as error:
            return _refused(request, error, request.path)
        messages.success(request, _("Thank you. The order is served and your service is recorded."))
        return see_other(reverse("community_member"))
    contact = sv.reveal_order_contact(order=order, by=request.user)
    context = {"order": order, "need": selectors.need_row(order, request.user), "contact": contact,
               "form": form if open_to_resolve else None, "error_summary": form.error_summary() if form.is_bound else []}
    return TemplateResponse(request, "community/orders/member_need.html", context, status=400 if form.is_bound else 200)
