"""协办: one part action, posted from the case page (PRG), through the part's service (cases.parts).

The case is looked up through what the user may open (a 404 otherwise), the part among the case's parts;
whether the user may take the action is the part table's permission, checked by the service.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import parts, parts_machine
from ..models import CasePart
from ..workflow import CaseActionError
from .joint import make_part_form
from .views import render_case, visible_case


@require_POST
def part_action(request, pk, part_pk, action):
    case = visible_case(request, pk)
    part = get_object_or_404(CasePart.objects.select_related("department"), pk=part_pk, case=case)
    part.case = case
    spec = parts_machine.PART_TRANSITIONS.get(action)
    if spec is None or not spec.action:
        raise Http404
    form = make_part_form(action, part, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Check the details for “%(action)s”.") % {"action": spec.action})
        return render_case(request, case, bound=form, status=400)
    try:
        getattr(parts, spec.service_name)(part=part, by=request.user, expected_state=form.cleaned_data[
            "expected_state"], **form.service_kwargs())
    except CaseActionError as error:
        messages.error(request, error.message)
        if error.code == "forbidden":
            return render_case(request, case, status=403)
        return redirect("cases_workbench_case", pk=case.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases_workbench_case", pk=case.pk)
    messages.success(request, str(spec.done))
    return redirect("cases_workbench_case", pk=case.pk)
