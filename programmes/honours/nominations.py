"""Residents' nominations for the red list (推荐好人好事): a form page like any other, whose cases become entries.

The nomination form is an ordinary form page (slug :data:`NOMINATION_FORM_SLUG`), so the resident gets the
usual receipt and tracking link and the community's dispatcher sees the nomination on the workbench. When its
case is opened (the ``submit`` line of its history, through ``cases.signals.case_event_recorded``), the
answers, found by their stable ids, become a red-list entry waiting for review. An editor may reword the
questions; a nomination that cannot be read (no community) stays a case and makes no entry.
"""
from datetime import timedelta

from django.utils import timezone

from cases.clock import now
from forms_app.building import build_form_page
from forms_app.constants import FieldType
from forms_app.models import FormPage
from organisation.access import ancestor_paths
from organisation.constants import RegionLevel
from organisation.models import Region

from ..constants import HonourCategory
from .services import HonourError, entry_nominated

NOMINATION_FORM_SLUG = "honours-nomination"
#: how long a nominated entry is shown, from the day of its nomination, unless staff change it on review
NOMINATION_DAYS = 90
#: the dropdown's answers → the red list's categories
CATEGORY_ANSWERS = {
    "好人好事": HonourCategory.GOOD_DEEDS, "孝老爱亲": HonourCategory.FILIAL, "见义勇为": HonourCategory.BRAVE,
    "诚实守信": HonourCategory.HONEST, "敬业奉献": HonourCategory.DEVOTED,
}
#: question id → (label, type, extra)
QUESTIONS = {
    "nominee": ("被推荐人（个人、家庭或单位）", FieldType.SINGLELINE, {"max_length": 50}),
    "category": ("推荐类别", FieldType.DROPDOWN, {"choices": "\n".join(CATEGORY_ANSWERS)}),
    "grid": ("所在网格", FieldType.REGION, {}),
    "deed": ("事迹简介", FieldType.MULTILINE, {"max_length": 1000}),
    "nominator": ("推荐人姓名", FieldType.SINGLELINE, {"personal": True}),
    "phone": ("推荐人联系电话", FieldType.MOBILE, {}),
}


def nomination_form():
    """The live nomination form page, or None."""
    return FormPage.objects.live().filter(slug=NOMINATION_FORM_SLUG).order_by("path").first()


def ensure_nomination_form(*, title="红榜推荐"):
    """The nomination form page, made beneath the forms index if there is none yet (the demo, a new site)."""
    page = nomination_form()
    if page is not None:
        return page
    return build_form_page(
        slug=NOMINATION_FORM_SLUG, title=title, questions=QUESTIONS,
        intro="<p>身边有好人好事、孝老爱亲、见义勇为的事迹？请推荐上红榜。社区核实、领导审核后在红黑榜公示。</p>")


def community_of(region):
    """The community or village a grid (or the community itself) belongs to, or None."""
    if region is None:
        return None
    if region.level == RegionLevel.COMMUNITY:
        return region
    return Region.objects.filter(path__in=ancestor_paths(region.path), level=RegionLevel.COMMUNITY).first()


def entry_from_nomination(sender, *, case, event, **kwargs):
    """``case_event_recorded``: the ``submit`` of a nomination's case makes its red-list entry, in its transaction."""
    if event.transition != "submit" or getattr(case.form, "slug", "") != NOMINATION_FORM_SLUG:
        return
    answers = case.submission.form_data or {}
    today = timezone.localdate(now())
    try:
        entry_nominated(case=case, category=CATEGORY_ANSWERS.get(answers.get("category"), HonourCategory.GOOD_DEEDS),
                        region=community_of(case.region), name=str(answers.get("nominee") or "")[:50],
                        deed=str(answers.get("deed") or ""), starts_on=today,
                        ends_on=today + timedelta(days=NOMINATION_DAYS))
    except HonourError:
        return  # an unreadable nomination stays a case for the dispatcher, without an entry
