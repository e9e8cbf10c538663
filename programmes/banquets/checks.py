"""The declaration form's rules on the answers (filled into :func:`forms_app.seams.add_answer_check`).

A declaration is made before the event: a date already past is refused on its question, so nothing is
stored (the household is told to contact its grid worker instead). A size over the village's limits, or a
celebration declared later than the notice days, is not refused — the household may still declare, and
should — but the review page warns before it submits, naming the limit and whose it is.
"""
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.clock import now
from forms_app.seams import AnswerNote
from organisation.models import Region

from . import answers as A
from .limits import is_late, limits_for, village_of


def today():
    """The site's date on the cases room's clock (which the tests move)."""
    return timezone.localdate(now())


def check_declaration(page, answers):
    """Notes on a banquet declaration's answers; nothing for any other form."""
    if not A.is_declaration(answers):
        return []
    notes = []
    date = A.as_date(answers.get(A.DATE))
    if date is not None and date < today():
        notes.append(AnswerNote(
            _("The date %(date)s has passed: a banquet is declared before it is held. If it has taken place, "
              "please tell your grid worker.") % {"date": date.isoformat()}, field_id=A.DATE, refuse=True))
        return notes
    region = _region(answers.get(A.GRID))
    if region is None:
        return notes
    limits, village = limits_for(region), village_of(region)
    tables, guests = A.as_count(answers.get(A.TABLES)), A.as_count(answers.get(A.GUESTS))
    if tables is not None and tables > limits.max_tables:
        notes.append(AnswerNote(_("You declare %(n)s tables: more than %(village)s allows (at most %(max)s). Please "
                                  "keep the banquet smaller; your grid worker will contact you.")
                                % {"n": tables, "village": village.name, "max": limits.max_tables}, A.TABLES))
    if guests is not None and guests > limits.max_guests:
        notes.append(AnswerNote(_("You declare %(n)s guests: more than %(village)s allows (at most %(max)s). Please "
                                  "keep the banquet smaller; your grid worker will contact you.")
                                % {"n": guests, "village": village.name, "max": limits.max_guests}, A.GUESTS))
    kind = A.as_kind(answers.get("banquet_kind"))
    if date is not None and is_late(limits, kind, today(), date):
        notes.append(AnswerNote(_("Celebrations are declared at least %(days)s days before the date: this "
                                  "declaration is late. Please declare earlier next time.")
                                % {"days": limits.notice_days}, A.DATE))
    return notes


def _region(value):
    pk = A.as_region_id(value)
    return None if pk is None else Region.objects.filter(pk=pk).first()
