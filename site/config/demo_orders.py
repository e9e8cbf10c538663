"""The demo's 居民点单 and 党员报到: 幸福社区's services list, two registered party members in its volunteer
team, orders at different points of the loop (one taken up and served by a party member) and small wishes
(one open, one claimed, one fulfilled), so the member pages, the ranking and the tracking wording show.

Everything through the room's own services (an order is a submission and a case); idempotent.
"""
import datetime as dt
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from cases import workflow
from community.models import Service, ServiceOrder, Wish
from community.orders import services as orders
from community.orders.order_form import ensure_order_form
from organisation.constants import StaffRole
from organisation.models import Department, Region, StaffMembership

COMMUNITY = "220821100001"  # 幸福社区
#: username, surname, given name, what they offer
PARTY_MEMBERS = [("party1", "张", "红", "理发、代购"), ("party2", "李", "明", "修理小家电、陪诊")]
#: title, description, provider kind, department code (None: party1's own offer)
SERVICES = [
    ("上门理发", "为行动不便的老人、残疾人上门理发。", "team", "xf-dy"),
    ("水管维修", "楼道、室内水管漏水的维修。", "unit", "xf-grid"),
    ("代购代办", "代买药品、生活用品，代办社保认证。", "party_member", None),
]
ORDERS = [  # service, resident, phone, need, how far along
    ("上门理发", "王秀英", "13900000001", "周三上午在家，腿脚不便。", "submitted"),
    ("上门理发", "刘建国", "13900000002", "老伴卧床，想理个发。", "dispatched"),
    ("代购代办", "张丽华", "13900000003", "每月代买降压药。", "resolved"),
]
WISHES = [  # who, what, days to go, phone, what happened
    ("赵桂兰", "想要一台能听评书的收音机", 10, "13700000001", "open"),
    ("孙大爷", "希望有人陪同去医院复查", 5, "13700000002", "claimed"),
    ("小明（留守儿童）", "想要一套课外读物", 20, "13700000003", "done"),
]


def seed_orders(password):
    """The services list, the party members, their orders and wishes (skipped when the orders exist)."""
    community = Region.objects.get(code=COMMUNITY)
    team, _created = Department.objects.get_or_create(code="xf-dy", defaults={"name": "幸福社区党员志愿服务队",
                                                                              "region": community})
    members = [_party_member(community, team, password, *spec) for spec in PARTY_MEMBERS]
    services = _services(community, members[0])
    ensure_order_form()
    if not ServiceOrder.objects.exists():
        _orders(services, members[0])
    if not Wish.objects.exists():
        _wishes(community, members)


def _party_member(community, team, password, username, surname, given, offer):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = get_user_model()(username=username, last_name=surname, first_name=given,
                                email=f"{username}@demo.invalid")
        user.set_password(password)
        user.save()
    user.groups.add(orders.party_member_group())
    StaffMembership.objects.get_or_create(user=user, role=StaffRole.HANDLER, department=team)
    orders.register_volunteer(user=user, community=community, offer=offer, department=team)
    return user


def _services(community, member):
    volunteer = member.volunteer_registrations.get(community=community)
    result = {}
    for title, description, kind, department in SERVICES:
        result[title], _created = Service.objects.get_or_create(
            title=title, community=community,
            defaults={"description": description, "provider_kind": kind, "volunteer": None if department else volunteer,
                      "department": Department.objects.get(code=department) if department else None})
    return result


def _orders(services, member):
    dispatcher = get_user_model().objects.get(username="dispatcher")
    for title, who, phone, need, stage in ORDERS:
        service = services[title]
        case = orders.order_service(service=service, contact_name=who, phone=phone, need=need,
                                    key=uuid.uuid4().hex)
        if stage == "submitted":
            continue
        case = workflow.case_accept(case=case, by=dispatcher)  # 分单
        workflow.case_dispatch(case=case, to=service.provider_department, by=dispatcher)  # 派单
        if stage == "resolved":
            order = ServiceOrder.objects.get(case=case)
            orders.claim_order(order=order, by=member)  # 领单
            orders.resolve_order(order=order, by=member, result="已代买降压药两盒，送到家中。")


def _wishes(community, members):
    today = timezone.localdate()
    for who, what, days, phone, stage in WISHES:
        wish = orders.make_wish(community=community, who=who, what=what, phone=phone,
                                by_when=today + dt.timedelta(days=days))
        if stage == "claimed":
            orders.claim_wish(wish=wish, by=members[1])
        elif stage == "done":
            orders.complete_wish(wish=orders.claim_wish(wish=wish, by=members[0]), by=members[0],
                                 note="送去一套课外读物，并约定每月陪读一次。")
