"""Demo content: a county's region tree, departments, one form of each kind, one login per role.

Idempotent: everything is looked up by a natural key before it is created.
Demo passwords exist only here, and the command refuses to run with DEBUG off
unless forced.
"""
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page, Site, Task
from wagtail.models import Workflow as ModerationWorkflow

from cases import workflow
from cases.constants import Workflow
from cases.form_settings import set_case_settings, split_case_settings
from cases.models import Case
from cases.services import case_open
from cases.summaries import case_publish_summary
from forms_app import search
from forms_app.constants import FieldType, FormKind, RuleOperator
from forms_app.models import FormField, FormPage, FormsIndexPage, Submission
from organisation.constants import Post, RegionLevel, StaffRole
from organisation.models import Category, Department, DepartmentPost, Region, RoutingRule, StaffMembership
from statistics_app.rollup.refresh import refresh_all

from .demo_banquets import seed_banquets
from .demo_channels import seed_channels
from .demo_checkup_lists import CHECKUP_FORMS
from .demo_checkups import seed_inspectors
from .demo_documents import seed_documents
from .demo_history import seed_history
from .demo_honours import seed_honours
from .demo_joint import seed_joint
from .demo_meetings import seed_meetings
from .demo_orders import seed_orders
from .demo_regions import seed_regions_sheet
from .demo_services import seed_services
from .demo_sms import seed_sms
from .demo_stars import seed_stars
from .demo_surveys import seed_surveys_and_checkups
from .demo_tasklists import seed_tasklists

DEMO_PASSWORD = "demo-2026"

REGIONS = [
    ("220821", "镇赉县", RegionLevel.COUNTY, None),
    ("220821100", "镇赉镇", RegionLevel.STREET, "220821"),
    ("220821200", "建平乡", RegionLevel.STREET, "220821"),
    ("220821100001", "幸福社区", RegionLevel.COMMUNITY, "220821100"),
    ("220821100002", "丹凤社区", RegionLevel.COMMUNITY, "220821100"),
    ("220821200201", "东升村", RegionLevel.COMMUNITY, "220821200"),
    ("220821100001-01", "幸福社区第一网格", RegionLevel.GRID, "220821100001"),
    ("220821100001-02", "幸福社区第二网格", RegionLevel.GRID, "220821100001"),
    ("220821100002-01", "丹凤社区第一网格", RegionLevel.GRID, "220821100002"),
    ("220821100002-02", "丹凤社区第二网格", RegionLevel.GRID, "220821100002"),
    ("220821200201-01", "东升村第一网格", RegionLevel.GRID, "220821200201"),
]

DEPARTMENTS = [
    ("zj", "县住房和城乡建设局", "220821"),
    ("cg", "县城市管理综合执法局", "220821"),
    ("hb", "县生态环境分局", "220821"),
    ("zfd", "镇赉镇综合执法队", "220821100"),
    ("xf-grid", "幸福社区网格工作站", "220821100001"),
]

USERS = [
    # username, (surname, given name), role, group, region code, department code
    ("admin", ("刘", "建华"), None, None, None, None),
    ("editor", ("王", "晓丽"), None, "表单编辑", None, None),  # 社区工作人员
    ("dispatcher", ("李", "强"), StaffRole.DISPATCHER, "派单员", "220821", None),  # 平台派单员
    ("handler", ("赵", "敏"), StaffRole.HANDLER, "办理人", "220821100001", "xf-grid"),  # 网格员，A岗
    ("handler_b", ("孙", "伟"), StaffRole.HANDLER, "办理人", "220821100001", "xf-grid"),  # 网格员，B岗
    ("handler_zj", ("周", "涛"), StaffRole.HANDLER, "办理人", "220821", "zj"),  # 住建局
    ("supervisor", ("陈", "刚"), StaffRole.SUPERVISOR, "督办", "220821", None),  # 督办
]


def q(label, field_type, **extra):
    return FormField(label=label, field_type=field_type, **extra)


