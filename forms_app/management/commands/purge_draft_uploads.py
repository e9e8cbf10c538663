"""Delete files residents uploaded on a step of a form they never submitted."""
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from forms_app.models import Upload


class Command(BaseCommand):
    help = "Delete unattached draft uploads older than --hours (default 48)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=48)

    def handle(self, *, hours, **options):
        cutoff = timezone.now() - timedelta(hours=hours)
        removed = 0
        for upload in Upload.objects.filter(submission__isnull=True, created_at__lt=cutoff).iterator():
            upload.file.delete(save=False)
            upload.delete()
            removed += 1
        self.stdout.write(f"removed {removed} abandoned draft uploads")
