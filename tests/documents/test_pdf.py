"""PDF rendering of documents with the pre-subset CJK fonts (docfonts): rare characters, tagged output,
layout as with the system font. No database. The font builder's own tests are tests/docfonts."""
import re
import shutil
import subprocess
from io import BytesIO

import pytest

import docfonts as fonts
from documents import render

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
    assert delta["style_cache_hit"] == 1  # the document's own <style> is parsed once, not per document
    for built in ("common_built", "common_loaded", "extra_built", "extra_disk_hit", "css_built", "style_parsed",
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


# -- the common fonts are split and reordered: still every character, the same glyphs ----------------------


def _embedded_programs(pdf):
    """{BaseFont: fontTools TTFont} of the font programs embedded in ``pdf``."""
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    out = {}
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
            out[str(font["/BaseFont"])] = TTFont(BytesIO(program.get_object().get_data()))
    return out


def test_level2_character_renders_from_the_level2_font(tmp_path):
    assert ord("赉") in fonts.level2_chars() and ord("芮") in fonts.level2_chars()
    plain = render.render_document(certificate(["王小明"]))
    assert fonts.LEVEL2_FAMILY not in plain.font_plan.families  # no level-2 character, no level-2 font

    result = render.render_document(certificate(["芮小明"]) + "<p>镇赉证字〔2026〕第000123号</p>")
    assert result.extra_chars == "" and result.font_plan.families == (fonts.COMMON_FAMILY, fonts.LEVEL2_FAMILY)
    rows = _run("pdffonts", result.pdf, tmp_path).splitlines()[2:]
    level2 = [row for row in rows if row.split()[0].endswith("+DocCommonL2")]
    assert level2, rows
    assert all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in rows), rows  # embedded, subset, unicode
    compact = re.sub(r"\s+", "", _run("pdftotext", result.pdf, tmp_path))
    assert "芮小明" in compact and "镇赉证字〔2026〕第000123号" in compact


def _used_glyphs(pdf):
    """{BaseFont: glyph ids the text uses}, from the ToUnicode maps."""
    from pypdf import PdfReader

    out = {}
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            out[str(font["/BaseFont"])] = {int(glyph, 16) for glyph in re.findall(r"<([0-9a-f]{4})> <", cmap)}
    return out


def test_embedded_cff_fonts_have_glyph_id_equal_to_cid():
    """Acrobat finds glyphs by CID, poppler and PDFium by glyph id: they must be the same number."""
    pdf = render.render_pdf(certificate() + "<p>镇赉证字</p>")  # common, level-2 and extra fonts
    programs, used = _embedded_programs(pdf), _used_glyphs(pdf)
    assert any("DocExtra-" in name for name in programs) and any(name.endswith("DocCommonL2") for name in programs)
    for name, program in programs.items():
        assert hasattr(program["CFF "].cff.topDictIndex[0], "ROS"), name  # CID-keyed
        order = program.getGlyphOrder()
        used[name].discard(0)  # WeasyPrint maps .notdef to U+FFFF in every ToUnicode; the text never uses it
        assert used[name] and all(order[gid] == f"cid{gid:05d}" for gid in used[name]), name


def test_frequent_characters_have_low_glyph_ids():
    """WeasyPrint keeps glyph ids when it subsets, so a certificate must only use the first glyphs."""
    from fontTools.ttLib import TTFont

    common = fonts.common_fonts()
    font = TTFont(str(common.files[400]), lazy=True)
    cmap = font.getBestCmap()
    level1 = sorted((chr(cp) for cp in fonts.frequent_repertoire() if 0x4E00 <= cp <= 0x9FFF),
                    key=lambda c: c.encode("gb2312"))
    rare = next(c for c in level1 if c not in fonts.FREQUENT_HANZI)  # a level-1 hanzi that is not ranked
    gid = {c: font.getGlyphID(cmap[ord(c)]) for c in "A1，的证书街道办事处荣誉鼓励" + rare}
    assert gid["A"] < gid["，"] < gid["的"] < gid[rare]  # ASCII, then punctuation, then hanzi by frequency
    assert max(gid[c] for c in "的证书街道办事处荣誉鼓励") < 2000
    programs = _embedded_programs(render.render_pdf(certificate(["王小明", "李华"])))
    regular = next(program for name, program in programs.items() if name.endswith("+DocCommon"))
    assert len(regular.getGlyphOrder()) < 2500  # glyph ids are kept: this is the highest one used, plus 1


