"""Wagtail admin integration of the community room: one *Community* menu whose entries each part adds.

Each part (meetings, orders and wishes, task lists) registers its admin URLs and its entries of the menu in
its own ``hooks`` module, imported below; the menu is a Wagtail :class:`~wagtail.admin.menu.Menu` read from
the ``register_community_menu_item`` hook, shown to whoever may see at least one of its entries.
"""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

community_menu = Menu(register_hook_name="register_community_menu_item", construct_hook_name=None)


class CommunityMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return bool(self.menu.menu_items_for_request(request))


@hooks.register("register_admin_menu_item")
def register_community_menu():
    return CommunityMenuItem(_("Community"), community_menu, icon_name="group", order=240, name="community")

from .tasklists import hooks as tasklist_hooks  # noqa: F401  (§6 四单: the task lists' URLs and menu entries)
from .meetings import hooks as meeting_hooks  # noqa: F401  (§4: meetings' URLs and menu entry)
