"""The admin's *Account* page, where a name is optional.

Wagtail's page saves all its panels in one form and requires a first and a last name. Many staff
accounts carry no surname (a name written whole, or none at all), so changing only the language or
the time zone failed with "姓：必需字段" at the top of the page, far from the language field. Here
both parts of the name may be left empty; the surname comes first, as names are written here.
"""
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.account import NameEmailForm
from wagtail.admin.views import account


class OptionalNameEmailForm(NameEmailForm):
    last_name = forms.CharField(required=False, label=_("Surname"), max_length=150)
    first_name = forms.CharField(required=False, label=_("Given name"), max_length=150)

    field_order = ["last_name", "first_name", "email"]


class OptionalNameSettingsPanel(account.NameEmailSettingsPanel):
    form_class = OptionalNameEmailForm


class AccountView(account.AccountView):
    """Wagtail's account page with the optional-name panel in place of Wagtail's own."""

    def get_panels(self):
        return [OptionalNameSettingsPanel(self.request, panel.user, panel.profile)
                if type(panel) is account.NameEmailSettingsPanel else panel
                for panel in super().get_panels()]
