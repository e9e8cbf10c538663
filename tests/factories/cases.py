"""The organisation and its cases: regions, teams, staff with roles, and cases walked to any state through the services."""
from organisation.constants import RegionLevel
from organisation.models import Region

from .forms import make_form, make_staff, make_submission


def make_regions():
    """A small tree: county → street → community → two grids. Returns {name: Region}."""
    county = Region.add_root(code="C1", name="镇赉县", level=RegionLevel.COUNTY)
    street = Region.objects.get(pk=county.pk).add_child(code="S1", name="镇赉镇", level=RegionLevel.STREET)
    community = Region.objects.get(pk=street.pk).add_child(code="M1", name="幸福社区", level=RegionLevel.COMMUNITY)
    grid1 = Region.objects.get(pk=community.pk).add_child(code="G1", name="第一网格", level=RegionLevel.GRID)
    grid2 = Region.objects.get(pk=community.pk).add_child(code="G2", name="第二网格", level=RegionLevel.GRID)
    return {r.name: r for r in (county, street, community, grid1, grid2)}



def make_department(region, *, code=None, name=None, **extra):
    from organisation.models import Department

    code = code or f"d{Department.objects.count() + 1}"
    return Department.objects.create(code=code, name=name or f"部门{code}", region=region, **extra)


def hold_post(department, user, post):
    """``user`` holds the team's A (``"a"``) or B (``"b"``) post; a post may have several holders."""
    from organisation.models import DepartmentPost

    return DepartmentPost.objects.create(department=department, user=user, post=post)


def make_category(*, code=None, name=None, **extra):
    from organisation.models import Category

    code = code or f"c{Category.objects.count() + 1}"
    return Category.objects.create(code=code, name=name or f"类别{code}", **extra)


def make_member(role, *, region=None, department=None, personal_data=False, username=None):
    """A staff user (admin access, no page permissions) with one StaffMembership."""
    from organisation.models import StaffMembership

    user = make_staff(page_permissions=(), personal_data=personal_data, username=username)
    StaffMembership.objects.create(user=user, role=role, region=region, department=department)
    return user


def make_case(page, region, answers=None, *, category=None, **case_fields):
    """A case in ``submitted``, opened with its submission as the resident flow does; returns the Case."""
    from cases.models import Case

    submission = make_submission(page, answers or {}, region=region)
    case = Case.objects.get(submission=submission)
    if category is not None or case_fields:
        Case.objects.filter(pk=case.pk).update(category=category, **case_fields)
        case.refresh_from_db()
    return case


# -- the case machine: a small organisation, and cases walked to any state through the services ------


def make_case_world(*, deadline_hours=72, working_days_only=False, claim_window_hours=4):
    """County → street → community → grids G1/G2; team A (grid 1, A and B posts) and team B (grid 2);
    a dispatcher per level, supervisors, a category routed to team A and a form that asks for an e-mail.

    Returns a namespace; ``world.new_case(...)`` opens a case the way a resident's submission does.
    """
    from types import SimpleNamespace

    from organisation.constants import StaffRole

    regions = make_regions()
    county, street, community = regions["镇赉县"], regions["镇赉镇"], regions["幸福社区"]
    grid1, grid2 = regions["第一网格"], regions["第二网格"]
    team_a = make_department(grid1, code="team-a", name="第一网格服务队", claim_window_hours=claim_window_hours)
    team_b = make_department(grid2, code="team-b", name="第二网格服务队", claim_window_hours=claim_window_hours)
    post_a = make_member(StaffRole.HANDLER, department=team_a, username="post_a")
    post_b = make_member(StaffRole.HANDLER, department=team_a, username="post_b")
    handler_b = make_member(StaffRole.HANDLER, department=team_b, username="handler_b")
    hold_post(team_a, post_a, "a")
    hold_post(team_a, post_b, "b")
    hold_post(team_b, handler_b, "a")
    world = SimpleNamespace(
        regions=regions, county=county, street=street, community=community, grid1=grid1, grid2=grid2,
        team_a=team_a, team_b=team_b, post_a=post_a, post_b=post_b, handler=post_a, handler_b=handler_b,
        grid_dispatcher=make_member(StaffRole.DISPATCHER, region=grid1, username="grid_dispatcher"),
        dispatcher=make_member(StaffRole.DISPATCHER, region=community, username="dispatcher"),
        street_dispatcher=make_member(StaffRole.DISPATCHER, region=street, username="street_dispatcher"),
        county_dispatcher=make_member(StaffRole.DISPATCHER, region=county, username="county_dispatcher"),
        supervisor=make_member(StaffRole.SUPERVISOR, region=community, username="supervisor"),
        county_supervisor=make_member(StaffRole.SUPERVISOR, region=county, username="county_supervisor"),
        category=make_category(code="pipes", name="管道维修", default_department=team_a,
                               deadline_hours=deadline_hours, working_days_only=working_days_only),
        form=make_form([("联系邮箱", "email", {"required": False}), ("问题描述", "multiline")],
                       title="居民诉求", slug="su-qiu"),
    )
    fields = {f.field_type: f.field_id for f in world.form.form_fields.all()}
    world.email_key, world.text_key = fields["email"], fields["multiline"]

    def new_case(*, region=grid1, email="resident@example.invalid", category=world.category, **case_fields):
        answers = {world.text_key: "楼道水管漏水"}
        if email:
            answers[world.email_key] = email
        return make_case(world.form, region, answers, category=category, **case_fields)

    world.new_case = new_case
    return world


