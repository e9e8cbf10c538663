"""A template's live preview: the PDF with sample data (rare characters included, so the fonts are
proved too), or a page that lists the problems (unknown placeholders, characters no font has)."""
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cases.clock import now

from . import compose
from .placeholders import SAMPLE_VALUES, check
from .render import MissingGlyphsError


def preview_response(request, template):
    """The template as a PDF with sample data; problems (unknown placeholders, fonts) as a readable page."""
    problems = check(*template.texts())
    if not problems:
        issue = compose.Issue(serial=f"{template.serial_prefix or '〔预览〕'}〔2026〕第000123号",
                              verify_code="PREVIEW234", display_code="PREVI-EW234",
                              issued_at=now(), title=template.title or _("(no title)"),
                              issuer=template.issuer or _("(no issuing body)"))
        try:
            result = compose.render(template, SAMPLE_VALUES, issue)
        except MissingGlyphsError as error:
            problems = [_("No installed font has these characters: %(chars)s") % {"chars": " ".join(error.chars)}]
        except (ValidationError, ValueError, OSError) as error:
            problems = [str(error)]
        else:
            response = HttpResponse(result.pdf, content_type="application/pdf")
            response["Content-Disposition"] = 'inline; filename="preview.pdf"'
            return response
    return TemplateResponse(request, "documents/preview_problems.html", {"problems": problems}, status=200)
