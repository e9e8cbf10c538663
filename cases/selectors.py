"""Reads of cases, scoped to what a user may see. Every view of cases starts from here."""
from django.db.models import Count, Q
from django.utils import timezone

from organisation.access import department_ids, is_root, memberships, rank
from organisation.constants import REGION_LEVEL_ORDER, StaffRole

from .access import co_unit_departments
from .clock import now
from .constants import OPEN_STATES, UNSATISFIED_AT_MOST, Capability, CaseState, Light, PartState
from .models import Case, CasePart
from .scopes import filter_cases


def cases_visible_to(user, queryset=None, capability=Capability.LIST):
    """The cases ``user`` holds ``capability`` for, by the access matrix (cases.access): listings,
    searches and counts start here."""
    return filter_cases(user, capability, Case.objects.all() if queryset is None else queryset)


def case_pages_visible_to(user):
    """The cases a user may open on the workbench, with what the case page shows."""
    return cases_visible_to(user, Case.objects.select_related(
        "submission", "form", "region", "category", "department", "handler", "entered_by"), Capability.OPEN)


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


#: the states in which a case waits for a dispatcher: to be accepted, or to be dispatched (again)
WAITING_FOR_DISPATCH = [CaseState.SUBMITTED, CaseState.ACCEPTED]


def levels_at_or_below(level):
    """Region levels from ``level`` down to the grid: the cases a role held at ``level`` may act on."""
    return [str(value) for value in REGION_LEVEL_ORDER[rank(level):]]


def my_open_cases(user, queryset=None):
    """我的在办工单: the open cases that wait for this user's hands. The home panel counts these and the
    listing's *My queue* lists them, so the two numbers are one number.

    - held by them (claimed, or in consultation): any open state with them as the handler;
    - dispatched to a team of theirs and not yet claimed;
    - for a dispatcher, the cases of their region subtree at or below their level that wait to be accepted
      or dispatched (as ``cases.permissions.can_dispatch`` lets them act).
    """
    qs = cases_visible_to(user, queryset)
    q = Q(handler_id=user.pk, state__in=OPEN_STATES) | Q(department_id__in=department_ids(user),
                                                        state=CaseState.DISPATCHED, handler__isnull=True)
    for role, path, _department, level in memberships(user):
        if role == StaffRole.DISPATCHER and path:
            q |= Q(region_path__startswith=path, level__in=levels_at_or_below(level), state__in=WAITING_FOR_DISPATCH)
    if is_root(user):
        q |= Q(state__in=WAITING_FOR_DISPATCH)
    parts = waiting_parts(user)
    if parts is not None:
        q |= Q(pk__in=parts.values("case_id"), state__in=OPEN_STATES)
    return qs.filter(q)


def waiting_parts(user):
    """协办: the co-units' parts that wait for this user's hands: not yet claimed in a unit of theirs, or claimed by
    them and not yet reported (None: they handle in no unit)."""
    units = department_ids(user)
    if not units:
        return None
    return CasePart.objects.filter(Q(state=PartState.DISPATCHED, department_id__in=units)
                                   | Q(state=PartState.CLAIMED, claimed_by_id=user.pk))


def parts_shown_to(user, cases):
    """{case id: the user's unit's part} for the listing's rows: where the user's unit is a co-unit (not the lead),
    the row shows its part's light, not the whole case's."""
    units = co_unit_departments(user)
    if not units:
        return {}
    found, by_pk = {}, {c.pk: c for c in cases}
    parts = CasePart.objects.filter(case__in=list(by_pk), department_id__in=units)
    for part in parts.select_related("department").order_by("dispatched_at", "pk"):
        if by_pk[part.case_id].department_id not in units:  # the lead's own row shows the case's light
            part.case = by_pk[part.case_id]
            found[part.case_id] = part  # the latest part of theirs on the case
    return found


def supervised_by(user):
    """A filter for the cases ``user`` supervises: their supervisor subtrees, at or below their level (None: all)."""
    if is_root(user):
        return None
    q = Q(pk__in=[])
    for role, path, _department, level in memberships(user):
        if role == StaffRole.SUPERVISOR and path:
            q |= Q(region_path__startswith=path, level__in=levels_at_or_below(level))
    return q


#: 督办 (the supervisor's queue): why a case is in it
FLAGGED_Q = Q(flagged=True, state=CaseState.EVALUATED, rating__lte=UNSATISFIED_AT_MOST)
URGED_Q = Q(urge_count__gt=0, state__in=OPEN_STATES)
SUPERVISION = {"flagged": FLAGGED_Q, "urged": URGED_Q}


def needs_supervisor(case):
    """需督办人介入, for one case: what :data:`FLAGGED_Q` asks of the database."""
    return bool(case.flagged and case.state == CaseState.EVALUATED and case.rating is not None
                and case.rating <= UNSATISFIED_AT_MOST)


def supervision_queue(user, queryset=None, why=None):
    """督办: the cases in ``user``'s supervision that need them: 需督办人介入 (the resident unsatisfied a second
    time, so a supervisor must verify and reopen or archive) and urged cases not yet resolved. ``why``
    ("flagged" or "urged") keeps one kind."""
    qs = cases_visible_to(user, queryset)
    reach = supervised_by(user)
    if reach is not None:
        qs = qs.filter(reach)
    return qs.filter(SUPERVISION[why] if why in SUPERVISION else FLAGGED_Q | URGED_Q)


def supervision_counts(user):
    """How many cases wait in ``user``'s 督办 queue, by why, in one query."""
    return supervision_queue(user).aggregate(
        flagged=Count("pk", filter=FLAGGED_Q), urged=Count("pk", filter=URGED_Q), total=Count("pk"))


def supervises(user):
    """Supervisors (and superusers) have a 督办 queue."""
    return is_root(user) or any(role == StaffRole.SUPERVISOR for role, *_ in memberships(user))


def dashboard_counts(user, at=None, *, mine=False):
    """Open cases by light, overdue, and today's new cases, in one query each: over everything ``user`` may
    see, or (``mine``) over :func:`my_open_cases`, with their number as ``open``."""
    at = at or now()
    qs = my_open_cases(user) if mine else cases_visible_to(user)
    # Only open cases have a light: filtering on them first lets the partial indexes
    # (cases with state in OPEN_STATES) skip the closed majority.
    timed = qs if mine else qs.filter(state__in=OPEN_STATES, due_at__isnull=False)
    lights = timed.aggregate(
        # counting due_at (never null here) lets PostgreSQL answer from the covering index alone
        green=Count("due_at", filter=light_q(Light.GREEN, at)),
        yellow=Count("due_at", filter=light_q(Light.YELLOW, at)),
        red=Count("due_at", filter=light_q(Light.RED, at)),
        **({"open": Count("pk")} if mine else {}),
    )
    start = timezone.localtime(at).replace(hour=0, minute=0, second=0, microsecond=0)
    today = qs.filter(created_at__gte=start, created_at__lte=at).count()
    return {**lights, "overdue": lights["red"], "today": today}


def has_workbench(user):
    """Staff with a membership (or the model permission) use the workbench."""
    return bool(getattr(user, "is_superuser", False) or memberships(user) or user.has_perm("cases.view_case"))
