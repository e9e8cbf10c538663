"""The staff's queues of applications, per service (*Programmes → Certificate applications*).

Thin: the reads are :mod:`.selectors`; approving and refusing are the workbench's own actions (resolve and reject
on the case page), whose document rules issue the certificate or the refusal notice.
"""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from cases.constants import Light
from cases.selectors import has_workbench
from cases.synopsis import synopses

from . import selectors


def index(request):
    """Every service that takes applications, with how many wait and how many are overdue."""
    if not has_workbench(request.user):
        raise PermissionDenied
    return TemplateResponse(request, "programmes/services_guide/admin_index.html",
                            {"rows": selectors.services_with_counts(request.user)})


def service_queue(request, pk):
    """One service's open applications, the soonest due first, each with its light and a link to the case."""
    if not has_workbench(request.user):
        raise PermissionDenied
    service = get_object_or_404(selectors.services_with_forms(), pk=pk)
    cases = list(selectors.queue(request.user, service)[:500])
    summaries = synopses(cases)
    rows = []
    for case in cases:
        light = case.light()
        rows.append({"case": case, "summary": summaries.get(case.pk, ""), "light": light,
                     "light_label": Light(light).label if light else ""})
    return TemplateResponse(request, "programmes/services_guide/admin_queue.html",
                            {"service": service, "rows": rows})
