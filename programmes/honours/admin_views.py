"""The red and black lists' admin pages (*Programmes → Red and black lists*): the entries, one entry, a new one.

Views stay thin: reads from :mod:`.selectors`, writes through :mod:`.services`. A refused action is shown
with the service's message and a 4xx status (400 bad input, 403 not yours, 409 not in this state), and
nothing was written. An entry outside a user's reach is a 404.
"""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.selectors import has_workbench

from ..constants import HonourList
from ..models.honours_machine import EDIT_STATES, STAFF_ACTIONS, TRANSITIONS, is_community_staff
from . import selectors, services
from .forms import EditForm, EntryForm, NoteForm

STATUS = {"missing_input": 400, "bad_input": 400, "forbidden": 403, "not_allowed": 409, "changed": 409}
SERVICES = {
    "review": lambda entry, by, note: services.entry_review(entry=entry, by=by, note=note),
    "approve": lambda entry, by, note: services.entry_approve(entry=entry, by=by, note=note),
    "publish": lambda entry, by, note: services.entry_publish(entry=entry, by=by, note=note),
    "reject": lambda entry, by, note: services.entry_reject(entry=entry, by=by, reason=note),
    "withdraw": lambda entry, by, note: services.entry_withdraw(entry=entry, by=by, reason=note),
}


def _staff(request):
    if not has_workbench(request.user):
        raise PermissionDenied


@require_GET
def index(request):
    """The entries of the user's reach, by state; those waiting for this user first."""
    _staff(request)
    entries = selectors.entries_visible_to(request.user).select_related("region").order_by("state", "-created_at")
    state = request.GET.get("state", "")
    if state:
        entries = entries.filter(state=state)
    return TemplateResponse(request, "programmes/honours/admin_index.html", {
        "entries": entries[:500], "may_enter": selectors.communities_for(request.user).exists(),
    })


@require_http_methods(["GET", "POST"])
def create(request):
    """Staff enter an entry for a community of their reach; it goes to review like a nomination."""
    _staff(request)
    regions = selectors.communities_for(request.user)
    form = EntryForm(request.POST or None, regions=regions)
    status, error = 200, ""
    if request.method == "POST":
        if form.is_valid():
            try:
                entry = services.entry_create(by=request.user, **form.cleaned_data)
            except services.HonourError as failure:
                status, error = STATUS.get(failure.code, 400), failure.message
            else:
                return redirect("honours_entry", entry.pk)
        else:
            status = 400
    return TemplateResponse(request, "programmes/honours/admin_create.html", {"form": form, "error": error},
                            status=status)


def _actions(entry, user):
    """The buttons the user has on this entry now: (name, label, note required)."""
    actions = []
    for name in STAFF_ACTIONS:
        spec = TRANSITIONS[name]
        if entry.state in spec.source and spec.permission(entry, user):
            actions.append((name, str(spec.action), bool(spec.required) and entry.list in spec.required_on))
    return actions


def _page(request, entry, *, error="", status=200, edit_form=None):
    editable = entry.state in EDIT_STATES and is_community_staff(entry, request.user)
    if editable and edit_form is None:
        edit_form = EditForm(initial={name: getattr(entry, name) for name in services.EDITABLE})
    return TemplateResponse(request, "programmes/honours/admin_entry.html", {
        "edit_form": edit_form if editable else None,
        "entry": entry, "events": entry.events.select_related("actor"), "actions": _actions(entry, request.user),
        "appeals": entry.appeals.select_related("case"), "error": error, "black": entry.list == HonourList.BLACK,
        "public": selectors.public_entry(entry),
    }, status=status)


@require_GET
def detail(request, pk):
    _staff(request)
    return _page(request, get_object_or_404(selectors.entries_visible_to(request.user).select_related("region"),
                                            pk=pk))


@require_POST
def edit(request, pk):
    """Correct the entry before approval; bad input or a refusal is said on the entry's page, nothing changed."""
    _staff(request)
    entry = get_object_or_404(selectors.entries_visible_to(request.user).select_related("region"), pk=pk)
    form = EditForm(request.POST)
    if not form.is_valid():
        return _page(request, entry, edit_form=form, status=400)
    try:
        services.entry_edit(entry=entry, by=request.user, **form.cleaned_data)
    except services.HonourError as failure:
        entry.refresh_from_db()
        return _page(request, entry, edit_form=form, error=failure.message, status=STATUS.get(failure.code, 400))
    return redirect("honours_entry", entry.pk)


@require_POST
def act(request, pk, action):
    """Review, approve, publish, turn down or withdraw; a refusal is said on the entry's page, nothing changed."""
    _staff(request)
    entry = get_object_or_404(selectors.entries_visible_to(request.user).select_related("region"), pk=pk)
    if action not in SERVICES:
        return _page(request, entry, error=_("Unknown action."), status=400)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _page(request, entry, error=" ".join(form.errors.get("note", [])), status=400)
    try:
        SERVICES[action](entry, request.user, form.cleaned_data["note"])
    except services.HonourError as failure:
        entry.refresh_from_db()
        return _page(request, entry, error=failure.message, status=STATUS.get(failure.code, 400))
    return redirect("honours_entry", entry.pk)
