"""Issue 12 §5, end to end on a phone: a resident orders a service from the community's list (点单), the
community and the street pass it on (分单, 派单), a party member of the volunteer team takes it up on their
phone (领单), sees who ordered it only then, records it served, and the resident evaluates it. Then a
small wish (微心愿) made on the phone is claimed by a party member. axe-core checks every public page.
"""
import pytest
from config.demo import DEMO_PASSWORD
from django.contrib.auth import get_user_model

from cases import workflow as wf
from cases.constants import CaseState as S
from community.models import Service, ServiceOrder, Wish
from organisation.models import Department

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COMMUNITY = "220821100001"


def sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/orders/member/signin/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.locator("#sign-in").click()
    page.wait_for_url("**/orders/member/")


def order_on_the_phone(page, axe):
    page.goto(f"/orders/{COMMUNITY}/")
    axe(page, "services list")
    service = Service.objects.get(title="上门理发")
    page.get_by_role("link", name="点单“上门理发”").click()
    page.wait_for_url(f"**/services/{service.pk}/")
    axe(page, "order form")
    page.locator("#place-order").click()
    page.locator("#error-summary").wait_for()
    axe(page, "order form with errors")
    page.get_by_label("您的姓名").fill("周淑芬")
    page.get_by_label("手机号码").fill("13811112222")
    page.get_by_label("所在网格").select_option(label="幸福社区第一网格")
    page.get_by_label("具体需求").fill("老伴卧床，周五下午在家")
    page.locator("#place-order").click()
    page.locator("#reference").wait_for()
    axe(page, "order receipt")
    page.locator("#tracking-link").click()
    page.locator("#case-status").wait_for()
    assert "点单" in page.locator("#case-explanation").inner_text()
    axe(page, "order tracking")
    return ServiceOrder.objects.select_related("case").get(case__submission__form_data__phone="13811112222")


def test_a_residents_order_is_taken_up_by_a_party_member_on_the_phone(demo, mobile_page, axe):
    resident = mobile_page
    order = order_on_the_phone(resident, axe)
    tracking = resident.url

    dispatcher = get_user_model().objects.get(username="dispatcher")
    case = wf.case_accept(case=order.case, by=dispatcher)  # 分单
    wf.case_dispatch(case=case, to=Department.objects.get(code="xf-dy"), by=dispatcher)  # 派单

    member = resident.context.browser.new_context(base_url=resident.url.split("/track/")[0],
                                                  viewport={"width": 360, "height": 740}, is_mobile=True,
                                                  locale="zh-CN").new_page()
    sign_in(member, "party1")
    need = member.locator(f'li.need[data-need="{order.pk}"]')
    assert "周淑芬" not in need.inner_text() and "13811112222" not in member.content()  # need-to-know
    axe(member, "party member's page")
    need.get_by_role("button", name="领单").click()
    member.locator("#need-phone").wait_for()
    assert member.locator("#need-who").inner_text() == "周淑芬"
    assert "13811112222" in member.locator("#need-phone").inner_text()
    axe(member, "order taken up")
    member.get_by_label("服务内容").fill("已上门理发")
    member.locator("#record-need").click()
    member.wait_for_url("**/orders/member/")
    assert ServiceOrder.objects.get(pk=order.pk).case.state == S.RESOLVED
    member.context.close()

    resident.goto(tracking)
    resident.locator("#rating-5").check()
    resident.locator("#evaluation-form button[type=submit]").click()
    resident.locator(".notice--success").wait_for()
    assert ServiceOrder.objects.get(pk=order.pk).case.state == S.EVALUATED


def test_a_small_wish_made_on_the_phone_is_claimed_by_a_party_member(demo, mobile_page, axe):
    page = mobile_page
    page.goto(f"/orders/{COMMUNITY}/wish/")
    axe(page, "small wish form")
    page.locator("#send-wish").click()
    page.locator("#error-summary").wait_for()
    axe(page, "small wish form with errors")
    page.get_by_label("许愿人").fill("钱奶奶")
    page.get_by_label("心愿内容").fill("想学用智能手机视频通话")
    page.get_by_label("手机号码").fill("13633334444")
    page.locator("#send-wish").click()
    page.locator("#wish-made").wait_for()
    axe(page, "small wish sent")
    wish = Wish.objects.get(phone="13633334444")

    sign_in(page, "party2")
    row = page.locator(f'li.wish[data-wish="{wish.pk}"]')
    assert "钱**" in row.inner_text() and "钱奶奶" not in page.content()
    row.get_by_role("button", name="认领心愿").click()
    page.locator("#wish-phone").wait_for()
    assert page.locator("#wish-who").inner_text() == "钱奶奶"
    page.get_by_label("服务内容").fill("教会了视频通话")
    page.locator("#record-wish").click()
    page.wait_for_url("**/orders/member/")
    assert Wish.objects.get(pk=wish.pk).state == "done"
