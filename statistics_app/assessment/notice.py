"""排榜通报: the monthly ranking notice, issued through the documents room like every other document.

A notice is about a month's scorecard of the units in a supervisor's region (the whole county for a
superuser), not about a case: its document key is ``ranking:<region path or all>:<unit kind>:<YYYY-MM>``,
registered with :mod:`documents.subjects` so the register shows it to the supervisors of that region and
above. The key makes issuing idempotent: a second request for the same month, scope and kind is refused
with the serial of the first (a revoked notice may be issued again, under a numbered key). The template is
the one the scheme names (staff edit it like any other); its placeholders are registered in
:data:`PLACEHOLDERS`. The PDF is rendered after commit by the documents room's task.
"""
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from cases.selectors import cases_visible_to
from documents.constants import DocumentStatus
from documents.models import Document
from documents.services import issue, schedule
from organisation.access import is_root, memberships
from organisation.constants import StaffRole
from organisation.models import Region
from statistics_app.periods import PeriodKind

from .constants import UnitKind, UnitLight
from .scorecards import scorecards

PREFIX = "ranking"

PLACEHOLDERS = {
    "ranking_table": gettext_lazy("Ranking table (rank, unit, figures, score, light)"),
    "ranking_period": gettext_lazy("Month of the ranking"),
    "ranking_scope": gettext_lazy("Region the ranking covers"),
    "ranking_units": gettext_lazy("Kind of units ranked"),
    "ranking_red_units": gettext_lazy("Units showing the red light"),
}
SAMPLES = {
    "ranking_table": {"columns": ["名次", "单位", "受理", "按期", "满意", "办结", "扣分", "得分", "亮灯"],
                      "rows": [["1", "住建局", "42", "95.0%", "97.1%", "100.0%", "2", "96.4", "绿灯"],
                               ["2", "城管局", "37", "81.3%", "90.0%", "94.6%", "6", "82.0", "黄灯"],
                               ["—", "民政局", "3", "—", "—", "100.0%", "0", "—", "样本不足"]]},
    "ranking_period": "2026年11月", "ranking_scope": "镇赉县", "ranking_units": "部门和队伍",
    "ranking_red_units": "无",
}
#: A county's departments and teams, with long names and every light (documents.long_values): the notice's layout
#: must hold them.
_LONG_UNITS = ["县城市管理综合执法局", "县住房和城乡建设局", "县生态环境分局", "县自然资源局", "县交通运输局",
               "县市场监督管理局", "县人力资源和社会保障局", "县民政局", "县卫生健康局", "县水利局",
               "镇赉镇综合行政执法队", "镇赉镇幸福社区网格工作站", "镇赉镇丹凤社区网格工作站", "县司法局人民调解中心",
               "县供热公司（国网镇赉县供电公司协办）"]
LONG_SAMPLES = {
    "ranking_table": {"columns": SAMPLES["ranking_table"]["columns"], "rows": [
        [str(rank), unit, str(120 - 7 * rank), "88.9%", "93.3%", "100.0%", "12.5", f"{98.6 - 2.5 * rank:.1f}",
         "绿灯" if rank < 6 else "黄灯" if rank < 12 else "红灯"]
        for rank, unit in enumerate(_LONG_UNITS, start=1)]},
    "ranking_period": "2026年12月", "ranking_scope": "吉林省白城市镇赉县", "ranking_units": "部门和队伍",
    "ranking_red_units": "、".join(_LONG_UNITS[11:]),
}


class NoticeError(Exception):
    """A refused ranking notice, with a message for the person who asked."""

    def __init__(self, message, *, code="refused", document=None):
        super().__init__(message)
        self.message, self.code, self.document = message, code, document


def can_issue(user):
    return is_root(user) or any(role == StaffRole.SUPERVISOR and path for role, path, _d, _l in memberships(user))


def supervisor_paths(user):
    return sorted({path for role, path, _d, _l in memberships(user) if role == StaffRole.SUPERVISOR and path},
                  key=lambda p: (len(p), p))


