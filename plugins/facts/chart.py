"""A horizontal bar chart made at build time: HTML text and SVG bars, no JavaScript.

Labels and values are HTML text, so they keep the page's font size and wrap on a 320 px
phone instead of shrinking with a drawing; each bar is a tiny SVG whose width is a
percentage (allowed under a Content-Security-Policy that forbids inline styles). Bars are
sorted by value, largest first, so the chart reads as a ranking.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass
class Bar:
    label: str
    value: float
    text: str  # the value as the reader's locale writes it, with its unit


def sort_bars(bars: list[Bar]) -> list[Bar]:
    """Largest first; equal values keep their order (stable)."""
    return sorted(bars, key=lambda bar: -bar.value)


def bar_chart(chart_id: str, title: str, bars: list[Bar]) -> Markup:
    """A list of rows (label, value, bar) that a screen reader reads as a list with its title."""
    top = max((bar.value for bar in bars), default=0) or 1
    rows = []
    for bar in bars:
        share = max(0.5, 100 * bar.value / top) if bar.value > 0 else 0
        rows.append(
            f'<li class="chart-row"><span class="chart-label">{escape(bar.label)}</span> '
            f'<span class="chart-value">{escape(bar.text)}</span>'
            f'<svg class="chart-bar" aria-hidden="true" focusable="false" width="100%" height="12">'
            f'<rect width="{share:.1f}%" height="12" rx="3"/></svg></li>'
        )
    return Markup(  # noqa: S704 - every text part is escaped above
        f'<ol class="chart" id="{escape(chart_id)}" aria-label="{escape(title)}">{"".join(rows)}</ol>'
    )


__all__ = ["Bar", "bar_chart", "sort_bars"]
