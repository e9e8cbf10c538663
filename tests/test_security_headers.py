"""The headers that keep residents' pages safe (issue 9): a strict Content-Security-Policy whose nonce is the one
on every script of the page, the admin's own policy (config.csp says why it differs), and no caching of the
pages that show a resident's private tracking link."""
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_a_resident_form_allows_only_scripts_that_carry_its_nonce(client, case_world):
    response = client.get(case_world.form.url)
    assert response.status_code == 200
    policy = directives(response)
    (nonce,) = NONCE.findall(" ".join(policy["script-src"]))
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["style-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert scripts, "the form page loads its rules script"
    assert all(f'nonce="{nonce}"' in tag for tag in scripts), scripts


def test_each_response_has_a_nonce_of_its_own(client, case_world):
    first, second = (NONCE.search(client.get(case_world.form.url)["Content-Security-Policy"]).group(1)
                     for _ in range(2))
    assert first != second


def test_resident_pages_carry_no_inline_event_handlers_or_styles(client, case_world):
    case = case_world.new_case()
    for url in (case_world.form.url, reverse("track", args=[case.tracking_token]), reverse("verify"), "/nowhere/"):
        html = client.get(url).content.decode()
        assert not re.search(r"\son[a-z]+\s*=", html), url
        assert not re.search(r"\sstyle\s*=|<style", html), url


def test_an_error_page_carries_the_strict_policy_too(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert directives(response)["object-src"] == ["'none'"]


def test_the_admin_has_its_own_policy_that_still_refuses_other_origins_and_plugins(client, admin_user):
    client.force_login(admin_user)
    policy = directives(client.get(reverse("wagtailadmin_home")))
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]  # Wagtail writes inline scripts without a nonce
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


@pytest.mark.parametrize("page", ["track", "form_done"])
def test_the_pages_with_a_private_tracking_link_are_never_stored(client, case_world, page):
    case = case_world.new_case()
    response = client.get(reverse(page, args=[case.tracking_token]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
