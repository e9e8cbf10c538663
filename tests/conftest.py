import pytest
from django.db import connections


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Each test writes uploads to its own private folder."""
    private = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = private
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(private), "base_url": None}},
    }
    from django.core.files.storage import storages

    storages._storages.pop("private", None)
    # Upload.file resolved its storage once, when the model was loaded: point it at this test's folder too,
    # or test uploads land in the real PRIVATE_MEDIA_ROOT.
    from cases.models import CaseFile
    from documents.models import Document, DocumentBatch
    from forms_app.models import Upload

    file_fields = [model._meta.get_field("file") for model in (Upload, CaseFile, Document, DocumentBatch)]
    originals = [f.storage for f in file_fields]
    for file_field in file_fields:
        file_field.storage = storages["private"]
    yield
    for file_field, original in zip(file_fields, originals):
        file_field.storage = original
    storages._storages.pop("private", None)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language: the test client leaves the last request's language active
    in this thread (an English request would otherwise make later tests compare against English)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def regions(db):
    from tests.factories import make_regions

    return make_regions()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory, request):
    """On SQLite, test in a file database like the embedded default, not Django's shared-cache memory one.

    Shared-cache memory databases lock whole tables and ignore the busy timeout, so
    concurrent-submission tests would fail there for reasons production never sees.
    """
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3" and not db.get("TEST", {}).get("NAME"):
        worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.getbasetemp() / f"test-{worker}.sqlite3")


# -- the case machine -----------------------------------------------------------


@pytest.fixture
def case_world(db):
    """A small organisation with one person per role; see tests.factories.make_case_world."""
    from tests.factories import make_case_world

    return make_case_world()


@pytest.fixture
def make_case(db):
    """``make_case(page, region, answers=None, *, category=None, **fields)``: a submitted case, opened
    with its submission in one transaction through cases.services.case_open."""
    from tests.factories import make_case

    return make_case


@pytest.fixture(autouse=True)
def _case_clock():
    """Every test starts, and leaves, the case clock at real time."""
    from cases import clock

    clock.reset()
    yield
    clock.reset()


@pytest.fixture(autouse=True)
def _working_day_table():
    """Each test reads the working-day overrides anew: a test's rows are rolled back, which no signal reports."""
    from organisation import workdays

    workdays.forget_overrides()
    yield
    workdays.forget_overrides()


# -- Hypothesis: bounded and reproducible by default (CI); HYPOTHESIS_PROFILE=explore looks further -------------
def _hypothesis_profiles():
    import os

    from hypothesis import HealthCheck, Phase, settings

    # The fuzz tests share one database world per test (a function-scoped fixture) across their examples on
    # purpose: each example is a request against the same rows.
    common = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    # No shrinking in CI: a walk reports every address that failed in it, which says more than one shrunk example.
    settings.register_profile("ci", derandomize=True, database=None, max_examples=3, print_blob=True,
                              phases=[Phase.explicit, Phase.generate], **common)
    settings.register_profile("explore", max_examples=200, **common)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_hypothesis_profiles()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keep the migrated database's serialized contents (Wagtail's root page, the groups the migrations make) for
    every ``serialized_rollback`` test, whichever connection object it gets.

    Django restores them from an attribute of the connection object it created the test database with. Once the
    browser tests have run Playwright's event loop in this thread, asgiref hands out connection objects per
    context, and a later test's object lacks the attribute: Django then silently restores nothing (the
    concurrency tests after the browser tests found no root page). The attribute on the class is seen by all.
    """
    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents
    _restore_without_stray_content_types()
    with django_db_blocker.unblock():
        _flush_postgresql_by_delete()
    yield


def _restore_without_stray_content_types():
    """Before restoring the serialized rows, remove content types the restore does not hold.

    A browser test's last request may still run in the live server's thread after its test flushed the database,
    and make a content type again under a new id; the next restore would collide with it (``UNIQUE constraint
    failed: django_content_type``) and every test after it would fail at its setup. Such strays (normally none:
    one query) are deleted with what refers to them, and the content types' cache forgotten. The reference index
    stays out of the restore (the rows it indexes are restored with their index).
    """
    import json

    from django.contrib.contenttypes.models import ContentType
    from django.db.backends.base.creation import BaseDatabaseCreation
    from wagtail.signal_handlers import disable_reference_index_auto_update

    restore = BaseDatabaseCreation.deserialize_db_from_string
    if getattr(restore, "drops_strays", False):
        return
    known = {}

    def deserialize_db_from_string(self, data):
        if data not in known:
            known[data] = [ContentType(pk=row["pk"], **row["fields"]) for row in json.loads(data)
                           if row["model"] == "contenttypes.contenttype"]
        alias = self.connection.alias
        strays = ContentType.objects.using(alias).exclude(pk__in=[ct.pk for ct in known[data]])
        if strays.exists():
            strays.delete()
        # the cache holds exactly the content types restored: Wagtail's tasks ask for theirs while the restore builds
        # them (Task.__init__), and a cold cache would make those under new ids before the restore puts them back
        ContentType.objects.clear_cache()
        for content_type in known[data]:
            ContentType.objects._add_to_cache(alias, content_type)
        # Wagtail's reference index, on each row saved, would ask for content types the restore has not put back
        # yet, and make them under new ids
        with disable_reference_index_auto_update():
            restore(self, data)

    deserialize_db_from_string.drops_strays = True
    BaseDatabaseCreation.deserialize_db_from_string = deserialize_db_from_string


def _flush_postgresql_by_delete():
    """On PostgreSQL, a transactional test's flush deletes the rows instead of truncating the tables.

    ``TRUNCATE`` of the project's ~150 tables makes new files for each table and index: seconds per flush, paid
    after every transactional and browser test. ``DELETE`` of their few test rows takes milliseconds. The foreign
    keys' triggers are off meanwhile (``session_replication_role``, a superuser's setting, as the test database's
    owner on CI is), since every table is emptied at once; without that right Django's own flush is kept.
    """
    from django.db import connection
    from django.db.backends.postgresql.operations import DatabaseOperations

    if connection.vendor != "postgresql" or getattr(DatabaseOperations.sql_flush, "deletes", False):
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return
    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return (["SET LOCAL session_replication_role = replica;"]
                + [f"DELETE FROM {self.quote_name(table)};" for table in tables]
                + ["SET LOCAL session_replication_role = DEFAULT;"])

    sql_flush.deletes = True
    DatabaseOperations.sql_flush = sql_flush


def pytest_collection_modifyitems(items):
    """Every transactional test restores the migrated rows (``serialized_rollback``), not only those that ask.

    A transactional test that does not ask flushes the database at its end and lets ``post_migrate`` create the
    content types and permissions again under new ids; the next test that restores the serialized rows then
    collides with them (``UNIQUE constraint failed: django_content_type``). With every transactional test
    serialized, each flush is silent and each test starts from the migrated rows.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        uses_transactions = bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))
        if marker is not None:
            kwargs = dict(marker.kwargs)
            if marker.args:
                kwargs.setdefault("transaction", marker.args[0])
            if not (kwargs.get("transaction") or uses_transactions) or kwargs.get("serialized_rollback"):
                continue
            item.add_marker(pytest.mark.django_db(**{**kwargs, "transaction": True, "serialized_rollback": True}),
                            append=False)
        elif uses_transactions:
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False)