def request_form_fields():
    return [
        q("诉求类别", FieldType.DROPDOWN, choices="噪音扰民\n车位规划\n管道维修\n环境卫生", allow_other=True),
        q("问题描述", FieldType.MULTILINE, min_length=10, max_length=2000,
          help_text="请写明时间、地点和具体情况，至少10个字。"),
        q("所在网格", FieldType.REGION, help_text="问题发生的地方属于哪个网格。"),
        q("现场照片", FieldType.FILE, required=False, upload_types="jpg,png,heic,pdf", max_upload_mb=10),
        q("联系方式", FieldType.PAGE_BREAK, required=False),
        q("姓名", FieldType.SINGLELINE, required=False, max_length=50, personal=True),
        q("是否需要回访", FieldType.RADIO, choices="是\n否", default_value="是"),
        q("联系电话", FieldType.MOBILE, show_when_field="是否需要回访", show_when_value="是",
          show_when_operator=RuleOperator.EQUALS),
        q("身份证号", FieldType.ID_NUMBER, required=False, help_text="选填，仅用于核实身份，提交后将隐藏中间位数。"),
        q("本人承诺所反映情况属实", FieldType.CONSENT),
    ]


def survey_form_fields():
    return [
        q("总体评价", FieldType.SECTION, required=False),
        q("您对社区服务的总体满意度", FieldType.RATING),
        q("社区工作人员态度热情", FieldType.LIKERT),
        q("反映的问题能及时得到处理", FieldType.LIKERT),
        q("您希望社区改进的方面", FieldType.CHECKBOXES, choices="环境卫生\n停车管理\n治安巡逻\n文体活动\n养老服务",
          allow_other=True, required=False),
        q("意见和建议", FieldType.MULTILINE, required=False, max_length=1000),
    ]


FORMS = [
    dict(slug="suqiu", title="诉求反映", kind=FormKind.REQUEST, workflow=Workflow.HANDLING, deadline_hours=72,
         category_question="诉求类别", summary_question="问题描述", publish_on_board=True,
         intro="<p>噪音扰民、车位规划、管道维修、环境卫生……有事您说话，我们接单办理。</p>",
         confirmation_text="<p>我们已收到您的诉求，将在3个工作日内办理并反馈。</p>",
         privacy_notice="<p>您的联系方式仅用于办理和回访，不会公开。</p>", fields=request_form_fields,
         offered_as_template=True),
    dict(slug="manyidu", title="居民满意度调查", kind=FormKind.SURVEY, workflow=Workflow.RECORD,
         intro="<p>请为社区服务打分，匿名填写。</p>", always_review=False,
         confirmation_text="<p>感谢您的参与！</p>", fields=survey_form_fields, offered_as_template=True),
    *CHECKUP_FORMS,  # 大体检: the city's 80 measures and the countryside's 70 (config.demo_checkup_lists)
]


CATEGORIES = [
    # code, name, default department, hours, working days only
    ("noise", "噪音扰民", "cg", 48, False),
    ("parking", "车位规划", "zj", 120, True),
    ("pipes", "管道维修", "zj", 72, False),
    ("sanitation", "环境卫生", "zfd", 48, False),
    ("rectification", "整改", "xf-grid", 168, True),
]
ROUTING = [
    # order, category code, region code, department code
    (10, "sanitation", "220821100001", "xf-grid"),
    (20, "pipes", "220821100001", "xf-grid"),
]


@transaction.atomic
def seed(history=True):
    """Everything, idempotently; ``history``: also months of past cases (config.demo_history) for the statistics."""
    regions = seed_regions()
    departments = seed_departments(regions)
    categories = seed_routing(regions, departments)
    index = seed_pages(categories)
    groups = seed_groups(index)
    seed_users(groups, regions, departments)
    seed_posts(departments)
    seed_documents(index, groups)
    seed_sms(groups)
    seed_cases(regions, departments)
    seed_joint(DEMO_PASSWORD)  # 协办: 司法所 leads, 调解中心 helps
    if history:
        seed_history()
    seed_stars(DEMO_PASSWORD)  # 星级文明户: a round on public notice with an objection, and last year's honour list
    seed_tasklists()  # §6 四单: a task list with one unit late
    seed_inspectors(DEMO_PASSWORD)  # 体检检查员: check-up forms are theirs, over the communities of their street
    seed_surveys_and_checkups(regions)  # last: it adds cases, and the seeds before it look for none
    seed_channels(DEMO_PASSWORD)  # matters entered for residents by patrol and phone, and the grid worker's login
    seed_meetings()  # after the cases it gathers (and it adds one, raised at a meeting)
    seed_orders(DEMO_PASSWORD)  # 居民点单 and 党员报到: its own orders (cases) and wishes, after the seeds that look for none
    seed_honours()  # §3 红黑榜: published, nominated and waiting entries in 幸福社区, after the seeds that count cases
    seed_services()  # §1 便民服务: the service guide, its certificate forms and two applications
    seed_banquets()  # §4 移风易俗 报备: after the grid worker's login (it records visits)
    seed_regions_sheet(DEMO_PASSWORD)  # after the cases: the history and check-ups keep to the first grids
    refresh_all()  # the statistics rollup's months, as the tick would build them
    return index


