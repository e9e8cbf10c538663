"""Issue 13 §4 and §7, end to end: a household declares a wedding over 幸福社区's limits on a 360 px phone. A date
already past is refused on its question; the review page warns that the size is over the limit, naming it; the
declaration is still made, and its tracking page repeats the warning. The supervisor finds it on the banquets'
*needs attention* page. axe-core checks every public page on the way."""
import datetime as dt

import pytest
from config.demo import DEMO_PASSWORD
from django.utils import timezone

from programmes.banquets.form_page import banquet_form
from programmes.models import BanquetDeclaration

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEXT = "button[name=_action][value=next]"
SUBMIT = "button[name=_action][value=submit]"


def choose(page, question, label):
    page.locator(f"#q-{question}").get_by_label(label, exact=True).check()


def fill_in(phone, date):
    choose(phone, "banquet_kind", "婚事")
    phone.get_by_label("举办日期").fill(date.isoformat())
    phone.get_by_label("举办地所在网格").select_option(label="幸福社区第一网格")
    phone.get_by_label("举办地点").fill("自家院内")
    phone.get_by_label("宴席桌数").fill("30")
    phone.get_by_label("参加人数").fill("260")
    choose(phone, "banquet_alcohol", "是")
    choose(phone, "banquet_fireworks", "否")
    choose(phone, "party_member", "是")
    phone.get_by_label("户主姓名").fill("王建国")
    phone.get_by_label("联系电话").fill("13912340000")
    phone.locator("#q-pledge input[type=checkbox]").check()


def test_a_banquet_declared_over_the_limit_is_warned_about_on_the_phone_and_the_supervisor_sees_it(
        demo, mobile_page, desktop_page, axe):
    phone, today = mobile_page, timezone.localdate()
    phone.goto(banquet_form().url)
    axe(phone, "banquet declaration form")
    fill_in(phone, today - dt.timedelta(days=1))
    phone.locator(NEXT).click()
    phone.locator("#error-summary").wait_for()
    assert "已过" in phone.locator("#q-banquet_date").inner_text()
    axe(phone, "banquet declaration refused: date past")
    assert not BanquetDeclaration.objects.filter(case__submission__form_data__phone="13912340000").exists()

    phone.get_by_label("举办日期").fill((today + dt.timedelta(days=14)).isoformat())
    phone.locator("#q-pledge input[type=checkbox]").check()
    phone.locator(NEXT).click()
    warning = phone.locator(".notice--warning").first
    warning.wait_for()
    assert "30" in warning.inner_text() and "幸福社区" in warning.inner_text() and "20" in warning.inner_text()
    axe(phone, "banquet review with the over-limit warning")
    phone.locator(SUBMIT).click()
    phone.locator("#reference").wait_for()
    axe(phone, "banquet receipt")
    reference = phone.locator("#reference").inner_text().strip()
    phone.locator("#tracking-link").click()
    phone.locator(".banquet-track .notice--warning").wait_for()
    axe(phone, "banquet tracking page")
    declaration = BanquetDeclaration.objects.get(case__reference=reference)
    assert declaration.over_limit and declaration.party_member and declaration.tables == 30

    staff = desktop_page
    staff.goto("/admin/login/")
    staff.fill("input[name=username]", "supervisor")
    staff.fill("input[name=password]", DEMO_PASSWORD)
    staff.click("button[type=submit]")
    staff.wait_for_url("**/admin/")
    staff.goto("/admin/programmes/banquets/attention/")
    over = staff.locator("#over + table")
    assert reference in over.inner_text()
    staff.get_by_role("link", name=reference).first.click()
    assert "30" in staff.locator(".banquet-facts").inner_text()
