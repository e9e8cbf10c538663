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
from django.views.decorators.http import require_GET, require_POST

from forms_app.export import answer_fields
from forms_app.presentation import display_answer, is_personal, list_separator, region_names_for
from forms_app.uploads import private_file_response
from organisation import audit
from organisation.routing import suggest_department
from organisation.urls import valid_id

from .. import machine, parts_machine, workflow
from ..access import may, may_see_personal_data
from ..checkups import checkup_outcome
from ..constants import Capability, CaseState, Channel
from ..models import Case, CaseFile
from ..parts_machine import PART_EVENTS, PART_TRANSITIONS
from ..permissions import can_supervise
from ..selectors import case_files_visible_to, case_pages_visible_to, cases_visible_to
from . import forms as f
from .joint import part_rows, waiting_for
from .modeladmin import light_badge, person

#: Sections the rooms above add to the case page: section(request, case) → HTML (documents: its documents).
_case_sections: list = []


def register_case_section(section):
    """Show ``section(request, case)`` (safe HTML) on the workbench's case page, after the answers."""
    _case_sections.append(section)


def visible_case(request, pk):
    """The case ``pk`` as the workbench shows it, if the user may see it; a 404 otherwise."""
    return get_object_or_404(case_pages_visible_to(request.user), pk=pk)


def available_actions(case, user):
    """The staff transitions the user may take on the case now, in button order."""
    names = {t.name for t in case.get_available_user_state_transitions(user)}
    return [t for t in machine.staff_actions() if t.name in names]


def _make_form(name, case, user, data=None, files=None):
    form_class = f.form_for(name)
    kwargs = {"case": case, "user": user, "prefix": name}
    if any(item.kind == "department" for item in form_class.transition.inputs):
        kwargs["suggested"] = suggest_department(case)
    return form_class(data, files, **kwargs)


def answers_for(case, user, *, revealed=False):
    """(label, text, download url, personal) for each answered question; personal data masked unless
    ``revealed`` (cases.admin.reveal, which checks the user may)."""
    data = case.submission.form_data or {}
    specs = answer_fields(case.form)
    regions = region_names_for(specs)
    files = may(user, Capability.FILES, case)
    rows = []
    for spec in specs:
        value = data.get(spec.field_id)
        if value in (None, "", []):
            continue
        url = None
        if isinstance(value, dict) and value.get("upload") and files:
            url = reverse("download_upload", args=[value["upload"]])
        rows.append((spec.label, display_answer(spec, value, regions=regions, mask=not revealed), url,
                     is_personal(spec)))
    return rows


#: 协办: the history lines about a co-unit's part
PART_LINES = ("add_part", *PART_TRANSITIONS, *PART_EVENTS)

#: what a history line shows of its data, beyond its note: the 会商's participants and topic, its minutes, the
#: rating a 回访 recorded; the co-units of a dispatch and the co-unit a part's line is about (协办)
EVENT_DETAILS = {"consult": ("participants", "topic"), "end_consultation": ("minutes",), "record_callback": ("rating",),
                 "dispatch": ("co_units",), **{name: ("department",) for name in PART_LINES}}


def event_details(event):
    """(label, text) of what ``event`` recorded in its data that staff read in the history: labelled as the
    transition's input asked for it (cases.machine), lists joined as a list reads."""
    if event.transition == "submit" and (event.data or {}).get("channel"):  # entered on a resident's behalf
        channel = event.data["channel"]
        return [(_("Channel"), str(dict(Channel.choices).get(channel, channel)))]
    spec = machine.TRANSITIONS.get(event.transition) or parts_machine.PART_TRANSITIONS.get(event.transition)
    if spec is None and event.transition not in PART_LINES:
        return []
    labels = {"department": _("Co-unit"), **{item.name: item.label for item in getattr(spec, "inputs", ())}}
    details = []
    for name in EVENT_DETAILS.get(event.transition, ()):
        value = (event.data or {}).get(name)
        if isinstance(value, (list, tuple)):
            value = list_separator().join(str(v) for v in value)
        if value:
            details.append((labels.get(name, name), str(value)))
    return details


