"""HTML -> tagged PDF (PDF/UA-1) with pre-subset CJK fonts.

    from documents.render import render_pdf
    pdf_bytes = render_pdf(html)          # raises MissingGlyphsError rather than print a blank box

Templates should not set ``font-family`` themselves: the rendering stylesheet sets it on ``html``
to ``"DocCommon", "DocExtra-<hash>", ...`` (see :mod:`docfonts`). Any other family
falls back to the system font and the slow whole-font subsetting this module exists to avoid.
Use ``font-weight: bold`` freely: regular (400) and bold (700) faces are both pre-subset.

Per process (recreated after a fork) we keep what documents share, so that a render only does the
document's own work (see ``bin/bench-pdf``): the FontConfiguration and the parsed font stylesheets,
the parsed ``<style>`` of each template (:func:`split_styles`), a lighter user-agent stylesheet
(:func:`_document_html_class`), one URL fetcher and the decoded images (the seal).
"""
from __future__ import annotations

import atexit
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import docfonts as doc_fonts

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


_STYLE_RE = re.compile(r"<style(\s[^>]*)?>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_PLAIN_STYLE_ATTRS = re.compile(r"""\s*(type\s*=\s*(["']?)text/css\2\s*)?""", re.IGNORECASE)


def split_styles(html: str) -> tuple[str, tuple[str, ...]]:
    """``html`` without its plain ``<style>`` blocks, and their CSS texts in document order.

    Only ``<style>`` / ``<style type="text/css">`` blocks are taken out; one with any other
    attribute (``media``, ``nonce`` ...) stays where it is and WeasyPrint reads it as usual.
    """
    found = []

    def take(match):
        if not _PLAIN_STYLE_ATTRS.fullmatch(match.group(1) or ""):
            return match.group(0)
        found.append(match.group(2))
        return ""

    if "<style" not in html and "<STYLE" not in html:
        return html, ()
    rest = _STYLE_RE.sub(take, html)
    return rest, tuple(found)


def _document_stylesheet(css_text: str, base_url, url_fetcher):
    """Parsed CSS of one ``<style>`` block, cached by its text. Call under _render_lock.

    Documents made from one template share their ``<style>`` text, and parsing it again for every
    document costs several milliseconds.
    """
    from weasyprint import CSS

    font_config = _get_font_config()
    key = ("style", css_text, base_url, url_fetcher)
    css = _css_cache.get(key)
    if css is not None:
        _css_cache.move_to_end(key)
        doc_fonts.stats["style_cache_hit"] += 1
        return css
    kwargs = {"url_fetcher": url_fetcher} if url_fetcher is not None else {}
    css = CSS(string=css_text, base_url=base_url, font_config=font_config, **kwargs)
    doc_fonts.stats["style_parsed"] += 1
    _css_cache[key] = css
    if len(_css_cache) > _CSS_CACHE_SIZE:
        _css_cache.popitem(last=False)
    return css


#: User-agent rules dropped for documents (see :func:`_document_html_class`): the universal footnote
#: and note pseudo-element rules, and the note area.
_UA_NOTE_RULES = re.compile(r"^(?:::(?:footnote|note)-[\w-]+|  @(?:footnote|note-area))\s*\{[^}]*\}[ \t]*\n",
                            re.MULTILINE)
#: ... and, for documents that define no page-margin box, the default alignment of the 16 margin boxes.
_UA_MARGIN_BOX_RULES = re.compile(r"^  @(?:top|bottom|left|right)-[\w-]+\s*\{[^}]*\}[ \t]*\n", re.MULTILINE)
_MARGIN_BOX_AT_RULE = re.compile(r"@(?:top|bottom|left|right)-", re.IGNORECASE)
_html_class = None
_shared_url_fetcher = None
_image_cache = None


def _document_html_class():
    """``weasyprint.HTML`` with lighter user-agent stylesheets. Call under _render_lock.

    Why: WeasyPrint's HTML user-agent stylesheet has universal ``::footnote-call``,
    ``::footnote-marker``, ``::note-call``, ``::note-marker`` and ``::note-callback`` rules, so
    the cascade creates and later computes five pseudo-element styles for *every* element (~110 of
    the ~170 styles of a certificate), and ``@page`` rules that give each of the 16 page-margin
    boxes its own style on every page. Together ~8 ms of a ~45 ms page. Documents use neither
    footnotes nor notes (a template that did would get them without the automatic call and marker
    numbers), and the margin-box rules only align margin boxes, which exist only when a stylesheet
    gives one ``content``: they are dropped only for documents whose HTML has no
    ``@top-``/``@bottom-``/``@left-``/``@right-`` rule (set ``margin_boxes`` on the instance).

    The stylesheets are WeasyPrint's own ``html5_ua.css`` minus those rules, so they follow
    WeasyPrint upgrades; if the file cannot be read the stock one is used. This overrides
    WeasyPrint's private ``HTML._ua_stylesheets`` hook (there is no public option);
    ``tests/cases/test_pdf.py`` checks that only those rules are dropped.
    """
    global _html_class
    if _html_class is not None:
        return _html_class
    from weasyprint import CSS, HTML

    try:
        from importlib.resources import files

        import weasyprint.html as wp_html
        from weasyprint.css.counters import CounterStyle

        stock = wp_html.UA_STYLESHEET
        text = _UA_NOTE_RULES.sub("", (files("weasyprint.css") / "html5_ua.css").read_text("utf-8"))
        texts = {True: text, False: _UA_MARGIN_BOX_RULES.sub("", text)}
    except Exception:  # noqa: BLE001 -- a WeasyPrint we do not know: keep its stylesheet
        _html_class = HTML
        return HTML
    parsed = {}

    class DocumentHTML(HTML):
        margin_boxes = True  # does the document define a page-margin box (@bottom-center ...)?
        ua_texts = texts

        def _ua_stylesheets(self, forms=False):
            ua = parsed.get(self.margin_boxes)
            if ua is None:  # parsed on first use (~50 ms), under the render lock
                ua = parsed[self.margin_boxes] = CSS(string=texts[self.margin_boxes], counter_style=CounterStyle())
            return [ua if sheet is stock else sheet for sheet in super()._ua_stylesheets(forms)]

    _html_class = DocumentHTML
    return DocumentHTML


def _url_fetcher():
    """One URLFetcher per process (building one costs ~0.5 ms a document). Call under _render_lock."""
    global _shared_url_fetcher
    if _shared_url_fetcher is None:
        from weasyprint.urls import URLFetcher

        _shared_url_fetcher = URLFetcher()
    return _shared_url_fetcher


_IMAGE_CACHE_ENTRIES = 300


def _images():
    """WeasyPrint's image cache (``cache`` option), shared by the documents of this process.

    Decoded images (the seal: the same for every document of a template) are then reused across
    documents. The QR code differs per document and adds ~3 entries each time, so the cache is
    emptied when it grows past a few hundred entries -- only here, between two renders: WeasyPrint
    keeps image data in it that the running render still reads. Call under _render_lock.
    """
    global _image_cache
    if _image_cache is None or len(_image_cache) > _IMAGE_CACHE_ENTRIES:
        _image_cache = {}
    return _image_cache


def render_document(html: str, *, base_url: str | None = None, style: str = doc_fonts.DEFAULT_STYLE,
                    strict: bool = True, url_fetcher=None) -> RenderResult:
    """Render ``html`` to PDF bytes; returns the PDF plus what the fonts could and could not show.

    With ``strict`` (default) characters no installed font covers raise :class:`MissingGlyphsError`
    before anything is rendered; without it they are listed in ``RenderResult.missing``.

    The document's plain ``<style>`` blocks are parsed once per distinct text and cached (see
    :func:`split_styles`); they are applied after the font stylesheet, in document order. WeasyPrint
    then counts them as *user* rather than *author* styles, which changes nothing for a template
    unless it pits ``!important`` in ``<style>`` against ``!important`` in a ``style`` attribute.
    """
    plan = doc_fonts.plan_for_text(html, style)
    if plan.missing and strict:
        raise MissingGlyphsError(plan.missing)
    body, css_texts = split_styles(html)
    with _render_lock:
        css, font_config = _stylesheet(plan)
        sheets = [css, *(_document_stylesheet(text, base_url, url_fetcher) for text in css_texts)]
        document = _document_html_class()(
            string=body, base_url=base_url, url_fetcher=url_fetcher or _url_fetcher())
        document.margin_boxes = bool(_MARGIN_BOX_AT_RULE.search(html))
        cache = _images() if url_fetcher is None else None  # another fetcher may answer differently
        pdf = document.write_pdf(stylesheets=sheets, font_config=font_config, cache=cache, **PDF_OPTIONS)
        doc_fonts.stats["renders"] += 1
    return RenderResult(pdf=pdf, missing=plan.missing, extra_chars=plan.extra_chars, font_plan=plan)


def render_pdf(html: str, *, base_url: str | None = None, style: str = doc_fonts.DEFAULT_STYLE,
               strict: bool = True) -> bytes:
    """Render ``html`` to tagged PDF bytes; raises MissingGlyphsError for characters no font can show."""
    return render_document(html, base_url=base_url, style=style, strict=strict).pdf


def warm_up(style: str = doc_fonts.DEFAULT_STYLE) -> None:
    """Build/load the fonts, the font configuration and the stylesheets now (e.g. at worker start).

    Renders a two-character page, so that the first real document does not pay for loading the
    fonts into Pango and parsing the user-agent stylesheet (~0.3 s).
    """
    doc_fonts.warm_up(style)
    render_document('<html lang="zh-CN"><body><p>文<b>文</b></p></body></html>', style=style)
