"""The demo logins README.md lists (and bin/run prints from it) are the demo's: each exists and its password works."""
import re
from pathlib import Path

from config.demo import DEMO_PASSWORD
from django.contrib.auth import get_user_model

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_logins():
    """The logins of README's rows whose password is the demo's (``handler_sf``, ``handler_tj`` may share a row)."""
    rows = [line for line in README.read_text().splitlines() if f"`{DEMO_PASSWORD}`" in line]
    return [name for row in rows for name in re.findall(r"`([\w.-]+)`", row.split("|")[1])]


def test_every_login_the_readme_lists_signs_in_to_the_seeded_demo(demo):
    logins = readme_logins()
    assert {"admin", "dispatcher", "supervisor", "gridworker", "party1"} <= set(logins)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=logins)}
    assert set(logins) == set(users), set(logins) - set(users)
    assert all(u.is_active and u.check_password(DEMO_PASSWORD) for u in users.values())
