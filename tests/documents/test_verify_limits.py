"""Document verification counts each client address's requests: enumerating codes gets a 429 page."""
import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_enumerating_verification_codes_is_refused_after_the_rate_with_retry_after(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify": "3/10m"}
    client = Client(REMOTE_ADDR="203.0.113.30", HTTP_ACCEPT_LANGUAGE="en")
    codes = ["ABCDEFGHJK", "BCDEFGHJKM", "CDEFGHJKMN", "DEFGHJKMNP"]
    answers = [client.get(reverse("verify_document", args=[code])).status_code for code in codes]
    assert answers == [404, 404, 404, 429]
    refused = client.get(reverse("verify"))
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 600
    assert "Too many requests" in refused.content.decode()
    assert Client(REMOTE_ADDR="203.0.113.31").get(reverse("verify")).status_code == 200


def test_with_no_rate_set_verification_is_not_limited(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify": ""}
    client = Client()
    assert {client.get(reverse("verify")).status_code for _n in range(5)} == {200}
