"""The PDF benchmark's coverage check: every character of a document's visible text must be drawn with a
real (non-empty) glyph of a font program embedded in the PDF, found through the font's ToUnicode map,
and no font may use WeasyPrint's missing-glyph encoding."""
import html.parser
import io
import re


class _VisibleText(html.parser.HTMLParser):
    HIDDEN = frozenset({"head", "script", "style", "title", "template"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def visible_text(document):
    parser = _VisibleText()
    parser.feed(document)
    return "".join(parser.parts)


def _walk_fonts(resources, seen, out):
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        if id(font.get_object()) not in seen:
            seen.add(id(font.get_object()))
            out.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _walk_fonts(xobject.get("/Resources"), seen, out)


def _to_unicode(stream):
    """{glyph id: text} of a ToUnicode CMap (bfchar and bfrange entries)."""

    data = stream.get_object().get_data().decode("latin-1")
    out = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        for glyph, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            out[int(glyph, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.DOTALL):
        for low, high, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            first = int(text, 16)
            for offset, glyph in enumerate(range(int(low, 16), int(high, 16) + 1)):
                out[glyph] = chr(first + offset)
    return out


def embedded_fonts(pdf):
    """[(BaseFont, encoding, characters drawn with a real glyph of the embedded font program)] of a PDF.

    A character counts when the font's ToUnicode map gives it for a glyph id that the embedded
    program has and that has an outline (glyph 0, ids past the end -- where WeasyPrint puts
    characters its font lacks -- and empty glyphs do not count).
    """
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    fonts, seen = [], set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        _walk_fonts(page.get("/Resources"), seen, fonts)
    out = []
    for font in fonts:
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        program = next((descriptor[key] for key in ("/FontFile3", "/FontFile2", "/FontFile") if key in descriptor),
                       None)
        drawn = set()
        if program is not None and "/ToUnicode" in font:
            tt = TTFont(io.BytesIO(program.get_object().get_data()))
            order, glyphs = tt.getGlyphOrder(), tt.getGlyphSet()
            for glyph, text in _to_unicode(font["/ToUnicode"]).items():
                if 0 < glyph < len(order):
                    pen = BoundsPen(glyphs)
                    glyphs[order[glyph]].draw(pen)
                    if pen.bounds is not None:
                        drawn.update(text)
        out.append((str(font["/BaseFont"]), str(font.get("/Encoding")), drawn))
    return out


def coverage_problems(document, pdf):
    """What is wrong with the fonts of ``pdf`` for ``document``'s text ([] when every character has a glyph)."""
    text = {c for c in visible_text(document) if not c.isspace()}
    fonts = embedded_fonts(pdf)
    drawn = set().union(*(chars for _, _, chars in fonts)) if fonts else set()
    problems = []
    missing = sorted(c for c in text if c not in drawn)
    if missing:
        problems.append("no embedded glyph for " + " ".join(f"{c} (U+{ord(c):04X})" for c in missing))
    for name, encoding, _ in fonts:
        if encoding != "/Identity-H":
            problems.append(f"{name}: encoding {encoding} (WeasyPrint's missing-glyph remap?)")
    return problems


class Coverage:
    def __init__(self):
        self.checked = 0
        self.problems = []
        self._seen = set()

    def check(self, label, document, pdf):
        if (document, len(pdf)) in self._seen:
            return
        self._seen.add((document, len(pdf)))
        self.checked += 1
        for problem in coverage_problems(document, pdf):
            self.problems.append(f"{label}: {problem}")
