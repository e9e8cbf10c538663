from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Grid operations above the single case: 小板凳 meetings, 居民点单 and 党员报到 with 微心愿, and the
    四单 task lists pushed down to units. They act on cases only through the cases room's services, and
    print their notices through the documents room; the statistics room reads them."""

    name = "community"
    verbose_name = _("Community")

    def ready(self):
        """Each part connects its seams here (a part's own ``register()``), so the parts stay independent."""
        from . import orders  # AppConfig.ready: the models load after the registry

        orders.register()
