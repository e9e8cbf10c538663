"""The results board in the admin's *Statistics* menu: a link to the public pages, as residents see them."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_statistics_menu_item")
def register_results_board_menu_item():
    return MenuItem(_("Public results board"), reverse("results_board"), icon_name="view", order=900,
                    name="results-board")
