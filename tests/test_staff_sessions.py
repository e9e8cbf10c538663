"""Staff sessions end after STAFF_IDLE_MINUTES without activity; residents' sessions are left alone (issue 9)."""
import time

import pytest
from config.middleware import SESSION_KEY
from django.urls import reverse

from forms_app.constants import FieldType
from tests.factories import field, make_form, open_form

pytestmark = pytest.mark.django_db


def age_session(client, minutes):
    session = client.session
    session[SESSION_KEY] = int(time.time()) - minutes * 60
    session.save()


def test_a_staff_member_idle_for_longer_than_allowed_is_signed_out_and_sent_to_the_login(client, admin_user,
                                                                                        settings):
    settings.STAFF_IDLE_MINUTES = 30
    client.force_login(admin_user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    age_session(client, 31)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # still signed out


def test_activity_within_the_idle_time_keeps_the_session(client, admin_user, settings):
    settings.STAFF_IDLE_MINUTES = 30
    client.force_login(admin_user)
    client.get(reverse("wagtailadmin_home"))
    age_session(client, 29)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert time.time() - client.session[SESSION_KEY] < 5  # the request counted as activity


def test_zero_minutes_means_sessions_never_time_out(client, admin_user, settings):
    settings.STAFF_IDLE_MINUTES = 0
    client.force_login(admin_user)
    client.get(reverse("wagtailadmin_home"))
    age_session(client, 24 * 60)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_a_residents_session_is_not_touched(client):
    page = make_form([field("name", FieldType.SINGLELINE)], always_review=True)
    open_form(client, page)
    assert SESSION_KEY not in client.session
