"""星级文明户 in the admin: the rounds' settings as a snippet (criteria inline: configured without code), the
round pages, and the entry of the *Programmes* menu (programmes.wagtail_hooks imports this module)."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import StarRound
from . import admin_views, selectors


class StarRoundViewSet(SnippetViewSet):
    """A round's settings: its region, form, criteria with their maximum scores, the star thresholds, the notice's
    days, how names are published and the certificate. Its work (review, notice, objections) is on the round page."""

    model = StarRound
    icon = "pick"
    add_to_admin_menu = False
    url_prefix = "programmes/stars/settings"
    list_display = ["title", "region", "state"]
    panels = [
        FieldPanel("title"), FieldPanel("region"), FieldPanel("declaration_form"),
        InlinePanel("criteria", label=_("Criteria"), min_num=1),
        MultiFieldPanel([FieldRowPanel([FieldPanel("five_stars_at"), FieldPanel("four_stars_at"),
                                        FieldPanel("three_stars_at")])], heading=_("Stars by score")),
        FieldPanel("notice_days"), FieldPanel("name_style"), FieldPanel("certificate"),
    ]


star_rounds = StarRoundViewSet()
register_snippet(star_rounds)


class StarsMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or user.has_perm("programmes.add_starround") or \
            selectors.rounds_visible_to(user).exists()


@hooks.register("register_admin_urls")
def register_star_urls():
    return [
        path("programmes/stars/", admin_views.index, name="programmes_stars"),
        path("programmes/stars/<int:pk>/", admin_views.detail, name="programmes_star_round"),
        path("programmes/stars/<int:pk>/review/<int:case_pk>/", admin_views.review, name="programmes_star_review"),
        path("programmes/stars/<int:pk>/publish/", admin_views.publish, name="programmes_star_publish"),
        path("programmes/stars/<int:pk>/objections/<int:objection_pk>/", admin_views.decide,
             name="programmes_star_decide"),
        path("programmes/stars/<int:pk>/confer/", admin_views.confer, name="programmes_star_confer"),
    ]


@hooks.register("register_programmes_menu_item")
def register_stars_menu_item():
    return StarsMenuItem(_("Star households (星级文明户)"), reverse("programmes_stars"), icon_name="pick",
                         name="star-households", order=200)

