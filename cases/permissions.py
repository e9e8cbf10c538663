"""Who may act on a case. Pure predicates of (case, user), used as django-fsm ``permission=``.

They are the organisation's predicates (:mod:`organisation.access`) asked about a case: a
dispatcher or supervisor acts on cases located in their region subtree, at or above the case's
level; a handler acts on cases dispatched to their department. Superusers may do everything staff may.
"""
from organisation.access import covers, in_department, is_root
from organisation.constants import Post, StaffRole

from .access import may
from .clock import now
from .constants import Capability


def can_dispatch(case, user):
    return covers(user, StaffRole.DISPATCHER, path=case.region_path, level=case.level)


def can_supervise(case, user):
    return covers(user, StaffRole.SUPERVISOR, path=case.region_path, level=case.level)


def is_team_handler(case, user):
    return is_root(user) or in_department(user, case.department_id)


def is_case_handler(case, user):
    """The handler who claimed the case, while still in the case's department."""
    if is_root(user):
        return True
    pk = getattr(user, "pk", None)
    return pk is not None and case.handler_id == pk and in_department(user, case.department_id)


def can_claim(case, user):
    """An A post holder first; after the claim window a B post holder too (互为顶岗). Each post may have several
    holders. Teams without posts: anyone in them."""
    if is_root(user):
        return True
    if not in_department(user, case.department_id):
        return False
    holders = case.department.post_holders()
    if not holders:
        return True
    post = holders.get(user.pk)
    if post == Post.A:
        return True
    return post == Post.B and (
        Post.A not in holders.values() or case.offered_to_b_at is not None or claim_window_passed(case)
    )


def claim_window_passed(case):
    return case.claim_due_at is not None and now() >= case.claim_due_at


def can_escalate(case, user):
    return can_dispatch(case, user) or is_team_handler(case, user)


def nobody_on_staff(case, user):
    """Transitions only the resident (by tracking token) or the system may take."""
    return False


def can_view(case, user):
    """Whoever may open the case page, by the access matrix (cases.access)."""
    return may(user, Capability.OPEN, case)

