"""Settings and shared state of :mod:`docfonts`.

The other modules read these AT CALL TIME (``config.FONT_DIR``, never ``from .config import
FONT_DIR``), so a test can point the whole package elsewhere with one
``monkeypatch.setattr(docfonts.config, "FONT_DIR", tmp_path)``, and :func:`docfonts.configure`
changes them for a whole process.
"""
from __future__ import annotations

import os
import threading
from collections import Counter
from pathlib import Path

#: Where built fonts live: the DOCUMENTS_FONT_DIR environment variable, else ``var/fonts`` under the
#: working directory (the project's own ``var/`` when run from it); :func:`docfonts.configure` sets it.
FONT_DIR = Path(os.environ.get("DOCUMENTS_FONT_DIR") or Path.cwd() / "var" / "fonts")
#: Bump when the subset recipe changes: every cached font is rebuilt.
BUILD_VERSION = "6"

NOTO_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto-cjk")
STYLES = {
    # style: (family name inside the .ttc, {weight: file name})
    "serif": ("Noto Serif CJK SC", {400: "NotoSerifCJK-Regular.ttc", 700: "NotoSerifCJK-Bold.ttc"}),
    "sans": ("Noto Sans CJK SC", {400: "NotoSansCJK-Regular.ttc", 700: "NotoSansCJK-Bold.ttc"}),
}
DEFAULT_STYLE = "serif"
COMMON_FAMILY = "DocCommon"  # ASCII, punctuation, symbols, GB2312 level-1 hanzi
LEVEL2_FAMILY = "DocCommonL2"  # GB2312 level-2 hanzi
#: Tables left out of every font built here: vertical metrics (WeasyPrint lays out horizontally).
DROP_TABLES = ("vhea", "vmtx", "VORG")
#: OpenType features kept: those HarfBuzz applies to horizontal text by default. Pango shapes with
#: them (Noto CJK's ``locl`` gives digits and Latin their region-specific forms), so glyphs come out
#: as with the system font; the others (``vert``, ``fwid``, ``aalt``, ``ruby`` ...) would only add
#: thousands of glyphs no document reaches.
LAYOUT_FEATURES = ("abvm", "blwm", "calt", "ccmp", "clig", "curs", "dist", "dnom", "frac", "kern", "liga",
                   "locl", "mark", "mkmk", "numr", "rclt", "rlig", "rvrn")
#: OpenType language systems whose substitutions decide which glyphs our documents use: the
#: default one of each script (Pango shapes Latin runs with an English/default language) and
#: Simplified Chinese (``lang="zh-CN"``).
SHAPING_LANGUAGES = ("ZHS",)

#: Space separators go into every font built here, whatever it is for: Pango shapes a space with the
#: font of the characters around it (it assumes every font has spaces), so a space between two
#: characters of DocCommonL2 or of an extra font would otherwise come out as a missing glyph.
SPACES = frozenset((0x20, 0xA0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000))

#: Counters, for tests and the benchmark: common_built / common_loaded / extra_built /
#: extra_disk_hit / extra_memory_hit / plan_memory_hit / fallback_lookups ...
stats: Counter = Counter()

#: Guards every in-memory cache of the package (builds happen under it, once per process).
lock = threading.RLock()


class FontSourceError(RuntimeError):
    """The Noto CJK SC font this package subsets is not installed."""
