"""PDF rendering core for documents: pre-subset CJK fonts, rare characters, tagged output. No database."""
import re
import shutil
import subprocess
from io import BytesIO

import pytest

from cases.documents import fonts, render

RARE_NAMES = ["王䶮", "李堃喆", "张镕赟", "吉𠮷"]

CERTIFICATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>荣誉证书</title>
<style>
  @page {{ size: A4 landscape; margin: 20mm; }}
  h1 {{ text-align: center; font-size: 36pt; letter-spacing: 0.5em; }}
  p {{ font-size: 16pt; line-height: 1.8; text-indent: 2em; }}
  .sign {{ text-align: right; }}
</style></head>
<body>
  <h1>荣誉证书</h1>
  <p><strong>{names}</strong>同志：</p>
  <p>在二〇二六年度社区治理、矛盾纠纷调解和环境卫生整治工作中表现突出，成绩显著，被评为“优秀网格员”。特发此证，以资鼓励。</p>
  <p class="sign">东湖街道办事处<br>2026年11月21日</p>
</body>
</html>"""


def certificate(names=RARE_NAMES):
    return CERTIFICATE.format(names="、".join(names))


def _need(tool):
    if not shutil.which(tool):
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return tool


def _run(tool, pdf, tmp_path, *args):
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run([_need(tool), *args, str(path), *(["-"] if tool == "pdftotext" else [])],
                          capture_output=True, text=True, check=True).stdout


def test_gb2312_repertoire():
    chars = fonts.gb2312_chars()
    assert len(chars) == 7445  # 6763 hanzi + 682 symbols
    assert {ord("王"), ord("李"), ord("张"), ord("、")} <= chars
    assert ord("〇") not in chars and ord("〇") in fonts.common_repertoire()  # 〇 is GBK, not GB2312
    assert not {ord(c) for c in "堃喆镕赟䶮𠮷"} & chars  # the rare name characters need the extra font


def test_certificate_with_rare_names_renders_embedded_subset_fonts(tmp_path):
    result = render.render_document(certificate())
    assert result.pdf.startswith(b"%PDF-1.7")
    assert result.missing == ""
    assert set(result.extra_chars) >= set("堃喆镕赟䶮𠮷")
    families = [face.family for face in result.font_plan.faces]
    assert families[0] == fonts.COMMON_FAMILY and any(f.startswith("DocExtra-") for f in families)

    rows = _run("pdffonts", result.pdf, tmp_path).splitlines()[2:]
    assert rows, "no fonts in the PDF"
    names = []
    for row in rows:
        name, *_, emb, sub, uni, _obj, _gen = row.split()
        names.append(name)
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        assert re.fullmatch(r"[A-Z]{6}\+Doc[\w-]+", name), row
    assert any("DocExtra-" in name for name in names)  # the rare characters came from the extra subset
    assert any(name.endswith("DocCommon-Bold") for name in names)  # <strong> uses the real bold face


def test_text_comes_back_including_rare_characters(tmp_path):
    text = _run("pdftotext", render.render_pdf(certificate()), tmp_path)
    compact = re.sub(r"\s+", "", text)
    for name in RARE_NAMES:
        assert name in compact
    assert "荣誉证书" in compact
    assert "特发此证，以资鼓励。" in compact


def test_pdf_is_tagged():
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(render.render_pdf(certificate())))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root.get("/Lang") in ("zh-CN", "zh-cn")
    assert len(reader.pages) == 1


def test_second_render_reuses_fonts_and_configuration():
    html = certificate()
    render.render_pdf(html)
    before = fonts.stats.copy()
    render.render_pdf(html)
    delta = fonts.stats.copy()
    delta.subtract(before)
    assert delta["renders"] == 1
    assert delta["plan_memory_hit"] == 1 and delta["css_cache_hit"] == 1
    for built in ("common_built", "common_loaded", "extra_built", "extra_disk_hit", "css_built",
                  "font_config_created", "fallback_lookups"):
        assert delta[built] == 0, built


def test_other_rare_name_builds_only_a_tiny_extra_font():
    render.render_pdf(certificate(["王䶮"]))
    before = fonts.stats.copy()
    result = render.render_document(certificate(["赵喆", "孙赟"]))  # a different set of extra characters
    delta = fonts.stats.copy()
    delta.subtract(before)
    assert delta["common_built"] == 0
    assert delta["extra_built"] + delta["extra_disk_hit"] == 2  # regular + bold
    assert result.extra_chars == "喆赟"
    for face in result.font_plan.faces:
        if face.family.startswith("DocExtra-"):
            assert face.path.stat().st_size < 50_000


def test_plain_gb2312_text_needs_no_extra_font():
    result = render.render_document(certificate(["王小明", "李华"]))
    assert result.extra_chars == ""
    assert [face.family for face in result.font_plan.faces] == [fonts.COMMON_FAMILY] * 2


def test_characters_in_no_font_are_reported_not_blank():
    html = certificate(["王\ue000明"])  # private-use code point: no installed font has it
    with pytest.raises(render.MissingGlyphsError) as error:
        render.render_pdf(html)
    assert error.value.chars == "\ue000"
    assert "U+E000" in str(error.value)
    result = render.render_document(html, strict=False)
    assert result.missing == "\ue000"
    assert result.warnings == ["no font for \ue000 (U+E000)"]
    assert result.pdf.startswith(b"%PDF")


def test_common_fonts_are_built_on_first_use_then_loaded_from_disk(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "FONT_DIR", tmp_path / "fonts")
    fonts.reset_memory_caches()
    try:
        before = fonts.stats.copy()
        common = fonts.common_fonts()
        assert fonts.stats["common_built"] - before["common_built"] == 2  # regular + bold
        for path in common.files.values():
            assert path.parent == tmp_path / "fonts" and path.stat().st_size > 1_000_000
        assert ord("王") in common.covered and ord("䶮") not in common.covered

        fonts.reset_memory_caches()  # a new process: found on disk, not rebuilt
        before = fonts.stats.copy()
        assert fonts.common_fonts().files == common.files
        assert fonts.stats["common_built"] == before["common_built"]
        assert fonts.stats["common_loaded"] - before["common_loaded"] == 2
    finally:
        fonts.reset_memory_caches()
