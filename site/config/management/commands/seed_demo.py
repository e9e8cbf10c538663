from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load the demo county, forms and one login per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (never in production).")
        parser.add_argument("--without-history", action="store_true",
                            help="Leave out the months of past cases the statistics show (faster, for tests).")

    def handle(self, *args, force=False, without_history=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo logins with DEBUG off. Use --force only on a throwaway database.")
        from config.demo import DEMO_PASSWORD, USERS, seed  # import here: the demo is loaded only when asked for

        index = seed(history=not without_history)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready under {index.url or '/'}"))
        self.stdout.write("Demo logins (password for all: %s): %s" % (DEMO_PASSWORD, ", ".join(u[0] for u in USERS)))
