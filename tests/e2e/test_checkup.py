"""Issue 13 §5 and §7 in a phone's browser (360×740): an inspector's 80-item check-up failing three items, the
rectification of those three lines, and the re-inspection that closes the loop.

The demo's inspector of 镇赉镇 signs in on the phone and opens the city's list (/tijian/, axe-clean, no sideways
scroll), picks 幸福社区第一网格 from the communities of their reach, answers the 80 items — three of 2 points "no" —
and submits: the receipt (axe-clean) leads to the tracking page with the score and the three failed items. The grid
team works the rectification (three lines marked, the case resolved, through the services); the inspector checks
again, every item "yes", and the rectification is archived; the community's history shows the before and after.
"""
import pytest
from config.demo import DEMO_PASSWORD
from django.contrib.auth import get_user_model
from django.urls import reverse

from cases import workflow
from cases.models import Case
from forms_app.models import FormField, FormPage
from organisation.models import Department, Region
from programmes.checkups.services import mark_rectified

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, username):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def no_sideways_scroll(page, name):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name} scrolls sideways on a phone: {width}px wide"


def fill_checkup(page, grid, failing=()):
    """Every item "yes" but the ``failing`` field ids "no", on the one page of the check-up."""
    page.get_by_label("被检查社区网格").select_option(str(grid.pk))
    page.get_by_label("检查日期").fill("2026-12-03")
    page.get_by_label("检查人").fill("韩立新")
    for radio in page.locator('input[type=radio][value="yes"]').all():
        radio.check()
    for field_id in failing:
        page.locator(f'input[name="{field_id}"][value="no"]').check()
    page.locator("button[name=_action][value=next]").click()  # one page, no review: it submits
    page.locator("#reference").wait_for()
    return Case.objects.filter(form__slug="tijian").latest("pk")


def test_an_inspector_checks_a_community_on_a_phone_and_re_inspects_it_after_rectification(demo, mobile_page, axe):
    page = mobile_page
    grid = Region.objects.get(code="220821100001-01")
    form = FormPage.objects.get(slug="tijian")
    items = FormField.objects.filter(page=form, field_type="checkupitem").order_by("sort_order")
    assert items.count() == 80
    heavy = [f.field_id for f in items if f.weight == 2][:3]
    sign_in(page, "inspector")

    page.goto("/tijian/")
    axe(page, "check-up, 80 items")
    no_sideways_scroll(page, "check-up")
    offered = page.get_by_label("被检查社区网格").locator("option").all_inner_texts()
    assert "幸福社区第一网格" in offered and "东升村第一网格" not in offered  # only the inspector's reach
    case = fill_checkup(page, grid, heavy)
    axe(page, "check-up receipt")
    assert float(case.score) == 94 and case.rectification_items.count() == 3

    page.goto(reverse("track", args=[case.tracking_token]))
    page.locator("#checkup-score").wait_for()
    assert page.locator("[data-failed-item]").count() == 3
    no_sideways_scroll(page, "tracking page")

    dispatcher, handler = (get_user_model().objects.get(username=name) for name in ("dispatcher", "handler"))
    case = workflow.case_accept(case=case, by=dispatcher)
    case = workflow.case_dispatch(case=case, to=Department.objects.get(code="xf-grid"), by=dispatcher)
    case = workflow.case_claim(case=case, by=handler)
    for line in case.rectification_items.all():
        mark_rectified(item_id=line.pk, by=handler, note="已整改")
    workflow.case_resolve(case=case, by=handler, result="三项已整改到位。")

    page.goto("/tijian/")
    again = fill_checkup(page, grid)
    assert float(again.score) == 100
    case.refresh_from_db()
    assert case.state == "archived" and case.reinspection.checkup == again

    page.goto(reverse("programmes_checkup_history", args=[grid.get_parent().pk]))
    entry = page.locator(f'[data-checkup="{case.reference}"]')
    assert entry.locator("[data-history-line]").count() == 3
    assert entry.locator("[data-after]").all_inner_texts() == ["是", "是", "是"]
    assert entry.locator("[data-reinspection]").is_visible()
