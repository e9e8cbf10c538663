"""The platform's clock. Deadlines, lights and the periodic tick read time only from here.

Tests (and the browser test of the warning light) move it with ``travel``
instead of sleeping; production never sets an offset.
"""
from datetime import timedelta

from django.utils import timezone

_offset = timedelta(0)


def now():
    return timezone.now() + _offset


def travel(delta: timedelta):
    """Move the clock forward by ``delta`` (cumulative)."""
    global _offset
    _offset += delta


def reset():
    global _offset
    _offset = timedelta(0)
