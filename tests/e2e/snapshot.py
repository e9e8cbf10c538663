"""The demo's database, seeded once per run and put back whole before each browser test that asks for it.

Seeding the demo county (config.demo.seed: regions, departments, forms, programmes, documents) through the real
services takes seconds; the browser tests each start from it. The first test seeds it and keeps a copy of every
table's rows (SQLite: the backup API into memory; PostgreSQL: ``COPY`` of each table, and the sequences' values);
each later test puts that copy back in one go, so every browser test still starts from exactly the demo, made by
the real code, only not made again. Anything the copy cannot do (a database user that may not switch off foreign
keys' triggers, say) falls back to seeding, so the tests never depend on it.
"""
import shutil
import sqlite3
import tempfile
from pathlib import Path

from django.db import connection, transaction

#: vendor → (the copy, the folder holding a copy of the private files the demo made: its documents' PDFs)
_copies: dict = {}


def restore(private_root):
    """Put the demo back from its copy, and its private files into ``private_root`` (each test has its own); False
    when there is no copy yet (seed, then :func:`take`)."""
    if connection.vendor not in _copies:
        return False
    copy, files = _copies[connection.vendor]
    shutil.copytree(files, private_root, dirs_exist_ok=True)
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy.backup(connection.connection)
    else:
        _pg_restore(copy)
    _forget_caches()
    return True


def take(private_root):
    """Keep a copy of the freshly seeded demo and of its private files; a database we cannot copy keeps none (each
    test then seeds)."""
    connection.ensure_connection()
    try:
        if connection.vendor == "sqlite":
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(copy)
        elif connection.vendor == "postgresql":
            copy = _pg_copy()
            _pg_restore(copy)  # proves the copy can be put back here, before any test relies on it
        else:
            return
    except Exception:  # noqa: BLE001 — no copy: the tests seed as before
        return
    files = Path(tempfile.mkdtemp(prefix="demo-files-"))
    if Path(private_root).is_dir():
        shutil.copytree(private_root, files, dirs_exist_ok=True)
    _copies[connection.vendor] = (copy, files)


def _pg_tables(cursor):
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                   "AND tablename <> 'django_migrations' ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _pg_copy():
    with connection.cursor() as cursor:
        raw = cursor.cursor
        tables = {}
        for table in _pg_tables(cursor):
            data = bytearray()
            with raw.copy(f'COPY "{table}" TO STDOUT (FORMAT binary)') as copy:
                for chunk in copy:
                    data += chunk
            tables[table] = bytes(data)
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()")
        sequences = cursor.fetchall()
    return {"tables": tables, "sequences": sequences}


def _pg_restore(copy):
    """Every table emptied and filled from the copy in one transaction, foreign keys' triggers off meanwhile (the
    rows are consistent as a whole, not in any table order), and the sequences set back."""
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table in copy["tables"]:  # DELETE, not TRUNCATE: no new files for ~150 tables and their indexes
            cursor.execute(f'DELETE FROM "{table}"')
        for table, data in copy["tables"].items():
            if len(data) > 21:  # a binary COPY of no rows is its header (19 bytes) and trailer (2) only
                with raw.copy(f'COPY "{table}" FROM STDIN (FORMAT binary)') as target:
                    target.write(data)
        for name, value in copy["sequences"]:
            if value is None:
                cursor.execute("SELECT setval(%s, 1, false)", [f'"{name}"'])
            else:
                cursor.execute("SELECT setval(%s, %s, true)", [f'"{name}"', value])


def _forget_caches():
    """The caches that hold rows by id: the copy's ids come back, those a test made after it do not."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    ContentType.objects.clear_cache()
    for alias in caches:
        caches[alias].clear()
