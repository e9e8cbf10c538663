"""Wagtail admin integration of the programmes room: one *Programmes* menu whose entries each part adds.

Each part registers its admin URLs and its entries of the menu in its own ``hooks`` module, imported below;
the menu is read from the ``register_programmes_menu_item`` hook and shown to whoever may see one of its entries.
"""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

programmes_menu = Menu(register_hook_name="register_programmes_menu_item", construct_hook_name=None)


class ProgrammesMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return bool(self.menu.menu_items_for_request(request))


@hooks.register("register_admin_menu_item")
def register_programmes_menu():
    return ProgrammesMenuItem(_("Programmes"), programmes_menu, icon_name="pick", order=250, name="programmes")

from .stars import hooks as stars_hooks  # noqa: E402, F401  (§2 星级文明户: URLs, settings snippet, menu entry)
