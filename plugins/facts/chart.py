"""A horizontal bar chart as inline SVG, made at build time: no JavaScript, readable text.

The SVG has a <title> and <desc> (read by screen readers via aria-labelledby); the same
numbers are also given as a table next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

ROW = 34
WIDTH = 620
CHAR = 10  # the width of a character of the chart's 600-weight 15 px text in a wide font (DejaVu Sans)


@dataclass
class Bar:
    label: str
    value: float
    text: str  # the value as the reader's locale writes it


def bar_chart(chart_id: str, title: str, description: str, bars: list[Bar]) -> str:
    top = max((b.value for b in bars), default=0) or 1
    height = ROW * len(bars) + 10
    # Room for the longest label and value, so no text is cut off at the edges of the drawing.
    label_width = min(WIDTH // 2, round(max((len(b.label) for b in bars), default=0) * CHAR) + 16)
    bar_max = WIDTH - label_width - round(max((len(b.text) for b in bars), default=0) * CHAR) - 12
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = 5 + index * ROW
        length = max(2, round(bar_max * bar.value / top))
        parts.append(f'<text class="chart-label" x="{label_width - 8}" y="{y + 21}" text-anchor="end">{escape(bar.label)}</text>')
        parts.append(f'<rect class="chart-bar" x="{label_width}" y="{y + 4}" width="{length}" height="{ROW - 10}" rx="3"/>')
        parts.append(f'<text class="chart-value" x="{label_width + length + 8}" y="{y + 21}">{escape(bar.text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def describe(bars: list[Bar]) -> str:
    return "; ".join(f"{b.label}: {b.text}" for b in bars)


__all__ = ["Bar", "bar_chart", "describe", "quoteattr"]
