"""The survey and check-up pages' tables as rows for :func:`.export.table_response`: what is exported is what
the page shows (free-text answers excepted: they stay on the page, masked, and are not exported)."""
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def _number(value):
    return "" if value is None else value


def survey_sheets(results):
    """Per question and answer: count and share; per scale and number question: mean and median; the cross-tab."""
    headers = [_("Question"), _("Answer"), _("Count"), _("Share (%)"), _("Answered"), _("Mean"), _("Median")]
    rows = []
    for q in results.questions:
        if q.options:
            for option in q.options:
                rows.append([q.label, option.label, option.count, _number(option.share), q.answered, "", ""])
        if q.kind in ("scale", "number"):
            rows.append([q.label, _("Mean and median"), "", "", q.answered, _number(q.mean), _number(q.median)])
        if q.kind in ("text", "count"):
            rows.append([q.label, _("Answers given"), q.answered, "", q.answered, "", ""])
    sheets = [(_("Results"), headers, rows)]
    table = results.crosstab
    if table is not None:
        cross_headers = [table.question.label, *[name for _path, name in table.columns], _("Total")]
        cross_rows = [[label, *counts, total] for label, counts, total in table.rows]
        cross_rows.append([_("Respondents"), *table.respondents, sum(table.respondents)])
        sheets.append((_("Cross-tab"), cross_headers, cross_rows))
    return sheets


def _day(value):
    return timezone.localtime(value).date().isoformat()


def checkup_sheets(report):
    """Per community its latest score and history; per item its pass rate; the rectification cases."""
    yes, no = pgettext("check-up", "Passed"), pgettext("check-up", "Failed")
    community_rows = [
        [row.name, _day(row.latest.at), _number(row.latest.score), yes if row.latest.passed else no, len(row.checkups),
         "; ".join(f"{_day(c.at)} {c.score_text}" for c in row.checkups)]
        for row in report.communities
    ]
    community_rows += [[name, "", "", _("Not checked"), 0, ""] for _path, name in report.unchecked]
    item_rows = [[item.label, item.weight, *item.counts.values(), item.answered, _number(item.pass_rate)]
                 for item in report.items]
    cases = [[c.case.reference, _day(c.at), c.case.region.name if c.case.region_id else "", _number(c.score),
              c.case.get_state_display()] for c in report.rectifications]
    return [
        (_("Communities"), [_("Community"), _("Latest check-up"), _("Latest score"), _("Verdict"),
                            _("Check-ups"), _("History")], community_rows),
        (_("Items"), [_("Item"), _("Weight"), _("Yes"), _("Partly"), _("No"), _("Assessed"), _("Pass rate (%)")],
         item_rows),
        (_("Rectification cases"), [_("Reference number"), _("Date"), _("Region"), _("Score"), _("State")], cases),
    ]
