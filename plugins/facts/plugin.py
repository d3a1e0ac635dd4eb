"""`/<lang>/facts/`: facts grouped by series; each series with a chart and a table."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from homeward import signals
from homeward.routes import Route
from homeward.site import N_, Site

from .chart import Bar, bar_chart, sort_bars

SECTION = "facts"


def _text(site: Site, value: Any, lang: str) -> str:
    if value is None:
        return ""
    return value.get_text(lang, site.codes)[0] if hasattr(value, "get_text") else str(value)


def short_labels(labels: list[str]) -> list[str]:
    """Bar labels without the words every label starts with ("Residents of Skarvik", "Residents
    of Storvoll" → "Skarvik", "Storvoll"): the chart's title says it once."""
    words = [label.split() for label in labels]
    common = 0
    while len(labels) > 1 and all(len(w) > common + 1 and w[common] == words[0][common] for w in words):
        common += 1
    return [" ".join(w[common:]) for w in words] if common else labels


def series_view(site: Site, lang: str) -> tuple[list[dict[str, Any]], list[Any]]:
    """Series (two or more facts sharing `series`) with their chart, and the single facts."""
    locale = next(language.locale for language in site.languages if language.code == lang)
    groups: dict[str, list[Any]] = {}
    for fact in site.region.facts:
        if fact.series:
            groups.setdefault(fact.series, []).append(fact)
    series = []
    singles = [f for f in site.region.facts if not f.series or len(groups.get(f.series, [])) < 2]
    for name, facts in groups.items():
        if len(facts) < 2:
            continue
        facts = sorted(facts, key=lambda f: -float(f.value))  # a ranking: the chart and its table agree
        titles = {s.id: s.title for s in site.region.fact_series}
        labels = short_labels([_text(site, f.label, lang) for f in facts])
        units = {_text(site, f.unit, lang) for f in facts}
        # One unit for the whole series, named by its title ("Residents per municipality"): not on every bar.
        drop_unit = name in titles and len(units) == 1 and any(c.isalpha() for c in next(iter(units)))
        bars = [
            Bar(
                label=label,
                value=float(f.value),
                text=f"{format_decimal(f.value, locale=locale)} {'' if drop_unit else _text(site, f.unit, lang)}".strip(),
            )
            for f, label in zip(facts, labels, strict=True)
        ]
        title_text = _text(site, titles.get(name), lang)
        sources = list(dict.fromkeys((_text(site, f.source.name, lang), f.source.url or "", f.year) for f in facts))
        series.append(
            {
                "id": name,
                "title": title_text,
                "facts": facts,
                "chart": bar_chart(f"chart-{name}", title_text or _text(site, facts[0].label, lang), sort_bars(bars)),
                "sources": sources,
            }
        )
    return series, singles


def _loaded(site: Site) -> None:
    if site.region.facts:
        site.add_section(60, N_("Facts"), SECTION)


def _routes(site: Site) -> list[Route]:
    if not site.region.facts:
        return []
    routes = []
    for lang in site.codes:
        series, singles = series_view(site, lang)
        routes.append(
            Route(url=f"/{lang}/{SECTION}/", lang=lang, template="facts.html", key=("facts",), context={"series": series, "singles": singles})
        )
    return routes


def register() -> None:
    # site_loaded: announce the facts page when the region has facts.
    signals.site_loaded.connect(_loaded)
    # collect_routes: one facts page per language.
    signals.collect_routes.connect(_routes)
