"""录入诉求 / Enter a matter: staff take a matter down for a resident through the resident's own form.

Thin views over :mod:`cases.intake` (which checks the role and keeps the entry in the session) and
:mod:`cases.receipts` (the tracking link by SMS): choose the form and the channel, fill the form in as the
resident would, then hand over the printable receipt with the reference number and tracking link.
"""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.admin.ui.components import Component

from forms_app.constants import FormKind
from forms_app.models import FormPage
from forms_app.validators import mask_mobile

from ..constants import Channel
from ..intake import STAFF_CHANNELS, IntakeError, start_entry, stop_entry
from ..models import Case
from ..notifications import tracking_url
from ..permissions import can_view, may_enter_matters
from ..receipts import may_read_receipt, phone_for, send_receipt_sms
from .modeladmin import person


def open_forms():
    """The forms a matter can be entered on: live and open, requests first (the usual matter), then by title."""
    pages = [p for p in FormPage.objects.live().order_by("title") if p.is_open()]
    return sorted(pages, key=lambda p: p.kind != FormKind.REQUEST)


def patrol_form():
    """The usual request form a patrol report goes on: the first request the editors placed highest in the tree (a
    forms index's own before the forms a service guide holds beneath it), or None."""
    requests = [p for p in open_forms() if p.kind == FormKind.REQUEST]
    return min(requests, key=lambda p: (p.depth, p.path), default=None)


class EntryForm(forms.Form):
    form = forms.TypedChoiceField(label=gettext_lazy("Form"), coerce=int,
                                  error_messages={"required": gettext_lazy("Choose the form.")})
    channel = forms.ChoiceField(label=gettext_lazy("How did the matter reach you?"), widget=forms.RadioSelect,
                                choices=[(c.value, c.label) for c in STAFF_CHANNELS],
                                error_messages={"required": gettext_lazy("Choose how the matter reached you."),
                                                "invalid_choice": gettext_lazy("Choose how the matter reached you.")})

    def __init__(self, *args, pages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages = {p.pk: p for p in (pages if pages is not None else open_forms())}
        self.fields["form"].choices = [("", _("Please choose"))] + [(pk, p.title) for pk, p in self.pages.items()]


@require_http_methods(["GET", "HEAD", "POST"])
def enter_matter(request):
    """Choose the form and the channel (GET; ``?channel=patrol`` preselects), then open the form (POST)."""
    if not may_enter_matters(request.user):
        raise PermissionDenied
    if request.method != "POST":
        initial = {"channel": request.GET.get("channel", ""), "form": request.GET.get("form", "")}
        return _render_choice(request, EntryForm(initial=initial))
    form = EntryForm(request.POST)
    if not form.is_valid():
        return _render_choice(request, form, status=400)
    page = form.pages[form.cleaned_data["form"]]
    try:
        start_entry(request=request, form=page, channel=form.cleaned_data["channel"])
    except IntakeError as refused:
        messages.error(request, refused.message)
        return _render_choice(request, form, status=403 if refused.code == "forbidden" else 400)
    return HttpResponseRedirect(page.url, status=303)


def _render_choice(request, form, status=200):
    return TemplateResponse(request, "cases/admin/enter_matter.html",
                            {"form": form, "page_title": _("Enter a matter")}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def entry_stop(request, page_id):
    """Leave staff-entry mode on a form (the banner's link): the form is then the resident's again."""
    stop_entry(request, page_id)
    messages.info(request, _("You stopped entering a matter. Nothing was submitted."))
    return redirect("cases_enter")


def receipt_case(request, pk):
    """The case whose receipt ``request``'s user may read (:func:`cases.receipts.may_read_receipt`); else a 404."""
    case = Case.objects.select_related("form", "submission", "entered_by").filter(pk=pk).first()
    if case is None or not may_read_receipt(case, request.user):
        raise Http404
    return case


@require_GET
def entry_receipt(request, pk):
    """The printable receipt: reference number, tracking link, and the SMS offer when the resident gave a phone."""
    case = receipt_case(request, pk)
    phone = phone_for(case)
    context = {"case": case, "tracking_url": tracking_url(case), "phone": mask_mobile(phone) if phone else "",
               "entered_by": person(case.entered_by), "page_title": _("Receipt %(reference)s") % {
                   "reference": case.reference},
               "case_url": reverse("cases_workbench_case", args=[case.pk]) if can_view(case, request.user) else "",
               "again": {"form": case.form_id, "channel": case.channel}
               if case.channel != Channel.ONLINE and may_enter_matters(request.user) else None}
    return TemplateResponse(request, "cases/admin/entry_receipt.html", context)


@require_POST
def entry_receipt_sms(request, pk):
    """Text the tracking link to the resident, who said yes (the box must be ticked)."""
    case = receipt_case(request, pk)
    if request.POST.get("consent") != "yes":
        messages.error(request, _("Tick the box once the resident has agreed to receive the text message."))
        return redirect("cases_entry_receipt", pk=case.pk)
    try:
        phone = send_receipt_sms(case=case, by=request.user)
    except (PermissionError, ValueError) as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The tracking link will be texted to %(phone)s.") % {"phone": mask_mobile(phone)})
    return redirect("cases_entry_receipt", pk=case.pk)


class EntryPanel(Component):
    """The admin home's first panel for staff who enter matters: one tap to a patrol report (吹哨) on the usual
    request form, the channel preselected and the worker's grid as region — what a grid worker needs on a phone —
    and the way to any other form and channel."""

    name = "case_entry"
    template_name = "cases/admin/entry_panel.html"
    order = 40

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        patrol = patrol_form()
        return {"request": request, "patrol_form": patrol, "patrol": Channel.PATROL,
                "enter_url": reverse("cases_enter"), "csrf_token": get_token(request)}
