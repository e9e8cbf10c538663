"""Pre-subset CJK fonts for fast PDF rendering.

Stock WeasyPrint embeds the whole Noto CJK face it finds on the system and subsets it for
every document. With HarfBuzz-subset that costs ~0.2 s a page; where WeasyPrint falls back
to fontTools (no ``libharfbuzz-subset`` >= 4.1) it costs 6-10 s a page. Here we subset the
Debian Noto CJK SC face ONCE into a small "common" font (ASCII, Latin-1, general and CJK
punctuation, full-width forms, the GB2312 repertoire) cached under ``var/fonts/``, and per
document build (and cache) a tiny "extra" font holding only the characters the common font
lacks -- typically rare characters in residents' names (生僻字: 堃 喆 镕 赟 䶮 𠮷 ...).

Characters that the CJK face lacks are looked up in the other installed fonts through
fontconfig (``fc-list``) and subset from there ("fallback" fonts). Characters no installed
font covers are reported in :attr:`FontPlan.missing`; :func:`cases.documents.render.render_pdf`
refuses to print a blank box for them.

Everything here is cached on disk (``var/fonts/``, keyed by source-file path/mtime/size and
build version; written atomically, so concurrent processes are safe) and in memory (guarded
by one lock). :data:`stats` counts builds and cache hits.
"""
from __future__ import annotations

import hashlib
import html as html_lib
import os
import shutil
import subprocess
import tempfile
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Where built fonts live. Override with the DOCUMENTS_FONT_DIR environment variable.
FONT_DIR = Path(os.environ.get("DOCUMENTS_FONT_DIR") or ROOT / "var" / "fonts")
#: Bump when the subset recipe changes: every cached font is rebuilt.
BUILD_VERSION = "1"

NOTO_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto-cjk")
STYLES = {
    # style: (family name inside the .ttc, {weight: file name})
    "serif": ("Noto Serif CJK SC", {400: "NotoSerifCJK-Regular.ttc", 700: "NotoSerifCJK-Bold.ttc"}),
    "sans": ("Noto Sans CJK SC", {400: "NotoSansCJK-Regular.ttc", 700: "NotoSansCJK-Bold.ttc"}),
}
DEFAULT_STYLE = "serif"
COMMON_FAMILY = "DocCommon"

#: Counters, for tests and the benchmark: common_built / common_loaded / extra_built /
#: extra_disk_hit / extra_memory_hit / plan_memory_hit / fallback_lookups ...
stats: Counter = Counter()

_lock = threading.RLock()


class FontSourceError(RuntimeError):
    """The Noto CJK SC font this module subsets is not installed."""


# -- character repertoires -------------------------------------------------------------


