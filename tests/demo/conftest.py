"""The demo county (config.demo), seeded once for every test of this package: what the demo ships, for whom.

``demo_county`` seeds it with its months of history once (tests.factories.demo.seeded_once: a transaction spanning the
package, rolled back at its end); each test runs in a savepoint of it, so what one test changes the next does not
see, and no test outside this package sees the demo. A test of the seed itself (idempotence) runs ``seed_demo``
again inside its savepoint.
"""
import pytest

from tests.factories.demo import seeded_once


@pytest.fixture(scope="package")
def demo_county(django_db_setup, django_db_blocker):
    yield from seeded_once(django_db_blocker)


@pytest.fixture
def demo(demo_county, db, settings):
    """The seeded demo for one test, in its own savepoint; DEBUG on, as ``seed_demo`` asks to run again."""
    settings.DEBUG = True
