"""Delete files residents uploaded on a step of a form they never submitted, request counts whose
window has ended (forms_app.throttle) and expired phone codes (forms_app.phone). bin/run runs it every five minutes; production from cron."""
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from forms_app import phone, throttle
from forms_app.models import Upload


class Command(BaseCommand):
    help = "Delete unattached draft uploads older than --hours (default DRAFT_UPLOAD_HOURS, 48) ended request counts and expired phone codes."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=None)

    def handle(self, *, hours, **options):
        cutoff = timezone.now() - timedelta(hours=settings.DRAFT_UPLOAD_HOURS if hours is None else hours)
        removed = 0
        for upload in Upload.objects.filter(submission__isnull=True, created_at__lt=cutoff).iterator():
            upload.file.delete(save=False)
            upload.delete()
            removed += 1
        counts, codes = throttle.purge_expired(), phone.purge_expired()
        self.stdout.write(f"removed {removed} abandoned draft uploads, {counts} ended request counts "
                          f"and {codes} expired phone codes")
