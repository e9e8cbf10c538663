"""Language: zh-Hans is the default everywhere, English works on request, and the catalogue is complete.

The resident pages are requested as a phone would request them; the catalogue tests read
``locale/zh_Hans/LC_MESSAGES/django.po`` with a small parser (no extra dependencies) and
check that the compiled ``django.mo`` next to it says the same thing.
"""
import gettext
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings

from forms_app.constants import FieldType
from tests.factories import make_form

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

KEY_RE = re.compile(r'name="_key" value="([0-9a-f]{32})"')


# -- helpers -----------------------------------------------------------------


def text_of(response):
    """The response body as text, entities decoded (so “ and ' compare as typed)."""
    return unescape(response.content.decode())


def submit_buttons(html):
    """Visible text of the form's submit buttons."""
    return [re.sub(r"<[^>]+>", "", b).strip() for b in re.findall(r'<button type="submit" class="button[^"]*"[^>]*>(.*?)</button>', html, re.S)]


@pytest.fixture
def form_page(db):
    return make_form([("姓名", FieldType.SINGLELINE), ("电话", FieldType.MOBILE)], title="居民诉求")


def open_form(client, page, **extra):
    response = client.get(page.url, **extra)
    assert response.status_code == 200
    return response, KEY_RE.search(response.content.decode()).group(1)


def post_answers(client, page, answers, **extra):
    _response, key = open_form(client, page, **extra)
    return client.post(page.url, {"_key": key, "_step": "1", **answers}, **extra)


# -- resident pages ------------------------------------------------------------


def test_form_page_is_chinese_by_default(client, form_page):
    response, _key = open_form(client, form_page)
    html = text_of(response)
    assert '<html lang="zh-Hans">' in html
    assert submit_buttons(html) == ["提交"]
    assert "（必填）" in html
    assert "社区服务" in html  # site name in the header
    assert ">English</button>" in html  # the switch offers the other language


def test_bad_post_shows_chinese_error_summary(client, form_page):
    response = post_answers(client, form_page, {"xing_ming": "", "dian_hua": "13812345678"})
    assert response.status_code == 400
    html = text_of(response)
    assert "提交的内容有误" in html
    assert "There is a problem" not in html
    assert submit_buttons(html) == ["提交"]
    assert "<title>错误：" in html
    # the resident-facing "required" message, in plain Chinese
    assert "Please answer this question." not in html
    assert re.search(r"<a href=\"#id_xing_ming\">姓名：请填写此项。", html)


def test_invalid_mobile_message_is_chinese_by_default(client, form_page):
    response = post_answers(client, form_page, {"xing_ming": "张三", "dian_hua": "12345"})
    assert response.status_code == 400
    html = text_of(response)
    assert "请输入正确的手机号码：以 1 开头的 11 位数字，例如 13812345678。" in html
    assert "Enter a valid mainland mobile number" not in html


