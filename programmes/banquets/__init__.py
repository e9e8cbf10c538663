"""移风易俗: banquet declarations (红白喜事报备) — the declaration form's rules, the declaration each case of the
form makes, the grid worker's follow-up visit, the village's limits, the supervisor's list and the counts.

``register()`` connects this part's seams, called once from :meth:`programmes.apps.ProgrammesConfig.ready`.
"""


def register():
    """The form's answer check, the declaration made with each case, the tracking page's and the case page's
    sections, and the admin pages (hooks); the models are loaded by now."""
    from cases.admin.views import register_case_section  # inside a function: AppConfig.ready, models load first
    from cases.signals import case_event_recorded
    from cases.views import register_tracking_section
    from forms_app.seams import add_answer_check

    from . import hooks  # noqa: F401  (registers its admin URLs, menu entries and audit actions on import)
    from .checks import check_declaration
    from .sections import case_section, tracking_section
    from .services import on_case_event

    add_answer_check(check_declaration)
    case_event_recorded.connect(on_case_event, dispatch_uid="programmes-banquet-declare")
    register_tracking_section(tracking_section)
    register_case_section(case_section)
