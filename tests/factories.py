"""Factories for tests: real rows in the real database, built through the same APIs the admin uses."""
import factory
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from cases.constants import RegionLevel
from cases.models import Region
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
    """A published FormPage with ``fields`` (FormField instances or (label, type, extra) tuples)."""
    index = forms_index()
    page = FormPage(title=title, slug=slug or f"form-{FormPage.objects.count() + 1}", **page_kwargs)
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