def scope_path(user):
    """The region a user's notice covers: the highest one they supervise; "" (everything) for a superuser."""
    if is_root(user):
        return ""
    paths = supervisor_paths(user)
    if not paths:
        raise NoticeError(_("Only supervisors may issue ranking notices."), code="forbidden")
    return paths[0]


def month_label(period):
    day = period.first_day
    return _("%(month)s/%(year)s") % {"year": day.year, "month": day.month}


def base_key(path, kind, period):
    return f"{PREFIX}:{path or 'all'}:{kind}:{period.first_day:%Y-%m}"


def notices_for(path, kind, period):
    """The notices issued for this scope, kind and month (revoked ones included), oldest first."""
    key = base_key(path, kind, period)
    return Document.objects.filter(Q(key=key) | Q(key__startswith=f"{key}:")).order_by("pk")


def visible_to(user):
    """For :mod:`documents.subjects`: the notices of the regions a user supervises (and their subregions)."""
    scope = Q(pk__in=[])
    for path in supervisor_paths(user):
        scope |= Q(key__startswith=f"{PREFIX}:{path}")
    return scope


def describe(document):
    return _("Ranking notice"), reverse("statistics_assessment")


def _percent(rate):
    return "—" if rate is None else f"{float(rate * 100):.1f}%"


def notice_values(board, scope_name):
    """The notice's placeholder values (strings and the table), in the site's language."""
    lights = {UnitLight.GREEN: _("Green"), UnitLight.YELLOW: _("Yellow"), UnitLight.RED: _("Red")}
    columns = [_("Rank"), _("Unit"), pgettext("assessment", "Accepted"), pgettext("assessment", "On time"),
               pgettext("assessment", "Satisfaction"), _("Resolution"),
               _("Deductions"), _("Score"), _("Light")]
    rows = []
    for card in board.cards:
        rates = {p.part: p.rate for p in card.score.parts}
        rows.append([str(card.rank) if card.ranked else "—", card.label, str(card.figures.handled),
                     _percent(rates["on_time"]), _percent(rates["satisfaction"]), _percent(rates["resolution"]),
                     str(card.score.deductions.normalize()), str(card.score.total) if card.ranked else card.short_note,
                     lights[card.light]])
    return {
        "ranking_table": {"columns": columns, "rows": rows},
        "ranking_period": f"{board.period.first_day.year}年{board.period.first_day.month}月",
        "ranking_scope": scope_name,
        "ranking_units": str(UnitKind(board.kind).label),
        "ranking_red_units": "、".join(c.label for c in board.red) or _("none"),
    }


def issue_ranking_notice(*, user, period, kind, scheme):
    """Issue the month's notice for the user's scope and ``kind``; refuse a second one (NoticeError)."""
    if not can_issue(user):
        raise NoticeError(_("Only supervisors may issue ranking notices."), code="forbidden")
    if period.kind != PeriodKind.MONTH:
        raise NoticeError(_("A ranking notice is issued for a calendar month: choose a month."), code="period")
    template = scheme.notice_template
    if template is None:
        raise NoticeError(_("Choose the ranking notice template in the assessment scheme first."), code="template")
    path = scope_path(user)
    earlier = list(notices_for(path, kind, period))
    standing = [d for d in earlier if d.status != DocumentStatus.REVOKED]
    if standing:
        raise NoticeError(_("The ranking notice for %(month)s was already issued: %(serial)s.")
                          % {"month": month_label(period), "serial": standing[0].serial},
                          code="exists", document=standing[0])
    cases = cases_visible_to(user)
    cases = cases.filter(region_path__startswith=path) if path else cases
    region = Region.objects.filter(path=path).first() if path else Region.get_first_root_node()
    with translation.override(settings.LANGUAGE_CODE):
        values = notice_values(scorecards(user, period, kind, scheme, cases=cases), region.name if region else "")
    key = base_key(path, kind, period) + (f":{len(earlier) + 1}" if earlier else "")
    try:
        with transaction.atomic():
            document = issue(template, key=key, row_values=values)
            schedule([document.pk])
    except IntegrityError:  # the same notice, issued a moment ago by someone else
        raise NoticeError(_("The ranking notice for %(month)s was already issued.") % {"month": month_label(period)},
                          code="exists") from None
    return document
