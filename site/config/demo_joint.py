"""协办 in the demo: 镇赉镇司法所 leads a dispute over a blocked drain, 镇赉镇矛盾纠纷调解中心 helps.

As in the seeds (a community sends a neighbours' quarrel over a blocked drain to the street's 司法所 and the
调解中心, whose heads bring the property company and the owners together): the dispatcher dispatches the
case to 司法所 with 调解中心 as co-unit; 司法所's handler has claimed it and 调解中心's handler has claimed
its part, so the lead waits for the centre's report before it may resolve. One login for each unit
(``handler_sf``, ``handler_tj``). Idempotent: nothing is added once the joint case exists.
"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from cases import parts, workflow
from cases.models import Case, CasePart
from cases.services import case_open
from forms_app import search
from forms_app.models import FormPage, Submission
from organisation.constants import StaffRole
from organisation.models import Department, Region, StaffMembership

STREET = "220821100"  # 镇赉镇
GRID = "220821100001-01"  # 幸福社区第一网格
UNITS = [("sfs", "镇赉镇司法所"), ("tjzx", "镇赉镇矛盾纠纷调解中心")]
USERS = [("handler_sf", ("吴", "洁"), "sfs"), ("handler_tj", ("郑", "海"), "tjzx")]
KEY = "demo-joint-drain"
TEXT = "制动器小区下水道经常堵塞，楼上楼下因此多次争吵，物业和业主互相推诿，请帮忙协调解决。"


def seed_joint(password):
    """The two units, a login for each, and the joint case (through the services staff use)."""
    street = Region.objects.get(code=STREET)
    units = {code: Department.objects.get_or_create(code=code, defaults={"name": name, "region": street})[0]
             for code, name in UNITS}
    User = get_user_model()
    for username, (surname, given_name), unit in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, last_name=surname, first_name=given_name, email=f"{username}@demo.invalid")
            user.set_password(password)
            user.save()
        group = Group.objects.filter(name="办理人").first()
        if group:
            user.groups.add(group)
        StaffMembership.objects.get_or_create(user=user, role=StaffRole.HANDLER, region=street, department=units[unit])
    if not Submission.objects.filter(submission_key=KEY).exists():
        _joint_case(units)


def _joint_case(units):
    page = FormPage.objects.get(slug="suqiu")
    region = Region.objects.get(code=GRID)
    ids = {f.label: f.clean_name for f in page.form_fields.all()}
    User = get_user_model()
    dispatcher, lead, helper = (User.objects.get(username=name) for name in ("dispatcher", "handler_sf", "handler_tj"))
    with transaction.atomic():
        submission = Submission.objects.create(
            page=page, revision_id=page.live_revision_id, submission_key=KEY, region=region,
            form_data={ids["诉求类别"]: "管道维修", ids["问题描述"]: TEXT, ids["所在网格"]: region.pk,
                       ids["姓名"]: "钱玉兰", ids["是否需要回访"]: "是", ids["联系电话"]: "13800138066",
                       ids["本人承诺所反映情况属实"]: True},
        )
        search.index(submission, list(page.form_fields.all()))
        case = case_open(submission=submission, form=page, region=region)
    case = workflow.case_accept(case=case, by=dispatcher)
    case = workflow.case_dispatch(case=case, to=units["sfs"], by=dispatcher, due_hours=48, co_units=[units["tjzx"]],
                                  co_unit_hours=24, note="邻里纠纷，请司法所牵头、调解中心协办。")
    case = workflow.case_claim(case=Case.objects.get(pk=case.pk), by=lead)
    parts.part_claim(part=CasePart.objects.get(case=case, department=units["tjzx"]), by=helper)
    return case