def test_accept_language_en_gives_english(client, form_page):
    response = post_answers(client, form_page, {"xing_ming": "", "dian_hua": "12345"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    html = text_of(response)
    assert '<html lang="en">' in html
    assert "There is a problem" in html
    assert submit_buttons(html) == ["Submit"]
    assert "Enter a valid mainland mobile number: 11 digits starting with 1" in html
    assert "Please answer this question." in html
    assert "提交的内容有误" not in html
    assert ">中文</button>" in html


def test_language_cookie_gives_english(client, form_page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = post_answers(client, form_page, {"xing_ming": ""})
    assert response.status_code == 400
    html = text_of(response)
    assert "There is a problem" in html
    assert submit_buttons(html) == ["Submit"]


def test_setlang_view_switches_language_and_back(client, form_page):
    response = client.post("/i18n/setlang/", {"language": "en", "next": form_page.url})
    assert response.status_code == 302
    assert response["Location"] == form_page.url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = text_of(client.get(form_page.url))
    assert submit_buttons(html) == ["Submit"]
    assert "Community services" in html

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": form_page.url})
    html = text_of(client.get(form_page.url))
    assert submit_buttons(html) == ["提交"]


def test_confirmation_and_tracking_pages_are_chinese(client, form_page):
    response = post_answers(client, form_page, {"xing_ming": "张三", "dian_hua": "13812345678"})
    assert response.status_code == 303
    done = text_of(client.get(response["Location"]))
    assert "您的受理编号是" in done
    assert "查询办理进度" in done
    tracking = re.search(r'id="tracking-link">([^<]+)<', done).group(1)
    track = text_of(client.get(tracking))
    assert "办理进度" in track
    assert "受理编号" in track
    assert re.search(r'id="case-status">已报单<', track)


def test_check_your_answers_flow_is_chinese(client, db):
    page = make_form([("姓名", FieldType.SINGLELINE)], always_review=True)
    response, key = open_form(client, page)
    assert submit_buttons(text_of(response)) == ["下一步"]
    response = client.post(page.url, {"_key": key, "_step": "1", "xing_ming": "张三"})
    assert response.status_code == 303
    review = text_of(client.get(response["Location"]))
    assert "核对您的回答" in review
    assert "修改" in review
    assert submit_buttons(review) == ["提交"]


# -- the catalogue -----------------------------------------------------------


def _unquote(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    out, i, body = [], 0, s[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def read_po(path):
    """Entries of a .po file as dicts: flags, msgctxt, msgid, msgid_plural, msgstr (list). Obsolete ones skipped."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": {}}
        current, obsolete = None, False
        for line in block.splitlines():
            if line.startswith("#~"):
                obsolete = True
            elif line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif m := re.match(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line):
                kind, index, value = m.groups()
                current = (kind, int(index or 0))
                if kind == "msgstr":
                    entry["msgstr"][current[1]] = _unquote(value)
                else:
                    entry[kind] = _unquote(value)
            elif line.startswith('"') and current:
                kind, index = current
                if kind == "msgstr":
                    entry["msgstr"][index] += _unquote(line)
                else:
                    entry[kind] += _unquote(line)
        if "msgid" in entry and not obsolete:
            entry["msgstr"] = [entry["msgstr"][k] for k in sorted(entry["msgstr"])]
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def po_entries():
    assert PO_PATH.exists(), f"{PO_PATH} is missing: run makemessages -l zh_Hans"
    return read_po(PO_PATH)


def messages(entries):
    return [e for e in entries if e["msgid"] != ""]


def test_po_header_declares_chinese(po_entries):
    header = next(e for e in po_entries if e["msgid"] == "")
    text = header["msgstr"][0]
    assert "Language: zh_Hans" in text
    assert "charset=UTF-8" in text
    assert "nplurals=1; plural=0;" in text
    assert "fuzzy" not in header["flags"]


def test_every_message_is_translated(po_entries):
    entries = messages(po_entries)
    assert len(entries) > 150
    untranslated = [e["msgid"] for e in entries if not e["msgstr"] or not all(s.strip() for s in e["msgstr"])]
    assert untranslated == []


def test_no_fuzzy_translations(po_entries):
    assert [e["msgid"] for e in messages(po_entries) if "fuzzy" in e["flags"]] == []


PLACEHOLDER_RE = re.compile(r"%\((\w+)\)[sdif]|\{\{\s*[\w.]+\s*\}\}|\{\w*\}")


def test_placeholders_are_kept(po_entries):
    wrong = []
    for e in messages(po_entries):
        wanted = sorted(PLACEHOLDER_RE.findall(e["msgid"]) + PLACEHOLDER_RE.findall(e["msgid_plural"] or ""))
        for s in e["msgstr"]:
            got = sorted(PLACEHOLDER_RE.findall(s))
            if sorted(set(got)) != sorted(set(wanted)):
                wrong.append((e["msgid"], s))
    assert wrong == []


def test_chinese_translations_are_chinese(po_entries):
    """A msgstr copied from the msgid (English left in place) is not a translation."""
    allowed_same = {"URL"}
    copied = [e["msgid"] for e in messages(po_entries) if e["msgid"] in e["msgstr"] and e["msgid"] not in allowed_same]
    assert copied == []


def test_mo_is_not_older_than_po():
    assert MO_PATH.exists(), "compile it: msgfmt --check -o django.mo django.po"
    # a couple of seconds' slack: a fresh checkout writes the two files in either order
    assert MO_PATH.stat().st_mtime >= PO_PATH.stat().st_mtime - 2, "django.mo is older than django.po: run msgfmt"


def test_mo_matches_po(po_entries):
    """The compiled catalogue says exactly what the .po says (catches a stale .mo whatever the mtimes)."""
    with MO_PATH.open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)
    stale = []
    for e in messages(po_entries):
        if e["msgid_plural"] is not None:
            key = (f"{e['msgctxt']}\x04{e['msgid']}" if e["msgctxt"] else e["msgid"], 0)
        else:
            key = f"{e['msgctxt']}\x04{e['msgid']}" if e["msgctxt"] else e["msgid"]
        if catalog._catalog.get(key) != e["msgstr"][0]:
            stale.append(e["msgid"])
    assert stale == []


def test_verification_page_is_chinese_by_default_and_english_on_request(client, db):
    from django.urls import reverse

    zh = text_of(client.get(reverse("verify_document", args=["ABCDEFGHJK"])))
    assert "文书核验" in zh and "没有找到该验证码对应的文书" in zh
    en = text_of(client.get(reverse("verify_document", args=["ABCDEFGHJK"]), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Verify a document" in en and "No document has this verification code" in en
