from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        """Plug the documents room into the seams of the rooms below (docs/architecture.md lists them)."""
        # imports here: models and the other rooms' modules can be loaded only once the app registry is ready
        from django.conf import settings

        import docfonts
        from cases import machine, tick
        from cases.admin.views import register_case_section
        from cases.signals import case_event_recorded
        from cases.views import register_tracking_section
        from forms_app import seams

        from . import editor, receivers, retention, sections
        from .constants import DOCUMENT_EVENTS

        docfonts.configure(font_dir=getattr(settings, "DOCUMENTS_FONT_DIR", None))
        case_event_recorded.connect(receivers.issue_documents, dispatch_uid="documents-issue")
        case_event_recorded.connect(retention.drop_personal_documents, dispatch_uid="documents-anonymised")
        machine.register_events(*DOCUMENT_EVENTS)
        tick.register_sweep("documents_requeued", receivers.requeue_stuck, label="documents re-queued")
        register_tracking_section(sections.resident_documents)
        register_case_section(sections.case_documents)
        seams.add_tab(editor.documents_tab)
        seams.add_page_check(editor.check_document_rules)
