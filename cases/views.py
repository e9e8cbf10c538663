"""The resident's pages of a case: the receipt after submitting (/submitted/<token>/) and the private
tracking page (/track/<token>/) with the evaluation posted to it (群众评单).

Only what the resident may see: the state in plain words, the deadline, public events (no internal
notes, no staff names unless settings.CASE_SHOW_STAFF_NAMES), the result once resolved, and the
evaluation form while the case is resolved. The verdict itself is cases.workflow.case_evaluate.
The rooms above add to the tracking page through :func:`register_tracking_section` (documents: the
resident's certificates and notices).
"""
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forms_app.constants import FormKind
from forms_app.flow import ResidentFlow
from forms_app.throttle import limit

from . import machine
from .constants import TIMED_STATES, CaseState
from .forms import EvaluationForm
from .models import Case
from .workflow import UNSATISFIED_AT_MOST, CaseActionError, case_evaluate

S = CaseState

# What each state means for the resident, and what happens next.
STATE_EXPLANATIONS = {
    S.SUBMITTED: gettext_lazy("We have received your request. Staff will check it shortly."),
    S.ACCEPTED: gettext_lazy("Your request has been accepted and will be passed to the department responsible."),
    S.REJECTED: gettext_lazy("Your request could not be accepted. The reason is shown in the history below."),
    S.DISPATCHED: gettext_lazy("Your request has been passed to the department responsible. Please wait while "
                               "they handle it."),
    S.CLAIMED: gettext_lazy("A member of staff is now handling your request."),
    S.CONSULTING: gettext_lazy("The parties concerned are meeting to agree how to solve the matter."),
    S.RESOLVED: gettext_lazy("Handling is finished. Please read the result and tell us whether you are satisfied."),
    S.EVALUATED: gettext_lazy("Thank you for your evaluation."),
    S.ARCHIVED: gettext_lazy("This case is closed."),
}
# A check-up or a survey is not a resident's request: each form kind says what happened in its own words
# (a state not named here keeps the request's wording).
KIND_EXPLANATIONS = {
    FormKind.CHECKUP: {
        S.SUBMITTED: gettext_lazy("The check-up has been recorded. Its score is below the pass mark, so a "
                                  "rectification case was opened; staff will assign it shortly."),
        S.ACCEPTED: gettext_lazy("The rectification has been accepted and will be passed to those responsible."),
        S.DISPATCHED: gettext_lazy("The rectification has been passed to those responsible for it."),
        S.CLAIMED: gettext_lazy("A member of staff is now following up the rectification."),
        S.RESOLVED: gettext_lazy("The rectification is reported finished."),
        S.ARCHIVED: gettext_lazy("The check-up has been recorded and filed."),
    },
    # 居民点单: the community passes the order on (分单), the street assigns a unit (派单), the unit takes it (领单)
    FormKind.ORDER: {
        S.SUBMITTED: gettext_lazy("We have received your order (点单). The community will pass it on shortly."),
        S.ACCEPTED: gettext_lazy("The community has passed your order on (分单); a unit will be assigned to it."),
        S.DISPATCHED: gettext_lazy("A unit has been assigned your order (派单). Please wait while it is taken up."),
        S.CLAIMED: gettext_lazy("Your order has been taken up (领单) and is being served."),
        S.RESOLVED: gettext_lazy("Your order has been served. Please tell us whether you are satisfied."),
    },
    FormKind.SURVEY: {
        S.SUBMITTED: gettext_lazy("We have received your answers."),
        S.ARCHIVED: gettext_lazy("Your answers have been recorded. Thank you for taking part."),
    },
}


def explanation(case):
    """What the case's state means for whoever follows it, in the words of its form's kind."""
    return KIND_EXPLANATIONS.get(case.form.kind, {}).get(case.state) or STATE_EXPLANATIONS.get(case.state, "")


# Public events whose note was written for the resident (the reason for not accepting, the result).
NOTES_FOR_RESIDENT = {"reject", "resolve", "close_with_advice"}
RESULT_STATES = {S.RESOLVED, S.EVALUATED, S.ARCHIVED}
#: What the receipt shows (and the protected state, which django-fsm reads on load):
#: loading only these keeps the page to one small query.
RECEIPT_FIELDS = ("reference", "tracking_token", "state", "form__title", "form__confirmation_text", "form__live")
#: Sections the rooms above add to the tracking page: section(request, case) → HTML (documents: the resident's PDFs).
_tracking_sections: list = []


