"""The check-ups' staff pages: the communities in reach with their latest check-up, one community's history
(before and after), and marking a rectification line done. Thin: reads in selectors, changes in services."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.selectors import case_pages_visible_to

from ..models import RectificationItem
from . import selectors, services


def _staff(request):
    if not request.user.is_authenticated:
        raise PermissionDenied


def community_index(request):
    _staff(request)
    return TemplateResponse(request, "programmes/checkups/index.html",
                            {"communities": selectors.communities_for(request.user)})


def community_history(request, pk):
    _staff(request)
    community = get_object_or_404(selectors.communities_for(request.user), pk=pk)
    return TemplateResponse(request, "programmes/checkups/history.html", {
        "community": community, "entries": selectors.community_history(request.user, community)})


@require_POST
def mark_rectified(request, pk):
    """POST only: one line done; a refusal says why and changes nothing (400, or 403 for who may not)."""
    _staff(request)
    item = RectificationItem.objects.filter(pk=pk).values("case_id").first()
    if item is None or not case_pages_visible_to(request.user).filter(pk=item["case_id"]).exists():
        raise Http404
    try:
        services.mark_rectified(item_id=pk, by=request.user, note=request.POST.get("note", ""))
    except services.RectificationError as refused:
        response = TemplateResponse(request, "programmes/checkups/refused.html",
                                    {"message": refused.message, "case_id": item["case_id"]},
                                    status=403 if refused.code == "forbidden" else 400)
        return response
    messages.success(request, _("The item is marked rectified."))
    return redirect(reverse("cases_workbench_case", args=[item["case_id"]]) + "#checkup-rectification")
