"""``manage.py refresh_statistics``: build the statistics rollup's due months now (the tick does it a few at a
time); ``--rebuild`` builds every month again (after an import, a restore, or a change to how a figure counts)."""
import time

from django.core.management.base import BaseCommand

from statistics_app.rollup.models import RollupMonth
from statistics_app.rollup.refresh import refresh_all


class Command(BaseCommand):
    help = "Build the months of the statistics rollup that are due (marked or never built); --rebuild: all."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="build every month again")

    def handle(self, *args, rebuild=False, **options):
        started = time.perf_counter()
        if rebuild:
            RollupMonth.objects.update(refreshed_at=None)
        built = refresh_all()
        self.stdout.write(f"{built} months built in {time.perf_counter() - started:.1f} s")