# The path each state is reached by, through the real services (dispatcher → team A's A post → resident → supervisor).
CASE_PATHS = {
    "submitted": [],
    "accepted": ["accept"],
    "rejected": ["reject"],
    "dispatched": ["accept", "dispatch"],
    "claimed": ["accept", "dispatch", "claim"],
    "consulting": ["accept", "dispatch", "claim", "consult"],
    "resolved": ["accept", "dispatch", "claim", "resolve"],
    "evaluated": ["accept", "dispatch", "claim", "resolve", "evaluate"],
    "archived": ["accept", "dispatch", "claim", "resolve", "evaluate", "archive"],
}


def walk_case(world, case, steps):
    """Move ``case`` through ``steps`` (names of CASE_PATHS) with the right person for each; returns it fresh."""
    from cases import workflow as wf

    run = {
        "accept": lambda c: wf.case_accept(case=c, by=world.dispatcher),
        "reject": lambda c: wf.case_reject(case=c, by=world.dispatcher, reason="重复报单"),
        "dispatch": lambda c: wf.case_dispatch(case=c, to=world.team_a, by=world.dispatcher),
        "claim": lambda c: wf.case_claim(case=c, by=world.post_a),
        "consult": lambda c: wf.case_consult(case=c, by=world.post_a, participants=["物业", "居民代表"],
                                             topic="水管更换费用分摊"),
        "resolve": lambda c: wf.case_resolve(case=c, by=world.post_a, result="已更换水管"),
        "evaluate": lambda c: wf.case_evaluate(token=c.tracking_token, rating=5),
        "archive": lambda c: wf.case_archive(case=c, by=world.supervisor),
    }
    for step in steps:
        case = run[step](case)
    return type(case).objects.get(pk=case.pk)


def make_case_in(world, state, **new_case_kwargs):
    """A new case brought to ``state`` through the services."""
    return walk_case(world, world.new_case(**new_case_kwargs), CASE_PATHS[state])


# -- 协办: a joint case, team A leading and team B (handler_b, and a second member) helping ---------------------

PART_PATHS = {"dispatched": [], "claimed": ["claim_part"], "reported": ["claim_part", "report_part"],
              "waived": ["waive_part"]}


def make_joint_case(world, *, state="claimed", part_state="dispatched", co_unit=None, due_hours=None):
    """A case with team A leading (walked to ``state``) and ``co_unit`` (default team B) asked to help, its part
    walked to ``part_state`` by team B's handler_b (or the dispatcher, who waives). Returns (case, part), fresh."""
    from cases import parts
    from cases import workflow as wf
    from cases.models import CasePart

    case = walk_case(world, world.new_case(), CASE_PATHS[state])
    case = wf.case_add_part(case=case, to=co_unit or world.team_b, by=world.dispatcher, due_hours=due_hours)
    part = CasePart.objects.filter(case=case).order_by("-pk").first()
    run = {
        "claim_part": lambda p: parts.part_claim(part=p, by=world.handler_b),
        "report_part": lambda p: parts.part_report(part=p, by=world.handler_b, result="已组织双方调解，达成协议"),
        "waive_part": lambda p: parts.part_waive(part=p, by=world.dispatcher, reason="当事人已自行和解"),
    }
    for step in PART_PATHS[part_state]:
        part = run[step](part)
    return type(case).objects.get(pk=case.pk), CasePart.objects.get(pk=part.pk)
