"""Numbers that are never repeated: case reference numbers (``SQ-2026-000123``) and, through
:func:`next_number`, the documents room's serial numbers."""
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ReferenceCounter


def next_reference(prefix: str, *, now=None) -> str:
    """Issue the next number for ``prefix`` this year, e.g. ``SQ-2026-000123``."""
    year = timezone.localdate(now).year
    return f"{prefix}-{year}-{next_number(prefix, year):06d}"


def next_number(key: str, year: int) -> int:
    """The next number of the counter ``key`` for ``year`` (1, 2, 3 …).

    The UPDATE takes a row lock that is held until the caller's transaction
    commits, so concurrent callers queue on it and no number repeats; a rolled-back
    caller rolls back its number with it.
    """
    number = increment(key, year)
    if number is None:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(prefix=key, year=year, last=1)
            number = 1
        except IntegrityError:  # another transaction created it first
            number = increment(key, year)
    return number


def increment(prefix, year):
    """One statement, UPDATE … RETURNING (SQLite ≥ 3.35 and PostgreSQL): bump and read under the row lock."""
    connection = transaction.get_connection()
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE {table} SET "last" = "last" + 1 WHERE "prefix" = %s AND "year" = %s RETURNING "last"',
            [prefix, year],
        )
        row = cursor.fetchone()
    return row[0] if row else None
