"""Who may act on a case. Pure predicates of (case, user), used as django-fsm ``permission=``.

They are the organisation's predicates (:mod:`organisation.access`) asked about a case: a
dispatcher or supervisor acts on cases located in their region subtree, at or above the case's
level; a handler acts on cases dispatched to their department. Superusers may do everything staff may.
"""
from organisation.access import covers, in_department, is_root, memberships
from organisation.constants import Post, StaffRole

from .access import may
from .clock import now
from .constants import Capability


def can_dispatch(case, user):
    return covers(user, StaffRole.DISPATCHER, path=case.region_path, level=case.level)


def can_supervise(case, user):
    return covers(user, StaffRole.SUPERVISOR, path=case.region_path, level=case.level)


def can_follow_up(case, user):
    """回访 (recording a call as the resident's evaluation): the case's dispatchers and supervisors, who answer
    for the platform, never the handler who resolved it and would be grading their own work."""
    return can_dispatch(case, user) or can_supervise(case, user)


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



def may_enter_matters(user):
    """Staff who take matters down for residents (by phone, at the office, on patrol, from 12345 or a 小板凳
    meeting): an active admin user holding a role somewhere (dispatcher, handler or supervisor), or a superuser.
    A form editor without a role does not; they build forms, they do not receive matters."""
    if is_root(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.has_perm("wagtailadmin.access_admin"):
        return False
    return bool(memberships(user))


# -- 协办: a joint case's parts (cases.parts_machine); predicates of (part, user) ------------------


def is_co_unit_member(part, user):
    """Anyone in the co-unit claims its part (its A and B posts and the rest of its team alike)."""
    return is_root(user) or in_department(user, part.department_id)


def is_part_handler(part, user):
    """The co-unit's member who claimed the part, while still in the co-unit, reports it."""
    if is_root(user):
        return True
    pk = getattr(user, "pk", None)
    return pk is not None and part.claimed_by_id == pk and in_department(user, part.department_id)


def can_waive_part(part, user):
    """The lead unit, or a dispatcher of the case, lets a part go (with a reason)."""
    return can_dispatch(part.case, user) or is_team_handler(part.case, user)
