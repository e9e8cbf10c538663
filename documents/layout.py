"""How a document holds together on paper: the verification block stays with the end of the text it verifies.

A serial number and QR code alone on a page verify nothing a reader can see (the A5 受理回执 once printed its
verification block on a second, otherwise empty page). So the document template puts the body's last block,
the signature and the verification block in one wrapper that may not break across pages
(``.closing { break-inside: avoid }``): when they do not fit, they move to the next page together, and a page
never holds the verification alone. :func:`split_last_block` cuts the body for that wrapper.
:func:`page_count` is what the preview compares with the template's ``max_pages``.
"""
from __future__ import annotations

from html.parser import HTMLParser
from io import BytesIO

from pypdf import PdfReader

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TopLevelBlocks(HTMLParser):
    """Offsets where each top-level element (or bare text) of an HTML fragment starts, and whether it has text."""

    def __init__(self, text):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.depth = 0
        self.blocks = []  # [offset, has text]

    def _offset(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.blocks.append([self._offset(), False])
        if tag not in VOID_TAGS:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            self.blocks.append([self._offset(), False])

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS:
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data):
        if not data.strip():
            return
        if self.depth == 0:
            self.blocks.append([self._offset(), True])
        elif self.blocks:
            self.blocks[-1][1] = True

    def handle_entityref(self, name):
        self.handle_data("&")

    def handle_charref(self, name):
        self.handle_data("&")


def split_last_block(html: str) -> tuple[str, str]:
    """``html`` cut before its last top-level block that has text: (everything before it, that block and after).

    A trailing rule (``<hr>``) or empty paragraph goes with the last block of text, so the wrapper never holds
    only those. A body with a single block is all "last" (nothing before it).
    """
    parser = _TopLevelBlocks(html)
    parser.feed(html)
    parser.close()
    with_text = [offset for offset, has_text in parser.blocks if has_text]
    if not with_text:
        return html, ""
    cut = with_text[-1]
    return html[:cut], html[cut:]


def page_count(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)
