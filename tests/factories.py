"""Factories for tests: real rows in the real database, built through the same APIs the admin uses."""
import factory
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from forms_app.models import FormField, FormPage, FormsIndexPage
from organisation.constants import RegionLevel
from organisation.models import Region


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", "pw-test-123")


def forms_index():
    """The site's forms index page, created once per test database."""
    index = FormsIndexPage.objects.first()
    if index is None:
        root = Page.get_first_root_node()
        index = root.add_child(instance=FormsIndexPage(title="服务", slug="fuwu-test"))
        site = Site.objects.get(is_default_site=True)
        site.root_page = index
        site.save()
    return index


def field(label, field_type, **extra):
    return FormField(label=label, field_type=field_type, **extra)


def make_form(fields, *, title="测试表单", slug=None, publish=True, **page_kwargs):
    """A published FormPage with ``fields`` (FormField instances or (label, type, extra) tuples).

    Case settings (``workflow=``, ``pass_mark=`` …, see cases.form_settings.FIELDS) go on the page's
    *Handling* panel, as an editor sets them.
    """
    from cases.form_settings import set_case_settings, split_case_settings

    index = forms_index()
    page_kwargs, handling = split_case_settings(page_kwargs)
    page = FormPage(title=title, slug=slug or f"form-{FormPage.objects.count() + 1}", **page_kwargs)
    set_case_settings(page, **handling)
    for order, f in enumerate(fields):
        if isinstance(f, tuple):
            label, field_type, *rest = f
            f = FormField(label=label, field_type=field_type, **(rest[0] if rest else {}))
        f.sort_order = order
        page.form_fields.add(f)
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        page.unpublish() if page.live else None
    page.refresh_from_db()
    return page


def make_regions():
    """A small tree: county → street → community → two grids. Returns {name: Region}."""
    county = Region.add_root(code="C1", name="镇赉县", level=RegionLevel.COUNTY)
    street = Region.objects.get(pk=county.pk).add_child(code="S1", name="镇赉镇", level=RegionLevel.STREET)
    community = Region.objects.get(pk=street.pk).add_child(code="M1", name="幸福社区", level=RegionLevel.COMMUNITY)
    grid1 = Region.objects.get(pk=community.pk).add_child(code="G1", name="第一网格", level=RegionLevel.GRID)
    grid2 = Region.objects.get(pk=community.pk).add_child(code="G2", name="第二网格", level=RegionLevel.GRID)
    return {r.name: r for r in (county, street, community, grid1, grid2)}


def make_submission(page, answers, *, region=None, state=None, submit_time=None):
    """A stored submission with its case, as the resident flow leaves them; ``state`` moves the case on.

    The case is opened by the cases room's own service, which also scores check-ups.
    """
    import uuid

    from django.db import transaction

    from cases.models import Case
    from cases.services import case_open
    from forms_app.models import Submission

    with transaction.atomic():
        submission = Submission.objects.create(
            page=page,
            form_data=answers,
            revision_id=page.live_revision_id,
            submission_key=uuid.uuid4().hex,
            region=region,
        )
        case_open(submission=submission, form=page, region=region, fields=list(page.form_fields.all()))
    if submit_time is not None:
        Submission.objects.filter(pk=submission.pk).update(submit_time=submit_time)
        submission.submit_time = submit_time
    if state is not None:
        Case.objects.filter(submission=submission).update(state=state)
    return submission


def make_upload(page, field_id, *, content=b"%PDF-1.4\n%test\n", name="证明.pdf", submission=None):
    """A private upload stored the way the resident flow stores it (private storage, by uuid)."""
    from django.core.files.base import ContentFile

    from forms_app.services import store_upload
    from forms_app.uploads import CheckedFile

    upload_file = ContentFile(content, name=name)
    upload_file.checked = CheckedFile(type_key=name.rsplit(".", 1)[-1], content_type="application/pdf",
                                      size=len(content), sha256="0" * 64)
    return store_upload(page=page, field_id=field_id, value=upload_file, submission=submission)


