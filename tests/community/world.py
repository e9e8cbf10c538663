"""A community with a services list and registered party members, on top of the case machine's world."""
from community.models import Service
from community.orders.order_form import ensure_order_form
from community.orders.services import party_member_group, register_volunteer
from organisation.constants import StaffRole
from organisation.models import StaffMembership
from tests.factories import UserFactory, make_case_world, make_department


def make_party_member(username, *, team=None, community=None, surname="党", given="员"):
    """A party member: no admin access, in the party members' group, a handler of ``team`` (their volunteer
    team), registered (报到) to ``community``."""
    user = UserFactory(username=username, last_name=surname, first_name=given)
    user.save()
    user.groups.add(party_member_group())
    if team is not None:
        StaffMembership.objects.create(user=user, role=StaffRole.HANDLER, department=team)
    if community is not None:
        register_volunteer(user=user, community=community, offer="理发、陪诊", department=team)
    return user


def make_orders_world():
    """make_case_world, plus: the order form, a party members' volunteer team in 幸福社区 with two
    registered members, a unit's service (team A) and the team's service on the community's list."""
    world = make_case_world()
    world.order_form = ensure_order_form()
    world.volunteer_team = make_department(world.community, code="dy-team", name="幸福社区党员志愿服务队")
    world.member = make_party_member("member1", team=world.volunteer_team, community=world.community,
                                     surname="张", given="红")
    world.member2 = make_party_member("member2", team=world.volunteer_team, community=world.community,
                                      surname="李", given="明")
    world.outsider = make_party_member("member3")  # a party member registered nowhere
    world.haircut = Service.objects.create(title="上门理发", description="为行动不便的老人上门理发",
                                           provider_kind="team", department=world.volunteer_team,
                                           community=world.community)
    world.pipes = Service.objects.create(title="水管维修", provider_kind="unit", department=world.team_a,
                                         community=world.community)
    return world
