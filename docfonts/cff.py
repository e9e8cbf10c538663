"""Finishing touches on a subset font: identity CIDs, frequency-ordered glyphs, trimmed layout tables.

All done with fontTools on the bytes HarfBuzz (or fontTools) subset, before the font is written:
nothing is redrawn or re-encoded, glyphs are only renumbered and tables pruned. See
:func:`finish_cff` for why the CIDs and the glyph order matter, and
:func:`without_other_languages` for why the layout tables lose the other languages.
"""
from __future__ import annotations

import io

from . import config


def without_other_languages(data: bytes) -> bytes | None:
    """``data`` with only the default and Simplified Chinese language systems in GSUB/GPOS (or None).

    The first subset keeps every glyph that ``locl`` reaches for Japanese, Korean and Traditional
    Chinese text too: ~3000 glyphs (38%) our documents never show -- they are ``lang="zh-CN"``, and
    Pango shapes their Latin runs with the default language system. Subsetting this again drops
    them, and WeasyPrint's per-document subsetting is faster on a smaller font.
    """
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
    changed = False
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        for record in font[tag].table.ScriptList.ScriptRecord:
            kept = [lang for lang in record.Script.LangSysRecord
                    if lang.LangSysTag.strip() in config.SHAPING_LANGUAGES]
            if len(kept) != len(record.Script.LangSysRecord):
                record.Script.LangSysRecord, record.Script.LangSysCount = kept, len(kept)
                changed = True
    if not changed:
        return None
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def finish_cff(data: bytes, rank=None) -> bytes:
    """Give a CID-keyed CFF font an identity charset (CID == glyph id), its glyphs sorted by ``rank``.

    WeasyPrint shows text with ``Identity-H`` codes that are the glyph ids HarfBuzz shaped with and
    embeds the font as ``FontFile3 /OpenType``. For a CID-keyed CFF, Acrobat and Preview find the
    glyph of a code through the CFF charset (code = CID), poppler and PDFium take the code as the
    glyph id: the two agree only when every glyph's CID is its glyph id. A subset keeps the
    source's CIDs (王 is glyph 6937 but CID 26208), so we renumber them. Fonts that are not
    CID-keyed CFF (TrueType fallbacks) are returned unchanged.

    ``rank`` (code point -> sort key) reorders the glyphs: a glyph sorts by its best-ranked code
    point -- or, for a glyph that Chinese or Latin text reaches through a substitution (``locl``
    digits, ``liga``), by that of its source characters -- other glyphs last, ``.notdef`` stays
    glyph 0. cmap, hmtx, GSUB and GPOS follow by glyph name, GPOS coverage tables are re-sorted
    (:func:`_sort_gpos`), the CFF gets the identity names. Nothing is redrawn or re-encoded. A font
    with layout tables we cannot re-sort keeps its glyph order.
    """
    from fontTools.ttLib import TTFont

    # Without reordering only the CFF table changes; the others are copied as they are.
    font = TTFont(io.BytesIO(data), lazy=False if rank is not None else None,
                  recalcBBoxes=False, recalcTimestamp=False)
    if "CFF " not in font:
        return data
    top = font["CFF "].cff.topDictIndex[0]
    if not hasattr(top, "ROS"):  # name-keyed CFF: glyphs are looked up by glyph id
        return data
    if rank is not None:
        font.ensureDecompiled()  # every table, while the glyph names still mean the old glyph ids
    old_order = font.getGlyphOrder()
    # The variation-sequence cmap (format 14: a handful of U+FE00/FE01 sequences in Noto CJK) makes
    # HarfBuzz's subsetter -- WeasyPrint's, for every document -- ~1.2 ms slower per font.
    # Documents have no variation selectors; without the table one would show the base glyph.
    uvs = [table for table in font["cmap"].tables if table.format == 14]
    if uvs:
        font["cmap"].tables = [table for table in font["cmap"].tables if table.format != 14]
    count = len(old_order)
    unchanged = list(range(count))
    perm = _ranked_order(font, rank, old_order) if rank is not None and _reorderable(font) else unchanged
    identity = [".notdef"] + [f"cid{gid:05d}" for gid in range(1, count)]
    if perm == unchanged and list(top.charset) == identity and not uvs:
        return data
    _renumber(top, perm, identity)
    if perm != unchanged:
        font.setGlyphOrder([old_order[old] for old in perm])  # the other tables keep the old names
    if perm != unchanged and "GPOS" in font:
        _sort_gpos(font)  # GSUB subtables are glyph -> glyph dicts: fontTools sorts them when compiling
    out = io.BytesIO()
    font.save(out)
    config.stats["cff_finished"] += 1
    return out.getvalue()


def _ranked_order(font, rank, old_order):
    """new glyph id -> old glyph id: .notdef first, then by the best rank of each glyph's characters."""
    best: dict[str, tuple] = {}
    for cp, name in font.getBestCmap().items():
        key = rank(cp)
        if name not in best or key < best[name]:
            best[name] = key
    _propagate_ranks(font, best)
    last = (float("inf"),)
    return [0] + sorted(range(1, len(old_order)), key=lambda gid: (best.get(old_order[gid], last), gid))


