"""Reads of cases, scoped to what a user may see. Every view of cases starts from here."""
from django.db.models import Count, Q
from django.utils import timezone

from organisation.access import department_ids, memberships

from .clock import now
from .constants import OPEN_STATES, Capability, CaseState, Light
from .models import Case
from .scopes import filter_cases


def cases_visible_to(user, queryset=None, capability=Capability.LIST):
    """The cases ``user`` holds ``capability`` for, by the access matrix (cases.access): listings,
    searches and counts start here."""
    return filter_cases(user, capability, Case.objects.all() if queryset is None else queryset)


def case_pages_visible_to(user):
    """The cases a user may open on the workbench, with what the case page shows."""
    return cases_visible_to(user, Case.objects.select_related(
        "submission", "form", "region", "category", "department", "handler"), Capability.OPEN)


def case_files_visible_to(user, queryset=None):
    """The cases whose files (residents' uploads, staff files, documents) ``user`` may download."""
    return cases_visible_to(user, queryset, Capability.FILES)


def light_q(light, at=None):
    """A filter for open cases showing ``light`` at time ``at`` (uses the stored thresholds)."""
    at = at or now()
    open_with_deadline = Q(state__in=OPEN_STATES, due_at__isnull=False)
    if light == Light.RED:
        return open_with_deadline & Q(due_at__lte=at)
    if light == Light.YELLOW:
        return open_with_deadline & Q(due_at__gt=at, yellow_at__lte=at)
    if light == Light.GREEN:
        return open_with_deadline & Q(due_at__gt=at) & (Q(yellow_at__gt=at) | Q(yellow_at__isnull=True))
    return Q()


def my_queue(user, queryset=None):
    """What waits for this user's hands: claimed by them, or dispatched to their team and unclaimed."""
    qs = cases_visible_to(user, queryset)
    return qs.filter(
        Q(handler_id=user.pk, state__in=OPEN_STATES)
        | Q(department_id__in=department_ids(user), state=CaseState.DISPATCHED)
    )


def dashboard_counts(user, at=None):
    """Open cases by light, overdue, and today's new cases, in one query each."""
    at = at or now()
    qs = cases_visible_to(user)
    # Only open cases have a light: filtering on them first lets the partial indexes
    # (cases with state in OPEN_STATES) skip the closed majority.
    lights = qs.filter(state__in=OPEN_STATES, due_at__isnull=False).aggregate(
        # counting due_at (never null here) lets PostgreSQL answer from the covering index alone
        green=Count("due_at", filter=light_q(Light.GREEN, at)),
        yellow=Count("due_at", filter=light_q(Light.YELLOW, at)),
        red=Count("due_at", filter=light_q(Light.RED, at)),
    )
    start = timezone.localtime(at).replace(hour=0, minute=0, second=0, microsecond=0)
    today = qs.filter(created_at__gte=start, created_at__lte=at).count()
    return {**lights, "overdue": lights["red"], "today": today}


def has_workbench(user):
    """Staff with a membership (or the model permission) use the workbench."""
    return bool(getattr(user, "is_superuser", False) or memberships(user) or user.has_perm("cases.view_case"))
