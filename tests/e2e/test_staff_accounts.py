"""Issue 9, staff accounts in a real browser: a supervisor sets up an authenticator app at the first sign-in
(the QR code's secret read off the page, the code computed as the app would), then signs in with password and
code; a handler of the demo still signs in with the password alone; and a locked-out sign-in gets its page."""
import time
from base64 import b32decode

import pytest
from config.demo import DEMO_PASSWORD
from django_otp.oath import TOTP

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def app_code(secret, at):
    """What the authenticator app shows at time ``at``. A code is accepted only once, and the server follows the
    app's clock from the code that set it up, so the second sign-in uses the code of the step right after the
    first one (``at + 30``), which the server accepts within its tolerance of one step."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = at
    return f"{totp.token():06d}"


def enter_password(page, username, password=DEMO_PASSWORD):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_a_supervisor_sets_up_the_app_then_signs_in_with_a_code(demo, desktop_page, settings, axe):
    settings.STAFF_2FA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code at once after a wrong one (the throttle has its own test)
    page = desktop_page

    enter_password(page, "supervisor")
    page.wait_for_url("**/admin/second-factor/set-up/**")
    assert page.get_by_role("img", name="待扫描的二维码").first.is_visible()
    axe(page, "second factor set-up")
    secret = page.locator("#otp-secret").inner_text()
    first = time.time()
    page.fill("input[name=code]", app_code(secret, first))
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")
    assert page.get_by_text("验证器应用已设置").is_visible()
    assert page.locator(".otp-recovery-codes code").count() == 10  # shown this once
    axe(page, "recovery codes")
    page.get_by_role("link", name="我已保存好恢复码，继续").click()
    page.wait_for_url("**/admin/")

    enter_password(page, "supervisor")
    page.wait_for_url("**/admin/second-factor/?next=**")
    axe(page, "second factor code")
    page.fill("input[name=code]", "000000" if app_code(secret, first + 30) != "000000" else "111111")
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")
    assert "验证码不正确" in page.locator(".messages .error").inner_text()
    page.fill("input[name=code]", app_code(secret, first + 30))
    page.click("form.login-form button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto("/admin/cases/workbench/")
    assert "/admin/cases/workbench/" in page.url


def test_a_demo_handler_signs_in_with_the_password_alone_when_not_required(demo, desktop_page, settings):
    settings.STAFF_2FA_REQUIRED = True  # required for supervisors and administrators only
    page = desktop_page
    enter_password(page, "handler")
    page.wait_for_url("**/admin/")


def test_a_locked_out_sign_in_gets_a_clear_page(demo, desktop_page, settings, axe):
    settings.AXES_FAILURE_LIMIT = 3
    page = desktop_page
    for _ in range(3):
        enter_password(page, "dispatcher", "wrong-password")
    assert page.get_by_role("heading", name="登录已锁定").is_visible()
    axe(page, "sign-in locked")
    enter_password(page, "dispatcher")
    assert page.get_by_role("heading", name="登录已锁定").is_visible()
    assert "/admin/login/" in page.url
