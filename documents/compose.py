"""A document's HTML: the template's text with the values filled in, the serial number, the seal and the
verification QR code. Rendering to PDF is :func:`documents.render.render_document`.
"""
from __future__ import annotations

import base64
import threading
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from . import placeholders
from .layout import split_last_block
from .render import render_document

_seal_cache: dict = {}
_seal_lock = threading.Lock()


@dataclass(frozen=True)
class Issue:
    """What is printed on one document besides the template: numbers, dates, who issues it."""

    serial: str
    verify_code: str
    display_code: str
    issued_at: object  # datetime
    title: str
    issuer: str


def verify_url(code: str) -> str:
    base = (getattr(settings, "PUBLIC_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return base + reverse("verify_document", args=[code])


def qr_data_uri(url: str) -> str:
    import segno

    # One pixel per module, scaled up in print with crisp edges: a few hundred bytes, and far cheaper for
    # WeasyPrint to draw than the equivalent SVG path (~15 ms a page).
    return segno.make(url, error="m", micro=False).png_data_uri(scale=1, border=2)


def seal_data_uri(image) -> str:
    """The seal as a PNG data URI (rendition at most 240 px), cached per image file."""
    if image is None:
        return ""
    key = (image.pk, image.file.name)
    with _seal_lock:
        cached = _seal_cache.get(key)
    if cached is not None:
        return cached
    rendition = image.get_rendition("max-240x240|format-png")
    with rendition.file.open("rb") as handle:
        data = handle.read()
    uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    with _seal_lock:
        _seal_cache[key] = uri
    return uri


def full_values(values: dict, issue: Issue) -> dict:
    return {
        **values,
        "serial": issue.serial,
        "verify_code": issue.display_code,
        "title": issue.title,
        "issuer": issue.issuer,
        "issued_date": placeholders.chinese_date(issue.issued_at),
        "year": str(issue.issued_at.year),
    }


def document_html(template, values: dict, issue: Issue) -> str:
    """The complete HTML for one document. Every value is escaped: a name cannot inject markup."""
    values = full_values(values, issue)
    body = placeholders.substitute(expand_db_html(template.body), values)
    lead, last = split_last_block(body)
    size, orientation = template.page_format.split()
    url = verify_url(issue.verify_code)
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("documents/document.html", {
            "title": placeholders.substitute(issue.title, values, escape=False),
            # escaped values inside rich text the editor wrote; the last block is kept with the verification block
            "body": mark_safe(lead),
            "body_end": mark_safe(last),
            "footer": placeholders.substitute(template.footer, values, escape=False),
            "issue": issue,
            "issued_date": values["issued_date"],
            "page_size": f"{size} {orientation}",
            "landscape": orientation == "landscape",
            "small": size == "A5",
            "seal": seal_data_uri(template.seal),
            "qr": qr_data_uri(url),
            "verify_url": url,
        })


def render(template, values: dict, issue: Issue, *, strict=True):
    """The RenderResult (PDF and fonts) of one document; raises MissingGlyphsError rather than print a blank box."""
    return render_document(document_html(template, values, issue), strict=strict)
