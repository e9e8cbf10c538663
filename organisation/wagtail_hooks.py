"""Admin integration of the organisation: the *Case settings* menu, the audit log's actions, and staff
accounts (the second factor's pages, the administrator's *Locked sign-ins* under Settings)."""
from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.options import modeladmin_register

from . import account_views, import_views, lockouts, region_views
from .admin import CaseSettingsGroup
from .audit import register_actions
from .choosers import category_chooser_viewset

modeladmin_register(CaseSettingsGroup)
hooks.register("register_log_actions", register_actions)


@hooks.register("register_admin_viewset")
def register_category_chooser():
    """The form editor's category chooser, where editors with ``organisation.add_category`` add one."""
    return category_chooser_viewset


@hooks.register("register_admin_urls")
def register_account_urls():
    return [
        path("second-factor/", account_views.verify, name="second_factor_verify"),
        path("second-factor/set-up/", account_views.enrol, name="second_factor_enrol"),
        path("second-factor/recovery-codes/", account_views.recovery_codes, name="second_factor_recovery"),
        path("locked-sign-ins/", account_views.lockout_index, name="organisation_lockouts"),
        path("locked-sign-ins/unlock/", account_views.lockout_unlock, name="organisation_lockouts_unlock"),
        path("locked-sign-ins/remove-app/", account_views.remove_app, name="organisation_remove_app"),
        path("regions/", region_views.tree, name="organisation_regions"),
        path("regions/add/", region_views.add, name="organisation_region_add"),
        path("regions/<id:pk>/", region_views.edit, name="organisation_region_edit"),
        path("regions/<id:pk>/retire/", region_views.retire, name="organisation_region_retire"),
        path("regions/<id:pk>/delete/", region_views.delete, name="organisation_region_delete"),
        path("regions/import/", import_views.upload, name="organisation_import"),
        path("regions/import/confirm/", import_views.confirm, name="organisation_import_confirm"),
        path("regions/import/sample.<str:fmt>", import_views.sample, name="organisation_import_sample"),
    ]


@hooks.register("register_permissions")
def register_region_permissions():
    """Region permissions for groups (*Settings → Groups*): edit the tree, import the organisation sheet."""
    return Permission.objects.filter(content_type__app_label="organisation", codename__in=[
        "add_region", "change_region", "delete_region", "import_organisation"])


class AdministratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return lockouts.may_unlock(request.user)


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return AdministratorsMenuItem(_("Locked sign-ins"), reverse("organisation_lockouts"), name="locked-sign-ins",
                                  icon_name="lock", order=650)


@hooks.register("register_account_menu_item")
def register_second_factor_account_item(request):
    return {
        "url": reverse("second_factor_enrol"),
        "label": _("Authenticator app"),
        "help_text": _("Sign in with a one-time code from an app on your phone as well as your password."),
    }


@hooks.register("register_account_menu_item")
def register_recovery_codes_account_item(request):
    return {
        "url": reverse("second_factor_recovery"),
        "label": _("Recovery codes"),
        "help_text": _("Codes that open one sign-in each when your phone is not at hand."),
    }
