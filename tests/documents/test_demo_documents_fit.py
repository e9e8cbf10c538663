"""Every document template the demo ships fits the pages it intends, filled with long but realistic values
(documents.long_values), and its verification block (code and QR) is never on a page without the text it verifies.

The check is over every DocumentTemplate in the seeded demo, whichever room or programme seeds it: a new template
is covered the day it is seeded. Each PDF is read back page by page with poppler (tests.factories.pdf_pages).
"""
import html
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.rich_text import expand_db_html
from wagtail.test.utils.form_data import rich_text

from documents import compose, placeholders
from documents.long_values import LONG_NAME, long_values_for
from documents.models import DocumentTemplate
from documents.preview import preview_issue
from tests.factories import make_staff, make_template
from tests.factories.demo import seeded_once
from tests.factories.pdf_pages import pdf_page_count, pdf_pages

pytestmark = pytest.mark.django_db

SHIPPED = {"受理回执", "不予受理通知书", "办结告知书", "整改通知书", "星级文明户荣誉证书", "排榜通报", "议事会通知", "议事会纪要"}


@pytest.fixture(scope="module")
def demo_seeded(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module's tests that ask for it (tests.factories.demo.seeded_once)."""
    yield from seeded_once(django_db_blocker, without_history=True)


@pytest.fixture
def demo_templates(demo_seeded, db):
    return list(DocumentTemplate.objects.order_by("name"))


def long_render(template):
    values = long_values_for(template)
    issue = preview_issue(template, long=True)
    return compose.render(template, values, issue).pdf, values, issue


def body_ending(template, values, issue):
    """The last few characters of the body's last text as printed (a table's last cell, a paragraph's end)."""
    body = placeholders.substitute(expand_db_html(template.body), compose.full_values(values, issue))
    texts = [re.sub(r"\s+", "", html.unescape(strip_tags(piece))) for piece in re.split(r"<[^>]+>", body)]
    texts = [text for text in texts if len(text) >= 2]
    return texts[-1][-6:] if texts else ""


def layout_problems(template):
    """What is wrong with ``template`` on paper, filled with long values: too many pages, a stray verification."""
    pdf, values, issue = long_render(template)
    pages = pdf_pages(pdf)
    problems = []
    if len(pages) > template.max_pages:
        problems.append(f"{len(pages)} pages, meant for at most {template.max_pages}")
    with_code = [page for page in pages if issue.display_code in page.text]
    if [page.number for page in with_code] != [len(pages)]:
        problems.append(f"the verification code is on pages {[p.number for p in with_code]} of {len(pages)}")
    last = pages[-1]
    if not last.has_qr_code:
        problems.append(f"no QR code on the last page (images {last.images})")
    ending = body_ending(template, values, issue)
    if ending not in last.text:
        problems.append(f"the verification block is on page {last.number} without the end of the body ({ending})")
    if issue.serial not in pages[0].text:
        problems.append("the serial number is not on the first page")
    return problems


def test_every_demo_template_fits_its_pages_with_long_values_and_keeps_its_verification_with_its_text(
        demo_templates):
    assert SHIPPED <= {template.name for template in demo_templates}
    problems = {template.name: layout_problems(template) for template in demo_templates}
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_a5_receipt_prints_its_verification_block_and_qr_code_on_its_one_page(demo_templates):
    receipt = DocumentTemplate.objects.get(name="受理回执")
    assert receipt.page_format == "A5 landscape" and receipt.max_pages == 1
    pdf, values, issue = long_render(receipt)
    [page] = pdf_pages(pdf)
    assert LONG_NAME in page.text and values["category"] in page.text
    assert issue.display_code in page.text and page.has_qr_code


@pytest.mark.parametrize("page_format", ["A5 landscape", "A4 portrait"])
def test_however_long_the_body_the_verification_block_shares_a_page_with_its_last_paragraph(page_format):
    """Bodies of one to many paragraphs: wherever the page breaks, the verification moves with the last paragraph."""
    for count in range(1, 16, 2):
        paragraphs = "".join(f"<p>第{n}段：{{{{ result }}}}</p>" for n in range(1, count + 1))
        template = make_template(name=f"长文{page_format}{count}", body=paragraphs + "<p>最后一段到此为止。</p>",
                                 page_format=page_format, max_pages=20)
        pdf, _values, issue = long_render(template)
        last = pdf_pages(pdf)[-1]
        assert issue.display_code in last.text and last.has_qr_code, count
        assert "最后一段到此为止。" in last.text, count


def test_a_template_cannot_be_saved_with_no_pages():
    with pytest.raises(ValidationError) as error:
        make_template(max_pages=0)
    assert "max_pages" in error.value.message_dict
    assert make_template(name="空页数", max_pages=None).max_pages == 1  # left empty in the editor: one page


def template_editor(client):
    user = make_staff()
    user.groups.first().permissions.add(*Permission.objects.filter(
        content_type__app_label="documents",
        codename__in=["add_documenttemplate", "change_documenttemplate", "view_documenttemplate"]))
    client.force_login(user)
    return user


def test_the_preview_has_a_long_values_mode_that_warns_on_every_page_when_the_pages_run_over(client):
    template_editor(client)
    url = reverse("wagtailsnippets_documents_documenttemplate:preview_on_add")
    data = {"name": "一页通知", "kind": "notice", "title": "告知书", "serial_prefix": "镇赉告字",
            "issuer": "东湖街道办事处", "page_format": "A5 landscape", "max_pages": "1", "footer": "",
            "body": rich_text("<p>{{ resident_name }}：</p>" + "<p>{{ result }}</p>" * 3)}
    assert client.post(url, data).json()["is_valid"]
    sample = client.get(url)
    assert sample["Content-Type"] == "application/pdf" and not sample.has_header("X-Document-Pages-Warning")
    assert pdf_page_count(sample.content) == 1 and "李堃喆" in pdf_pages(sample.content)[0].text
    long = client.get(url, {"mode": "long"})
    assert long["Content-Type"] == "application/pdf" and long["X-Document-Pages-Warning"] == "too-long"
    pages = pdf_pages(long.content)
    assert len(pages) > 1 and LONG_NAME in pages[0].text
    warning = f"本文书需要{len(pages)}页，模板设定最多1页"
    assert all(warning in page.text for page in pages)  # the warning, on every page
    data["max_pages"] = str(len(pages))  # allowed as many pages: no warning
    assert client.post(url, data).json()["is_valid"]
    assert not client.get(url, {"mode": "long"}).has_header("X-Document-Pages-Warning")


def test_the_template_editor_asks_for_the_pages(client):
    template_editor(client)
    page = client.get(reverse("wagtailsnippets_documents_documenttemplate:add")).content.decode()
    assert re.search(r'<input[^>]*name="max_pages"[^>]*value="1"|<input[^>]*value="1"[^>]*name="max_pages"', page)
    assert '<option value="long"' in page and "长内容" in page  # the preview's modes: sample and long values
