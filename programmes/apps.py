from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """The seeds' programmes, each a package of this room built from the rooms below: a form page, a case's
    workflow, document templates and batches, public pages. Each part connects its seams in its own
    ``register()``, called from :meth:`ready`, so the parts stay independent of each other."""

    name = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        """Each part's ``register()`` (its admin URLs, its sweeps, its sections of the case page)."""
        from .checkups import register as register_checkups  # here: the parts reach models loaded after the registry

        register_checkups()
