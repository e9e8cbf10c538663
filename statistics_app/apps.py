from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    """The figures leaders steer by, read from the cases room; the assessment scheme is its one model.

    The room is ``statistics_app``, not ``statistics``: a top-level ``statistics`` package would shadow
    Python's own module, which Django's SQLite backend imports.
    """

    name = "statistics_app"
    verbose_name = _("Statistics")

    def ready(self):
        """Let the documents room list and show the ranking notices (documents.subjects); keep the monthly
        rollup current: a case's history line marks its month, the tick's sweep builds the marked months."""
        # imports here: the documents room's models load only once the app registry is ready
        from cases.signals import case_event_recorded
        from cases.tick import register_sweep
        from documents.placeholders import register_placeholders
        from documents.subjects import register_subject

        from .assessment import notice
        from .rollup import refresh

        case_event_recorded.connect(refresh.on_case_event, dispatch_uid="statistics-rollup-mark")
        register_sweep("statistics_months", refresh.sweep, label="statistics months built")

        register_subject(notice.PREFIX, visible_to=notice.visible_to, describe=notice.describe)
        register_placeholders(notice.PLACEHOLDERS, notice.SAMPLES, notice.LONG_SAMPLES)
