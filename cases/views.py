"""The resident's private tracking page."""
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from .models import Case


def track(request, token):
    case = get_object_or_404(Case.objects.select_related("form"), tracking_token=token)
    events = case.events.filter(public=True)
    return TemplateResponse(request, "cases/track.html", {"case": case, "events": events})
