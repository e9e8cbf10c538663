"""Issue 11, in a real browser: the admin a zh-Hans staff member sees is Chinese, JavaScript-drawn parts
included (the block editor's placeholder, the sidebar), and no page asks another host for anything (avatars,
fonts, scripts): every request the browser makes, public pages and admin, goes to this site."""
from urllib.parse import urlsplit

import pytest
from config.demo import DEMO_PASSWORD

from cases.models import Case
from forms_app.models import FormPage, FormsIndexPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PLACEHOLDER = "输入内容，或键入“/”插入内容块"  # Wagtail's "Write something or type ‘/’ to insert a block"


def record_requests(page, live_server):
    """Every address the page asks for on another host, from now on."""
    own = urlsplit(live_server.url).netloc
    foreign = []
    page.on("request", lambda request: foreign.append(request.url)
            if urlsplit(request.url).scheme in ("http", "https") and urlsplit(request.url).netloc != own else None)
    return foreign


def test_a_resident_and_a_staff_member_load_nothing_from_another_host(demo, mobile_page, desktop_page,
                                                                       live_server):
    phone, desk = mobile_page, desktop_page
    phone_foreign, desk_foreign = record_requests(phone, live_server), record_requests(desk, live_server)
    case = Case.objects.exclude(tracking_token="").order_by("pk").first()
    for address in ("/", FormPage.objects.get(slug="suqiu").url, f"/track/{case.tracking_token}/", "/results/",
                    "/verify/"):
        phone.goto(address, wait_until="networkidle")

    desk.goto("/admin/login/")
    desk.fill("input[name=username]", "admin")
    desk.fill("input[name=password]", DEMO_PASSWORD)
    desk.click("button[type=submit]")
    desk.wait_for_url("**/admin/")
    index = FormsIndexPage.objects.first()
    form = FormPage.objects.get(slug="suqiu")
    for address in ("/admin/", f"/admin/pages/{index.pk}/", f"/admin/pages/{form.pk}/edit/", "/admin/cases/case/",
                    f"/admin/cases/workbench/{case.pk}/", "/admin/statistics/overview/", "/admin/account/"):
        desk.goto(address, wait_until="networkidle")

    assert phone_foreign + desk_foreign == []


def test_the_block_editor_and_the_sidebar_speak_chinese(demo, desktop_page):
    desk = desktop_page
    desk.goto("/admin/login/")
    desk.fill("input[name=username]", "editor")
    desk.fill("input[name=password]", DEMO_PASSWORD)
    desk.click("button[type=submit]")
    desk.wait_for_url("**/admin/")
    index = FormsIndexPage.objects.first()
    desk.goto(f"/admin/pages/add/forms_app/formpage/{index.pk}/?blank=1")  # not the templates offered first
    desk.locator(".Draftail-Editor").first.wait_for()
    # The placeholder of an empty rich text field: the block editor draws it before the empty block, in CSS.
    shown = desk.evaluate("""() => getComputedStyle(
        document.querySelector(".Draftail-block--unstyled.Draftail-block--empty"), "::before").content""")
    assert shown == f'"{PLACEHOLDER}"'
    sidebar = desk.locator("#wagtail-sidebar").inner_text()
    assert "页面" in sidebar and "Pages" not in sidebar and "Search" not in sidebar
