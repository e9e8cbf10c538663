"""Demo matters that reached the platform other than online: a grid worker's patrol reports (吹哨) and calls
taken by phone, entered on the residents' behalf through the request form (cases.intake), and the grid
worker's own login (``gridworker``, 网格员 of 幸福社区第一网格: the admin home's one-tap patrol report opens
with that grid).

Idempotent: the login is looked up by username, the matters by their submission keys.
"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from cases.constants import Channel
from cases.services import case_open
from forms_app import search
from forms_app.models import FormPage, Submission
from organisation.constants import StaffRole
from organisation.models import Department, Region, StaffMembership

GRID_WORKER = ("gridworker", ("钱", "丽"), "220821100001-01")  # username, (surname, given name), grid

CHANNEL_CASES = [
    # key, channel, entered by, category, grid, description, resident, phone
    ("patrol-1", Channel.PATROL, "gridworker", "环境卫生", "220821100001-01",
     "巡查发现幸福社区2号楼西侧井盖破损，存在行人跌落隐患，已设置临时警示。", "", ""),
    ("patrol-2", Channel.PATROL, "gridworker", "管道维修", "220821100001-01",
     "巡查发现7号楼前消防栓漏水，路面结冰。", "", ""),
    ("phone-1", Channel.PHONE, "dispatcher", "噪音扰民", "220821100001-02",
     "居民来电反映：夜间施工噪音扰民，持续一周。", "赵桂兰", "13900139001"),
    ("hotline-1", Channel.HOTLINE, "dispatcher", "车位规划", "220821100002-01",
     "12345转办：丹凤社区小区内车辆乱停，堵塞通道。", "孙立新", "13900139002"),
]


def seed_channels(password):
    """The grid worker's login and a few matters entered for residents by patrol, phone and the 12345 hotline."""
    worker = seed_grid_worker(password)
    page = FormPage.objects.filter(slug="suqiu").first()
    if page is None:
        return
    staff = {"gridworker": worker, "dispatcher": get_user_model().objects.filter(username="dispatcher").first()}
    ids = {f.label: f.clean_name for f in page.form_fields.all()}
    fields = list(page.form_fields.all())
    for key, channel, by, category, grid, text, name, phone in CHANNEL_CASES:
        if Submission.objects.filter(submission_key=f"demo-channel-{key}").exists() or staff[by] is None:
            continue
        region = Region.objects.get(code=grid)
        answers = {ids["诉求类别"]: category, ids["问题描述"]: text, ids["所在网格"]: region.pk,
                   ids["是否需要回访"]: "是" if phone else "否", ids["本人承诺所反映情况属实"]: True}
        if phone:
            answers.update({ids["姓名"]: name, ids["联系电话"]: phone})
        with transaction.atomic():
            submission = Submission.objects.create(page=page, revision_id=page.live_revision_id, region=region,
                                                   submission_key=f"demo-channel-{key}", form_data=answers)
            search.index(submission, fields)  # as the resident flow does
            case_open(submission=submission, form=page, region=region, channel=channel, entered_by=staff[by])


def seed_grid_worker(password):
    """网格员 钱丽: a handler in 幸福社区网格工作站, working in 幸福社区第一网格."""
    username, (surname, given_name), grid = GRID_WORKER
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, last_name=surname, first_name=given_name, email=f"{username}@demo.invalid")
        user.set_password(password)
        user.save()
    group = Group.objects.filter(name="办理人").first()
    if group is not None:
        user.groups.add(group)
    team = Department.objects.filter(code="xf-grid").first()
    StaffMembership.objects.get_or_create(user=user, role=StaffRole.HANDLER, region=Region.objects.get(code=grid),
                                          department=team)
    return user
