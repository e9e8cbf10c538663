"""New forms from a starting point: a copy of a form marked *offer as a starting point* (诉求反映 …).

A community worker who needs a 红白喜事报备 form is a few edits away from a copy of 诉求反映: the copy keeps
the questions and their rules, the case settings and the documents (every child of the page, through
Wagtail's page copy), and starts as a draft with its own title and address, offered to no one as a template
and readable by no group until the editor says so.
"""
import re

from anyascii import anyascii
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page

from .pages import FormPage


class StartingPointError(ValueError):
    """A copy that cannot be made, with a message for the editor; ``field`` is the input it concerns."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message, self.field = message, field


def starting_points(user, parent):
    """The forms offered as starting points that ``user`` may copy under ``parent`` (none if they may not add
    a form there, or ``parent`` is no forms index: Wagtail's copy does not check where a page type may go)."""
    if not FormPage.can_create_at(parent) or not parent.permissions_for_user(user).can_add_subpage():
        return FormPage.objects.none()
    return FormPage.objects.filter(offered_as_template=True).order_by("title")


def slug_for(title, parent, wanted=""):
    """The copy's address: the one ``wanted`` if free, else one made from the title's pinyin and kept free."""
    siblings = Page.objects.child_of(parent)
    if wanted:
        if siblings.filter(slug=wanted).exists():
            raise StartingPointError(_("Another form already has the address “%(slug)s”.") % {"slug": wanted},
                                     field="slug")
        return wanted
    base = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", anyascii(title))
    base = re.sub(r"[^0-9a-zA-Z]+", "-", base).strip("-").lower()[:60].rstrip("-") or "form"
    slug, number = base, 1
    while siblings.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def copy_starting_point(template, *, parent, title, user, slug=""):
    """A draft copy of ``template`` under ``parent`` with ``title``; returns the new FormPage.

    The copy is not live, carries no revisions of the template (its history starts with this copy), is no
    starting point itself and gives no group the answers (who reads them is decided per form).
    """
    title = (title or "").strip()
    if not title:
        raise StartingPointError(_("Give the new form a title."), field="title")
    if not starting_points(user, parent).filter(pk=template.pk).exists():
        raise StartingPointError(_("This form is not offered as a starting point."), field="template")
    copy = template.copy(
        to=parent,
        update_attrs={"title": title, "draft_title": title, "slug": slug_for(title, parent, slug),
                      "offered_as_template": False},
        exclude_fields=["submission_readers"],
        copy_revisions=False,
        keep_live=False,
        user=user,
    )
    copy.save_revision(user=user, log_action=False)
    return copy
