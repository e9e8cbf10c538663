from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        """Plug the cases room into the forms room's seams (docs/architecture.md lists them)."""
        # imports here: models and the other rooms' modules can be loaded only once the app registry is ready
        from django.db.models.signals import post_init

        from forms_app import seams
        from forms_app.models import FormPage

        from . import machine, parts_machine, tick
        from .admin.editor import check_handling, handling_panel
        from .admin.submissions import CaseSubmissionsListView
        from .form_settings import give_new_form_case_settings
        from .intake import StaffIntake
        from .parts import sweep_overdue_parts
        from .receiver import CaseReceiver
        from .retention import sweep_retention
        from .scopes import uploads_in_reach

        seams.register_receiver(CaseReceiver())
        seams.add_settings_panel(handling_panel)
        seams.add_page_check(check_handling)
        seams.set_submissions_view(CaseSubmissionsListView)
        seams.set_upload_scope(uploads_in_reach)
        seams.register_staff_entry(StaffIntake())
        tick.register_sweep("anonymised", sweep_retention, label="anonymised")
        # 协办: the parts' lines in the case history, and their overdue sweep
        machine.register_events(*parts_machine.PART_TRANSITIONS.values(), *parts_machine.PART_EVENTS.values())
        tick.register_sweep("parts_overdue", sweep_overdue_parts, label="co-units' parts overdue")
        post_init.connect(give_new_form_case_settings, sender=FormPage, dispatch_uid="cases-new-form-settings")
