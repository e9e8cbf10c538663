"""Sign-in throttling (django-axes) and the record of sign-ins (issue 9, section 3 and the login part of 2)."""
import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from wagtail.models import ModelLogEntry, Site

from organisation.constants import StaffRole
from tests.factories import make_member, make_staff

pytestmark = pytest.mark.django_db

PASSWORD = "pw-test-123"  # the factories' password


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.TRUSTED_PROXY_COUNT = 0


def sign_in(client, username, password, *, address="10.0.0.1", **extra):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password},
                       REMOTE_ADDR=address, **extra)


def signed_in(client):
    return "_auth_user_id" in client.session


def entries(action, **data):
    found = ModelLogEntry.objects.filter(action=action).order_by("pk")
    return [e for e in found if all(e.data.get(k) == v for k, v in data.items())]


def test_thirty_wrong_passwords_then_the_right_one_does_not_sign_in(client):
    staff = make_staff()
    for _ in range(30):
        sign_in(client, staff.username, "wrong")
    response = sign_in(client, staff.username, PASSWORD)
    assert not signed_in(client)
    assert response.status_code == 429


def test_a_few_wrong_passwords_below_the_limit_still_let_the_right_one_in(client):
    staff = make_staff()
    for _ in range(4):
        assert sign_in(client, staff.username, "wrong").status_code == 200
    assert sign_in(client, staff.username, PASSWORD).status_code == 302
    assert signed_in(client)