def render_case(request, case, *, bound=None, status=200, revealed=False, reveal_form=None, erase_form=None):
    """The case page: its answers, history, files, sections and the actions the user may take."""
    user = request.user
    forms = []
    for spec in available_actions(case, user):
        name = spec.name
        form = bound if bound is not None and bound.prefix == name else _make_form(name, case, user)
        forms.append({"name": name, "label": spec.action, "form": form,
                      "url": reverse("cases_workbench_action", args=[case.pk, name]),
                      "open": form.is_bound, "simple": not [fl for fl in form.visible_fields()]})
    states = dict(CaseState.choices)
    events = list(case.events.select_related("actor").prefetch_related("files"))
    for event in events:
        event.from_label = states.get(event.from_state, event.from_state)
        event.to_label = states.get(event.to_state, event.to_state)
        event.actor_name = person(event.actor)
        event.details = event_details(event)
        # the note repeats a detail (the topic, the minutes): the labelled detail says it once
        event.shown_note = "" if any(event.note == text for _label, text in event.details) else event.note
    answers = answers_for(case, user, revealed=revealed)
    parts = part_rows(case, user, bound)
    context = {
        "case": case,
        "light": light_badge(case.light()),
        "checkup": checkup_outcome(case),
        "answers": answers,
        "revealed": revealed,
        "reveal_form": (reveal_form or f.RevealForm(prefix="reveal"))
        if not revealed and any(row[3] for row in answers) and may_see_personal_data(user, case) else None,
        "erase_form": (erase_form or f.EraseForm(prefix="erase"))
        if can_supervise(case, user) and may_see_personal_data(user, case)
        and case.submission.anonymised_at is None else None,
        "events": events,
        "staff_files": case.files.select_related("uploaded_by").order_by("uploaded_at", "pk"),
        "action_forms": forms,
        "parts": parts,
        "parts_waiting": waiting_for(parts) if case.state in (CaseState.CLAIMED, CaseState.CONSULTING) else "",
        "sections": [section(request, case) for section in _case_sections],
        "index_url": reverse("cases_case_modeladmin_index"),
        "handler_name": person(case.handler),
        "entered_by_name": person(case.entered_by),
        "page_title": case.reference,
    }
    return TemplateResponse(request, "cases/admin/case_detail.html", context, status=status)


@require_GET
def case_detail(request, pk):
    return render_case(request, visible_case(request, pk))


@require_POST
def case_action(request, pk, action):
    """One transition, posted from the case page (PRG)."""
    case = visible_case(request, pk)
    spec = machine.TRANSITIONS.get(action)
    if spec is None or not spec.action:
        raise Http404
    label, service, success = spec.action, getattr(workflow, spec.service_name), spec.done
    form = _make_form(action, case, request.user, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Check the details for “%(action)s”.") % {"action": label})
        return render_case(request, case, bound=form, status=400)
    try:
        service(case=case, by=request.user, expected_state=form.cleaned_data["expected_state"],
                **form.service_kwargs())
    except workflow.CaseActionError as error:
        messages.error(request, error.message)
        if error.code == "forbidden":
            return render_case(request, case, status=403)
        return redirect("cases_workbench_case", pk=case.pk)
    except ValidationError as error:  # e.g. a file the workflow refuses after all
        messages.error(request, " ".join(error.messages))
        return redirect("cases_workbench_case", pk=case.pk)
    messages.success(request, str(success))
    return redirect("cases_workbench_case", pk=case.pk)


def _run_bulk(case, user, action, data):
    """One case of a bulk action: the transition's service, with the required inputs the bulk form asked for."""
    spec = machine.TRANSITIONS[action]
    kwargs = {item.name: data[item.field_name] for item in spec.inputs if item.required and item.field_name in data}
    return getattr(workflow, spec.service_name)(case=case, by=user, **kwargs)


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
    ids = list(dict.fromkeys(data["ids"]))[:500]  # an id no row can have is "not found", like any other
    found = {c.pk: c for c in cases_visible_to(request.user, Case.objects.select_related("department"), Capability.ACT)
             .filter(pk__in=[pk for pk in ids if valid_id(pk)])}
    done, failed = [], []
    for pk in ids:
        case = found.get(pk)
        if case is None:
            failed.append((str(pk), _("Case not found.")))
            continue
        try:
            _run_bulk(case, request.user, data["action"], data)
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
    """A staff file of a case the user may open (files follow the case); everyone else gets a 404."""
    case = get_object_or_404(case_files_visible_to(request.user), pk=pk)
    item = get_object_or_404(CaseFile, pk=file_pk, case=case)
    audit.record(item, "govforms.download", user=request.user, region_path=case.region_path,
                 title=f"{case.reference} file {item.pk}", reference=case.reference, what="case_file")
    return private_file_response(item.file, content_type=item.content_type, filename=item.original_name)