def seed_routing(regions, departments):
    categories = {}
    for code, name, department, hours, working in CATEGORIES:
        categories[code], _ = Category.objects.get_or_create(
            code=code, defaults={"name": name, "default_department": departments[department],
                                 "deadline_hours": hours, "working_days_only": working})
    for order, category, region, department in ROUTING:
        RoutingRule.objects.get_or_create(
            sort_order=order, category=categories[category], region=regions[region],
            defaults={"department": departments[department]})
    return categories


def seed_posts(departments):
    """互为顶岗: the grid team's A and B posts."""
    User = get_user_model()
    team = departments["xf-grid"]
    for username, post in (("handler", Post.A), ("handler_b", Post.B)):
        DepartmentPost.objects.get_or_create(department=team, user=User.objects.get(username=username),
                                             defaults={"post": post})


def seed_regions():
    by_code = {r.code: r for r in Region.objects.all()}
    for code, name, level, parent in REGIONS:
        if code in by_code:
            continue
        if parent is None:
            by_code[code] = Region.add_root(code=code, name=name, level=level)
        else:
            by_code[code] = Region.objects.get(pk=by_code[parent].pk).add_child(code=code, name=name, level=level)
    return by_code


def seed_departments(regions):
    result = {}
    for code, name, region in DEPARTMENTS:
        result[code], _ = Department.objects.get_or_create(code=code, defaults={"name": name, "region": regions[region]})
    return result


def seed_pages(categories):
    index = FormsIndexPage.objects.filter(slug="fuwu").first()
    if index is None:
        root = Page.get_first_root_node()
        index = root.add_child(instance=FormsIndexPage(
            title="镇赉县基层治理服务", slug="fuwu", intro="<p>在线反映诉求、参与调查、开展体检，一网通办。</p>"))
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site:
            site.root_page = index
            site.site_name = "镇赉县基层治理服务"
            site.save()
        else:
            Site.objects.create(hostname="localhost", root_page=index, is_default_site=True, site_name="镇赉县基层治理服务")
        if old_root and old_root.pk != index.pk and old_root.depth == 2 and not old_root.get_children().exists():
            old_root.delete()
    for spec in FORMS:
        if FormPage.objects.filter(slug=spec["slug"]).exists():
            continue
        spec = dict(spec)
        if "default_category" in spec:
            spec["default_category"] = categories[spec["default_category"]]
        fields = spec.pop("fields")()
        ids = {f.label: f.get_field_clean_name() for f in fields}
        for f in fields:
            f.show_when_field = ids.get(f.show_when_field, f.show_when_field)
        spec, handling = split_case_settings(spec)
        for question in ("category_question", "summary_question"):  # named by label here, kept by clean name
            if question in handling:
                handling[question] = ids.get(handling[question], handling[question])
        page = FormPage(**spec)
        set_case_settings(page, **handling)
        for order, field in enumerate(fields):
            field.sort_order = order
            page.form_fields.add(field)
        index.add_child(instance=page)
        page.save_revision().publish()
    return index


def admin_access_permission():
    """Wagtail's "access admin" permission (made by a Wagtail migration; recreated if a test flush removed it)."""
    from django.contrib.contenttypes.models import ContentType

    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    return permission


#: Wagtail's migrations create its groups and moderation workflow in English; the demo's staff read Chinese.
WAGTAIL_NAMES = {"Moderators": "审核员", "Editors": "编辑", "Moderators approval": "审核发布"}