def test_a_locked_out_user_sees_a_clear_message_and_when_to_try_again(client, settings):
    staff = make_staff()
    for _ in range(5):
        response = sign_in(client, staff.username, "wrong")
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.AXES_COOLOFF_TIME.seconds)
    text = response.content.decode()
    assert "登录已锁定" in text and "30 分钟" in text
    english = sign_in(client, staff.username, "wrong", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 429
    assert "Too many failed sign-ins for this account or from this address" in english.content.decode()


def test_one_user_attacked_from_many_addresses_is_locked(client):
    staff = make_staff()
    for n in range(5):
        sign_in(client, staff.username, "wrong", address=f"10.0.1.{n}")
    assert sign_in(client, staff.username, PASSWORD, address="10.0.2.1").status_code == 429
    assert not signed_in(client)


def test_one_address_trying_many_usernames_is_locked_and_other_addresses_are_not(client):
    staff = make_staff()
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong", address="10.0.3.3")
    assert sign_in(client, staff.username, PASSWORD, address="10.0.3.3").status_code == 429
    assert not signed_in(client)
    assert sign_in(client, staff.username, PASSWORD, address="10.0.3.4").status_code == 302
    assert signed_in(client)


def test_behind_trusted_proxies_the_forwarded_client_address_is_counted(client, settings):
    """The same client address as the residents' limits (forms_app.services.client_address)."""
    settings.TRUSTED_PROXY_COUNT = 1
    staff = make_staff()
    for n in range(5):  # five different people behind the one load balancer, each mistyping a name once
        sign_in(client, f"typo{n}", "wrong", address="192.0.2.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert sign_in(client, staff.username, PASSWORD, address="192.0.2.1",
                   HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {f"203.0.113.{n}" for n in range(5)}


def test_a_sign_in_is_recorded_against_the_user_with_the_address(client):
    staff = make_staff()
    sign_in(client, staff.username, PASSWORD, address="10.0.4.4")
    [entry] = entries("govforms.login")
    assert entry.content_type.model == "user" and entry.object_id == str(staff.pk)
    assert entry.user_id == staff.pk
    assert entry.data == {"username": staff.username, "ip": "10.0.4.4", "step": "password"}


def test_a_failure_is_recorded_against_the_user_and_never_keeps_the_password(client):
    staff = make_staff()
    sign_in(client, staff.username, "s3cret-wrong", address="10.0.5.5")
    [entry] = entries("govforms.login_failed")
    assert entry.object_id == str(staff.pk) and entry.user_id is None
    assert entry.data == {"username": staff.username, "ip": "10.0.5.5", "step": "password"}
    assert "s3cret-wrong" not in str(entry.data) + entry.label


def test_a_failure_for_an_unknown_username_is_recorded_against_the_site(client):
    sign_in(client, "nobody-here", "wrong", address="10.0.6.6")
    [entry] = entries("govforms.login_failed")
    site = Site.objects.get(is_default_site=True)
    assert entry.content_type.model == "site" and entry.object_id == str(site.pk)
    assert entry.data["username"] == "nobody-here" and entry.data["ip"] == "10.0.6.6"


def test_a_lockout_is_recorded_once_when_the_limit_is_reached(client):
    staff = make_staff()
    for _ in range(8):
        sign_in(client, staff.username, "wrong", address="10.0.7.7")
    lockouts = entries("govforms.lockout")
    assert [e.data["by"] for e in lockouts] == ["username", "address"]
    assert all(e.object_id == str(staff.pk) and e.data["ip"] == "10.0.7.7" for e in lockouts)
    assert len(entries("govforms.login_failed")) == 8  # refused attempts while locked are failures too


def test_an_administrator_sees_the_locks_and_unlocks_a_user(client, admin_user):
    staff = make_staff()
    for n in range(5):
        sign_in(client, staff.username, "wrong", address=f"10.0.8.{n}")
    client.force_login(admin_user)
    listing = client.get(reverse("organisation_lockouts"))
    assert listing.status_code == 200
    assert f"<td>{staff.username}</td>" in listing.content.decode()
    response = client.post(reverse("organisation_lockouts_unlock"), {"kind": "username", "value": staff.username})
    assert response.status_code == 302
    assert f"<td>{staff.username}</td>" not in client.get(reverse("organisation_lockouts")).content.decode()
    [entry] = entries("govforms.unlock")
    assert entry.user_id == admin_user.pk and entry.object_id == str(staff.pk)
    assert entry.data["username"] == staff.username
    client.logout()
    assert sign_in(client, staff.username, PASSWORD, address="10.0.8.9").status_code == 302


def test_an_administrator_unlocks_an_address(client, admin_user):
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong", address="10.0.9.9")
    client.force_login(admin_user)
    assert "<td>10.0.9.9</td>" in client.get(reverse("organisation_lockouts")).content.decode()
    client.post(reverse("organisation_lockouts_unlock"), {"kind": "address", "value": "10.0.9.9"})
    assert "<td>10.0.9.9</td>" not in client.get(reverse("organisation_lockouts")).content.decode()
    [entry] = entries("govforms.unlock")
    assert entry.data["ip"] == "10.0.9.9" and entry.content_type.model == "site"


def test_staff_who_are_not_administrators_can_neither_see_nor_lift_locks(client, regions):
    supervisor = make_member(StaffRole.SUPERVISOR, region=regions["镇赉县"])
    for n in range(5):
        sign_in(client, "victim", "wrong", address=f"10.1.0.{n}")
    client.force_login(supervisor)
    # Wagtail answers a refused admin page with a redirect to the dashboard and a message.
    listing = client.get(reverse("organisation_lockouts"))
    assert listing.status_code == 302 and listing["Location"] == reverse("wagtailadmin_home")
    unlock = client.post(reverse("organisation_lockouts_unlock"), {"kind": "username", "value": "victim"})
    assert unlock.status_code == 302 and unlock["Location"] == reverse("wagtailadmin_home")
    assert AccessAttempt.objects.filter(username="victim").count() == 5
    assert not entries("govforms.unlock")


def test_an_unlock_request_without_a_target_says_so(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("organisation_lockouts_unlock"), {"kind": "username", "value": ""}, follow=True)
    assert response.status_code == 200
    assert "请选择" in response.content.decode()


def test_the_sign_ins_show_in_wagtails_site_history_for_an_administrator(client, admin_user):
    staff = make_staff()
    sign_in(client, staff.username, "wrong")
    sign_in(client, "nobody-here", "wrong")
    for _ in range(4):
        sign_in(client, staff.username, "wrong")
    client.force_login(admin_user)
    page = client.get(reverse("wagtailadmin_reports:site_history"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sign-in failed" in text
    assert "Locked out after repeated failed sign-ins" in text
    filtered = client.get(reverse("wagtailadmin_reports:site_history"), {"action": "govforms.lockout"})
    assert filtered.status_code == 200


def test_a_sign_in_forgets_the_users_own_failures_but_not_the_guesses_from_the_address(client):
    staff = make_staff()
    for n in range(3):
        sign_in(client, f"guess{n}", "wrong", address="10.2.0.1")
    sign_in(client, staff.username, "typo", address="10.2.0.1")
    assert sign_in(client, staff.username, PASSWORD, address="10.2.0.1").status_code == 302
    assert not AccessAttempt.objects.filter(username=staff.username).exists()
    assert AccessAttempt.objects.filter(ip_address="10.2.0.1").count() == 3
    client.logout()
    for n in range(2):
        sign_in(client, f"more{n}", "wrong", address="10.2.0.1")
    assert sign_in(client, staff.username, PASSWORD, address="10.2.0.1").status_code == 429
