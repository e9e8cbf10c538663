"""The pages staff and residents see, rendered once from the demo: in Chinese, and loading nothing from elsewhere.

- A staff member whose admin language is zh-Hans sees no English on the main admin pages, Wagtail's own
  strings included (those Wagtail ships untranslated are translated in our catalogue, config.wagtail_strings);
  only proper nouns and codes are allowed.
- No page, public or admin, loads anything from another host (fonts, scripts, images, Gravatar avatars):
  every address a browser would fetch on its own is on this site.
"""
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from config.demo import USERS, seed
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.forms_app.test_admin_forms import page_data, question

pytestmark = pytest.mark.django_db  # the module's pages are rendered once, by the fixture ``rendered``

#: Words that stay as they are in a Chinese admin: names of products, languages, formats and settings; the
#: slug's example address; Wagtail's root page; the demo's login names (shown where a name is shown).
ALLOWED_WORDS = {
    "Wagtail", "English", "Excel", "RETENTION_DAYS", "jpg", "png", "gif", "webp", "heic", "pdf",
    "http", "domain", "com", "work", "my", "Root", *(user[0] for user in USERS),
}
#: Wagtail writes these in its templates without gettext: no catalogue can translate them.
UNTRANSLATABLE = {"Actions"}
WORD_RE = re.compile(r"[A-Za-z][A-Za-z_]+")
CODE_RE = re.compile(r"^[A-Z]+$")  # reference prefixes (SQ), verification codes, units (MB), formats (CSV)
#: Attributes whose text a person reads or hears.
READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
HIDDEN_TAGS = ("script", "style", "template", "svg", "noscript")
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Page(HTMLParser):
    """The text of a page as a person meets it, and every address a browser fetches for it by itself."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.fetched, self._option = [], [], None
        self._hiding, self._depth = None, 0  # the element whose content is not shown, and how deep in it we are

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self.fetched += fetched_addresses(tag, attrs)
        if self._hiding:
            self._depth += tag == self._hiding
            return
        if tag in HIDDEN_TAGS or ("hidden" in attrs and tag not in VOID_TAGS):
            self._hiding, self._depth = tag, 1
            return
        self.texts += [attrs[name] for name in READ_ATTRIBUTES if attrs.get(name)]
        self._option = attrs.get("value") if tag == "option" else None

    def handle_endtag(self, tag):
        if self._hiding and tag == self._hiding:
            self._depth -= 1
            if not self._depth:
                self._hiding = None

    def handle_data(self, data):
        text = data.strip()
        if text and not self._hiding and text != self._option:  # an option showing its own code (a time zone)
            self.texts.append(text)


URL_IN_CSS = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")
FETCHING_LINKS = {"stylesheet", "icon", "preconnect", "dns-prefetch", "preload", "prefetch", "modulepreload",
                  "manifest", "apple-touch-icon"}


def fetched_addresses(tag, attrs):
    """What a browser loads for this element without being asked: src, srcset, poster, data, styles' url(),
    and <link> of the kinds that fetch (a plain <a href> is only followed when clicked)."""
    found = [attrs[name] for name in ("src", "poster", "data") if attrs.get(name)]
    for name in ("srcset", "imagesrcset"):
        found += [part.strip().split(" ")[0] for part in attrs.get(name, "").split(",") if part.strip()]
    found += URL_IN_CSS.findall(attrs.get("style", ""))
    if tag == "link" and FETCHING_LINKS & set(attrs.get("rel", "").lower().split()):
        found.append(attrs.get("href", ""))
    return found


def read(html):
    page = _Page()
    page.feed(html)
    page.fetched += URL_IN_CSS.findall("".join(re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)))
    return page


def english_left(texts):
    def english(text):
        return {word for word in WORD_RE.findall(text) if word not in ALLOWED_WORDS and not CODE_RE.match(word)}

    return sorted({text for text in texts if text not in UNTRANSLATABLE and english(text)})


def elsewhere(addresses):
    """Addresses on another host: absolute (http://, https://) or protocol-relative (//host/…)."""
    return sorted({a for a in addresses if urlsplit(a.strip()).netloc not in ("", "testserver")})


def admin_pages(client):
    from cases.models import Case
    from community.models import Meeting
    from forms_app.models import FormPage, FormsIndexPage

    index, form = FormsIndexPage.objects.first(), FormPage.objects.get(slug="suqiu")
    case = Case.objects.filter(submission__page=form).first()
    urls = {
        "dashboard": reverse("wagtailadmin_home"),
        "forms index": reverse("wagtailadmin_explore", args=[index.pk]),
        "form edit": reverse("wagtailadmin_pages:edit", args=[form.pk]),
        "new form": reverse("wagtailadmin_pages:add", args=["forms_app", "formpage", index.pk]),
        "case listing": reverse("cases_case_modeladmin_index"),
        "case": reverse("cases_workbench_case", args=[case.pk]),
        "statistics overview": reverse("statistics_overview"),
        "document register": reverse("documents_document_modeladmin_index"),
        "document templates": reverse("wagtailsnippets_documents_documenttemplate:list"),
        "account": reverse("wagtailadmin_account"),
        "meetings": reverse("community_meetings"),
        "meeting": reverse("community_meeting", args=[Meeting.objects.order_by("held_on").last().pk]),
        "meeting edit": reverse("community_meeting_edit", args=[Meeting.objects.first().pk]),
        "region tree": reverse("organisation_regions"),
        "region edit": reverse("organisation_region_edit", args=[case.region_id]),
        "organisation import": reverse("organisation_import"),
        **star_pages(),
    }
    pages = {name: client.get(url) for name, url in urls.items()}
    # a new form saved with nothing filled in: the editor's messages about validation errors
    pages["new form refused"] = client.post(urls["new form"], page_data([question("姓名")], title=""))
    return pages


def star_pages():
    """星级文明户: the rounds, one under review (its score forms), one on notice (its objection), the settings."""
    from programmes.models import StarRound

    reviewing, on_notice = StarRound.objects.get(state="reviewing"), StarRound.objects.get(state="on_notice")
    return {"star rounds": reverse("programmes_stars"),
            "star round under review": reverse("programmes_star_round", args=[reviewing.pk]),
            "star round on notice": reverse("programmes_star_round", args=[on_notice.pk]),
            "star round settings": reverse("wagtailsnippets_programmes_starround:edit", args=[on_notice.pk])}


def public_pages(client):
    from cases.models import Case
    from forms_app.models import FormPage

    form = FormPage.objects.get(slug="suqiu")
    case = Case.objects.filter(submission__page=form).first()
    urls = {"form": form.url, "tracking": reverse("track", args=[case.tracking_token]),
            "results": reverse("results_board"), "verify": reverse("verify"), "star rounds": reverse("stars_index")}
    from programmes.models import StarRound

    for round_ in StarRound.objects.exclude(state="reviewing"):
        urls[f"star round {round_.state}"] = reverse("stars_round", args=[round_.pk])
        entry = round_.entries.filter(state="on_notice").first()
        if entry is not None:
            urls["star objection"] = reverse("stars_objection", args=[round_.pk, entry.pk])
    return {name: client.get(url) for name, url in urls.items()}


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """The demo's pages, rendered once (the demo is seeded in a transaction rolled back afterwards)."""
    from django.test import override_settings

    with django_db_blocker.unblock(), transaction.atomic(), override_settings(DEBUG=True):
        seed()
        staff = get_user_model().objects.get(username="admin")
        profile = UserProfile.get_for_user(staff)
        profile.preferred_language = "zh-hans"
        profile.save()
        admin, resident = Client(), Client()
        admin.force_login(staff)
        pages = {"admin": admin_pages(admin), "public": public_pages(resident)}
        transaction.set_rollback(True)
    return pages


def test_every_page_rendered(rendered):
    codes = {(room, name): response.status_code for room, pages in rendered.items() for name, response in pages.items()}
    assert codes == {**{key: 200 for key in codes}}


def test_a_chinese_speaking_staff_member_reads_no_english_on_the_main_admin_pages(rendered):
    left = {name: english for name, response in rendered["admin"].items()
            if (english := english_left(read(response.content.decode()).texts))}
    assert left == {}


def test_no_page_loads_anything_from_another_host(rendered):
    foreign = {(room, name): found for room, pages in rendered.items() for name, response in pages.items()
               if (found := elsewhere(read(response.content.decode()).fetched))}
    assert foreign == {}


def test_no_avatar_comes_from_gravatar(rendered):
    for response in rendered["admin"].values():
        assert "gravatar" not in response.content.decode().lower()


def test_wagtails_javascript_strings_are_all_chinese(client, admin_user):
    """The editor's own strings (the block editor's placeholder, autosave, error counts …) come from Wagtail's
    JavaScript catalogue: each one Wagtail has is served in Chinese, ours filling in what Wagtail lacks."""
    import json
    from pathlib import Path

    import wagtail.admin

    from tests.test_i18n import read_po

    english = Path(wagtail.admin.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"
    wanted = {entry["msgid"] for entry in read_po(english) if entry["msgid"]}
    client.force_login(admin_user)
    served = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", served, re.S).group(1))
    assert len(wanted) > 50
    assert sorted(wanted - catalogue.keys()) == []
    assert catalogue["Write something or type ‘/’ to insert a block"] == "输入内容，或键入“/”插入内容块"
