from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import meetings, orders, tasklists  # each part's package imports no models at load; its register() does, from ready()


class CommunityConfig(AppConfig):
    """Grid operations above the single case: 小板凳 meetings, 居民点单 and 党员报到 with 微心愿, and the
    四单 task lists pushed down to units. They act on cases only through the cases room's services, and
    print their notices through the documents room; the statistics room reads them."""

    name = "community"
    verbose_name = _("Community")

    def ready(self):
        """Each part connects its seams here (a part's own ``register()``), so the parts stay independent."""
        tasklists.register()  # §6 四单: the tick's sweep of overdue tasks
        meetings.register()  # §4 小板凳: the meeting line of a case's history, the notice and minutes documents
        orders.register()  # §5 居民点单, 党员报到, 微心愿: admin pages, the case page's order section, the tick's sweep
