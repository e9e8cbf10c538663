"""The second factor (TOTP) of a staff sign-in: set-up, the code step after the password, and who must use it."""
import re
import time
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from organisation.constants import StaffRole
from tests.factories import make_member
from tests.test_production_settings import production

pytestmark = pytest.mark.django_db

PASSWORD = "pw-test-123"


def code(key: bytes):
    """What the authenticator app shows now."""
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def sign_in(client, user):
    response = client.post(reverse("wagtailadmin_login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


@pytest.fixture
def supervisor(regions):
    return make_member(StaffRole.SUPERVISOR, region=regions["镇赉县"])


def test_with_the_setting_off_staff_sign_in_with_the_password_alone(client, supervisor, settings):
    settings.STAFF_2FA_REQUIRED = False
    sign_in(client, supervisor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_a_supervisor_without_an_app_is_sent_to_set_one_up_before_any_other_page(client, supervisor, settings):
    settings.STAFF_2FA_REQUIRED = True
    sign_in(client, supervisor)
    for address in (reverse("wagtailadmin_home"), "/admin/cases/workbench/", "/admin/reports/site-history/"):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("second_factor_enrol") + "?next=")


def test_an_administrator_must_set_one_up_too_but_a_handler_need_not(client, admin_user, regions, settings):
    settings.STAFF_2FA_REQUIRED = True
    client.force_login(admin_user)
    assert client.get(reverse("wagtailadmin_home"))["Location"].startswith(reverse("second_factor_enrol"))
    handler = make_member(StaffRole.HANDLER, region=regions["第一网格"])
    client.force_login(handler)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_setting_up_shows_a_qr_code_and_the_secret_and_a_right_code_confirms_it(client, supervisor, settings):
    settings.STAFF_2FA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code then the right one at once (throttling: its own test)
    sign_in(client, supervisor)
    page = client.get(reverse("second_factor_enrol"))
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html
    secret = re.search(r'<code id="otp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert client.get(reverse("second_factor_enrol")).content.decode().count(secret) == 1  # same secret on reload
    key = b32decode(secret.replace(" ", ""))
    wrong = client.post(reverse("second_factor_enrol"), {"code": "000000" if code(key) != "000000" else "111111"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    right = client.post(reverse("second_factor_enrol"), {"code": code(key), "next": "/admin/cases/workbench/"})
    assert right.status_code == 200 and "no-store" in right["Cache-Control"]
    assert len(recovery_codes_in(right)) == 10 and 'href="/admin/cases/workbench/"' in right.content.decode()
    assert TOTPDevice.objects.get(user=supervisor).confirmed
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert ModelLogEntry.objects.filter(action="govforms.otp_enrol", object_id=str(supervisor.pk)).exists()


def recovery_codes_in(page):
    return re.findall(r"<code>(\d{5}-\d{5})</code>", page.content.decode())


def issued_codes(client, user):
    """A signed-in, verified user asks for a new set of recovery codes."""
    page = client.post(reverse("second_factor_recovery"))
    assert page.status_code == 200
    return recovery_codes_in(page)


def verified(client, user, device):
    sign_in(client, user)
    assert client.post(reverse("second_factor_verify"), {"code": code(device.bin_key)}).status_code == 302


def test_a_recovery_code_opens_one_sign_in_when_the_phone_is_not_at_hand(client, supervisor):
    device = enrolled(supervisor)
    verified(client, supervisor, device)
    codes = issued_codes(client, supervisor)
    assert len(set(codes)) == 10
    client.logout()
    sign_in(client, supervisor)
    assert client.post(reverse("second_factor_verify"), {"code": codes[3]}).status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert "9" in client.get(reverse("second_factor_recovery")).content.decode()  # 9 left
    entry = ModelLogEntry.objects.filter(action="govforms.login", object_id=str(supervisor.pk)).latest("pk")
    assert entry.data["step"] == "recovery code" and entry.data["left"] == 9
    client.logout()
    sign_in(client, supervisor)
    again = client.post(reverse("second_factor_verify"), {"code": codes[3].replace("-", "")})
    assert again.status_code == 200 and client.get(reverse("wagtailadmin_home")).status_code == 302


def test_a_new_set_of_recovery_codes_retires_the_old_one(client, supervisor, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # an old code then a new one at once (throttling: as for the app)
    device = enrolled(supervisor)
    verified(client, supervisor, device)
    old = issued_codes(client, supervisor)
    new = issued_codes(client, supervisor)
    assert not set(old) & set(new)
    client.logout()
    sign_in(client, supervisor)
    assert client.post(reverse("second_factor_verify"), {"code": old[0]}).status_code == 200
    assert client.post(reverse("second_factor_verify"), {"code": new[0]}).status_code == 302


def test_recovery_codes_need_a_verified_session_and_an_app(client, supervisor, regions):
    device = enrolled(supervisor)
    sign_in(client, supervisor)  # password only
    response = client.post(reverse("second_factor_recovery"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("second_factor_verify"))
    assert not StaticToken.objects.filter(device__user=supervisor).exists()
    handler = make_member(StaffRole.HANDLER, region=regions["第一网格"])
    client.force_login(handler)
    assert client.post(reverse("second_factor_recovery"))["Location"] == reverse("second_factor_enrol")
    assert not StaticToken.objects.filter(device__user=handler).exists()
    assert device.user == supervisor


def test_a_user_with_an_app_enters_a_code_after_the_password(client, supervisor, settings):
    settings.STAFF_2FA_REQUIRED = False  # having an app is enough to be asked for it
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code then the right one at once (throttling: its own test)
    device = enrolled(supervisor)
    sign_in(client, supervisor)
    response = client.get("/admin/cases/workbench/")
    assert response["Location"] == reverse("second_factor_verify") + "?next=%2Fadmin%2Fcases%2Fworkbench%2F"
    wrong = client.post(response["Location"], {"code": "12345x"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    right = client.post(response["Location"], {"code": code(device.bin_key)})
    assert right.status_code == 302 and right["Location"] == "/admin/cases/workbench/"
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    steps = [(e.action, e.data["step"]) for e in ModelLogEntry.objects.filter(object_id=str(supervisor.pk))
             .filter(action__startswith="govforms.login").order_by("pk")]
    assert steps == [("govforms.login", "password"), ("govforms.login_failed", "totp"), ("govforms.login", "totp")]


def test_a_code_is_not_accepted_twice(client, supervisor):
    device = enrolled(supervisor)
    used = code(device.bin_key)
    sign_in(client, supervisor)
    client.post(reverse("second_factor_verify"), {"code": used})
    client.logout()
    sign_in(client, supervisor)
    again = client.post(reverse("second_factor_verify"), {"code": used})
    assert again.status_code == 200
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_repeated_wrong_codes_are_slowed_down(client, supervisor):
    device = enrolled(supervisor)
    sign_in(client, supervisor)
    for _ in range(3):
        client.post(reverse("second_factor_verify"), {"code": "000000"})
    refused = client.post(reverse("second_factor_verify"), {"code": code(device.bin_key)})
    assert refused.status_code == 429
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_a_password_alone_cannot_set_up_a_second_app_to_get_past_the_first(client, supervisor):
    enrolled(supervisor)
    sign_in(client, supervisor)
    response = client.get(reverse("second_factor_enrol"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("second_factor_verify"))
    assert TOTPDevice.objects.filter(user=supervisor).count() == 1


def test_the_code_step_sends_nowhere_outside_the_site(client, supervisor):
    device = enrolled(supervisor)
    sign_in(client, supervisor)
    response = client.post(reverse("second_factor_verify") + "?next=https://evil.example/", {"code": code(device.bin_key)})
    assert response["Location"] == reverse("wagtailadmin_home")


def test_production_requires_the_second_factor_unless_told_otherwise():
    script = ("import sys; sys.path[:0] = ['site', '.']; import django; django.setup(); "
              "from django.conf import settings as s; print(s.STAFF_2FA_REQUIRED)")
    assert production(["-c", script]).stdout.split() == ["True"]
    assert production(["-c", script], STAFF_2FA_REQUIRED="0").stdout.split() == ["False"]


def test_an_administrator_removes_a_lost_phones_app_and_the_user_sets_up_a_new_one(client, supervisor, admin_user,
                                                                                    settings):
    settings.STAFF_2FA_REQUIRED = True
    verified(client, supervisor, enrolled(supervisor))
    assert issued_codes(client, supervisor)
    client.force_login(admin_user)
    TOTPDevice.objects.create(user=admin_user, name="authenticator", confirmed=True)
    client.post(reverse("second_factor_verify"), {"code": code(TOTPDevice.objects.get(user=admin_user).bin_key)})
    response = client.post(reverse("organisation_remove_app"), {"username": supervisor.username}, follow=True)
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=supervisor).exists()
    assert not StaticToken.objects.filter(device__user=supervisor).exists()
    entry = ModelLogEntry.objects.get(action="govforms.otp_reset")
    assert entry.object_id == str(supervisor.pk) and entry.user_id == admin_user.pk
    client.logout()
    sign_in(client, supervisor)
    assert client.get(reverse("wagtailadmin_home"))["Location"].startswith(reverse("second_factor_enrol"))


def test_only_an_administrator_may_remove_an_app(client, supervisor, regions):
    enrolled(supervisor)
    other = make_member(StaffRole.SUPERVISOR, region=regions["镇赉县"])
    client.force_login(other)
    client.post(reverse("organisation_remove_app"), {"username": supervisor.username})
    assert TOTPDevice.objects.filter(user=supervisor).exists()
