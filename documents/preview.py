"""A template's live preview: the PDF with sample data (rare characters included, so the fonts are
proved too), or a page that lists the problems (unknown placeholders, characters no font has).

Its *Long values* mode fills the template with long but realistic values (documents.long_values) instead, to
show whether the layout holds them. In either mode, a rendering that needs more pages than the template's
``max_pages`` is printed again with a warning on every page, in the top margin (out of the flow, so the warning
moves nothing): staff see it where they look, on the paper.
"""
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

from cases.clock import now

from . import compose
from .layout import page_count
from .long_values import LONG_SERIAL_NUMBER, long_values_for
from .placeholders import SAMPLE_VALUES, check
from .render import MissingGlyphsError, render_document

LONG_VALUES_MODE = "long"


def preview_issue(template, *, long=False):
    """The serial, codes and dates a preview prints (the longest realistic ones in long mode)."""
    number = LONG_SERIAL_NUMBER if long else "〔2026〕第000123号"
    return compose.Issue(serial=f"{template.serial_prefix or '〔预览〕'}{number}",
                         verify_code="PREVIEW234", display_code="PREVI-EW234",
                         issued_at=now(), title=template.title or _("(no title)"),
                         issuer=template.issuer or _("(no issuing body)"))


def preview_values(template, *, long=False):
    return long_values_for(template) if long else SAMPLE_VALUES


def too_long_warning(template, pages):
    """The warning printed on a preview that needs more pages than its template intends ("" when it fits)."""
    intended = template.max_pages or 1
    if pages <= intended:
        return ""
    return _("This document needs %(pages)d pages; the template is meant to fill at most %(intended)d. "
             "Shorten the text, choose a larger page size or allow more pages.") % {
        "pages": pages, "intended": intended}


def warning_html(html, warning):
    """``html`` with ``warning`` fixed in the top margin of every page (it takes no room in the flow)."""
    banner = ('<div style="position: fixed; top: -9mm; left: 0; right: 0; padding: 1mm 2mm; font-size: 8pt; '
              'line-height: 1.3; text-indent: 0; color: #fff; background: #b00020; font-weight: bold">'
              f'{escape(warning)}</div>')
    return html.replace("<header>", banner + "<header>", 1)


def render_preview(template, *, long=False):
    """(PDF bytes, warning or "") of the template's preview; raises what rendering raises."""
    html = compose.document_html(template, preview_values(template, long=long), preview_issue(template, long=long))
    pdf = render_document(html).pdf
    warning = too_long_warning(template, page_count(pdf))
    if warning:
        pdf = render_document(warning_html(html, warning)).pdf
    return pdf, warning


def preview_response(request, template, *, long=False):
    """The template as a PDF with sample data; problems (unknown placeholders, fonts) as a readable page."""
    problems = check(*template.texts())
    if not problems:
        try:
            pdf, warning = render_preview(template, long=long)
        except MissingGlyphsError as error:
            problems = [_("No installed font has these characters: %(chars)s") % {"chars": " ".join(error.chars)}]
        except (ValidationError, ValueError, OSError) as error:
            problems = [str(error)]
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = 'inline; filename="preview.pdf"'
            if warning:
                response["X-Document-Pages-Warning"] = "too-long"
            return response
    return TemplateResponse(request, "documents/preview_problems.html", {"problems": problems}, status=200)
