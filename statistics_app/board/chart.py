"""The trend chart of the board as server-side SVG geometry: no script, no inline style, nothing from elsewhere.

Each month is a pair of bars (received, resolved) scaled to the largest *shown* value. A hidden cell ("<5")
is drawn as a hatched bar exactly as tall as the threshold, whatever its value, so the picture says no more
than the table beside it; the markup never carries a hidden number.
"""
from dataclasses import dataclass

WIDTH, HEIGHT = 360, 180
TOP, BOTTOM, LEFT = 12, 24, 4
BAR = 11


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    height: float
    hidden: bool
    series: str


def trend_chart(rows, threshold):
    """Bars, month labels and the scale for :func:`.selectors.trend_rows`."""
    shown = [cell.value for row in rows for cell in (row["received"], row["resolved"]) if not cell.hidden]
    top = max([threshold, *shown]) or 1
    plot = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT) / max(len(rows), 1)
    bars, labels = [], []
    for i, row in enumerate(rows):
        x = LEFT + i * slot + (slot - 2 * BAR) / 2
        for j, series in enumerate(("received", "resolved")):
            cell = row[series]
            value = threshold if cell.hidden else cell.value
            height = round(plot * value / top, 1)
            bars.append(Bar(round(x + j * BAR, 1), round(TOP + plot - height, 1), height, cell.hidden, series))
        labels.append({"x": round(LEFT + i * slot + slot / 2, 1), "text": str(row["month"].month)})
    return {"width": WIDTH, "height": HEIGHT, "baseline": TOP + plot, "label_y": HEIGHT - 8, "top": top,
            "bars": bars, "labels": labels}
