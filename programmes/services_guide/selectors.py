"""Reads of the service guide for staff: each service with its open applications, and one service's queue.

The cases are those the user may list (``cases.selectors.cases_visible_to``: their region subtree or
department), so a community's window clerk sees their community's applications and nobody else's.
"""
from django.db.models import Count, F, Q

from cases.clock import now
from cases.constants import OPEN_STATES
from cases.selectors import cases_visible_to

from ..models import ServicePage


def services_with_forms():
    """The live services that take applications online, in the guide's order."""
    return ServicePage.objects.live().filter(application_form__isnull=False).select_related("application_form") \
        .order_by("path")


def services_with_counts(user):
    """[(service, open applications, overdue ones)] of the services ``user`` may see applications of."""
    services = list(services_with_forms())
    at = now()
    counts = {
        row["form_id"]: row for row in cases_visible_to(user).filter(
            form_id__in=[s.application_form_id for s in services], state__in=OPEN_STATES)
        .values("form_id").annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lte=at)))
    }
    return [(s, counts.get(s.application_form_id, {}).get("open", 0),
             counts.get(s.application_form_id, {}).get("overdue", 0)) for s in services]


def queue(user, service):
    """The open applications of ``service`` that ``user`` may list, the soonest due first (the time limit is
    their deadline; one without a deadline last)."""
    return (cases_visible_to(user).filter(form_id=service.application_form_id, state__in=OPEN_STATES)
            .select_related("form", "submission", "region")
            .order_by(F("due_at").asc(nulls_last=True), "created_at"))
