"""Which fonts a document gets: the common fonts, plus per-document extra and fallback subsets.

:func:`common_fonts` builds (or finds on disk) the two common fonts of a style once per process;
:func:`plan_for_text` adds, for the characters they lack, a tiny "extra" subset of the CJK face
and "fallback" subsets of other installed fonts, and remembers the result per character set. All
in-memory state here is guarded by ``config.lock`` and dropped by :func:`reset_memory_caches`.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from . import build, config, repertoire, source
from .source import SourceFace

# -- common fonts ----------------------------------------------------------------------


@dataclass
class CommonFonts:
    style: str
    files: dict[int, Path]  # weight -> DocCommon file (ASCII, punctuation, symbols, level-1 hanzi)
    level2_files: dict[int, Path]  # weight -> DocCommonL2 file (level-2 hanzi)
    covered: frozenset[int]  # code points the common fonts have glyphs for (in every weight)
    level2: frozenset[int]  # the part of ``covered`` served by DocCommonL2
    key: str


#: The common fonts: (family, file-name part, repertoire).
COMMON_PARTS = (
    (config.COMMON_FAMILY, "l1", repertoire.frequent_repertoire),
    (config.LEVEL2_FAMILY, "l2", repertoire.level2_chars),
)

_common: dict[str, CommonFonts] = {}


def common_fonts(style: str = config.DEFAULT_STYLE) -> CommonFonts:
    """The common subset fonts for ``style`` (two parts, regular and bold), built on first use, cached on disk."""
    fonts = _common.get(style)
    if fonts is not None:
        return fonts
    with config.lock:
        if style in _common:
            return _common[style]
        files: dict[str, dict[int, Path]] = {}
        keys, built = [], False
        for _family, part, chars in COMMON_PARTS:
            files[part] = {}
            for weight in config.STYLES[style][1]:
                face = source.find_source(style, weight)
                key = build.digest(config.BUILD_VERSION, face.identity, part, build.digest(*sorted(chars())),
                                   build.order_recipe())
                path = config.FONT_DIR / f"doccommon-{style}-{part}-{weight}-{key}{source.suffix(face)}"
                if path.exists():
                    config.stats["common_loaded"] += 1
                else:
                    build.subset(face, chars(), path, rank=repertoire.glyph_rank)
                    config.stats["common_built"] += 1
                    built = True
                files[part][weight] = path
                keys.append(key)
        if built:
            _remove_stale(f"doccommon-{style}-", keep={p for by_weight in files.values() for p in by_weight.values()})
        covered_by = {}
        for part, by_weight in files.items():
            covered_by[part] = frozenset.intersection(*(source.cmap_of(str(path)) for path in by_weight.values()))
        level2 = covered_by["l2"] - covered_by["l1"]
        fonts = CommonFonts(style, files["l1"], files["l2"], covered_by["l1"] | level2, level2, build.digest(*keys))
        _common[style] = fonts
        return fonts


def _remove_stale(prefix: str, keep: set[Path]) -> None:
    """Delete common fonts built from an older source/recipe (and the extra fonts keyed on them)."""
    if not config.FONT_DIR.exists():
        return
    for old in config.FONT_DIR.glob(prefix + "*"):
        if old not in keep:
            old.unlink(missing_ok=True)
            shutil.rmtree(config.FONT_DIR / "extra", ignore_errors=True)


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


_plans: dict[tuple[str, str, frozenset[int], bool], FontPlan] = {}
_fallback_face: dict[int, SourceFace | None] = {}
_MAX_PLANS = 1024


def plan_for_text(text: str, style: str = config.DEFAULT_STYLE) -> FontPlan:
    """Fonts for a document whose text (or HTML source) is ``text``; builds extra subsets as needed."""
    common = common_fonts(style)
    codepoints = repertoire.text_codepoints(text)
    extra = codepoints - common.covered
    level2 = not codepoints.isdisjoint(common.level2)
    cache_key = (style, common.key, extra, level2)
    plan = _plans.get(cache_key)
    if plan is not None:
        config.stats["plan_memory_hit"] += 1
        return plan
    with config.lock:
        plan = _plans.get(cache_key)
        if plan is None:
            plan = _build_plan(common, extra, level2)
            if len(_plans) >= _MAX_PLANS:
                _plans.clear()
            _plans[cache_key] = plan
        else:
            config.stats["plan_memory_hit"] += 1
        return plan


def _build_plan(common: CommonFonts, extra: frozenset[int], level2: bool) -> FontPlan:
    faces = [FontFace(config.COMMON_FAMILY, path, weight) for weight, path in sorted(common.files.items())]
    families = [config.COMMON_FAMILY]
    if level2:  # only then: a family in the stack costs Pango a little even when no character uses it
        faces += [FontFace(config.LEVEL2_FAMILY, path, weight)
                  for weight, path in sorted(common.level2_files.items())]
        families.append(config.LEVEL2_FAMILY)
    built = False
    missing = set()
    if extra:
        tag = build.digest(common.key, *sorted(extra))
        in_cjk = {cp for cp in extra if cp in source.source_cmap(source.find_source(common.style, 400))}
        if in_cjk:
            family = f"DocExtra-{tag}"
            for weight in sorted(common.files):
                face = source.find_source(common.style, weight)
                path = config.FONT_DIR / "extra" / f"docextra-{tag}-{weight}{source.suffix(face)}"
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
            digest = build.digest(config.BUILD_VERSION, build.order_recipe(), face.identity, *sorted(cps))
            path = config.FONT_DIR / "extra" / f"docfallback-{digest}{source.suffix(face)}"
            built |= _ensure_subset(face, cps, path)
            faces.append(FontFace(family, path, None))
            families.append(family)
    key = build.digest(*(f"{f.family}:{f.path}:{f.weight}" for f in faces))
    return FontPlan(
        style=common.style, key=key, faces=tuple(faces), families=tuple(families),
        extra_chars="".join(chr(cp) for cp in sorted(extra - missing)),
        missing="".join(chr(cp) for cp in sorted(missing)), built=built)


def _ensure_subset(face: SourceFace, cps, path: Path) -> bool:
    if path.exists():
        config.stats["extra_disk_hit"] += 1
        return False
    build.subset(face, cps, path)
    config.stats["extra_built"] += 1
    return True


def _fallback_for(cp: int) -> SourceFace | None:
    """An installed font (other than the CJK SC face) with a glyph for ``cp``, via fontconfig."""
    if cp in _fallback_face:
        return _fallback_face[cp]
    config.stats["fallback_lookups"] += 1
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
            if cp in source.source_cmap(face):  # trust the cmap, not only fontconfig's charset
                found = face
                break
    _fallback_face[cp] = found
    return found


def warm_up(style: str = config.DEFAULT_STYLE) -> None:
    """Load now what the first documents would: the common fonts, and what the CJK face covers."""
    common_fonts(style)
    source.source_cmap(source.find_source(style, 400))


def reset_memory_caches() -> None:
    """Forget in-memory state (tests): fonts on disk stay."""
    with config.lock:
        _common.clear()
        _plans.clear()
        _fallback_face.clear()