def register_tracking_section(section):
    """Show ``section(request, case)`` (safe HTML, or "" for nothing) on the tracking page, above the history."""
    _tracking_sections.append(section)


@never_cache
def form_done(request, token):
    """The receipt after submitting: reference number and private tracking link.

    A plain view rather than a page route: the unguessable token is the key, and the resident reaches
    it by the 303 that follows every submission. It is the form's own landing page, with the receipt.
    Never cached: it shows the private tracking link.
    """
    try:
        case = Case.objects.select_related("form").only(*RECEIPT_FIELDS).get(tracking_token=token, form__live=True)
    except Case.DoesNotExist:
        raise Http404 from None
    receipt = {"reference": case.reference,
               "tracking_url": request.build_absolute_uri(reverse("track", args=[case.tracking_token]))}
    return ResidentFlow(case.form, request).render_confirmation(receipt)


def _case_or_404(token):
    return get_object_or_404(Case.objects.select_related("form"), tracking_token=token)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limit("track")
def track(request, token):
    case = _case_or_404(token)
    if request.method == "POST":
        return _evaluate(request, case)
    form = EvaluationForm() if case.state == S.RESOLVED else None
    return _render(request, case, form)


def _evaluate(request, case):
    if case.state != S.RESOLVED:
        return _refuse(request, case)
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        return _render(request, case, form, status=400)
    try:
        case = case_evaluate(token=case.tracking_token, rating=form.cleaned_data["rating"],
                             comment=form.cleaned_data["comment"])
    except CaseActionError as error:
        if error.code in ("missing_input", "invalid_input"):
            form.add_error("rating", error.message)
            return _render(request, case, form, status=400)
        return _refuse(request, Case.objects.get(pk=case.pk))  # evaluated or reopened a moment ago
    rating = form.cleaned_data["rating"]
    if rating > UNSATISFIED_AT_MOST:
        messages.success(request, _("Thank you for your evaluation."))
    elif case.state == S.DISPATCHED:
        messages.success(request, _("Thank you for your evaluation. As you were not satisfied, your case has been "
                                    "sent back to the department for handling again."))
    else:
        messages.success(request, _("Thank you for your evaluation. As you are not satisfied, a supervisor will "
                                    "check how your case was handled."))
    return _back_to_page(request)


def _refuse(request, case):
    """A double submit, a stale page, or a case that is not waiting for an evaluation: say so, never fail."""
    if case.state in (S.EVALUATED, S.ARCHIVED):
        messages.info(request, _("This case has already been evaluated. Thank you."))
    else:
        messages.warning(request, _("This case cannot be evaluated now: it is not waiting for your evaluation."))
    return _back_to_page(request)


def _back_to_page(request):
    """Post/redirect/get: 303 so a reload never posts the evaluation again."""
    response = HttpResponseRedirect(request.path)
    response.status_code = 303
    return response


def _render(request, case, form, status=200):
    show_staff = getattr(settings, "CASE_SHOW_STAFF_NAMES", False)
    events = case.events.filter(public=True)
    if show_staff:
        events = events.select_related("actor")
    timeline = [_timeline_item(event, show_staff) for event in events]
    unsatisfied = case.rating is not None and case.rating <= UNSATISFIED_AT_MOST
    context = {
        "case": case,
        "events": timeline,
        "explanation": explanation(case),
        "show_deadline": case.due_at is not None and case.state in TIMED_STATES,
        "show_result": case.state in RESULT_STATES and bool(case.result),
        "sent_back": case.reopen_count > 0 and case.state in TIMED_STATES,
        "supervisor_checks": case.state == S.EVALUATED and case.flagged and unsatisfied,
        "form": form,
        "error_summary": form.error_summary() if form is not None and form.errors else [],
    }
    context["sections"] = [section(request, case) for section in _tracking_sections]
    return TemplateResponse(request, "cases/track.html", context, status=status)


def _timeline_item(event, show_staff):
    detail = ""
    if event.transition in NOTES_FOR_RESIDENT:
        detail = event.note
    elif event.transition == "reopen":
        detail = _("Sent back to the department for handling again.")
    elif (key := machine.event(event.transition).detail):
        detail = (event.data or {}).get(key, "")
    rating = (event.data or {}).get("rating") if event.transition in ("evaluate", "record_callback") else None
    actor = ""
    if show_staff and event.actor_id:
        actor = event.actor.get_full_name() or event.actor.get_username()
    return {"at": event.at, "label": event.get_label(), "detail": detail, "rating": rating, "actor": actor}
