"""The private tracking pages count each client address's requests: guessing tokens gets a 429 page."""
import pytest
from django.test import Client

from tests.factories import make_case_in

pytestmark = pytest.mark.django_db


def test_guessing_tracking_tokens_is_refused_after_the_rate_with_retry_after(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": "3/10m"}
    guesser = Client(REMOTE_ADDR="203.0.113.20", HTTP_ACCEPT_LANGUAGE="en")
    answers = [guesser.get(f"/track/guess-{n}/").status_code for n in range(4)]
    assert answers == [404, 404, 404, 429]
    refused = guesser.get("/track/guess-5/")
    assert 0 < int(refused["Retry-After"]) <= 600
    assert "Too many requests" in refused.content.decode()


def test_a_resident_on_another_address_still_reaches_their_case(settings, case_world):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": "1/10m"}
    case = make_case_in(case_world, "dispatched")
    guesser = Client(REMOTE_ADDR="203.0.113.20")
    guesser.get("/track/guess/")
    assert guesser.get(f"/track/{case.tracking_token}/").status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.21").get(f"/track/{case.tracking_token}/").status_code == 200


def test_the_tracking_pages_downloads_count_against_the_same_rate(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": "1/10m"}
    client = Client()
    assert client.get("/track/guess/").status_code == 404
    assert client.get("/track/guess/documents/1/").status_code == 429
