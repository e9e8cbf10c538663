"""Pre-subset CJK fonts for fast PDF rendering: a self-contained package (no Django, no project imports).

Its public function is :func:`plan_for_text`: the fonts one document needs (a ``FontPlan`` with the
``@font-face`` CSS, the ``font-family`` list and the characters no installed font has). Point it at a
cache folder once with :func:`configure`; :func:`warm_up` builds or loads the fonts ahead of time.
Its own tests are ``tests/docfonts/``; it needs fontTools and cffi (for libharfbuzz-subset), and the
Debian Noto CJK fonts (``fonts-noto-cjk``).

Stock WeasyPrint embeds the whole Noto CJK face it finds on the system and subsets it for
every document. With HarfBuzz-subset that costs ~0.2 s a page; where WeasyPrint falls back
to fontTools (no ``libharfbuzz-subset`` >= 4.1) it costs 6-10 s a page. Here we subset the
Debian Noto CJK SC face ONCE into two small "common" fonts cached under ``var/fonts/``:

- ``DocCommon``: ASCII, Latin-1, general and CJK punctuation, full-width forms, the GB2312
  symbol rows and the 3755 GB2312 level-1 hanzi -- nearly every character of a document;
- ``DocCommonL2``: the 3008 GB2312 level-2 hanzi (赉 琪 璐 芮 ...), used by a document only when
  its text has one of them.

Per document we build (and cache) a tiny "extra" font holding only the characters the common
fonts lack -- typically rare characters in residents' names (生僻字: 堃 镕 赟 䶮 𠮷 ...).

Why this shape (see ``bin/bench-pdf``): WeasyPrint subsets every embedded font again for every
document, keeping glyph ids (``RETAIN_GIDS``), so its cost and the size of the embedded font grow
with the *highest glyph id the document uses*, not with the number of glyphs used. So the glyphs
of the common fonts are ordered by how often a character is used (:func:`.repertoire.glyph_rank`: ASCII and
punctuation first, then :data:`.repertoire.FREQUENT_HANZI`, then the other hanzi; glyphs that shaping
substitutes in, like the ``locl`` forms of digits, next to their characters), and the rarer
level-2 hanzi live in their own font: a certificate uses glyph ids below ~2000 instead of ~13500
(~0.1 ms less per 100 glyph ids, per font). The fonts keep only the layout features HarfBuzz
applies by default (:data:`.config.LAYOUT_FEATURES`) for the default and Simplified Chinese language
systems, so text is shaped exactly as with the system font, and no vertical metrics nor
variation-sequence cmap: 5000 + 3000 glyphs instead of ~13700 (see :func:`.cff.finish_cff`).

Every CID-keyed CFF font built here also gets an identity charset (CID == glyph id, see
:func:`.cff.finish_cff`): WeasyPrint writes glyph ids into the PDF, and Acrobat / Preview resolve
them through the CFF charset while poppler / PDFium use them as glyph ids, so a subset that
kept the source's CIDs would show wrong glyphs in Acrobat.

Characters that the CJK face lacks are looked up in the other installed fonts through
fontconfig (``fc-list``) and subset from there ("fallback" fonts). Characters no installed
font covers are reported in :attr:`FontPlan.missing`; :func:`documents.render.render_pdf`
refuses to print a blank box for them.

Everything here is cached on disk (``var/fonts/``, keyed by source-file path/mtime/size and
build version; written atomically, so concurrent processes are safe) and in memory (guarded
by one lock). :data:`stats` counts builds and cache hits.

The modules, each small enough to read at once:

- :mod:`.config`: settings (``FONT_DIR``, ``BUILD_VERSION``, the styles, the subset recipe), ``stats``
  and the lock. The other modules read them at call time, so tests patch ``fonts.config.FONT_DIR``;
- :mod:`.repertoire`: which characters each common font holds, and the glyph order;
- :mod:`.source`: the installed faces we subset and their cmaps; :mod:`.harfbuzz`: the cffi binding;
- :mod:`.build`: subsetting and writing font files, cache keys; :mod:`.cff`: identity CIDs, glyph
  reordering, layout tables;
- :mod:`.plan`: the common fonts of a style and the fonts of one document.
"""
from __future__ import annotations

from pathlib import Path

from . import config
from .config import COMMON_FAMILY, DEFAULT_STYLE, LEVEL2_FAMILY, FontSourceError, stats
from .plan import CommonFonts, FontFace, FontPlan, common_fonts, plan_for_text, reset_memory_caches, warm_up
from .repertoire import (
    FREQUENT_HANZI,
    common_repertoire,
    frequent_repertoire,
    gb2312_chars,
    glyph_rank,
    level2_chars,
    text_codepoints,
)
from .source import SourceFace, find_source


def configure(*, font_dir=None):
    """Set where built fonts are cached (default: $DOCUMENTS_FONT_DIR, else ./var/fonts). None keeps the current."""
    if font_dir is not None:
        config.FONT_DIR = Path(font_dir)


# Settings that tests or deployments change (FONT_DIR, BUILD_VERSION, STYLES ...) are deliberately
# not re-exported: a copy here would not be what the other modules read. Use ``fonts.config``.
__all__ = [
    "COMMON_FAMILY",
    "DEFAULT_STYLE",
    "FREQUENT_HANZI",
    "LEVEL2_FAMILY",
    "CommonFonts",
    "FontFace",
    "FontPlan",
    "FontSourceError",
    "SourceFace",
    "common_fonts",
    "common_repertoire",
    "config",
    "configure",
    "find_source",
    "frequent_repertoire",
    "gb2312_chars",
    "glyph_rank",
    "level2_chars",
    "plan_for_text",
    "reset_memory_caches",
    "stats",
    "text_codepoints",
    "warm_up",
]
