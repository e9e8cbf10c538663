"""``manage.py cases_tick``: run the periodic sweep once (cron, systemd timer, or by hand)."""
from django.core.management.base import BaseCommand

from cases.tick import tick


class Command(BaseCommand):
    help = "Sweep open cases: raise overdue ones to supervisors, offer unclaimed ones to the B post, " \
           "auto-evaluate resolved cases the resident left unrated, and run the other rooms' sweeps " \
           "(documents stuck pending are queued again). Safe to run repeatedly."

    def handle(self, *args, **options):
        result = tick()
        self.stdout.write(result.summary())