@cache
def gb2312_chars() -> frozenset[int]:
    """Every character of GB2312 (hanzi levels 1+2 and the symbol rows), by decoding all valid byte pairs."""
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes((hi, lo)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return frozenset(out)


@cache
def common_repertoire() -> frozenset[int]:
    ranges = [
        (0x20, 0x7E),  # ASCII
        (0xA0, 0xFF),  # Latin-1 supplement (· × ÷ ° ...)
        (0x2000, 0x206F),  # general punctuation (— “ ” ‘ ’ … ‰ ※)
        (0x2100, 0x218F),  # letterlike symbols and number forms (℃ № Ⅰ Ⅱ)
        (0x2460, 0x24FF),  # enclosed alphanumerics (① ⑴ ⒈)
        (0x3000, 0x303F),  # CJK symbols and punctuation (、。〇《》【】)
        (0xFE30, 0xFE4F),  # CJK compatibility forms
        (0xFF00, 0xFFEF),  # half-width and full-width forms
    ]
    cps = set(gb2312_chars())
    for lo, hi in ranges:
        cps.update(range(lo, hi + 1))
    return frozenset(cps)


_SKIP_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def _needs_glyph(cp: int) -> bool:
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:  # variation selectors
        return False
    return unicodedata.category(chr(cp)) not in _SKIP_CATEGORIES


def text_codepoints(text: str) -> frozenset[int]:
    """Code points that need a glyph in ``text`` (HTML: entities are decoded; markup is ASCII anyway)."""
    return frozenset(cp for cp in map(ord, set(html_lib.unescape(text))) if _needs_glyph(cp))


# -- source fonts ---------------------------------------------------------------------


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
def find_source(style: str = DEFAULT_STYLE, weight: int = 400) -> SourceFace:
    """The Noto CJK SC face for ``style``/``weight``, picked from its .ttc by family name."""
    family, files = STYLES[style]
    filename = files[weight]
    for directory in NOTO_DIRS:
        path = os.path.join(directory, filename)
        if os.path.exists(path):
            names = _face_names(path)
            if family in names:
                return SourceFace(path, names.index(family), family)
    raise FontSourceError(f"{family} ({filename}) not found in {NOTO_DIRS}: apt-get install fonts-noto-cjk")


@cache
def _source_cmap(face: SourceFace) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    return frozenset(font.getBestCmap())


_HB_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
hb_blob_t *hb_blob_create_from_file_or_fail (const char *file_name);
void hb_blob_destroy (hb_blob_t *blob);
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
"""
_HB_NO_HINTING, _HB_NOTDEF_OUTLINE = 0x1, 0x40


@cache
def _hb():
    """(ffi, libharfbuzz, libharfbuzz-subset) or None: HarfBuzz subsets a CJK face in ~1 s, fontTools in ~25 s."""
    if os.environ.get("DOCUMENTS_FONT_SUBSETTER") == "fonttools":
        return None
    try:
        from cffi import FFI

        ffi = FFI()
        ffi.cdef(_HB_CDEF)
        hb = ffi.dlopen("libharfbuzz.so.0")
        hb_subset = ffi.dlopen("libharfbuzz-subset.so.0")
        hb.hb_blob_create_from_file_or_fail  # noqa: B018 -- HarfBuzz >= 2.8.2
        return ffi, hb, hb_subset
    except (ImportError, OSError, AttributeError):
        return None


def _subset_bytes_harfbuzz(face: SourceFace, unicodes) -> bytes | None:
    ffi, hb, hbs = _hb()
    blob = hb.hb_blob_create_from_file_or_fail(face.path.encode())
    if blob == ffi.NULL:
        return None
    hb_face = hb.hb_face_create(blob, face.index)
    hb.hb_blob_destroy(blob)
    subset_input = hbs.hb_subset_input_create_or_fail()
    try:
        cps = sorted(unicodes)
        hb.hb_set_add_sorted_array(
            hbs.hb_subset_input_unicode_set(subset_input), ffi.new("hb_codepoint_t[]", cps), len(cps))
        hbs.hb_subset_input_set_flags(subset_input, _HB_NO_HINTING | _HB_NOTDEF_OUTLINE)
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


def _subset_bytes_fonttools(face: SourceFace, unicodes) -> bytes:
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False  # PDF viewers do not use CFF hints; smaller files
    options.notdef_outline = True
    options.layout_features = []  # GSUB closure over a CJK face is very slow; WeasyPrint drops GSUB/GPOS anyway
    font = TTFont(face.path, fontNumber=face.index, lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _subset(face: SourceFace, unicodes, out_path: Path) -> None:
    """Write a subset of ``face`` with ``unicodes`` to ``out_path`` (atomic rename: safe across processes)."""
    data = _subset_bytes_harfbuzz(face, unicodes) if _hb() else None
    if data is None:
        data = _subset_bytes_fonttools(face, unicodes)
        stats["subset_fonttools"] += 1
    else:
        stats["subset_harfbuzz"] += 1
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


def _font_cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(path), lazy=True).getBestCmap())


def _digest(*parts) -> str:
    return hashlib.sha1("\0".join(map(str, parts)).encode()).hexdigest()[:12]


def _suffix(face: SourceFace) -> str:
    from fontTools.ttLib import TTFont

    if face.path.lower().endswith((".ttc", ".otc")):
        with open(face.path, "rb") as fh:
            fh.seek(12 + 4 * face.index)
            offset = int.from_bytes(fh.read(4), "big")
            fh.seek(offset)
            return ".otf" if fh.read(4) == b"OTTO" else ".ttf"
    return ".otf" if TTFont(face.path, lazy=True).sfntVersion == "OTTO" else ".ttf"


# -- common fonts ----------------------------------------------------------------------


@dataclass
class CommonFonts:
    style: str
    files: dict[int, Path]  # weight -> file
    covered: frozenset[int]  # code points the common font has glyphs for
    key: str


_common: dict[str, CommonFonts] = {}


def common_fonts(style: str = DEFAULT_STYLE) -> CommonFonts:
    """The common subset fonts for ``style`` (regular and bold), built on first use and cached on disk."""
    fonts = _common.get(style)
    if fonts is not None:
        return fonts
    with _lock:
        if style in _common:
            return _common[style]
        files, keys = {}, []
        for weight in STYLES[style][1]:
            face = find_source(style, weight)
            key = _digest(BUILD_VERSION, face.identity, _digest(*sorted(common_repertoire())))
            path = FONT_DIR / f"doccommon-{style}-{weight}-{key}{_suffix(face)}"
            if path.exists():
                stats["common_loaded"] += 1
            else:
                _remove_stale(f"doccommon-{style}-{weight}-", keep=path)
                _subset(face, common_repertoire(), path)
                stats["common_built"] += 1
            files[weight] = path
            keys.append(key)
        covered = _font_cmap(files[400])
        for weight, path in files.items():
            if weight != 400:
                covered &= _font_cmap(path)
        fonts = CommonFonts(style, files, covered, _digest(*keys))
        _common[style] = fonts
        return fonts


def _remove_stale(prefix: str, keep: Path) -> None:
    """Delete common fonts built from an older source/recipe (and the extra fonts keyed on them)."""
    if not FONT_DIR.exists():
        return
    for old in FONT_DIR.glob(prefix + "*"):
        if old != keep:
            old.unlink(missing_ok=True)
            shutil.rmtree(FONT_DIR / "extra", ignore_errors=True)


# -- per-document plans ----------------------------------------------------------------


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: int | None  # None: any weight


@dataclass(frozen=True)
class FontPlan:
    """The fonts one document needs."""

    style: str
    key: str  # stable id of this set of faces (used to cache parsed CSS)
    faces: tuple[FontFace, ...]
    families: tuple[str, ...]  # CSS font-family stack, most preferred first
    extra_chars: str = ""  # characters served by the extra / fallback fonts
    missing: str = ""  # characters no installed font can show
    built: bool = field(default=False, compare=False)  # did this call build a font file?

    @property
    def font_family(self) -> str:
        return ", ".join(f'"{f}"' for f in self.families)

    def font_face_css(self) -> str:
        rules = []
        for face in self.faces:
            weight = f" font-weight: {face.weight};" if face.weight else ""
            rules.append(
                f'@font-face {{ font-family: "{face.family}"; src: url("{face.path.as_uri()}");{weight} }}')
        return "\n".join(rules)


_plans: dict[tuple[str, str, frozenset[int]], FontPlan] = {}
_fallback_face: dict[int, SourceFace | None] = {}
_MAX_PLANS = 1024


def plan_for_text(text: str, style: str = DEFAULT_STYLE) -> FontPlan:
    """Fonts for a document whose text (or HTML source) is ``text``; builds extra subsets as needed."""
    common = common_fonts(style)
    extra = text_codepoints(text) - common.covered
    cache_key = (style, common.key, extra)
    plan = _plans.get(cache_key)
    if plan is not None:
        stats["plan_memory_hit"] += 1
        return plan
    with _lock:
        plan = _plans.get(cache_key)
        if plan is None:
            plan = _build_plan(common, extra)
            if len(_plans) >= _MAX_PLANS:
                _plans.clear()
            _plans[cache_key] = plan
        else:
            stats["plan_memory_hit"] += 1
        return plan


def _build_plan(common: CommonFonts, extra: frozenset[int]) -> FontPlan:
    faces = [FontFace(COMMON_FAMILY, path, weight) for weight, path in sorted(common.files.items())]
    families = [COMMON_FAMILY]
    built = False
    missing = set()
    if extra:
        tag = _digest(common.key, *sorted(extra))
        in_cjk = {cp for cp in extra if cp in _source_cmap(find_source(common.style, 400))}
        if in_cjk:
            family = f"DocExtra-{tag}"
            for weight in sorted(common.files):
                face = find_source(common.style, weight)
                path = FONT_DIR / "extra" / f"docextra-{tag}-{weight}{_suffix(face)}"
                built |= _ensure_subset(face, in_cjk, path)
                faces.append(FontFace(family, path, weight))
            families.append(family)
        # Characters the CJK face lacks: any other installed font that has them.
        by_source: dict[SourceFace, set[int]] = {}
        for cp in sorted(extra - in_cjk):
            face = _fallback_for(cp)
            if face is None:
                missing.add(cp)
            else:
                by_source.setdefault(face, set()).add(cp)
        for i, (face, cps) in enumerate(sorted(by_source.items(), key=lambda item: (item[0].path, item[0].index))):
            family = f"DocFallback-{tag}-{i}"
            path = FONT_DIR / "extra" / f"docfallback-{_digest(face.identity, *sorted(cps))}{_suffix(face)}"
            built |= _ensure_subset(face, cps, path)
            faces.append(FontFace(family, path, None))
            families.append(family)
    key = _digest(*(f"{f.family}:{f.path}:{f.weight}" for f in faces))
    return FontPlan(
        style=common.style, key=key, faces=tuple(faces), families=tuple(families),
        extra_chars="".join(chr(cp) for cp in sorted(extra - missing)),
        missing="".join(chr(cp) for cp in sorted(missing)), built=built)


def _ensure_subset(face: SourceFace, cps, path: Path) -> bool:
    if path.exists():
        stats["extra_disk_hit"] += 1
        return False
    _subset(face, cps, path)
    stats["extra_built"] += 1
    return True


def _fallback_for(cp: int) -> SourceFace | None:
    """An installed font (other than the CJK SC face) with a glyph for ``cp``, via fontconfig."""
    if cp in _fallback_face:
        return _fallback_face[cp]
    stats["fallback_lookups"] += 1
    found = None
    fc_list = shutil.which("fc-list")
    if fc_list:
        out = subprocess.run(
            [fc_list, "--format", "%{file}\t%{index}\t%{family[0]}\n", f":charset={cp:x}"],
            capture_output=True, text=True, timeout=30, check=False).stdout
        candidates = []
        for line in out.splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and parts[0].lower().endswith((".ttf", ".otf", ".ttc", ".otc")):
                path, index, family = parts
                # Prefer Noto, then regular faces, for a stable choice.
                rank = (0 if "Noto" in family else 1, 0 if "Regular" in path or "-" not in Path(path).stem else 1, path)
                candidates.append((rank, SourceFace(path, int(index or 0), family)))
        for _, face in sorted(candidates, key=lambda c: c[0]):
            if cp in _source_cmap(face):  # trust the cmap, not only fontconfig's charset
                found = face
                break
    _fallback_face[cp] = found
    return found


def reset_memory_caches() -> None:
    """Forget in-memory state (tests): fonts on disk stay."""
    with _lock:
        _common.clear()
        _plans.clear()
        _fallback_face.clear()
