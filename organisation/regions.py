"""Editing the region tree (网格化): add, rename, move, retire, restore, delete — each a service with its audit entry.

A region that matters have been filed under keeps them: it cannot be deleted (cases and submissions protect it),
only retired, and a retired region is no longer offered to new forms or for dispatch. A subtree with cases
cannot be moved either: a case remembers its region's place in the tree (``region_path``, what access and the
statistics read), and moving the region would silently re-file its past matters under another community.
Levels keep their order: a region sits below its parent's level (a grid under a community, a building under a
grid); the levels below the grid are optional leaves, any of which may sit under a grid or another of them.
"""
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from . import audit
from .constants import BELOW_GRID, REGION_LEVEL_ORDER, RegionLevel
from .models import Region, RoutingRule, StaffMembership


class RegionError(Exception):
    """A change the tree refuses; the message says why, for the person who asked."""


def level_fits(level, parent_level):
    """May a region of ``level`` sit under one of ``parent_level`` (None: at the top)?"""
    order = [str(v) for v in REGION_LEVEL_ORDER]
    if level not in order:
        return False
    if parent_level is None:
        return level == RegionLevel.COUNTY
    if parent_level not in order:
        return False
    if level in BELOW_GRID:
        return order.index(parent_level) >= order.index(RegionLevel.GRID) and level != parent_level
    return order.index(level) == order.index(parent_level) + 1


def check_level(level, parent):
    if not level_fits(level, parent.level if parent else None):
        above = parent.get_level_display() if parent else _("the top of the tree")
        raise RegionError(_("A region of level “%(level)s” cannot sit under %(above)s.") % {
            "level": RegionLevel(level).label if level in RegionLevel.values else level, "above": above})


def has_cases(region):
    """Do records that remember the tree's paths (cases: ``region_path``) lie in the region's subtree?"""
    for relation in Region._meta.related_objects:
        model = relation.related_model
        if relation.one_to_many and any(f.name == "region_path" for f in model._meta.get_fields()):
            lookup = {f"{relation.field.name}__path__startswith": region.path}
            if model._default_manager.filter(**lookup).exists():
                return True
    return False


def _locked(region):
    return Region.objects.select_for_update().get(pk=region.pk)


def _check_code(code, exclude=None):
    taken = Region.objects.filter(code=code)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise RegionError(_("The code %(code)s is already used by another region.") % {"code": code})


def region_add(*, parent, code, name, level, by):
    """A new region under ``parent`` (None: a new county at the top)."""
    with transaction.atomic():
        check_level(level, parent)
        _check_code(code)
        if parent is None:
            region = Region.add_root(code=code, name=name, level=level)
        else:
            region = _locked(parent).add_child(code=code, name=name, level=level)
        audit.record(region, "govforms.region_add", user=by, code=code, name=name, level=level,
                     parent=parent.code if parent else "")
    return region


def region_change(*, region, name, code, level, parent, by):
    """Rename (name, code, level) and, if ``parent`` is another region, move the region with its subtree."""
    with transaction.atomic():
        region = _locked(region)
        old_parent = region.get_parent()
        moving = (parent.pk if parent else None) != (old_parent.pk if old_parent else None)
        check_level(level, parent)
        _check_code(code, exclude=region)
        if moving:
            _check_move(region, parent)
        changes = {k: [getattr(region, k), v] for k, v in (("name", name), ("code", code), ("level", level))
                   if getattr(region, k) != v}
        Region.objects.filter(pk=region.pk).update(name=name, code=code, level=level)
        region.refresh_from_db()
        if moving:
            region.move(Region.objects.get(pk=parent.pk), "last-child")
            region.refresh_from_db()
            changes["parent"] = [old_parent.code if old_parent else "", parent.code]
        if changes:
            audit.record(region, "govforms.region_change", user=by, changes=changes)
    return region


def _check_move(region, parent):
    if parent is None:
        raise RegionError(_("Only a county sits at the top of the tree; choose the region to move it under."))
    if parent.path.startswith(region.path):
        raise RegionError(_("A region cannot move under itself or one of its own regions."))
    if has_cases(region):
        raise RegionError(_("%(name)s or a region under it has cases, which stay where they were filed: retire "
                            "it and add the region anew where it belongs.") % {"name": region.name})


def region_retire(*, region, by, retired=True):
    """Retire (or restore) the region and everything below it: their cases stay; new forms and dispatch skip them."""
    with transaction.atomic():
        region = _locked(region)
        if not retired and region.get_parent() is not None and region.get_parent().retired:
            raise RegionError(_("Restore the region above it first: %(name)s.") % {"name": region.get_parent().name})
        count = Region.objects.filter(path__startswith=region.path).exclude(retired=retired).update(retired=retired)
        region.refresh_from_db()
        audit.record(region, "govforms.region_retire" if retired else "govforms.region_restore", user=by,
                     code=region.code, regions=count)
    return region


def region_delete(*, region, by):
    """Delete a region nothing refers to; one with regions under it, teams, cases or submissions is refused."""
    with transaction.atomic():
        region = _locked(region)
        if region.get_children_count():
            raise RegionError(_("%(name)s has regions under it: delete or move them first, or retire it.") % {
                "name": region.name})
        if StaffMembership.objects.filter(region=region).exists() or RoutingRule.objects.filter(region=region).exists():
            raise RegionError(_("Staff or routing rules work in %(name)s: give them another region first, or "
                                "retire it.") % {"name": region.name})
        audit.record(region, "govforms.region_delete", user=by, code=region.code, name=region.name)
        try:
            with transaction.atomic():
                region.delete()
        except ProtectedError:
            raise RegionError(_("%(name)s has teams, cases or submissions, which keep it: retire it instead.") % {
                "name": region.name}) from None
