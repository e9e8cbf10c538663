"""§2 星级文明户 end to end: a household declares on a phone (no star level to pick), the community scores the
declarations in the admin and puts the list on public notice, a neighbour objects on a phone (a second objection
from the same number is refused), the community upholds it and that household leaves the list, and after the
notice the stars are conferred with the certificates as one batch and the honour list shows the households.
axe-core checks the new public pages at 360 px."""
from datetime import timedelta

import pytest
from config.demo import DEMO_PASSWORD
from django.contrib.auth import get_user_model

from cases import clock
from cases.constants import CaseState
from programmes.constants import EntryState, RoundState
from programmes.models import StarEntry, StarRound
from programmes.stars import selectors, services
from programmes.stars.declaration_form import DECLARATION_SLUG

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEXT = "button[name=_action][value=next]"


def log_in(page, username):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def declare_on_the_phone(page):
    page.goto(f"/{DECLARATION_SLUG}/")
    assert page.get_by_label("申报星级").count() == 0 and page.get_by_label("五星").count() == 0  # no self-picked stars
    page.get_by_label("户主姓名").fill("马秀兰")
    page.get_by_label("家庭住址").fill("东升村一组3号")
    page.get_by_label("所在网格").select_option(label="东升村第一网格")
    page.get_by_label("联系电话").fill("13911112222")
    page.get_by_label("主要事迹").fill("照顾残疾丈夫二十年，带头移风易俗，简办婚事。")
    page.locator(NEXT).click()  # one page, no review step: it submits
    assert page.locator("#reference").inner_text().startswith("XJ-")


def object_on_the_phone(page, axe, round_, entry, *, status_text):
    page.goto(f"/stars/{round_.pk}/")
    axe(page, "public notice")
    page.get_by_role("link", name=f"对{entry.published_name}提出异议").click()
    axe(page, "objection form")
    page.get_by_label("异议内容").fill("该户去年大操大办寿宴，与移风易俗不符。")
    page.get_by_label("手机号码").fill("13722223333")
    page.locator("#send-objection").click()
    page.locator(status_text).wait_for()


def test_a_round_from_declaration_to_honour_list_with_one_objection(demo, desktop_page, mobile_page, axe):
    clock.reset()
    phone, staff = mobile_page, desktop_page
    declare_on_the_phone(phone)
    round_ = StarRound.objects.get(title__contains="东升村")
    dispatcher = get_user_model().objects.get(username="dispatcher")
    pending = list(selectors.pending_declarations(round_))
    mine = next(c for c in pending if c.submission.form_data["household"] == "马秀兰")
    for case in pending:  # the demo's two declarations by the service, the phone's one in the browser
        if case != mine:
            services.review(round_=round_, case=case, by=dispatcher,
                            scores={c.pk: c.max_score - 2 for c in round_.criteria.all()})

    log_in(staff, "dispatcher")
    staff.goto(f"/admin/programmes/stars/{round_.pk}/")
    section = staff.locator(f'section.declaration[data-case="{mine.pk}"]')
    for criterion in round_.criteria.all():
        section.locator(f'input[name="r{mine.pk}-c{criterion.pk}"]').fill("19")
    with staff.expect_navigation():
        section.locator("button[type=submit]").click()
    assert StarEntry.objects.get(case=mine).stars == 5
    with staff.expect_navigation():
        staff.locator("#publish-notice").click()
    round_.refresh_from_db()
    assert round_.state == RoundState.ON_NOTICE

    target = StarEntry.objects.get(round=round_, published_name="吴*珍户")
    object_on_the_phone(phone, axe, round_, target, status_text="#reference")
    object_on_the_phone(phone, axe, round_, target, status_text="#error-summary")  # the same number again
    assert "已对该户提出过异议" in phone.locator("#error-summary").inner_text()
    axe(phone, "objection refused")

    staff.goto(f"/admin/programmes/stars/{round_.pk}/")
    objection = staff.locator("section.objection")
    objection.locator("textarea[name=decision]").fill("经走访核实，异议属实。")
    with staff.expect_navigation():
        objection.locator("button[name=uphold][value='1']").click()
    assert StarEntry.objects.get(pk=target.pk).state == EntryState.REMOVED

    clock.travel(timedelta(days=round_.notice_days, minutes=5))
    staff.goto(f"/admin/programmes/stars/{round_.pk}/")
    with staff.expect_navigation():
        staff.locator("#confer").click()
    staff.locator("#batch-link").wait_for()
    assert StarEntry.objects.get(case=mine).case.state == CaseState.RESOLVED

    phone.goto(f"/stars/{round_.pk}/")
    phone.locator("#honour-intro").wait_for()
    honours = phone.locator("main").inner_text()
    assert "马*兰户" in honours and "吴*珍户" not in honours and "马秀兰" not in honours
    axe(phone, "honour list")
    phone.goto("/stars/")
    axe(phone, "star rounds")
