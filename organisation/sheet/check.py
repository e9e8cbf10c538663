"""Checking the organisation sheet against itself and the database: every problem by line, and the plan of what
an import would write (which the preview shows and :mod:`organisation.sheet.apply` carries out).

Nothing here writes. A sheet with any error is refused as a whole; the person fixes the lines named and uploads
it again.
"""
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from ..constants import RegionLevel, StaffRole
from ..models import Department, Region
from ..regions import level_fits
from .columns import LEVELS, PERSON_KEYS, REGION_KEYS, ROLES, TEAM_KEYS

CODE = re.compile(r"^[0-9A-Za-z_-]{1,32}$")
USERNAME = re.compile(r"^[\w.@+-]{1,150}$")
MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
SEPARATORS = re.compile(r"[、,，;；\s]+")


@dataclass
class Plan:
    """What the sheet asks for; ``errors`` [(line, message)] empty means it may be imported."""

    errors: list = field(default_factory=list)
    regions: dict = field(default_factory=dict)  # code → {line, name, level, parent, new}
    teams: dict = field(default_factory=dict)  # code → {line, name, region, new}
    people: dict = field(default_factory=dict)  # username → {line, name, mobile, new}
    memberships: list = field(default_factory=list)  # (line, username, role, region code, team code)
    posts: dict = field(default_factory=dict)  # (team code, post) → (line, [usernames])

    def team_rows(self):
        """The teams named on the sheet with the post holders it gives them, for the preview."""
        return [{"code": code, **spec, "a": self.posts.get((code, "a"), (0, []))[1],
                 "b": self.posts.get((code, "b"), (0, []))[1]} for code, spec in self.teams.items()]

    @property
    def valid(self):
        return not self.errors

    def counts(self):
        new = lambda items: sum(1 for item in items.values() if item["new"])
        return {"regions_new": new(self.regions), "regions_changed": len(self.regions) - new(self.regions),
                "teams_new": new(self.teams), "teams_changed": len(self.teams) - new(self.teams),
                "people_new": new(self.people), "people_changed": len(self.people) - new(self.people),
                "memberships": len(self.memberships), "posts": sum(len(u) for _l, u in self.posts.values())}


def split_names(text):
    return [name for name in SEPARATORS.split(text or "") if name]


