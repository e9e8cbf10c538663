"""The score, rank and light of a unit, from its figures and the scheme: pure functions, no database.

How a unit is scored (the page shows this, :func:`how_it_is_scored`):

- each positive part is a rate of the period's cases: *on time* = resolved by the deadline / resolved with
  a deadline (按期办结率); *satisfaction* = satisfied / rated (满意率); *resolution* = resolved / accepted
  (办结率); its points are its weight × its rate;
- a part with nothing to divide by (no case rated yet, say) is left out and the weights of the others are
  scaled up to 100, so a unit is neither rewarded nor punished for what residents did not do;
- deductions: the scheme's points per case reopened (重办) and per urge (督办); the score is the positive
  points less the deductions, never below 0, to one decimal;
- a unit with fewer accepted cases than the scheme's minimum is listed, not ranked (样本不足); ranks are
  "1, 1, 3" (units with the same score share a rank);
- lights: red or yellow when the share of its open cases overdue now reaches the scheme's thresholds, or
  (ranked units only) when its score falls below them; the worse of the two counts.
"""
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from .constants import Part, UnitLight

TENTH = Decimal("0.1")
ORDER = {UnitLight.GREEN: 0, UnitLight.YELLOW: 1, UnitLight.RED: 2}


@dataclass(frozen=True)
class UnitFigures:
    """What a unit's score is computed from: counts of the period's cases, and its open cases now."""

    handled: int = 0
    resolved: int = 0
    on_time: int = 0
    with_deadline: int = 0
    satisfied: int = 0
    rated: int = 0
    reopened: int = 0
    urges: int = 0
    open: int = 0
    overdue: int = 0

    def ratio(self, part):
        """(part, whole) of a positive part's rate."""
        return {Part.ON_TIME: (self.on_time, self.with_deadline), Part.SATISFACTION: (self.satisfied, self.rated),
                Part.RESOLUTION: (self.resolved, self.handled)}[part]

    @property
    def overdue_share(self):
        """The share of the open cases (with a deadline) overdue now, 0 to 1; None without open cases."""
        return Fraction(self.overdue, self.open) if self.open else None


@dataclass(frozen=True)
class PartScore:
    part: str
    weight: int
    rate: object  # Fraction or None (nothing to divide by)
    points: object  # Decimal or None (left out)

    @property
    def percent(self):
        return "—" if self.rate is None else f"{_round(self.rate * 100)}%"


@dataclass(frozen=True)
class Score:
    parts: tuple
    positive: object  # Decimal or None
    deductions: Decimal
    total: object  # Decimal or None: None when no part could be scored
    sampled: bool  # enough cases to be ranked


@dataclass
class Card:
    """One row of a scorecard: a unit, its figures, its score, and (once ranked) its rank and light."""

    key: object
    label: str
    figures: UnitFigures
    score: Score
    rank: object = None
    light: str = UnitLight.GREEN
    reasons: list = field(default_factory=list)
    url: str = ""

    @property
    def ranked(self):
        return self.rank is not None

    @property
    def light_label(self):
        return UnitLight(self.light).label

    @property
    def short_note(self):
        if self.ranked:
            return ""
        return _("Too few cases") if not self.score.sampled else _("No data")

    @property
    def note(self):
        if self.ranked:
            return ""
        return _("Too few cases to rank (样本不足)") if not self.score.sampled else _("Nothing to score yet")


def tenth(value):
    return Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else Decimal(value)


def _round(value):
    return tenth(value).quantize(TENTH, rounding=ROUND_HALF_UP)