STOCK_FONT = 'html { font-family: "Noto Serif CJK SC"; }'
MIXED = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>测试</title>
<style>@page { size: A4; margin: 20mm; } body { font-size: 12pt; line-height: 1.8; }
h1 { text-align: center; letter-spacing: 0.3em; } .r { text-align: right; }</style></head>
<body><h1>荣誉证书 Certificate</h1>
<p><strong>王芳、李华</strong>家庭：在二〇二六年度“星级文明户”评选中，被评为「五星级文明户」。特发此证，以资鼓励！</p>
<p>证书编号：镇赉证字〔2026〕第000123号；验证码：ABCDE-23456（http://127.0.0.1:8000/verify/ABCDE23456/）。</p>
<p>Office hours 9:00–17:30, Tel. 0431-88886666; AVA “quoted” ‘text’ — fi ffl ½ ①②③ ★☆ ℃ № ±×÷ §¥ %‰…</p>
<h2>二、办理事项</h2><ul><li>户口迁移证明</li><li>居住证明</li></ul><ol><li>第一项</li><li>第二项</li></ol>
<p><em>Emphasis 强调</em> and <b>bold 加粗</b>. 芮婧 赟 堃 镕　王䶮 吉𠮷</p>
<p class="r">东湖街道办事处<br>2026年11月21日</p></body></html>"""


def _words(pdf, tmp_path):
    out = _run("pdftotext", pdf, tmp_path, "-bbox")
    return re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)


def test_text_is_laid_out_exactly_as_with_the_system_font(tmp_path):
    """Same glyph widths, kerning, locl digits, spaces next to rare characters, lists: same word boxes."""
    from weasyprint import CSS, HTML

    ours = _words(render.render_pdf(MIXED), tmp_path)
    stock = _words(HTML(string=MIXED).write_pdf(stylesheets=[CSS(string=STOCK_FONT)], pdf_variant="pdf/ua-1"),
                   tmp_path)
    assert len(ours) > 40
    assert ours == stock


def test_spaces_next_to_rare_characters_are_real_glyphs():
    """Pango shapes a space with the font of the characters around it: every font we build has spaces."""
    from pypdf import PdfReader

    for text in ("赟 堃", "芮\u3000芮", "镕\u00a0赟", "赉 赉"):
        pdf = render.render_pdf(f'<html lang="zh-CN"><body><p>{text}</p></body></html>')
        for font in PdfReader(BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values():
            # WeasyPrint switches to its own CMap when a glyph is missing from a font
            assert font.get_object()["/Encoding"] == "/Identity-H", (text, font.get_object()["/BaseFont"])


# -- stylesheets -------------------------------------------------------------------------------------------


def test_split_styles_takes_out_plain_style_blocks_only():
    html = ('<html><head><style>p { color: red }</style><STYLE type="text/css">h1 { color: blue }</STYLE>'
            '<style media="screen">p { color: green }</style></head><body><p>x</p></body></html>')
    rest, css = render.split_styles(html)
    assert css == ("p { color: red }", "h1 { color: blue }")
    assert '<style media="screen">' in rest and "color: red" not in rest and "color: blue" not in rest
    assert render.split_styles("<p>no style</p>") == ("<p>no style</p>", ())


def test_document_styles_still_apply(tmp_path):
    big = '<html lang="zh-CN"><head><style>p.big { font-size: 40pt }</style></head><body>' \
          '<p class="big">大字</p><p>小字</p></body></html>'
    words = {word[4]: float(word[3]) - float(word[1]) for word in _words(render.render_pdf(big), tmp_path)}
    assert words["大字"] > 2 * words["小字"]


def test_user_agent_stylesheet_drops_only_footnote_note_and_margin_box_rules():
    from importlib.resources import files

    stock = (files("weasyprint.css") / "html5_ua.css").read_text("utf-8").splitlines()
    cls = render._document_html_class()
    assert cls is not None and cls.__name__ == "DocumentHTML"
    for margin_boxes, text in cls.ua_texts.items():
        dropped = [line for line in stock if line not in text.splitlines()]
        assert dropped, margin_boxes
        for line in dropped:
            assert re.match(r"^(::(footnote|note)-|  @(footnote|note-area|top-|bottom-|left-|right-))", line), line
            if margin_boxes:
                assert not re.match(r"^  @(top|bottom|left|right)-", line), line
        assert len(text.splitlines()) == len(stock) - len(dropped)


def test_page_margin_boxes_still_work(tmp_path):
    from weasyprint import CSS, HTML

    html = ('<html lang="zh-CN"><head><style>@page { size: A5; margin: 20mm; '
            '@bottom-center { content: "第" counter(page) "页" } }</style></head><body><p>正文</p></body></html>')
    ours = _words(render.render_pdf(html), tmp_path)
    assert any(word[4] == "第1页" for word in ours)
    stock = _words(HTML(string=html).write_pdf(stylesheets=[CSS(string=STOCK_FONT)], pdf_variant="pdf/ua-1"),
                   tmp_path)
    assert ours == stock  # centred, as the stock user-agent stylesheet says


def test_images_are_not_mixed_up_between_documents():
    """Decoded images are cached across documents (the seal): each document still gets its own."""
    import base64

    from PIL import Image
    from pypdf import PdfReader

    def png(width, color):
        out = BytesIO()
        Image.new("RGB", (width, 10), color).save(out, "PNG")
        return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()

    for width, color in ((20, "red"), (30, "blue"), (20, "red")):
        pdf = render.render_pdf(f'<html><body><img src="{png(width, color)}"></body></html>')
        (image,) = PdfReader(BytesIO(pdf)).pages[0].images
        assert image.image.size == (width, 10)
        assert image.image.convert("RGB").getpixel((0, 0)) == Image.new("RGB", (1, 1), color).getpixel((0, 0))


def test_warm_up_loads_what_the_first_document_needs():
    render.warm_up()
    before = fonts.stats.copy()
    render.render_pdf(certificate(["王小明"]))
    delta = fonts.stats.copy()
    delta.subtract(before)
    assert delta["renders"] == 1
    for built in ("common_built", "common_loaded", "font_config_created"):
        assert delta[built] == 0, built
