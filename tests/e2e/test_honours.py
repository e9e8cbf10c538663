"""§3 红黑榜 end to end: a resident on a 360×740 phone nominates a neighbour from the community's red and black
lists (the nomination form page), the community's dispatcher reviews it in the admin, the county supervisor
approves it and the dispatcher publishes it; the resident sees it on the public page with its period, and when
the platform clock (cases.clock.travel) passes the period's end the tick withdraws it. On the way the black
list shows 李** (never the full name), and its entry's appeal becomes a case. axe-core checks the public pages."""
from datetime import timedelta

import pytest
from config.demo import DEMO_PASSWORD

from cases import clock
from cases.tick import tick
from programmes.models import HonourAppeal, HonourEntry
from programmes.models.honours_machine import HonourState as S

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BOARD = "/honours/220821100001/"
NEXT = "button[name=_action][value=next]"


def log_in(page, username):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def act(page, entry, action, note=""):
    page.goto(f"/admin/programmes/honours/{entry.pk}/")
    form = page.locator(f'form[data-action="{action}"]')
    if note:
        form.locator("textarea[name=note]").fill(note)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    return page.locator("#entry-state").get_attribute("data-state")


def nominate_on_the_phone(page, axe):
    page.goto(BOARD)
    axe(page, "red and black lists")
    assert "李**" in page.locator("#black-list").inner_text() and "李堃喆" not in page.content()
    page.locator("#nominate").click()
    page.get_by_label("被推荐人（个人、家庭或单位）").fill("周桂英")
    page.get_by_label("推荐类别").select_option("见义勇为")
    page.get_by_label("所在网格").select_option(label="幸福社区第一网格")
    page.get_by_label("事迹简介").fill("冬夜跳入冰冷的嫩江救起落水儿童。")
    page.get_by_label("推荐人姓名").fill("钱多多")
    page.get_by_label("推荐人联系电话").fill("13800003333")
    page.locator(NEXT).click()  # a one-page form without a review step: submitted at once
    page.locator("#reference").wait_for()
    axe(page, "nomination receipt")
    return HonourEntry.objects.get(name="周桂英")


def appeal_on_the_phone(page, axe):
    page.goto(BOARD)
    page.locator("#black-list a").first.click()
    page.locator("#appeal-form").wait_for()
    axe(page, "appeal form")
    page.get_by_label("您的姓名").fill("李堃喆")
    page.get_by_label("手机号码").fill("13800004444")
    page.get_by_label("申诉理由").fill("当天我在外地出差，垃圾不是我扔的。")
    page.locator("#send-appeal").click()
    page.locator("#reference").wait_for()


def test_a_nomination_is_published_for_its_period_and_withdrawn_at_its_end(demo, desktop_page, mobile_page, axe):
    clock.reset()
    resident, staff = mobile_page, desktop_page
    entry = nominate_on_the_phone(resident, axe)
    assert (entry.state, entry.list, entry.category) == (S.NOMINATED, "red", "brave")

    log_in(staff, "dispatcher")
    assert act(staff, entry, "review", "已走访获救儿童家长核实") == S.REVIEWED
    log_in(staff, "supervisor")
    assert act(staff, entry, "approve") == S.APPROVED
    log_in(staff, "dispatcher")
    assert act(staff, entry, "publish") == S.PUBLISHED

    resident.goto(BOARD)
    card = resident.locator(f'#red-list li[data-entry="{entry.public_id}"]')
    assert "周桂英" in card.inner_text() and entry.ends_on.strftime("%Y-%m-%d") in card.inner_text()
    axe(resident, "red and black lists with the new entry")
    width = resident.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the lists scroll sideways on a phone: {width}px"

    appeal_on_the_phone(resident, axe)
    assert HonourAppeal.objects.filter(entry__list="black").count() == 1

    clock.travel(timedelta(days=91))
    try:
        assert tick()["honours_withdrawn"] >= 1
    finally:
        clock.reset()
    assert HonourEntry.objects.get(pk=entry.pk).state == S.WITHDRAWN
    resident.goto(BOARD)
    assert "周桂英" not in resident.locator("#red-list").inner_text()
    staff.goto(f"/admin/programmes/honours/{entry.pk}/")
    assert staff.locator('tr[data-event="expire"]').count() == 1
