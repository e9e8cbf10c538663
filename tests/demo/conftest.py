"""The demo county (config.demo), seeded once for every test of this package: what the demo ships, for whom.

Seeding the demo with its months of history through the real services takes many seconds; the tests here only read
it (and act on it in their own savepoints). ``demo_county`` seeds it once, inside a transaction that spans the
package and is rolled back at its end; each test runs in a savepoint of it (pytest-django's ``db``), so what one
test changes the next does not see, and no test outside this package sees the demo. A test of the seed itself
(idempotence) runs ``seed_demo`` again inside its savepoint.
"""
import pytest


@pytest.fixture(scope="package")
def demo_county(django_db_setup, django_db_blocker):
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock():
        package = transaction.atomic()
        package.__enter__()
        try:
            with override_settings(DEBUG=True):
                call_command("seed_demo")
        except BaseException:
            transaction.set_rollback(True)
            package.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        package.__exit__(None, None, None)


@pytest.fixture
def demo(demo_county, db, settings):
    """The seeded demo for one test, in its own savepoint; DEBUG on, as ``seed_demo`` asks to run again."""
    settings.DEBUG = True
