"""大体检, complete: check-up forms only inspectors open, over the communities in their reach (gate); a failed
check-up's rectification lines, one per failed item, and the re-inspection that closes the loop (services); the
community's history of check-ups, before and after (selectors, views); the lines on the case and tracking pages
(sections)."""


def register():
    """Connect the check-ups to the seams of the rooms below; called from ProgrammesConfig.ready."""
    # imports here: the cases room's models load only once the app registry is ready
    from cases import machine
    from cases.admin.views import register_case_section
    from cases.signals import case_event_recorded
    from cases.views import register_tracking_section
    from forms_app import seams

    from . import hooks  # noqa: F401  (registers its admin URLs and menu entry on import)
    from .events import CHECKUP_EVENTS
    from .gate import InspectorGate
    from .sections import case_section, tracking_section
    from .services import on_case_event

    machine.register_events(*CHECKUP_EVENTS)
    seams.add_form_gate(InspectorGate())
    register_case_section(case_section)
    register_tracking_section(tracking_section)
    case_event_recorded.connect(on_case_event, dispatch_uid="programmes.checkups")
