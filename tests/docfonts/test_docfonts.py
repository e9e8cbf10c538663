"""The font builder on its own (docfonts): which characters the common fonts hold, building and caching
them, and the plan of fonts for one document's text. No Django, no database, no PDF."""
import subprocess
import sys
from pathlib import Path

import docfonts as fonts

ROOT = Path(__file__).resolve().parents[2]


def test_gb2312_repertoire():
    chars = fonts.gb2312_chars()
    assert len(chars) == 7445  # 6763 hanzi + 682 symbols
    assert {ord("王"), ord("李"), ord("张"), ord("、")} <= chars
    assert ord("〇") not in chars and ord("〇") in fonts.common_repertoire()  # 〇 is GBK, not GB2312
    assert not {ord(c) for c in "堃喆镕赟䶮𠮷"} & chars  # the rare name characters need the extra font

def test_common_fonts_are_built_on_first_use_then_loaded_from_disk(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts.config, "FONT_DIR", tmp_path / "fonts")
    fonts.reset_memory_caches()
    try:
        before = fonts.stats.copy()
        common = fonts.common_fonts()
        assert fonts.stats["common_built"] - before["common_built"] == 4  # (level 1, level 2) x (regular, bold)
        for path in [*common.files.values(), *common.level2_files.values()]:
            assert path.parent == tmp_path / "fonts" and path.stat().st_size > 500_000
        assert ord("王") in common.covered and ord("䶮") not in common.covered
        assert ord("赉") in common.covered and ord("赉") in common.level2 and ord("王") not in common.level2

        fonts.reset_memory_caches()  # a new process: found on disk, not rebuilt
        before = fonts.stats.copy()
        again = fonts.common_fonts()
        assert (again.files, again.level2_files) == (common.files, common.level2_files)
        assert fonts.stats["common_built"] == before["common_built"]
        assert fonts.stats["common_loaded"] - before["common_loaded"] == 4
    finally:
        fonts.reset_memory_caches()

def test_every_gb2312_character_has_a_glyph_in_both_weights():
    common = fonts.common_fonts()
    assert fonts.gb2312_chars() <= common.covered  # covered: in the regular AND the bold face
    assert fonts.level2_chars() <= common.level2
    assert not fonts.level2_chars() & fonts.frequent_repertoire()
    assert fonts.frequent_repertoire() | fonts.level2_chars() == fonts.common_repertoire()


def test_a_plan_for_everyday_text_uses_only_the_common_font():
    plan = fonts.plan_for_text("<p>王小明同志：特发此证，以资鼓励。2026年</p>")
    assert plan.families == (fonts.COMMON_FAMILY,)
    assert plan.missing == "" and plan.extra_chars == ""
    assert {face.family for face in plan.faces} == {fonts.COMMON_FAMILY}
    assert all(face.path.exists() for face in plan.faces)


def test_a_plan_for_rare_name_characters_adds_a_small_font_of_their_own():
    plan = fonts.plan_for_text("李堃喆、吉𠮷")
    assert set(plan.extra_chars) == set("堃喆𠮷")
    assert plan.families[0] == fonts.COMMON_FAMILY and plan.families[-1].startswith("DocExtra-")
    extra = [face for face in plan.faces if face.family.startswith("DocExtra-")]
    assert extra and all(face.path.stat().st_size < 100_000 for face in extra)
    assert all(face.path.as_uri() in plan.font_face_css() for face in plan.faces)


def test_a_character_no_installed_font_has_is_reported_missing():
    plan = fonts.plan_for_text("王\ue000")
    assert plan.missing == "\ue000"


def test_configure_points_the_font_cache_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts.config, "FONT_DIR", fonts.config.FONT_DIR)  # restored after the test
    fonts.configure(font_dir=tmp_path / "cache")
    assert fonts.config.FONT_DIR == tmp_path / "cache"
    fonts.configure(font_dir=None)
    assert fonts.config.FONT_DIR == tmp_path / "cache"


def test_the_package_stands_alone_without_django_or_the_project():
    """Imported in a bare interpreter, docfonts brings in neither Django nor any room of the project."""
    code = ("import sys; import docfonts; docfonts.plan_for_text('王'); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'django', 'wagtail', 'weasyprint', 'organisation', 'forms_app', 'cases', 'documents', 'config'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "DOCUMENTS_FONT_DIR": str(fonts.config.FONT_DIR)})
    assert out.stdout.strip() == "[]"
