"""The few libharfbuzz / libharfbuzz-subset calls we need, through cffi.

HarfBuzz subsets a CJK face in ~1 s where fontTools takes ~25 s, and reads its cmap in a few ms.
Everything here is optional: :func:`load` returns None when the libraries (or cffi) are missing or
too old, or when ``DOCUMENTS_FONT_SUBSETTER=fonttools``, and the callers fall back to fontTools.
"""
from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

from . import config

if TYPE_CHECKING:
    from .source import SourceFace

CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
hb_blob_t *hb_blob_create_from_file_or_fail (const char *file_name);
void hb_blob_destroy (hb_blob_t *blob);
hb_blob_t *hb_blob_create (const char *data, unsigned int length, int mode, void *user_data, void *destroy);
const char *hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
void hb_face_destroy (hb_face_t *face);
hb_blob_t *hb_face_reference_blob (hb_face_t *face);
void hb_set_add_sorted_array (hb_set_t *set, const hb_codepoint_t *sorted_codepoints, unsigned int num_codepoints);
hb_subset_input_t *hb_subset_input_create_or_fail (void);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_set_t *hb_subset_input_unicode_set (hb_subset_input_t *input);
void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned value);
hb_face_t *hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
hb_set_t *hb_subset_input_set (hb_subset_input_t *input, int set_type);
uint32_t hb_tag_from_string (const char *str, int len);
void hb_set_clear (hb_set_t *set);
hb_set_t *hb_set_create (void);
void hb_set_destroy (hb_set_t *set);
void hb_face_collect_unicodes (hb_face_t *face, hb_set_t *out);
unsigned int hb_set_get_population (const hb_set_t *set);
unsigned int hb_set_next_many (const hb_set_t *set, hb_codepoint_t codepoint, hb_codepoint_t *out, unsigned int size);
"""
HB_NO_HINTING, HB_DESUBROUTINIZE, HB_NOTDEF_OUTLINE = 0x1, 0x4, 0x40
HB_SUBSET_SETS_DROP_TABLE_TAG, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 3, 6
HB_MEMORY_MODE_DUPLICATE = 0


@cache
def load():
    """(ffi, libharfbuzz, libharfbuzz-subset) or None: HarfBuzz subsets a CJK face in ~1 s, fontTools in ~25 s."""
    if os.environ.get("DOCUMENTS_FONT_SUBSETTER") == "fonttools":
        return None
    try:
        from cffi import FFI

        ffi = FFI()
        ffi.cdef(CDEF)
        hb = ffi.dlopen("libharfbuzz.so.0")
        hb_subset = ffi.dlopen("libharfbuzz-subset.so.0")
        hb.hb_blob_create_from_file_or_fail  # noqa: B018 -- HarfBuzz >= 2.8.2
        return ffi, hb, hb_subset
    except (ImportError, OSError, AttributeError):
        return None


def cmap(path: str, index: int = 0) -> frozenset[int] | None:
    """Code points face ``index`` of ``path`` maps to a glyph; None if HarfBuzz cannot tell (then ask fontTools)."""
    if not load():
        return None
    try:
        ffi, hb, _ = load()
        blob = hb.hb_blob_create_from_file_or_fail(str(path).encode())
        if blob != ffi.NULL:
            face = hb.hb_face_create(blob, index)
            hb.hb_blob_destroy(blob)
            found = hb.hb_set_create()
            try:
                hb.hb_face_collect_unicodes(face, found)
                size = hb.hb_set_get_population(found)
                out = ffi.new("hb_codepoint_t[]", max(size, 1))
                got = hb.hb_set_next_many(found, 0xFFFFFFFF, out, size)
                return frozenset(ffi.unpack(out, got))
            finally:
                hb.hb_set_destroy(found)
                hb.hb_face_destroy(face)
    except AttributeError:  # HarfBuzz < 4.2: no hb_set_next_many
        pass
    return None


def subset_bytes(face: SourceFace, unicodes, data: bytes | None = None) -> bytes | None:
    """HarfBuzz subset of ``face`` (or of the font file ``data``) to ``unicodes``; None if it fails."""
    ffi, hb, hbs = load()
    if data is None:
        blob = hb.hb_blob_create_from_file_or_fail(face.path.encode())
    else:
        blob = hb.hb_blob_create(data, len(data), HB_MEMORY_MODE_DUPLICATE, ffi.NULL, ffi.NULL)
    if blob == ffi.NULL:
        return None
    hb_face = hb.hb_face_create(blob, face.index if data is None else 0)
    hb.hb_blob_destroy(blob)
    subset_input = hbs.hb_subset_input_create_or_fail()
    try:
        cps = sorted(unicodes)
        hb.hb_set_add_sorted_array(
            hbs.hb_subset_input_unicode_set(subset_input), ffi.new("hb_codepoint_t[]", cps), len(cps))
        hbs.hb_subset_input_set_flags(subset_input, HB_NO_HINTING | HB_DESUBROUTINIZE | HB_NOTDEF_OUTLINE)
        for set_type, names in ((HB_SUBSET_SETS_DROP_TABLE_TAG, config.DROP_TABLES),
                                (HB_SUBSET_SETS_LAYOUT_FEATURE_TAG, config.LAYOUT_FEATURES)):
            tags = sorted(hb.hb_tag_from_string(name.encode(), -1) for name in names)
            tag_set = hbs.hb_subset_input_set(subset_input, set_type)
            hb.hb_set_clear(tag_set)
            hb.hb_set_add_sorted_array(tag_set, ffi.new("hb_codepoint_t[]", tags), len(tags))
        result = hbs.hb_subset_or_fail(hb_face, subset_input)
        if result == ffi.NULL:
            return None
        out_blob = hb.hb_face_reference_blob(result)
        length = ffi.new("unsigned int *")
        data = bytes(ffi.buffer(hb.hb_blob_get_data(out_blob, length), length[0]))
        hb.hb_blob_destroy(out_blob)
        hb.hb_face_destroy(result)
        return data or None
    finally:
        hbs.hb_subset_input_destroy(subset_input)
        hb.hb_face_destroy(hb_face)
