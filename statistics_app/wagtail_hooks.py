"""Wagtail admin integration of the statistics room: one *Statistics* menu whose entries each area adds.

Each area of the room (the overview and drill-down, assessment, surveys and check-ups) registers its admin
URLs and its entries of the menu in its own ``hooks`` module, imported below; the menu itself is a Wagtail
:class:`~wagtail.admin.menu.Menu` read from the ``register_statistics_menu_item`` hook, shown to whoever may
see at least one of its entries.
"""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

statistics_menu = Menu(register_hook_name="register_statistics_menu_item", construct_hook_name=None)


class StatisticsMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return bool(self.menu.menu_items_for_request(request))


@hooks.register("register_admin_menu_item")
def register_statistics_menu():
    return StatisticsMenuItem(_("Statistics"), statistics_menu, icon_name="table", order=250, name="statistics")

from .assessment import hooks as assessment_hooks  # noqa: E402,F401  (the assessment's URLs, menu entries, panel)
from .board import hooks as board_hooks  # noqa: E402,F401  the public results board's menu entry
from .overview import hooks as overview_hooks  # noqa: E402,F401  the overview's menu entry and addresses
from .surveys import hooks as survey_hooks  # noqa: E402,F401  (§5: survey results and check-ups)
