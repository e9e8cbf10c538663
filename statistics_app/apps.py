from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    """The figures leaders steer by, read from the cases room (it defines no models of its own yet).

    The room is ``statistics_app``, not ``statistics``: a top-level ``statistics`` package would shadow
    Python's own module, which Django's SQLite backend imports.
    """

    name = "statistics_app"
    verbose_name = _("Statistics")
