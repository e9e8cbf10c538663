"""HTML -> tagged PDF (PDF/UA-1) with pre-subset CJK fonts.

    from cases.documents.render import render_pdf
    pdf_bytes = render_pdf(html)          # raises MissingGlyphsError rather than print a blank box

Templates should not set ``font-family`` themselves: the rendering stylesheet sets it on ``html``
to ``"DocCommon", "DocExtra-<hash>", ...`` (see :mod:`cases.documents.fonts`). Any other family
falls back to the system font and the slow whole-font subsetting this module exists to avoid.
Use ``font-weight: bold`` freely: regular (400) and bold (700) faces are both pre-subset.
"""
from __future__ import annotations

import atexit
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass

from . import fonts as doc_fonts

PDF_OPTIONS = {
    "pdf_variant": "pdf/ua-1",  # tagged PDF (StructTreeRoot, MarkInfo), PDF 1.7, XMP metadata
    "full_fonts": False,  # embed only the glyphs used (subset, ABCDEF+ names)
    "hinting": False,
}

# WeasyPrint's FontConfiguration wraps a Pango/fontconfig font map, which is not thread-safe:
# one per process, used under this lock (a render takes tens of milliseconds).
_render_lock = threading.RLock()
_font_config = None
_font_config_pid = None
_css_cache: OrderedDict = OrderedDict()
_CSS_CACHE_SIZE = 256


class MissingGlyphsError(ValueError):
    """Some characters are in no installed font: the PDF would show blank boxes for them."""

    def __init__(self, chars: str):
        self.chars = chars
        listed = " ".join(f"{c} (U+{ord(c):04X})" for c in chars)
        super().__init__(f"no installed font has a glyph for: {listed}")


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    missing: str  # characters shown as blank boxes (only when strict=False)
    extra_chars: str  # characters served by the per-document extra/fallback subsets
    font_plan: doc_fonts.FontPlan

    @property
    def warnings(self) -> list[str]:
        return [f"no font for {c} (U+{ord(c):04X})" for c in self.missing]


def _get_font_config():
    """The process-wide FontConfiguration (recreated after fork). Call under _render_lock."""
    global _font_config, _font_config_pid
    if _font_config is None or _font_config_pid != os.getpid():
        from weasyprint.text.fonts import FontConfiguration

        _font_config = FontConfiguration()
        _font_config_pid = os.getpid()
        _css_cache.clear()
        doc_fonts.stats["font_config_created"] += 1
    return _font_config


@atexit.register
def _close_font_config():
    """Drop the FontConfiguration (and its temporary font folder) while the interpreter is still whole."""
    global _font_config
    with _render_lock:
        _css_cache.clear()
        _font_config = None


def _stylesheet(plan: doc_fonts.FontPlan):
    """Parsed @font-face + font-family stylesheet for ``plan``, cached. Call under _render_lock."""
    from weasyprint import CSS

    font_config = _get_font_config()
    css = _css_cache.get(plan.key)
    if css is not None:
        _css_cache.move_to_end(plan.key)
        doc_fonts.stats["css_cache_hit"] += 1
        return css, font_config
    source = f"{plan.font_face_css()}\nhtml {{ font-family: {plan.font_family}; }}\n"
    css = CSS(string=source, font_config=font_config)
    doc_fonts.stats["css_built"] += 1
    _css_cache[plan.key] = css
    if len(_css_cache) > _CSS_CACHE_SIZE:
        _css_cache.popitem(last=False)
    return css, font_config


def render_document(html: str, *, base_url: str | None = None, style: str = doc_fonts.DEFAULT_STYLE,
                    strict: bool = True, url_fetcher=None) -> RenderResult:
    """Render ``html`` to PDF bytes; returns the PDF plus what the fonts could and could not show.

    With ``strict`` (default) characters no installed font covers raise :class:`MissingGlyphsError`
    before anything is rendered; without it they are listed in ``RenderResult.missing``.
    """
    from weasyprint import HTML

    plan = doc_fonts.plan_for_text(html, style)
    if plan.missing and strict:
        raise MissingGlyphsError(plan.missing)
    kwargs = {"string": html, "base_url": base_url}
    if url_fetcher is not None:
        kwargs["url_fetcher"] = url_fetcher
    with _render_lock:
        css, font_config = _stylesheet(plan)
        pdf = HTML(**kwargs).write_pdf(stylesheets=[css], font_config=font_config, **PDF_OPTIONS)
        doc_fonts.stats["renders"] += 1
    return RenderResult(pdf=pdf, missing=plan.missing, extra_chars=plan.extra_chars, font_plan=plan)


def render_pdf(html: str, *, base_url: str | None = None, style: str = doc_fonts.DEFAULT_STYLE,
               strict: bool = True) -> bytes:
    """Render ``html`` to tagged PDF bytes; raises MissingGlyphsError for characters no font can show."""
    return render_document(html, base_url=base_url, style=style, strict=strict).pdf


def warm_up(style: str = doc_fonts.DEFAULT_STYLE) -> None:
    """Build/load the common fonts and the font configuration now (e.g. at worker start)."""
    plan = doc_fonts.plan_for_text("", style)
    with _render_lock:
        _stylesheet(plan)
