"""Issue 12 §2 and §7 in a phone's browser (360×740): a grid worker's 吹哨 report from the field, and a resident
who lost the tracking link finding the case again.

The grid worker signs in on the phone, taps *Report from patrol* on the admin home, and lands on the request
form in staff-entry mode: the channel is patrol, the region picker is on their grid and the photo question opens
the camera. The report is submitted with a photo; the printable receipt shows the reference and the tracking
link; the case records the patrol and the worker. Then, on the public lookup page (axe-clean), the reference and
a resident's number text the tracking link to that number.
"""
import time

import pytest
from config.demo import DEMO_PASSWORD

from cases.constants import Channel
from cases.models import Case
from forms_app.models import Upload
from organisation.models import Region
from tests.factories import png_file

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEXT = "button[name=_action][value=next]"
SUBMIT = "button[name=_action][value=submit]"


def sign_in(page, username):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def no_sideways_scroll(page, name):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name} scrolls sideways on a phone: {width}px wide"


def test_a_grid_worker_reports_from_patrol_on_a_phone(demo, mobile_page, tmp_path, settings):
    page = mobile_page
    grid = Region.objects.get(code="220821100001-01")
    sign_in(page, "gridworker")
    no_sideways_scroll(page, "admin home")

    started = time.monotonic()
    page.locator('[data-entry="patrol"]').click()  # one tap from the admin home
    page.wait_for_url("**/suqiu/")
    assert page.locator(".notice--staff").is_visible()
    assert page.get_by_label("所在网格").input_value() == str(grid.pk)
    photo = page.locator('input[type="file"]')
    assert photo.get_attribute("capture") == "environment" and photo.get_attribute("accept").startswith("image/*")
    no_sideways_scroll(page, "patrol form")

    page.get_by_label("诉求类别").select_option("环境卫生")
    page.get_by_label("问题描述").fill("巡查发现3号楼东侧路灯杆倾斜，有倒伏危险。")
    image = tmp_path / "scene.png"
    image.write_bytes(png_file().read())
    photo.set_input_files(str(image))
    page.locator(NEXT).click()
    page.wait_for_url("**/suqiu/?step=2")
    page.get_by_label("否").check()  # nobody to call back: the worker reports it themselves
    page.get_by_label("本人承诺所反映情况属实").check()
    page.locator(NEXT).click()
    page.wait_for_url("**/suqiu/?review=1")
    page.locator(SUBMIT).click()
    page.locator("#receipt-reference").wait_for()
    elapsed = time.monotonic() - started
    no_sideways_scroll(page, "receipt")

    case = Case.objects.select_related("entered_by").get(reference=page.locator("#receipt-reference").inner_text())
    assert case.channel == Channel.PATROL and case.entered_by.username == "gridworker" and case.region == grid
    assert Upload.objects.filter(submission=case.submission).count() == 1
    assert case.tracking_token in page.locator("#receipt-tracking").inner_text()
    print(f"\npatrol report, from the admin home's tap to the receipt (4 pages): {elapsed:.1f} s")


def test_a_resident_finds_the_case_again_by_reference_and_phone(demo, mobile_page, axe, tmp_path, settings):
    settings.SMS_BACKEND = "forms_app.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.log")
    case = Case.objects.filter(channel=Channel.PHONE, entered_by__isnull=False).first()
    page = mobile_page
    page.goto("/track/find/")
    axe(page, "lost link lookup")
    page.locator("#find-form button[type=submit]").click()
    page.locator("#error-summary").wait_for()
    axe(page, "lost link lookup with errors")
    page.get_by_label("受理编号").fill(case.reference)
    page.get_by_label("手机号码").fill("13900139001")
    page.locator("#find-form button[type=submit]").click()
    page.locator("#find-answer").wait_for()
    axe(page, "lost link lookup answered")
    [line] = (tmp_path / "sms.log").read_text(encoding="utf-8").splitlines()
    assert line.startswith("13900139001\t") and case.tracking_token in line


def test_a_dispatcher_takes_a_call_and_texts_the_tracking_link(demo, desktop_page, tmp_path, settings):
    settings.SMS_BACKEND = "forms_app.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.log")
    page = desktop_page
    sign_in(page, "dispatcher")
    page.goto("/admin/cases/enter/?channel=phone")
    assert page.locator('input[name="channel"][value="phone"]').is_checked()
    page.get_by_label("表单").select_option(label="诉求反映")
    page.locator("form[action='/admin/cases/enter/'] button[type=submit]").click()
    page.wait_for_url("**/suqiu/")
    page.get_by_label("诉求类别").select_option("噪音扰民")
    page.get_by_label("问题描述").fill("居民来电：楼上住户每晚装修到十一点，影响休息。")
    page.get_by_label("所在网格").select_option(label="幸福社区第二网格")
    page.locator(NEXT).click()
    page.wait_for_url("**/suqiu/?step=2")
    page.get_by_label("姓名").fill("周淑芬")
    page.get_by_label("联系电话").fill("13700137000")
    page.get_by_label("本人承诺所反映情况属实").check()
    page.locator(NEXT).click()
    page.wait_for_url("**/suqiu/?review=1")
    page.locator(SUBMIT).click()
    page.locator("#receipt-reference").wait_for()
    case = Case.objects.get(reference=page.locator("#receipt-reference").inner_text())
    assert case.channel == Channel.PHONE and case.entered_by.username == "dispatcher"
    assert "137****7000" in page.locator("#receipt-sms").inner_text()
    page.locator('#receipt-sms input[name="consent"]').check()
    page.locator("#receipt-sms button[type=submit]").click()
    page.locator(".messages").wait_for()
    [line] = (tmp_path / "sms.log").read_text(encoding="utf-8").splitlines()
    assert line.startswith("13700137000\t") and case.tracking_token in line
