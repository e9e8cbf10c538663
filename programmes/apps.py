from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# each part's package imports no models at load; its register() does, from ready()
from . import banquets, checkups, honours, own_forms, services_guide, stars


class ProgrammesConfig(AppConfig):
    """The seeds' programmes, each a package of this room built from the rooms below: a form page, a case's
    workflow, document templates and batches, public pages. Each part connects its seams in its own
    ``register()``, called from :meth:`ready`, so the parts stay independent of each other."""

    name = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        """Each part's ``register()`` (its admin URLs, its sweeps, its sections of the case page)."""
        own_forms.register()  # the forms filled in only from a programme's own page (objections, appeals)
        services_guide.register()  # §1 便民服务: the guide holds its forms, the queues per service
        stars.register()  # §2 星级文明户: the tick's conferring sweep, the certificates' placeholders
        honours.register()  # §3 红黑榜: the tick's withdrawals, nominations' cases → entries, admin pages
        banquets.register()  # §4 移风易俗: the declaration form's rules, declarations, visits, limits, counts
        checkups.register()  # §5 大体检: the inspectors' gate, rectification lines, re-inspections