class Checker:
    def __init__(self, rows):
        self.rows, self.plan = rows, Plan()
        codes = {row.get("region_code", "") for _line, row in rows} | {row.get("parent_code", "") for _l, row in rows}
        self.db_regions = {r.code: r for r in Region.objects.filter(code__in=codes - {""})}
        self.db_teams = {d.code: d for d in Department.objects.select_related("region")}
        self.team_of_region = {}
        for department in self.db_teams.values():
            self.team_of_region.setdefault(department.region.code, set()).add(department.code)
        names = {row.get("username", "") for _l, row in rows}
        for _line, row in rows:
            names |= set(split_names(row.get("post_a"))) | set(split_names(row.get("post_b")))
        self.db_users = {u.username: u for u in get_user_model().objects.filter(username__in=names - {""})}

    def error(self, line, message):
        self.plan.errors.append((line, message))

    def run(self):
        for line, row in self.rows:
            code = row.get("region_code", "")
            if not code:
                self.error(line, _("区域编码 is empty: every row needs the code of the region it belongs to."))
                continue
            if not CODE.match(code):
                self.error(line, _("The region code %(code)s may have only letters, digits, - and _ (at most 32).")
                           % {"code": code})
                continue
            if any(row.get(k) for k in REGION_KEYS):
                self.check_region(line, row, code)
            elif code not in self.plan.regions and code not in self.db_regions:
                self.error(line, _("Unknown region code %(code)s: add the region on an earlier row (with 区域名称, "
                                   "上级编码 and 层级) or in the tree.") % {"code": code})
                continue
            team = self.check_team(line, row, code) if any(row.get(k) for k in TEAM_KEYS) else None
            if any(row.get(k) for k in PERSON_KEYS):
                self.check_person(line, row, code, team)
        self.check_posts()
        self.plan.errors.sort(key=lambda error: error[0])
        return self.plan

    # -- regions -------------------------------------------------------------------------------------------

    def level_of(self, code):
        if code in self.plan.regions:
            return self.plan.regions[code]["level"]
        return self.db_regions[code].level if code in self.db_regions else None

    def check_region(self, line, row, code):
        name, parent, level_text = row.get("region_name", ""), row.get("parent_code", ""), row.get("level", "")
        if code in self.plan.regions:
            self.error(line, _("Duplicate region code %(code)s: it is already on line %(first)d.") % {
                "code": code, "first": self.plan.regions[code]["line"]})
            return
        existing = self.db_regions.get(code)
        level = LEVELS.get(level_text) if level_text else (existing.level if existing else None)
        problems = [] if name else [_("区域名称 is empty.")]
        if level is None:
            problems.append(_("Unknown level %(level)s: use 县, 街道, 乡镇, 社区, 村, 网格, 楼栋, 十户 or 党员中心户.")
                            % {"level": level_text} if level_text else _("层级 is empty."))
        if existing is not None:
            held = existing.get_parent()
            if parent and parent != (held.code if held else ""):
                problems.append(_("The region %(code)s is already under %(held)s; move it in the region tree.")
                                % {"code": code, "held": held.name if held else _("the top of the tree")})
            parent, above = (held.code, held.level) if held else ("", None)
        elif parent and parent not in self.plan.regions and parent not in self.db_regions:
            problems.append(_("Unknown parent code %(parent)s: it is neither in the tree nor on an earlier row.")
                            % {"parent": parent})
        elif not parent and level not in (RegionLevel.COUNTY, None):
            problems.append(_("上级编码 is empty: only a county sits at the top of the tree."))
        else:
            above = self.level_of(parent) if parent else None
        if not problems and not level_fits(level, above):
            problems.append(_("A region of level “%(level)s” cannot sit under a region of level “%(above)s”.") % {
                "level": RegionLevel(level).label,
                "above": RegionLevel(above).label if above else _("the top of the tree")})
        if problems:
            self.error(line, " ".join(str(p) for p in problems))
            return
        self.plan.regions[code] = {"line": line, "name": name, "level": str(level), "parent": parent,
                                   "new": existing is None, "level_label": RegionLevel(level).label}

    # -- teams ---------------------------------------------------------------------------------------------

    def check_team(self, line, row, code):
        """The team on the row (by 团队编码, else the region's code + -TEAM); returns its code, or None."""
        team_code = row.get("team_code") or f"{code}-TEAM"
        name = row.get("team_name", "")
        if not CODE.match(team_code):
            self.error(line, _("The team code %(code)s may have only letters, digits, - and _ (at most 32).")
                       % {"code": team_code})
            return None
        known = self.plan.teams.get(team_code)
        existing = self.db_teams.get(team_code)
        region = known["region"] if known else existing.region.code if existing else code
        if region != code:
            self.error(line, _("The team %(team)s belongs to the region %(region)s, not %(code)s.") % {
                "team": team_code, "region": region, "code": code})
            return None
        if known is None:
            if not name and existing is None:
                self.error(line, _("团队 is empty: a new team needs a name."))
                return None
            self.plan.teams[team_code] = {"line": line, "name": name or existing.name, "region": code,
                                          "new": existing is None}
            self.team_of_region.setdefault(code, set()).add(team_code)
        elif name and name != known["name"]:
            self.error(line, _("The team %(team)s is named %(name)s on line %(first)d.") % {
                "team": team_code, "name": known["name"], "first": known["line"]})
        for post, key in (("a", "post_a"), ("b", "post_b")):
            if row.get(key):
                self.add_post(line, team_code, post, split_names(row[key]))
        return team_code

    def add_post(self, line, team_code, post, usernames):
        if (team_code, post) in self.plan.posts:
            first = self.plan.posts[(team_code, post)][0]
            self.error(line, _("The %(post)s post of %(team)s is already given on line %(first)d.") % {
                "post": post.upper(), "team": team_code, "first": first})
            return
        self.plan.posts[(team_code, post)] = (line, usernames)

    def check_posts(self):
        for (team_code, post), (line, usernames) in self.plan.posts.items():
            unknown = [u for u in usernames if u not in self.plan.people and u not in self.db_users]
            if unknown:
                self.error(line, _("Unknown usernames in %(column)s: %(names)s (not on any row of the sheet and "
                                   "not staff yet).") % {"column": f"{post.upper()}岗", "names": "、".join(unknown)})
            other = self.plan.posts.get((team_code, "b" if post == "a" else "a"))
            both = set(usernames) & set(other[1]) if other and post == "a" else set()
            if both:
                self.error(line, _("%(names)s cannot hold both the A and the B post of one team.") % {
                    "names": "、".join(sorted(both))})

    # -- people --------------------------------------------------------------------------------------------

    def check_person(self, line, row, code, team):
        username, name, mobile = row.get("username", ""), row.get("name", ""), row.get("mobile", "")
        role_text = row.get("role", "")
        role = ROLES.get(role_text)
        problems = []
        if not USERNAME.match(username):
            problems.append(_("用户名 %(username)s may have only letters, digits and @ . + - _.") % {
                "username": username} if username else _("用户名 is empty."))
        if role is None:
            problems.append(_("Unknown role %(role)s: use 网格员, 办理人, 派单员 or 督办.") % {"role": role_text}
                            if role_text else _("角色 is empty."))
        if mobile and not MOBILE.match(mobile):
            problems.append(_("The mobile number %(mobile)s is not an 11-digit number starting with 1.") % {
                "mobile": mobile})
        if not name and username not in self.db_users and username not in self.plan.people:
            problems.append(_("姓名 is empty: a new staff member needs a name."))
        if role == StaffRole.HANDLER and team is None:
            team = self.only_team(line, code, problems)
        if problems:
            self.error(line, " ".join(str(p) for p in problems))
            return
        self.add_person(line, username, name, mobile)
        place = (str(role), None, team) if role == StaffRole.HANDLER else (str(role), code, None)
        for first, *held in self.plan.memberships:
            if held == [username, *place]:
                self.error(line, _("Duplicate: %(username)s is already given this role here on line %(first)d.")
                           % {"username": username, "first": first})
                return
        self.plan.memberships.append((line, username, *place))

    def only_team(self, line, code, problems):
        teams = self.team_of_region.get(code, set())
        if len(teams) != 1:
            problems.append(_("A 网格员 or 办理人 works in a team: fill 团队 (the region has %(count)d teams).")
                            % {"count": len(teams)})
            return None
        return next(iter(teams))

    def add_person(self, line, username, name, mobile):
        known = self.plan.people.get(username)
        if known is None:
            self.plan.people[username] = {"line": line, "name": name, "mobile": mobile,
                                          "new": username not in self.db_users}
            return
        for key, value in (("name", name), ("mobile", mobile)):
            if value and known[key] and value != known[key]:
                self.error(line, _("%(username)s has another %(column)s on line %(first)d.") % {
                    "username": username, "column": {"name": "姓名", "mobile": "手机"}[key], "first": known["line"]})
            elif value:
                known[key] = value


def check(rows):
    """The plan for the sheet's ``rows`` (from :func:`organisation.sheet.columns.rows_of`), errors by line."""
    return Checker(rows).run()
