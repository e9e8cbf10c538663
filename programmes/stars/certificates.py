"""The certificates of a conferred round: one batch of the documents room, one document per household's case.

Each document is about the household's declaration case (so it is on their tracking page and in the register, and
verifies by its QR code like every document); the stars conferred, the score and the round travel as the
document's row values, printed by the placeholders this part registers (``{{ star_level }}`` …).
"""
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from documents.constants import BatchOutput, BatchStatus
from documents.models import DocumentBatch
from documents.placeholders import register_placeholders
from documents.services import issue, schedule
from documents.tally import finish_when_complete

STAR_WORDS = {5: _("five-star"), 4: _("four-star"), 3: _("three-star")}

PLACEHOLDERS = {
    "star_level": _("Stars conferred (星级文明户), e.g. 五星级"),
    "star_score": _("Score of the star household review"),
    "star_round": _("Title of the star household round"),
}
SAMPLES = {"star_level": "五星级", "star_score": "96", "star_round": "2026年度幸福社区星级文明户评选"}


def register():
    register_placeholders(PLACEHOLDERS, SAMPLES)


def star_words(stars):
    """五星级 (in the documents' language: certificates are printed in the site's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(STAR_WORDS.get(stars, ""))


def issue_certificates(round_, entries, *, by):
    """A running batch of the round's certificate template for ``entries`` (None without a template or entries);
    the PDFs are generated after commit, one background task each."""
    if round_.certificate_id is None or not entries:
        return None
    batch = DocumentBatch.objects.create(
        template=round_.certificate, created_by=by, source=round_.title[:255], output=BatchOutput.ZIP,
        status=BatchStatus.RUNNING, total=len(entries))
    ids = []
    for line, entry in enumerate(entries, start=1):
        document = issue(round_.certificate, key=f"batch:{batch.pk}:case:{entry.case_id}", batch=batch,
                         case=entry.case, row_values={"_line": line, "star_level": star_words(entry.stars),
                                                      "star_score": str(entry.score), "star_round": round_.title})
        ids.append(document.pk)
    schedule(ids)
    if not ids:
        finish_when_complete(batch.pk)
    return batch