def _renumber(top, perm, identity):
    """Put the CFF's charstrings (and FDSelect) in the order ``perm``, named by their new glyph ids."""
    charstrings = top.CharStrings
    if charstrings.charStringsAreIndexed:
        index = charstrings.charStringsIndex
        items = [index[i] for i in range(len(index))]  # loads every charstring from the file
        index.items = [items[old] for old in perm]
        del index.file, index.offsets
        charstrings.charStrings = {name: gid for gid, name in enumerate(identity)}
    else:
        by_gid = [charstrings.charStrings[name] for name in top.charset]
        charstrings.charStrings = {identity[gid]: by_gid[old] for gid, old in enumerate(perm)}
    if hasattr(top, "FDSelect"):
        select = top.FDSelect
        select.gidArray = [select.gidArray[old] for old in perm]
        select.format = None  # let fontTools pick the smallest encoding
    top.charset = identity
    top.numGlyphs = len(perm)


def _layout_subtables(font, tag):
    """(lookup index, lookup type, subtable) of a GSUB/GPOS table, extension subtables unwrapped."""
    extension = 7 if tag == "GSUB" else 9
    for index, lookup in enumerate(font[tag].table.LookupList.Lookup):
        for sub in lookup.SubTable:
            if lookup.LookupType == extension:
                yield index, sub.ExtensionLookupType, sub.ExtSubTable
            else:
                yield index, lookup.LookupType, sub


def _reorderable(font) -> bool:
    """Can :func:`finish_cff` reorder this font's glyphs and keep its layout tables valid?"""
    if any(tag in font for tag in ("BASE", "JSTF", "MATH")):
        return False
    if "GDEF" in font:
        gdef = font["GDEF"].table
        if any(getattr(gdef, name, None) for name in ("AttachList", "LigCaretList", "MarkGlyphSetsDef")):
            return False
    if "GSUB" in font and any(kind not in (1, 2, 3, 4) for _, kind, _ in _layout_subtables(font, "GSUB")):
        return False  # contextual substitutions index records by coverage: not handled
    return "GPOS" not in font or all(kind in (1, 2) for _, kind, _ in _layout_subtables(font, "GPOS"))


def _propagate_ranks(font, best: dict) -> None:
    """Give the glyphs that default shaping substitutes in the rank of the glyphs they replace."""
    if "GSUB" not in font:
        return
    table = font["GSUB"].table
    lookups = set()
    for record in table.ScriptList.ScriptRecord:
        systems = [record.Script.DefaultLangSys]
        systems += [lang.LangSys for lang in record.Script.LangSysRecord
                    if lang.LangSysTag.strip() in config.SHAPING_LANGUAGES]
        for system in filter(None, systems):
            for feature in system.FeatureIndex:
                lookups.update(table.FeatureList.FeatureRecord[feature].Feature.LookupListIndex)
    last = (float("inf"),)
    changed = True
    while changed:
        changed = False
        for index, kind, sub in _layout_subtables(font, "GSUB"):
            if index not in lookups:
                continue
            if kind == 1:
                pairs = [(best.get(src, last), dst) for src, dst in sub.mapping.items()]
            elif kind in (2, 3):
                mapping = sub.mapping if kind == 2 else sub.alternates
                pairs = [(best.get(src, last), dst) for src, dsts in mapping.items() for dst in dsts]
            else:
                pairs = [(max(best.get(g, last) for g in (first, *ligature.Component)), ligature.LigGlyph)
                         for first, ligatures in sub.ligatures.items() for ligature in ligatures]
            for key, dst in pairs:
                if key < best.get(dst, last):
                    best[dst] = key
                    changed = True


def _sort_gpos(font) -> None:
    """Re-sort GPOS coverage tables (and the records they index) by the new glyph ids.

    OpenType requires coverage tables sorted by glyph id (HarfBuzz binary-searches them); after
    :func:`finish_cff` reorders the glyphs they are not. Handles single and pair adjustment, all
    that :func:`_reorderable` lets through (and all the Noto CJK GPOS has: kerning).
    """
    gid = font.getReverseGlyphMap()
    for _, kind, sub in _layout_subtables(font, "GPOS"):
        new = sorted(range(len(sub.Coverage.glyphs)), key=lambda i: gid[sub.Coverage.glyphs[i]])
        if kind == 1 and sub.Format == 2:
            sub.Value = [sub.Value[i] for i in new]
        elif kind == 2 and sub.Format == 1:
            sub.PairSet = [sub.PairSet[i] for i in new]
            for pair_set in sub.PairSet:
                pair_set.PairValueRecord.sort(key=lambda record: gid[record.SecondGlyph])
        sub.Coverage.glyphs = [sub.Coverage.glyphs[i] for i in new]