def score(figures, scheme):
    """The unit's points per part, deductions and total under ``scheme`` (see the module's note)."""
    weights = {Part(k): w for k, w in scheme.weights.items()}
    rates = {part: (Fraction(*figures.ratio(part)) if figures.ratio(part)[1] else None) for part in weights}
    counted = sum(w for part, w in weights.items() if w and rates[part] is not None)
    parts, positive = [], Fraction(0)
    for part, weight in weights.items():
        rate = rates[part]
        points = None
        if weight and rate is not None:
            exact = Fraction(weight * 100, counted) * rate
            positive += exact
            points = _round(exact)
        parts.append(PartScore(part, weight, rate, points))
    deductions = (Decimal(scheme.deduction_per_reopen) * figures.reopened
                  + Decimal(scheme.deduction_per_urge) * figures.urges)
    if not counted:
        return Score(tuple(parts), None, deductions, None, figures.handled >= scheme.min_cases)
    total = max(Decimal(0), tenth(positive) - deductions)
    return Score(tuple(parts), _round(positive), deductions, _round(total), figures.handled >= scheme.min_cases)


def light(card, scheme):
    """(light, reasons) of a scored and ranked card: the worse of its overdue share now and its score."""
    found, reasons = UnitLight.GREEN, []
    share = card.figures.overdue_share
    if share is not None and card.figures.overdue:
        percent = share * 100
        for colour, threshold in ((UnitLight.RED, scheme.red_overdue_share),
                                  (UnitLight.YELLOW, scheme.yellow_overdue_share)):
            if percent >= threshold:
                found = colour
                reasons.append(_("%(share)s%% of its open cases are overdue") % {"share": _round(percent)})
                break
    if card.ranked:
        for colour, threshold in ((UnitLight.RED, scheme.red_below), (UnitLight.YELLOW, scheme.yellow_below)):
            if card.score.total < Decimal(threshold):
                found = max(found, colour, key=ORDER.get)
                reasons.append(_("score below %(threshold)s") % {"threshold": plain(threshold)})
                break
    return found, reasons


def rank(cards, scheme):
    """The cards in ranking order with their ranks and lights: ranked units by score (ties share a rank,
    the next rank skips), then the unranked ones by name."""
    ranked = sorted((c for c in cards if c.score.sampled and c.score.total is not None),
                    key=lambda c: (-c.score.total, c.label))
    placed = {id(c) for c in ranked}
    unranked = sorted((c for c in cards if id(c) not in placed), key=lambda c: c.label)
    out = []
    for position, card in enumerate(ranked, start=1):
        same = out and out[-1].score.total == card.score.total
        out.append(replace(card, rank=out[-1].rank if same else position))
    out.extend(replace(card, rank=None) for card in unranked)
    for card in out:
        card.light, card.reasons = light(card, scheme)
    return out


def score_cards(units, scheme):
    """Cards from ``[(key, label, UnitFigures, url)]``: scored, ranked and lit."""
    return rank([Card(key, label, figures, score(figures, scheme), url=url) for key, label, figures, url in units],
                scheme)


def plain(number):
    """2.00 → "2", 1.50 → "1.5": the scheme's numbers as people write them."""
    return f"{Decimal(number).normalize():f}"


def how_it_is_scored(scheme):
    """The scheme in words, for the page and the notice."""
    return [
        _("On time: %(w)s points × resolved by the deadline / resolved with a deadline (按期办结率).")
        % {"w": scheme.weight_on_time},
        _("Satisfaction: %(w)s points × satisfied / rated (满意率).") % {"w": scheme.weight_satisfaction},
        _("Resolution: %(w)s points × resolved / accepted (办结率).") % {"w": scheme.weight_resolution},
        _("A part with nothing to divide by is left out and the other weights are scaled up to 100."),
        _("Deductions: %(reopen)s points per reopened case, %(urge)s per urge; the score never falls below 0.")
        % {"reopen": plain(scheme.deduction_per_reopen), "urge": plain(scheme.deduction_per_urge)},
        _("Units with fewer than %(n)s accepted cases are listed but not ranked; equal scores share a rank.")
        % {"n": scheme.min_cases},
        _("Red: score below %(red)s or at least %(red_share)s%% of open cases overdue now; yellow: below "
          "%(yellow)s or at least %(yellow_share)s%% overdue.")
        % {"red": plain(scheme.red_below), "yellow": plain(scheme.yellow_below), "red_share": scheme.red_overdue_share,
           "yellow_share": scheme.yellow_overdue_share},
    ]
