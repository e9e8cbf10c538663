"""Thin views of the workbench: validate the input with a form, call the workflow service, say what happened.

Cases are always looked up through ``cases_visible_to``: a case outside the
user's reach is a 404, whatever the URL. Whether the user may take an action
is decided by the workflow (django-fsm permissions); a refusal is a message,
never a 500.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from forms_app.uploads import private_file_response

from .. import workflow
from ..constants import RENDERED_DOCUMENT_STATES, CaseState, DocumentStatus
from ..models import Case, CaseFile
from ..permissions import memberships
from ..routing import suggest_department
from ..selectors import cases_visible_to
from . import forms as f
from .modeladmin import light_badge, person

# name → (button label, form, service, success message); in the order the buttons show
ACTIONS = {
    "accept": (gettext_lazy("Accept"), f.AcceptForm, workflow.case_accept, gettext_lazy("The case was accepted.")),
    "dispatch": (gettext_lazy("Dispatch"), f.DispatchForm, workflow.case_dispatch,
                 gettext_lazy("The case was dispatched.")),
    "claim": (gettext_lazy("Claim"), f.ClaimForm, workflow.case_claim, gettext_lazy("You claimed the case.")),
    "consult": (gettext_lazy("Start a consultation"), f.ConsultForm, workflow.case_consult,
                gettext_lazy("The consultation was started.")),
    "end_consultation": (gettext_lazy("End the consultation"), f.EndConsultationForm,
                         workflow.case_end_consultation, gettext_lazy("The consultation was ended.")),
    "resolve": (gettext_lazy("Resolve"), f.ResolveForm, workflow.case_resolve,
                gettext_lazy("The case was resolved.")),
    "close_with_advice": (gettext_lazy("Close with advice"), f.CloseWithAdviceForm, workflow.case_close_with_advice,
                          gettext_lazy("The case was closed with advice.")),
    "return_case": (gettext_lazy("Return to the dispatcher"), f.ReturnForm, workflow.case_return,
                    gettext_lazy("The case was returned to the dispatcher.")),
    "escalate": (gettext_lazy("Escalate"), f.EscalateForm, workflow.case_escalate,
                 gettext_lazy("The case was escalated to the next level.")),
    "reject": (gettext_lazy("Do not accept"), f.RejectForm, workflow.case_reject,
               gettext_lazy("The case was not accepted.")),
    "urge": (gettext_lazy("Urge"), f.UrgeForm, workflow.case_urge, gettext_lazy("The case was urged.")),
    "reopen": (gettext_lazy("Reopen"), f.ReopenForm, workflow.case_reopen, gettext_lazy("The case was reopened.")),
    "archive": (gettext_lazy("Archive"), f.ArchiveForm, workflow.case_archive,
                gettext_lazy("The case was archived.")),
}


def _visible_case(request, pk):
    qs = cases_visible_to(request.user, Case.objects.select_related(
        "submission", "form", "region", "category", "department", "handler"))
    return get_object_or_404(qs, pk=pk)


def available_actions(case, user):
    """Names of the actions the user may take on the case now, in button order."""
    names = {t.name for t in case.get_available_user_state_transitions(user)}
    return [name for name in ACTIONS if name in names]


def _make_form(name, case, user, data=None, files=None):
    form_class = ACTIONS[name][1]
    kwargs = {"case": case, "user": user, "prefix": name}
    if form_class is f.DispatchForm:
        kwargs["suggested"] = suggest_department(case)
    return form_class(data, files, **kwargs)


def answers_for(case, user):
    """(label, text, download url) for each answered question, masked unless the user may see personal data."""
    from forms_app.constants import FieldType
    from forms_app.export import answer_fields
    from forms_app.presentation import display_answer

    data = case.submission.form_data or {}
    specs = answer_fields(case.form)
    regions = {}
    if any(spec.field_type == FieldType.REGION for spec in specs):
        from ..models import Region

        regions = dict(Region.objects.values_list("pk", "name"))
    mask = not user.has_perm("forms_app.view_personal_data")
    rows = []
    for spec in specs:
        value = data.get(spec.field_id)
        if value in (None, "", []):
            continue
        url = None
        if isinstance(value, dict) and value.get("upload"):
            url = reverse("download_upload", args=[value["upload"]])
        rows.append((spec.label, display_answer(spec, value, regions=regions, mask=mask), url))
    return rows


def _render(request, case, *, bound=None, status=200):
    user = request.user
    forms = []
    for name in available_actions(case, user):
        form = bound if bound is not None and bound.prefix == name else _make_form(name, case, user)
        forms.append({"name": name, "label": ACTIONS[name][0], "form": form,
                      "url": reverse("cases_workbench_action", args=[case.pk, name]),
                      "open": form.is_bound, "simple": not [fl for fl in form.visible_fields()]})
    states = dict(CaseState.choices)
    events = list(case.events.select_related("actor").prefetch_related("files"))
    for event in events:
        event.from_label = states.get(event.from_state, event.from_state)
        event.to_label = states.get(event.to_state, event.to_state)
        event.actor_name = person(event.actor)
    context = {
        "case": case,
        "light": light_badge(case.light()),
        "answers": answers_for(case, user),
        "events": events,
        "staff_files": case.files.select_related("uploaded_by").order_by("uploaded_at", "pk"),
        "action_forms": forms,
        "documents": document_rows(case, user),
        "index_url": reverse("cases_case_modeladmin_index"),
        "handler_name": person(case.handler),
        "page_title": case.reference,
    }
    return TemplateResponse(request, "cases/admin/case_detail.html", context, status=status)


def document_rows(case, user):
    from ..documents.services import can_manage, can_revoke

    manage = can_manage(case, user)
    rows = []
    for document in case.documents.all():
        rows.append({
            "document": document,
            "downloadable": document.status in RENDERED_DOCUMENT_STATES,
            "retry": manage and document.status == DocumentStatus.FAILED,
            "revoke": document.status == DocumentStatus.READY and can_revoke(document, user),
        })
    return rows


@require_GET
def case_detail(request, pk):
    return _render(request, _visible_case(request, pk))


@require_POST
def case_action(request, pk, action):
    """One transition, posted from the case page (PRG)."""
    case = _visible_case(request, pk)
    if action not in ACTIONS:
        raise Http404
    label, _form_class, service, success = ACTIONS[action]
    form = _make_form(action, case, request.user, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Check the details for “%(action)s”.") % {"action": label})
        return _render(request, case, bound=form, status=400)
    try:
        service(case=case, by=request.user, expected_state=form.cleaned_data["expected_state"],
                **form.service_kwargs())
    except workflow.CaseActionError as error:
        messages.error(request, error.message)
        if error.code == "forbidden":
            return _render(request, case, status=403)
        return redirect("cases_workbench_case", pk=case.pk)
    except ValidationError as error:  # e.g. a file the workflow refuses after all
        messages.error(request, " ".join(error.messages))
        return redirect("cases_workbench_case", pk=case.pk)
    messages.success(request, str(success))
    return redirect("cases_workbench_case", pk=case.pk)


BULK_SERVICES = {
    "accept": lambda case, user, data: workflow.case_accept(case=case, by=user),
    "dispatch": lambda case, user, data: workflow.case_dispatch(case=case, by=user, to=data["department"]),
    "archive": lambda case, user, data: workflow.case_archive(case=case, by=user),
}


@require_POST
def bulk_action(request):
    """Run one action on each selected case on its own; report what succeeded and what failed, and why."""
    index_url = reverse("cases_case_modeladmin_index")
    back = request.POST.get("next") or ""
    if not back.startswith(index_url):
        back = index_url
    form = f.BulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    ids = list(dict.fromkeys(data["ids"]))[:500]
    found = {c.pk: c for c in cases_visible_to(request.user, Case.objects.select_related("department"))
             .filter(pk__in=ids)}
    done, failed = [], []
    for pk in ids:
        case = found.get(pk)
        if case is None:
            failed.append((str(pk), _("Case not found.")))
            continue
        try:
            BULK_SERVICES[data["action"]](case, request.user, data)
        except workflow.CaseActionError as error:
            failed.append((case.reference, error.message))
        else:
            done.append(case.reference)
    if done:
        messages.success(request, _("%(count)d case(s) done: %(refs)s.") % {"count": len(done),
                                                                           "refs": "、".join(done)})
    if failed:
        messages.error(request, _("%(count)d case(s) failed: %(details)s") % {
            "count": len(failed), "details": "; ".join(f"{ref} — {why}" for ref, why in failed)})
    return redirect(back)


@require_GET
def case_file(request, pk, file_pk):
    """A staff file of a case the user can see; everyone else gets a 404."""
    case = _visible_case(request, pk)
    item = get_object_or_404(CaseFile, pk=file_pk, case=case)
    return private_file_response(item.file, content_type=item.content_type, filename=item.original_name)


def user_has_workbench(user):
    return bool(getattr(user, "is_superuser", False) or memberships(user) or user.has_perm("cases.view_case"))
