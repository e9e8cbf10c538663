"""Who holds which role where: the predicates every room builds its permissions on.

A staff user's reach is their memberships: a role over a region subtree (dispatchers and
supervisors), or a place in a department (handlers). The predicates read a user's memberships once
per request (cached on the user object) and take plain values, a region path and a level, so that
the rooms above can ask them about anything that sits somewhere in the tree: a case, a document.
Superusers may do everything staff may.
"""
from .constants import REGION_LEVEL_ORDER, RegionLevel, StaffRole


def memberships(user):
    """(role, region path, department id, region level) tuples, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return ()
    cached = getattr(user, "_memberships", None)
    if cached is None:
        cached = tuple(
            (m.role, m.region.path if m.region_id else "", m.department_id, m.region.level if m.region_id else "")
            for m in user.memberships.select_related("region")
        )
        user._memberships = cached
    return cached


def is_root(user):
    """An active superuser may do everything staff may."""
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def rank(level):
    """0 for the county, growing downwards; an unknown level ranks below the grid."""
    return REGION_LEVEL_ORDER.index(level) if level in REGION_LEVEL_ORDER else len(REGION_LEVEL_ORDER)


def covers(user, role, *, path, level):
    """Does the user hold ``role`` over the region at ``path``, at or above ``level``?

    A matter raised to a higher level (分级转办) leaves the hands of lower levels: a community
    dispatcher no longer acts on a case escalated to the street.
    """
    if is_root(user):
        return True
    path = path or ""
    wanted = rank(level)
    return any(
        r == role and region_path and path.startswith(region_path) and rank(held) <= wanted
        for r, region_path, _dept, held in memberships(user)
    )


def in_department(user, department_id):
    """Is the user a handler in the department ``department_id``?"""
    return department_id is not None and any(
        r == StaffRole.HANDLER and dept == department_id for r, _path, dept, _level in memberships(user)
    )


def sees(user, *, path, department_id):
    """Staff see what is in their region subtrees (any role) or in their departments."""
    if is_root(user):
        return True
    path = path or ""
    for _role, region_path, dept, _level in memberships(user):
        if region_path and path.startswith(region_path):
            return True
        if dept is not None and dept == department_id:
            return True
    return False


def region_paths(user):
    """The region paths the user works in (any role)."""
    return {path for _r, path, _d, _l in memberships(user) if path}


def area_paths(user):
    """The region subtrees whose residents' programme records (star declarations, red and black lists, banquet
    declarations) ``user`` may see: where they dispatch or supervise, and where they work on the ground — a
    handler of a community or grid (a grid worker, a community's workstation). A handler of a county's or town's
    line department (住建局, 司法所) handles its own cases and has no area: its region is only where the
    department sits. Superusers: see :func:`is_root`."""
    community = rank(RegionLevel.COMMUNITY)
    return {path for role, path, _d, level in memberships(user)
            if path and (role != StaffRole.HANDLER or rank(level) >= community)}


def department_ids(user):
    """The departments the user works in."""
    return [d for _r, _p, d, _l in memberships(user) if d]


def ancestor_paths(path, steplen=4):
    """The paths of a region and every region above it (treebeard's materialised path, 4 characters a level)."""
    return [path[:i] for i in range(steplen, len(path) + 1, steplen)] if path else []


def levels_at_or_above(level):
    """Region levels from the county down to ``level``."""
    order = [str(v) for v in REGION_LEVEL_ORDER]
    return order[: order.index(level) + 1] if level in order else order
