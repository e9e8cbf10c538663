"""Admin integration of the organisation: the *Case settings* menu and the audit log's actions."""
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from .admin import CaseSettingsGroup
from .audit import register_actions

modeladmin_register(CaseSettingsGroup)
hooks.register("register_log_actions", register_actions)