def seed_groups(index):
    for english, chinese in WAGTAIL_NAMES.items():
        for model in (Group, ModerationWorkflow, Task):
            model.objects.filter(name=english).update(name=chinese)
    groups = {}
    for name in ("表单编辑", "派单员", "办理人", "督办"):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(admin_access_permission())
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=groups["表单编辑"], page=index, permission=Permission.objects.get(codename=codename,
                                                                                   content_type__app_label="wagtailcore"))
    # Form editors add the category a new form needs (with its deadline and department) from the form's settings.
    groups["表单编辑"].permissions.add(Permission.objects.get(content_type__app_label="organisation",
                                                          codename="add_category"))
    pii = Permission.objects.get(content_type__app_label="forms_app", codename="view_personal_data")
    groups["督办"].permissions.add(pii)
    # The community worker who builds the satisfaction survey reads its answers; requests stay with their handlers.
    FormPage.submission_readers.through.objects.get_or_create(
        formpage_id=FormPage.objects.get(slug="manyidu").pk, group=groups["表单编辑"])
    return groups


def seed_users(groups, regions, departments):
    User = get_user_model()
    for username, (surname, given_name), role, group, region, department in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            # Both parts of the name, so that every form that asks for them finds them filled in.
            user = User(username=username, last_name=surname, first_name=given_name, email=f"{username}@demo.invalid")
            user.set_password(DEMO_PASSWORD)
            user.is_staff = user.is_superuser = username == "admin"
            user.save()
        if group:
            user.groups.add(groups[group])
        if role:
            StaffMembership.objects.get_or_create(
                user=user, role=role, region=regions.get(region), department=departments.get(department)
            )


DEMO_CASES = [
    # category, grid code, description, how far along the loop, hours allowed
    ("噪音扰民", "220821100001-01", "楼下广场舞音响每晚十点后仍很大声，影响老人和孩子休息。", "submitted", None),
    ("管道维修", "220821100001-02", "3号楼2单元地下室水管漏水，已经积水半个月。", "accepted", None),
    ("环境卫生", "220821100001-01", "幸福社区东门垃圾箱满溢无人清运，气味很大。", "dispatched", 48),
    ("管道维修", "220821100001-01", "5号楼供暖管道阀门损坏，家里不热。", "claimed", 3),
    ("车位规划", "220821100002-01", "丹凤社区新划车位占用消防通道，请重新规划。", "dispatched", 1),
    ("环境卫生", "220821100001-02", "小区北侧绿化带有建筑垃圾堆放。", "resolved", 24),
]


DEMO_RESIDENTS = ["王芳", "刘建国", "张丽华"]


def seed_cases(regions, departments):
    """A few requests at different points of the loop, made through the same services staff use."""
    if Case.objects.exists():
        return
    page = FormPage.objects.get(slug="suqiu")
    ids = {f.label: f.clean_name for f in page.form_fields.all()}
    User = get_user_model()
    dispatcher, handler = User.objects.get(username="dispatcher"), User.objects.get(username="handler")
    fields = list(page.form_fields.all())
    for number, (category, grid, text, stage, hours) in enumerate(DEMO_CASES):
        region = regions[grid]
        name, phone = DEMO_RESIDENTS[number % len(DEMO_RESIDENTS)], f"1380013800{number}"
        with transaction.atomic():
            submission = Submission.objects.create(
                page=page, revision_id=page.live_revision_id, submission_key=uuid.uuid4().hex, region=region,
                form_data={ids["诉求类别"]: category, ids["问题描述"]: text, ids["所在网格"]: region.pk,
                           ids["姓名"]: name, ids["是否需要回访"]: "是", ids["联系电话"]: phone,
                           ids["本人承诺所反映情况属实"]: True},
            )
            search.index(submission, fields)  # as the resident flow does
            case = case_open(submission=submission, form=page, region=region)
        if stage == "submitted":
            continue
        case = workflow.case_accept(case=case, by=dispatcher)
        if stage == "accepted":
            continue
        team = departments["xf-grid"] if grid.startswith("220821100001") else departments["zj"]
        case = workflow.case_dispatch(case=case, to=team, by=dispatcher, due_hours=hours)
        if stage == "dispatched" or team.code != "xf-grid":
            continue
        case = workflow.case_claim(case=case, by=handler)
        if stage == "resolved":
            case = workflow.case_resolve(case=case, by=handler, result="已联系物业清运，现场已清理干净。")
            case_publish_summary(case=case, summary=f"{category}：已联系物业处理，现场已清理干净。", by=dispatcher)

