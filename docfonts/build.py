"""Building subset font files: HarfBuzz (or fontTools) subsetting, then :mod:`.cff` finishing.

Files are written atomically (temporary file + rename), so processes that build the same font at
the same time are safe; they are named by :func:`digest` of everything that decides their bytes
(source face identity, repertoire, :func:`order_recipe`, ``config.BUILD_VERSION``), so a stale
file is never reused.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

from . import cff, config, harfbuzz, repertoire, source
from .source import SourceFace


def digest(*parts) -> str:
    """Short stable hash of ``parts`` (as strings): cache keys and file names."""
    return hashlib.sha1("\0".join(map(str, parts)).encode()).hexdigest()[:12]


@cache
def order_recipe() -> str:
    """Digest of what decides the glyph order of the common fonts (part of their cache key)."""
    return digest(repertoire.FREQUENT_HANZI, repertoire.OFTEN_PRINTED, repertoire.RARELY_PRINTED,
                  config.DROP_TABLES, config.LAYOUT_FEATURES, config.SHAPING_LANGUAGES)


def _subset_bytes_fonttools(face: SourceFace, unicodes) -> bytes:
    """The slow path (~25 s for a CJK face), when HarfBuzz is unavailable or fails."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False  # PDF viewers do not use CFF hints; smaller files
    options.notdef_outline = True
    options.layout_features = list(config.LAYOUT_FEATURES)
    options.drop_tables += list(config.DROP_TABLES)
    font = TTFont(face.path, fontNumber=face.index, lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def subset(face: SourceFace, unicodes, out_path: Path, rank=None) -> None:
    """Write a subset of ``face`` with ``unicodes`` to ``out_path`` (atomic rename: safe across processes).

    ``rank``: optional sort key on code points for the glyph order (see :func:`.cff.finish_cff`).
    """
    unicodes = frozenset(unicodes) | (config.SPACES & source.source_cmap(face))
    data = harfbuzz.subset_bytes(face, unicodes) if harfbuzz.load() else None
    if data is None:
        data = _subset_bytes_fonttools(face, unicodes)
        config.stats["subset_fonttools"] += 1
    else:
        config.stats["subset_harfbuzz"] += 1
        if rank is not None:  # a common font: worth a second pass without other languages' glyphs
            pruned = cff.without_other_languages(data)
            if pruned is not None:
                data = harfbuzz.subset_bytes(face, unicodes, pruned) or data
    data = cff.finish_cff(data, rank)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_path.parent, prefix=".tmp-", suffix=out_path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out_path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise

