"""The demo county's organisation, seeded from a sheet through the same import service staff use
(organisation.sheet): more towns, communities and villages, dozens of grids with their teams, A/B posts and
网格员, buildings and ten-household units below a grid, and a second A post holder for 幸福社区's grid station.

The sheet is ``demo_data/county.csv``, the same columns an administrator uploads under *Case settings → Regions →
Import from a sheet*. Importing it again changes nothing (idempotent).
"""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from organisation.sheet.apply import import_organisation
from organisation.sheet.columns import read_table, rows_of

SHEET = Path(__file__).parent / "demo_data" / "county.csv"

#: Sheet accounts that get the demo password (the others have none: an administrator would set it).
LOGINS = ("handler_a2",)


def seed_regions_sheet(password):
    upload = SimpleUploadedFile(SHEET.name, SHEET.read_bytes(), content_type="text/csv")
    plan = import_organisation(rows=rows_of(read_table(upload)), by=None, source=SHEET.name)
    for user in get_user_model().objects.filter(username__in=LOGINS):
        if not user.has_usable_password():
            user.set_password(password)
            user.email = user.email or f"{user.username}@demo.invalid"
            user.save()
    return plan
