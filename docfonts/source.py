"""The installed fonts we subset: the Noto CJK SC faces, and what any font file covers.

Faces are identified by path, face index and mtime/size (:attr:`SourceFace.identity`), so that a
font package upgrade changes every cache key built from them and the fonts are rebuilt.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

from . import config, harfbuzz


@dataclass(frozen=True)
class SourceFace:
    path: str
    index: int  # face number inside a .ttc collection
    name: str

    @property
    def identity(self) -> str:
        st = os.stat(self.path)
        return f"{self.path}#{self.index}:{st.st_mtime_ns}:{st.st_size}"


def _face_names(path: str) -> list[str]:
    from fontTools.ttLib import TTCollection, TTFont

    if path.lower().endswith((".ttc", ".otc")):
        return [f["name"].getDebugName(1) or "" for f in TTCollection(path, lazy=True).fonts]
    return [TTFont(path, lazy=True)["name"].getDebugName(1) or ""]


@cache
def find_source(style: str = config.DEFAULT_STYLE, weight: int = 400) -> SourceFace:
    """The Noto CJK SC face for ``style``/``weight``, picked from its .ttc by family name."""
    family, files = config.STYLES[style]
    filename = files[weight]
    for directory in config.NOTO_DIRS:
        path = os.path.join(directory, filename)
        if os.path.exists(path):
            names = _face_names(path)
            if family in names:
                return SourceFace(path, names.index(family), family)
    raise config.FontSourceError(
        f"{family} ({filename}) not found in {config.NOTO_DIRS}: apt-get install fonts-noto-cjk")


@cache
def source_cmap(face: SourceFace) -> frozenset[int]:
    """Code points ``face`` has glyphs for (cached: asked for every document with rare characters)."""
    return cmap_of(face.path, face.index)


def cmap_of(path: str, index: int = 0) -> frozenset[int]:
    """Code points ``path`` (face ``index``) maps to a glyph: HarfBuzz reads a CJK cmap in a few ms."""
    found = harfbuzz.cmap(path, index)
    if found is not None:
        return found
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(path), fontNumber=index, lazy=True).getBestCmap())


def suffix(face: SourceFace) -> str:
    """The file extension a subset of ``face`` gets: ".otf" for CFF outlines, ".ttf" for TrueType."""
    from fontTools.ttLib import TTFont

    if face.path.lower().endswith((".ttc", ".otc")):
        with open(face.path, "rb") as fh:
            fh.seek(12 + 4 * face.index)
            offset = int.from_bytes(fh.read(4), "big")
            fh.seek(offset)
            return ".otf" if fh.read(4) == b"OTTO" else ".ttf"
    return ".otf" if TTFont(face.path, lazy=True).sfntVersion == "OTTO" else ".ttf"

