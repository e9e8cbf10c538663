"""A staff member changes the language of the admin without being made to fill in a surname first."""
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.factories import make_staff

pytestmark = pytest.mark.django_db


class _Fields(HTMLParser):
    """What a browser sends for the account page's form as it is shown: each field with its current value."""

    def __init__(self):
        super().__init__()
        self.data, self._select = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("file", "submit", "button"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def account_form(client):
    response = client.get(reverse("wagtailadmin_account"))
    assert response.status_code == 200
    parser = _Fields()
    parser.feed(response.content.decode())
    return parser.data


def test_a_staff_member_without_a_surname_changes_the_language(client):
    user = make_staff()
    assert user.first_name == user.last_name == ""
    client.force_login(user)
    data = account_form(client)
    assert data["name_email-last_name"] == "" and data["name_email-first_name"] == ""
    data["locale-preferred_language"] = "en"

    response = client.post(reverse("wagtailadmin_account"), data)

    assert response.status_code == 302, "姓：必需字段" in response.content.decode()
    assert UserProfile.get_for_user(user).preferred_language == "en"


def test_the_surname_comes_first_and_a_name_given_is_kept(client):
    user = make_staff()
    client.force_login(user)
    data = account_form(client)
    names = [key for key in data if key.startswith("name_email-") and key.endswith("name")]
    assert names == ["name_email-last_name", "name_email-first_name"]
    data.update({"name_email-last_name": "王", "name_email-first_name": "晓丽"})
    assert client.post(reverse("wagtailadmin_account"), data).status_code == 302
    user.refresh_from_db()
    assert (user.last_name, user.first_name) == ("王", "晓丽")
