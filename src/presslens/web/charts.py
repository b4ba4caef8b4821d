"""Charts as inline SVG, drawn on the server (no script, no external library, readable without colour).

Every label and title is escaped; each chart carries ``role="img"``, a ``<title>`` and a ``<desc>`` listing
its values, so screen readers get the numbers and not only the picture.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

#: Colours with at least 4.5:1 contrast against white for text, and distinct in greyscale.
PALETTE = ("#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#4a5568")


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    note: str = ""


def bar_chart(title: str, bars: Sequence[Bar], *, unit: str = "", fmt: str = "{:.2f}", width: int = 560,
              max_value: float | None = None, colour: str = PALETTE[0]) -> Markup:
    """A horizontal bar chart: one row per bar, value printed at the end of the bar."""
    e = html.escape
    row, top, left, right = 26, 34, 170, 70
    height = top + row * max(1, len(bars)) + 10
    peak = max_value if max_value is not None else max((b.value for b in bars), default=0.0)
    peak = peak or 1.0
    span = width - left - right
    desc = "; ".join(f"{b.label}: {fmt.format(b.value)}{unit}" for b in bars) or "no data"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}"><title>{e(title)}</title><desc>{e(desc)}</desc>',
             f'<text x="0" y="18" class="chart-title">{e(title)}</text>']
    if not bars:
        parts.append(f'<text x="0" y="{top + 16}" class="chart-note">no data yet</text>')
    for i, b in enumerate(bars):
        y = top + i * row
        w = max(1.0, span * max(0.0, b.value) / peak)
        label = b.label if len(b.label) <= 24 else b.label[:23] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" class="chart-label">{e(label)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{e(colour)}" rx="2">'
                     f'<title>{e(b.label)}: {e(fmt.format(b.value))}{e(unit)}{e(" · " + b.note if b.note else "")}'
                     f'</title></rect>')
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 15}" class="chart-value">'
                     f'{e(fmt.format(b.value))}{e(unit)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True, slots=True)
class Point:
    series: str
    x: float  # e.g. days since the first point
    label: str
    note: str = ""


def timeline(title: str, points: Sequence[Point], *, width: int = 560, x_label: str = "") -> Markup:
    """One lane per series (an outlet), a dot per item at its x position (a date), labels in titles."""
    e = html.escape
    series = list(dict.fromkeys(p.series for p in points))
    row, top, left, right = 28, 34, 170, 20
    height = top + row * max(1, len(series)) + 24
    lo = min((p.x for p in points), default=0.0)
    hi = max((p.x for p in points), default=1.0)
    span = (hi - lo) or 1.0
    desc = "; ".join(f"{p.series}: {p.label}" for p in points) or "no data"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}"><title>{e(title)}</title><desc>{e(desc)}</desc>',
             f'<text x="0" y="18" class="chart-title">{e(title)}</text>']
    for i, s in enumerate(series):
        y = top + i * row + 12
        parts.append(f'<text x="{left - 8}" y="{y + 4}" text-anchor="end" class="chart-label">{e(s[:24])}</text>')
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y}" y2="{y}" stroke="#cbd5e0"/>')
        for p in (p for p in points if p.series == s):
            x = left + (width - left - right) * (p.x - lo) / span
            parts.append(f'<circle cx="{x:.1f}" cy="{y}" r="6" fill="{PALETTE[i % len(PALETTE)]}">'
                         f'<title>{e(p.label)}{e(" · " + p.note if p.note else "")}</title></circle>')
    if x_label:
        parts.append(f'<text x="{left}" y="{height - 6}" class="chart-note">{e(x_label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


__all__ = ["PALETTE", "Bar", "Point", "bar_chart", "timeline"]
