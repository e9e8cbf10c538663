"""Importing the organisation sheet: the service. One transaction: the sheet is checked again inside it (the tree
may have changed since the preview), and either every row is written or, if any line is wrong, nothing.

Regions are added under their parents (last among their siblings, so no existing region's path moves) or renamed;
teams added or renamed; staff accounts created without a usable password (an administrator sets one, or the
person uses *Forgot password*) and put in the group of their role (``ORGANISATION_IMPORT_GROUPS``), their mobile
numbers kept on their staff profile; memberships added (none removed); a post column that is filled replaces that
post's holders. One entry in the audit log says who imported what.
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .. import audit
from ..constants import StaffRole
from ..models import Department, DepartmentPost, Region, StaffMembership, StaffProfile
from .check import check


class ImportRefused(Exception):
    def __init__(self, plan):
        super().__init__(f"{len(plan.errors)} errors")
        self.plan = plan


def import_organisation(*, rows, by, source=""):
    """Write the sheet's ``rows``; raises :class:`ImportRefused` (with the plan and its errors) and writes nothing
    if any line is wrong. Returns the plan carried out."""
    with transaction.atomic():
        plan = check(rows)
        if not plan.valid:
            raise ImportRefused(plan)
        regions = _write_regions(plan)
        teams = _write_teams(plan, regions)
        users = _write_people(plan)
        _write_memberships(plan, regions, teams, users)
        _write_posts(plan, teams, users)
        root = next(iter(regions.values()), None) or Region.get_first_root_node()
        if root is not None:
            audit.record(root, "govforms.org_import", user=by, source=source, **plan.counts())
    return plan


def _write_regions(plan):
    by_code = {r.code: r for r in Region.objects.filter(
        code__in=set(plan.regions) | {r["parent"] for r in plan.regions.values()})}
    for code, spec in plan.regions.items():  # in sheet order: a parent comes on an earlier row
        if spec["new"]:
            values = {"code": code, "name": spec["name"], "level": spec["level"]}
            if spec["parent"]:
                by_code[code] = Region.objects.get(pk=by_code[spec["parent"]].pk).add_child(**values)
            else:
                by_code[code] = Region.add_root(**values)
        elif (by_code[code].name, by_code[code].level) != (spec["name"], spec["level"]):
            Region.objects.filter(pk=by_code[code].pk).update(name=spec["name"], level=spec["level"])
    return by_code


def _write_teams(plan, regions):
    codes = {code for code, _post in plan.posts} | {m[4] for m in plan.memberships if m[4]} | set(plan.teams)
    teams = {d.code: d for d in Department.objects.filter(code__in=codes)}
    needed = {spec["region"] for spec in plan.teams.values()} - set(regions)
    regions.update({r.code: r for r in Region.objects.filter(code__in=needed)})
    for code, spec in plan.teams.items():
        if spec["new"]:
            teams[code] = Department.objects.create(code=code, name=spec["name"], region=regions[spec["region"]])
        elif teams[code].name != spec["name"]:
            Department.objects.filter(pk=teams[code].pk).update(name=spec["name"])
    return teams


def _name_parts(name):
    """(surname, given name): 张伟 → (张, 伟); "Li Hua" → (Li, Hua); a compound surname is the sheet's to split."""
    if " " in name.strip():
        surname, given = name.strip().split(" ", 1)
        return surname, given.strip()
    return name[:1], name[1:]


def _write_people(plan):
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(
        username__in=set(plan.people) | {u for _l, names in plan.posts.values() for u in names})}
    for username, spec in plan.people.items():
        user = users.get(username) or User(username=username)
        if spec["name"]:
            user.last_name, user.first_name = _name_parts(spec["name"])
        if user.pk is None:
            user.set_unusable_password()
        user.save()
        users[username] = user
        if spec["mobile"]:
            StaffProfile.objects.update_or_create(user=user, defaults={"mobile": spec["mobile"]})
    return users


def _role_groups():
    names = getattr(settings, "ORGANISATION_IMPORT_GROUPS", {})
    found = {g.name: g for g in Group.objects.filter(name__in=names.values())}
    return {role: found[name] for role, name in names.items() if name in found}


def _write_memberships(plan, regions, teams, users):
    groups = _role_groups()
    for _line, username, role, region_code, team_code in plan.memberships:
        user = users[username]
        if team_code:
            team = teams[team_code]
            if not StaffMembership.objects.filter(user=user, role=role, department=team).exists():
                StaffMembership.objects.create(user=user, role=role, region=team.region, department=team)
        else:
            region = regions.get(region_code) or Region.objects.get(code=region_code)
            StaffMembership.objects.get_or_create(user=user, role=role, region=region, department=None)
        if role in groups:
            user.groups.add(groups[role])


def _write_posts(plan, teams, users):
    """A filled post column replaces the post's holders; a holder is made a handler of the team if not yet one."""
    groups = _role_groups()
    for (team_code, post), (_line, usernames) in plan.posts.items():
        team = teams[team_code]
        holders = [users[name] for name in usernames]
        DepartmentPost.objects.filter(department=team, post=post).exclude(user__in=holders).delete()
        for user in holders:
            DepartmentPost.objects.update_or_create(department=team, user=user, defaults={"post": post})
            if not StaffMembership.objects.filter(user=user, role=StaffRole.HANDLER, department=team).exists():
                StaffMembership.objects.create(user=user, role=StaffRole.HANDLER, region=team.region, department=team)
            if StaffRole.HANDLER in groups:
                user.groups.add(groups[StaffRole.HANDLER])
