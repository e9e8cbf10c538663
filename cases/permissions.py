"""Who may act on a case. Pure predicates of (case, user), used as django-fsm ``permission=``.

A staff user's reach is their memberships: a dispatcher or supervisor acts on
cases located in their region subtree; a handler acts on cases dispatched to
their department. Superusers may do everything staff may.
"""
from .clock import now
from .constants import REGION_LEVEL_ORDER, StaffRole


def memberships(user):
    """(role, region path, department id, region level) tuples, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return ()
    cached = getattr(user, "_case_memberships", None)
    if cached is None:
        cached = tuple(
            (m.role, m.region.path if m.region_id else "", m.department_id, m.region.level if m.region_id else "")
            for m in user.memberships.select_related("region")
        )
        user._case_memberships = cached
    return cached


def is_root(user):
    """An active superuser may do everything staff may."""
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def covers(user, role, case):
    """Does the user hold ``role`` over the region where the case is, at or above its current level?

    An escalated case (分级转办) leaves the hands of lower levels: a community
    dispatcher no longer acts on a case raised to the street.
    """
    if is_root(user):
        return True
    path = case.region_path or ""
    case_rank = _rank(case.level)
    return any(
        r == role and region_path and path.startswith(region_path) and _rank(level) <= case_rank
        for r, region_path, _dept, level in memberships(user)
    )


def _rank(level):
    return REGION_LEVEL_ORDER.index(level) if level in REGION_LEVEL_ORDER else len(REGION_LEVEL_ORDER)


def in_department(user, department_id):
    return department_id is not None and any(
        r == StaffRole.HANDLER and dept == department_id for r, _path, dept, _level in memberships(user)
    )


def can_dispatch(case, user):
    return covers(user, StaffRole.DISPATCHER, case)


def can_supervise(case, user):
    return covers(user, StaffRole.SUPERVISOR, case)


def is_team_handler(case, user):
    return is_root(user) or in_department(user, case.department_id)


def is_case_handler(case, user):
    """The handler who claimed the case, while still in the case's department."""
    if is_root(user):
        return True
    pk = getattr(user, "pk", None)
    return pk is not None and case.handler_id == pk and in_department(user, case.department_id)


def can_claim(case, user):
    """A post first; after the claim window the B post too (互为顶岗). Teams without posts: anyone in them."""
    if is_root(user):
        return True
    if not in_department(user, case.department_id):
        return False
    department = case.department
    if department.post_a_id is None and department.post_b_id is None:
        return True
    if user.pk == department.post_a_id:
        return True
    return user.pk == department.post_b_id and (
        department.post_a_id is None or case.offered_to_b_at is not None or claim_window_passed(case)
    )


def claim_window_passed(case):
    return case.claim_due_at is not None and now() >= case.claim_due_at


def can_escalate(case, user):
    return can_dispatch(case, user) or is_team_handler(case, user)


def nobody_on_staff(case, user):
    """Transitions only the resident (by tracking token) or the system may take."""
    return False


def can_view(case, user):
    """Staff see cases in their region subtree (any role) or dispatched to their department."""
    if is_root(user):
        return True
    path = case.region_path or ""
    for _role, region_path, dept, _level in memberships(user):
        if region_path and path.startswith(region_path):
            return True
        if dept is not None and dept == case.department_id:
            return True
    return False
