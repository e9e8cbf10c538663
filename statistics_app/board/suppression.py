"""Small-cell suppression for the public results board: no figure on it lets a resident be singled out.

A count from 1 to ``RESULTS_BOARD_MIN_CELL − 1`` is shown as "<5" (zero is shown: it is nobody). A rate is
shown only when its base (what it divides by) reaches the threshold and its part is not itself small or
hidden: 20 % of 5 received would say that 1 was resolved. Hiding one cell is not enough when its
table also shows the total: the total minus the shown cells would give the hidden one back. So in every table
whose cells add up to a figure on the page (the months of the trend, the categories, the regions below) the
hidden cells together must reach the threshold; while they do not, the next smallest shown cell is hidden
too (:func:`hide_parts`, shown as ``*``: it is not small itself). Hidden cells never reach the page, its chart or its markup as numbers.

Across pages a residue remains: a region's own page shows its count, so a region hidden only as the
complement of a small sibling is visible one level down. The complement is therefore taken first from the
cases placed at the parent region itself (which have no page of their own), and only then from a sibling.
"""
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _


def min_cell():
    return settings.RESULTS_BOARD_MIN_CELL


#: How a cell hidden only so that a small one cannot be worked out is shown (it is not itself small).
COMPLEMENT_MARK = "*"


@dataclass(frozen=True)
class Cell:
    """A count as the board shows it: its value, or None when it is hidden: "<5" when it is small, ``*``
    when it is hidden with a small one (:func:`hide_parts`)."""

    value: int | None
    threshold: int
    complement: bool = False

    @property
    def hidden(self):
        return self.value is None

    def __str__(self):
        if self.value is not None:
            return f"{self.value:,}"
        return COMPLEMENT_MARK if self.complement else f"<{self.threshold}"


@dataclass(frozen=True)
class Rate:
    """A rate as the board shows it: "92.5%", or "—" with the reason when its base is too small."""

    text: str
    hidden: bool

    def __str__(self):
        return self.text


def count(value, k=None):
    """One count on its own: hidden when it is a small cell."""
    k = min_cell() if k is None else k
    return Cell(None if 0 < value < k else value, k)


def rate(ratio, k=None, part_hidden=False):
    """A :class:`statistics_app.measures.Ratio` shown only when its base reaches the threshold and its part is
    not small: a rate times a base on the page would give back a hidden count. ``part_hidden`` says the
    page hides the part for another reason (a complement in its table)."""
    k = min_cell() if k is None else k
    if ratio.whole < k or 0 < ratio.part < k or part_hidden:
        return Rate("—", True)
    return Rate(str(ratio), False)


def hide_parts(values, k=None, prefer=()):
    """The indexes of ``values`` (the parts of a shown total) to hide: the small cells, and more cells, the
    indexes in ``prefer`` first, then the smallest, until the hidden ones add up to at least ``k``."""
    k = min_cell() if k is None else k
    hidden = {i for i, value in enumerate(values) if 0 < value < k}
    spare = sorted((i for i, value in enumerate(values) if value >= k),
                   key=lambda i: (i not in prefer, values[i], i))
    while hidden and sum(values[i] for i in hidden) < k and spare:
        hidden.add(spare.pop(0))
    return hidden


def cells(values, k=None, prefer=()):
    """The parts of a shown total as :class:`Cell` objects, with :func:`hide_parts` applied."""
    k = min_cell() if k is None else k
    hidden = hide_parts(values, k, prefer)
    return [Cell(None, k, complement=value >= k) if i in hidden else Cell(value, k) for i, value in enumerate(values)]


HIDDEN_NOTE = _("Fewer than %(count)d cases: shown as “<%(count)d”; rates over so few, or that would give such a "
                "number back, are not shown (—), so that no resident can be singled out. “*” marks a figure hidden as well, so that a small one cannot "
                "be worked out by subtracting the others from the total.")
