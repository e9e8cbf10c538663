"""A resident opens the public results board (成绩晒单) on a phone, goes from the county down to a community
and back up by the breadcrumb; axe finds nothing on any page and none scrolls sideways at 360 px."""
import pytest

from tests.e2e.test_content_security_policy import watch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_resident_reads_the_results_board_from_the_county_down_to_a_community(demo, mobile_page, axe):
    from django.core.cache import cache

    cache.clear()
    page = mobile_page
    refused, requests = [], []
    watch(page, refused)
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/")
    page.get_by_role("link", name="成绩晒单：诉求办理情况").click()
    page.wait_for_url("**/results/")
    assert page.get_by_role("heading", level=1).inner_text() == "镇赉县成绩晒单"
    assert page.locator(".board-as-of time").is_visible()
    assert page.get_by_role("img", name="每月受理与办结件数柱状图；具体数字见下表。").is_visible()
    axe(page, "results board: county")

    page.get_by_role("link", name="镇赉镇").click()
    page.wait_for_url("**/results/*/")
    axe(page, "results board: street")

    page.get_by_role("link", name="幸福社区").click()
    page.wait_for_url("**/results/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "幸福社区成绩晒单"
    assert page.get_by_text("环境卫生：已联系物业处理，现场已清理干净。").is_visible()
    page.locator(".board-how summary").click()  # the "how is it counted" notes, open
    axe(page, "results board: community")
    html = page.content()
    for name in ("王芳", "刘建国", "张丽华", "13800138005"):
        assert name not in html

    # back up by the breadcrumb, and across by the region picker
    page.get_by_role("navigation", name="当前位置").get_by_role("link", name="镇赉县").click()
    page.wait_for_url("**/results/*/")
    page.get_by_label("查看其他地区").select_option(label="— — 东升村")
    page.locator(".board-picker").get_by_role("button", name="查看").click()
    page.wait_for_url("**/results/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "东升村成绩晒单"
    axe(page, "results board: a village with few cases")
    # the same page in English: its own cached copy, as clean
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", level=1, name="东升村: results board").wait_for()
    axe(page, "results board in English")
    assert not refused, "the Content-Security-Policy refused:\n" + "\n".join(refused)
    base = page.url.split("/results/")[0]
    assert all(url.startswith(base) for url in requests), [u for u in requests if not u.startswith(base)]
