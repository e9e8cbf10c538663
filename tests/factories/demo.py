"""The demo county for tests that only read it."""


def seeded_once(django_db_blocker, **options):
    """For a module's or package's fixture: ``seed_demo`` (with ``options``) once, inside a transaction that spans
    its tests and is rolled back after them; each test runs in a savepoint of it (pytest-django's ``db``), so what
    one test changes the next does not see. Seeding through the real services takes many seconds, reading it none.
    """
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(DEBUG=True):
                call_command("seed_demo", **options)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
