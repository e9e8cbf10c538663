"""A resident's personal data on the case page: shown on request with a reason, exported or erased on
the resident's request (PIPL), always on the record.

Personal data is masked by default even for staff allowed to see it (脱敏): they press *Show*, pick
or type why, and the page comes back once with the data in clear. Each reveal is an entry in the
audit log (who, when, which case, why); nothing about it is remembered in the session, so the next
page is masked again. Only staff with ``forms_app.view_personal_data`` **and** the case in their
reach (cases.access) may; everyone else is refused with a 403.
"""
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from organisation import audit

from ..access import may_see_personal_data
from ..permissions import can_supervise
from ..retention import anonymise_case, subject_data
from .forms import EraseForm, RevealForm
from .views import render_case, visible_case


@require_POST
def reveal(request, pk):
    case = visible_case(request, pk)
    if not may_see_personal_data(request.user, case):
        messages.error(request, _("You may not see this resident's personal data."))
        return render_case(request, case, status=403)
    form = RevealForm(request.POST, prefix="reveal")
    if not form.is_valid():
        return render_case(request, case, reveal_form=form, status=400)
    audit.record(case, "govforms.reveal", user=request.user, region_path=case.region_path, reference=case.reference,
                 reason=form.cleaned_data["reason"], detail=form.cleaned_data["detail"].strip())
    response = render_case(request, case, revealed=True)
    response["Cache-Control"] = "private, no-store"
    return response


def may_exercise_subject_rights(user, case):
    """Erasing or exporting a resident's data is a supervisor's decision, with the personal-data permission."""
    return can_supervise(case, user) and may_see_personal_data(user, case)


def refuse_subject_rights(request, case):
    messages.error(request, _("Only a supervisor of this case with the personal-data permission may do this."))
    return render_case(request, case, status=403)


@require_GET
def subject_export(request, pk):
    """Everything held on the case's resident, as a JSON file, for their request to see or copy it."""
    case = visible_case(request, pk)
    if not may_exercise_subject_rights(request.user, case):
        return refuse_subject_rights(request, case)
    response = JsonResponse(subject_data(case, by=request.user), json_dumps_params={"ensure_ascii": False,
                                                                                    "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-personal-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def subject_erase(request, pk):
    """Remove the resident's personal data from the case now, as the retention sweep would later."""
    case = visible_case(request, pk)
    if not may_exercise_subject_rights(request.user, case):
        return refuse_subject_rights(request, case)
    form = EraseForm(request.POST, prefix="erase")
    if not form.is_valid():
        return render_case(request, case, erase_form=form, status=400)
    if anonymise_case(case, by=request.user, reason="request", note=form.cleaned_data["why"]):
        messages.success(request, _("The resident's personal data was removed from this case."))
    else:
        messages.info(request, _("This case holds no personal data any more."))
    return redirect("cases_workbench_case", pk=case.pk)
