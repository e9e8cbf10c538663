from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        from .urls import register  # import here: before any URLconf is read, once the app is loaded

        register()
        from django.contrib.auth import get_user_model  # import here: the user model is loaded only now

        from .names import full_name  # import here: the user model is loaded only now

        get_user_model().get_full_name = full_name  # surname first, as names are written here (organisation.names)
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from . import signin  # import here: it reads the user model and Wagtail's Site, loaded only now

        user_logged_in.connect(signin.logged_in, dispatch_uid="govforms-audit-login")
        user_login_failed.connect(signin.login_failed, dispatch_uid="govforms-audit-login-failed")
        user_locked_out.connect(signin.locked_out, dispatch_uid="govforms-audit-lockout")

        from django.db.models.signals import post_delete, post_save

        from . import workdays  # import here: it reads the models, loaded only now
        from .models import WorkingDayOverride  # import here: the models are loaded only now

        for signal in (post_save, post_delete):
            signal.connect(workdays.forget_overrides, sender=WorkingDayOverride,
                           dispatch_uid=f"govforms-workdays-{signal is post_save}")
