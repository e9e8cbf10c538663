"""Admin integration of the organisation: the *Case settings* menu."""
from wagtail_modeladmin.options import modeladmin_register

from .admin import CaseSettingsGroup

modeladmin_register(CaseSettingsGroup)