def make_staff(*, page_permissions=("add_page", "change_page", "publish_page"), personal_data=False, page=None,
               username=None):
    """A staff user who may use the admin, with page permissions on ``page`` (default: the forms index)."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    user = UserFactory(**({"username": username} if username else {}))
    user.save()  # the factory sets the password without saving it; a stale hash would end the session
    group = Group.objects.create(name=f"group-{user.username}")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    if personal_data:
        group.permissions.add(Permission.objects.get(content_type__app_label="forms_app",
                                                     codename="view_personal_data"))
    target = page or forms_index()
    for codename in page_permissions:
        GroupPagePermission.objects.create(
            group=group, page=target,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    user.groups.add(group)
    return user


# -- helpers for driving the resident's flow ------------------------------------

import io  # noqa: E402
import re as _re  # noqa: E402
from html.parser import HTMLParser  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.utils.html import escape  # noqa: E402

_KEY_RE = _re.compile(r'name="_key" value="([0-9a-f]{32})"')


def form_key(response):
    """The hidden submission key of a rendered form or review page."""
    match = _KEY_RE.search(response.content.decode())
    assert match, response.content.decode()[:2000]
    return match.group(1)


def open_form(client, page, query=""):
    """GET the form (optionally ``?step=…``) and return its submission key."""
    response = client.get(page.url + query)
    assert response.status_code == 200, response.status_code
    return form_key(response)


def post_step(client, page, data, *, step=1, key=None, action="next", query="", **extra):
    """POST one step of ``page`` with a fresh (or given) key; returns the response."""
    key = key or open_form(client, page, query or (f"?step={step}" if step > 1 else ""))
    payload = {"_key": key, "_step": str(step), "_action": action, **data}
    return client.post(page.url + query, payload, **extra)


URLENCODED = "application/x-www-form-urlencoded"


class _PostForms(HTMLParser):
    """The POST forms of a page, as (action, enctype), in page order."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.forms.append((attrs.get("action"), attrs.get("enctype") or URLENCODED))


def answer_form_target(html, page_url):
    """Where and how a browser sends the page's answer form (the one that is not the language switch)."""
    parser = _PostForms()
    parser.feed(html)
    forms = [(action, enctype) for action, enctype in parser.forms if not (action or "").startswith("/i18n/")]
    assert len(forms) == 1, forms
    action, enctype = forms[0]
    return (action or page_url), enctype


def post_as_browser(client, action, enctype, data, **extra):
    """POST ``data`` as a browser sends a form with this ``enctype``: URL-encoded unless it asks for multipart."""
    if enctype == "multipart/form-data":
        return client.post(action, data, **extra)
    return client.post(action, urlencode(data, doseq=True), content_type=URLENCODED, **extra)


def valid_id_number(first17="11010519491231002"):
    """An ID number with a correct GB 11643 check digit."""
    from forms_app.validators import id_check_digit

    return first17 + id_check_digit(first17)


def png_file(name="photo.png", size=(4, 4)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def in_page(response, text):
    """True when ``text`` appears in the page as the template would escape it."""
    return escape(str(text)) in response.content.decode()


# -- helpers for the case workbench ---------------------------------------------


def make_department(region, *, code=None, name=None, **extra):
    from organisation.models import Department

    code = code or f"d{Department.objects.count() + 1}"
    return Department.objects.create(code=code, name=name or f"部门{code}", region=region, **extra)


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
    team_a.post_a, team_a.post_b = post_a, post_b
    team_a.save()
    team_b.post_a = handler_b
    team_b.save()
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


# -- documents ------------------------------------------------------------------------------------------

RECEIPT_BODY = ("<p>{{ resident_name }}（身份证号 {{ id_number_masked }}）：</p>"
                "<p>您于{{ submitted_date }}提交的“{{ form_title }}”已收到，受理编号 {{ reference }}，"
                "所在网格：{{ grid }}。</p>")


def make_template(*, name="受理回执", title="受理回执", body=RECEIPT_BODY, serial_prefix="镇赉受字",
                  issuer="东湖街道办事处", kind="notice", **extra):
    from documents.models import DocumentTemplate

    template = DocumentTemplate(name=name, title=title, body=body, serial_prefix=serial_prefix, issuer=issuer,
                                kind=kind, **extra)
    template.full_clean()
    template.save()
    return template


def attach(form, trigger, template):
    """Attach a template to a form's event the way an editor does: in the page, published."""
    from documents.models import FormDocumentRule

    page = form.get_latest_revision_as_object()
    page.document_rules.add(FormDocumentRule(trigger=trigger, template=template))
    page.save_revision().publish()
    form.refresh_from_db()
    return FormDocumentRule.objects.get(page=form, trigger=trigger, template=template)


def make_resident_form(world, *, title="居民证明申请", slug="zheng-ming"):
    """A handling form that asks for the resident's name and ID number (what certificates print)."""
    form = make_form([("姓名", "singleline"), ("身份证号", "idnumber", {"required": False}),
                      ("问题描述", "multiline")], title=title, slug=slug)
    ids = {f.label: f.field_id for f in form.form_fields.all()}
    form.ids = ids
    return form


def resident_case(world, form, *, name="李堃喆", id_number=None, text="申请居住证明"):
    answers = {form.ids["姓名"]: name, form.ids["问题描述"]: text}
    if id_number:
        answers[form.ids["身份证号"]] = id_number
    return make_case(form, world.grid1, answers, category=world.category)


def pdf_text(data: bytes) -> str:
    """The text of a PDF, as pdftotext reads it (whitespace removed, so that wrapped lines join)."""
    import re
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", handle.name, "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))
