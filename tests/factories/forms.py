"""Forms, their submissions and the staff who edit them: real rows, built through the same APIs the admin uses."""
import factory
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from forms_app.models import FormField, FormPage, FormsIndexPage


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


def make_submission(page, answers, *, region=None, state=None, submit_time=None):
    """A stored submission with its case, as the resident flow leaves them; ``state`` moves the case on.

    The case is opened by the cases room's own service, which also scores check-ups.
    """
    import uuid

    from django.db import transaction

    from cases.models import Case
    from cases.services import case_open
    from forms_app import search
    from forms_app.models import Submission

    with transaction.atomic():
        submission = Submission.objects.create(
            page=page,
            form_data=answers,
            revision_id=page.live_revision_id,
            submission_key=uuid.uuid4().hex,
            region=region,
        )
        fields = list(page.form_fields.all())
        search.index(submission, fields)  # as forms_app.services.submit does
        case_open(submission=submission, form=page, region=region, fields=fields)
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
               username=None, reads=()):
    """A staff user who may use the admin, with page permissions on ``page`` (default: the forms index),
    in a group that may read the answers of the forms ``reads``."""
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
    for form in reads:
        grant_reading(form, group)
    return user


def grant_reading(form, group):
    """Let ``group`` read ``form``'s answers, as an editor ticking it under *Who may read the answers* and publishing."""
    from forms_app.models import FormPage

    FormPage.submission_readers.through.objects.get_or_create(formpage_id=form.pk, group=group)
