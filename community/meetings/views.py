"""*Community → Meetings* in the admin: the list, a meeting's record, and the forms that act on it.

Views stay thin: they read through :mod:`.selectors` (a meeting outside the user's region subtree is a 404),
clean input with :mod:`.forms` and call :mod:`.services` / :mod:`.notices`; a refused change shows its message
on the meeting's page with a 4xx, and nothing is written.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.synopsis import synopses
from community.constants import DecisionAction
from organisation.models import Department

from . import notices, selectors, services
from .forms import AttachForm, MeetingForm, ParticipantFormSet, RaiseForm, decision_rows, decisions_from

STATUS = {"forbidden": 403, "not_in_reach": 404}


def _meeting(request, pk):
    return get_object_or_404(selectors.meetings_visible_to(request.user), pk=pk)


def _needs_reach(user):
    if not selectors.reach_paths(user):
        raise PermissionDenied


def meeting_index(request):
    _needs_reach(request.user)
    meetings = selectors.meetings_visible_to(request.user)[:200]
    return TemplateResponse(request, "community/meetings/index.html", {"meetings": meetings})


def _participants(formset):
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and f.cleaned_data.get("name")]


def _initial(meeting):
    if meeting is None:
        return {}, []
    return ({"region": meeting.region, "kind": meeting.kind, "held_on": meeting.held_on, "place": meeting.place,
             "topic": meeting.topic, "minutes": meeting.minutes},
            [{"role": p.role, "name": p.name, "unit": p.unit} for p in meeting.participants.all()])


def meeting_edit(request, pk=None):
    """Create a meeting (no ``pk``) or change its record: date, place, kind, participants, minutes."""
    _needs_reach(request.user)
    meeting = _meeting(request, pk) if pk else None
    initial, people = _initial(meeting)
    form = MeetingForm(request.POST or None, user=request.user, initial=initial)
    formset = ParticipantFormSet(request.POST or None, initial=people, prefix="people")
    status, message = 200, ""
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            try:
                saved = services.meeting_save(by=request.user, meeting=meeting, participants=_participants(formset),
                                              **form.cleaned_data)
            except services.MeetingError as refused:
                status, message = STATUS.get(refused.code, 400), refused.message
            else:
                messages.success(request, _("Meeting saved."))
                return redirect("community_meeting", saved.pk)
        else:
            status = 400
    return TemplateResponse(request, "community/meetings/edit.html",
                            {"form": form, "formset": formset, "meeting": meeting, "message": message}, status=status)


def _detail(request, meeting, *, message="", status=200, raise_form=None):
    matters = list(selectors.matters_of(meeting))
    last, feedback = selectors.feedback_for(meeting)
    return TemplateResponse(request, "community/meetings/detail.html", {
        "meeting": meeting, "participants": meeting.participants.all(), "matters": matters,
        "rows": decision_rows(matters, synopses([m.case for m in matters])),
        "decisions": meeting.decisions.select_related("case", "department", "decided_by"),
        "actions": DecisionAction.choices, "departments": Department.objects.order_by("name"),
        "attach_form": AttachForm(user=request.user, meeting=meeting), "raise_form": raise_form or RaiseForm(),
        "last": last, "feedback": feedback, "documents": notices.latest(meeting), "message": message,
    }, status=status)


def meeting_detail(request, pk):
    return _detail(request, _meeting(request, pk))


def _refused(request, meeting, refused, **extra):
    return _detail(request, meeting, message=refused.message, status=STATUS.get(refused.code, 400), **extra)


@require_POST
def meeting_attach(request, pk):
    meeting = _meeting(request, pk)
    form = AttachForm(request.POST, user=request.user, meeting=meeting)
    if not form.is_valid():
        return _detail(request, meeting, message=" ".join(form.errors.get("case", [])), status=400)
    try:
        services.meeting_attach(meeting=meeting, case=form.cleaned_data["case"], by=request.user)
    except services.MeetingError as refused:
        return _refused(request, meeting, refused)
    messages.success(request, _("%(reference)s brought to the meeting.") % {"reference": form.cleaned_data["case"]
                                                                             .reference})
    return redirect("community_meeting", meeting.pk)


@require_POST
def meeting_raise(request, pk):
    meeting = _meeting(request, pk)
    form = RaiseForm(request.POST)
    if not form.is_valid():
        return _detail(request, meeting, message=_("Choose the form and write down the matter."), status=400,
                       raise_form=form)
    try:
        matter = services.meeting_raise(meeting=meeting, form=form.page, text=form.cleaned_data["text"],
                                        by=request.user)
    except services.MeetingError as refused:
        return _refused(request, meeting, refused, raise_form=form)
    messages.success(request, _("New matter %(reference)s opened.") % {"reference": matter.case.reference})
    return redirect("community_meeting", meeting.pk)


@require_POST
def meeting_decide(request, pk):
    meeting = _meeting(request, pk)
    try:
        decisions = decisions_from(request.POST, selectors.matters_of(meeting))
        taken = services.meeting_decide(meeting=meeting, decisions=decisions, by=request.user)
    except services.MeetingError as refused:
        return _refused(request, meeting, refused)
    messages.success(request, _("%(count)s decisions recorded on their cases.") % {"count": len(taken)})
    return redirect("community_meeting", meeting.pk)


@require_POST
def meeting_issue(request, pk, kind):
    meeting = _meeting(request, pk)
    try:
        document = notices.issue_meeting_document(meeting=meeting, kind=kind, by=request.user)
    except notices.NoticeError as refused:
        return _detail(request, meeting, message=refused.message, status=403 if refused.code == "forbidden" else 400)
    messages.success(request, _("%(title)s issued: %(serial)s. The PDF is ready in a moment.")
                     % {"title": document.title, "serial": document.serial})
    return redirect(reverse("community_meeting", args=[meeting.pk]) + "#documents")
