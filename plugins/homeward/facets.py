"""Static filter pages ("facets") that work without JavaScript: one page per value, with counts.

Used by the company directory and the jobs list: `/<lang>/<section>/<facet>/<value>/`
lists exactly the matching objects; every page shows every facet with its counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .routes import Route


@dataclass(frozen=True)
class Label:
    """A label to render: `kind` is 'ui' (a gettext msgid), 'loc' (localized YAML) or 'text'."""

    kind: str
    value: Any


@dataclass
class Facet:
    name: str  # URL part, e.g. "sector"
    title: str  # UI msgid, e.g. "Sector"
    values_of: Callable[[Any], Iterable[str]]  # the facet values an object has
    label_of: Callable[[str], Label]
    flag: bool = False  # a yes/no facet (hiring, remote): one page at /<section>/<name>/


@dataclass
class FacetValue:
    label: Label
    url: str
    count: int
    current: bool = False


def facet_routes(
    lang: str,
    section: str,
    objects: Sequence[Any],
    facets: list[Facet],
    template: str,
    key: str,
    context: dict[str, Any],
    title: str = "",
) -> list[Route]:
    """The unfiltered list plus one page per facet value, each knowing all facet counts."""
    base = f"/{lang}/{section}/"
    pages: list[tuple[str, tuple[str, ...], list[Any], tuple[str, str] | None]] = [(base, (key,), list(objects), None)]
    index: dict[str, dict[str, list[Any]]] = {}
    for facet in facets:
        groups: dict[str, list[Any]] = {}
        for obj in objects:
            for value in facet.values_of(obj):
                groups.setdefault(value, []).append(obj)
        index[facet.name] = groups
        for value in sorted(groups):
            url = f"{base}{facet.name}/" if facet.flag else f"{base}{facet.name}/{value}/"
            pages.append((url, (key, facet.name, value), groups[value], (facet.name, value)))
    routes = []
    for url, route_key, matching, current in pages:
        groups_view = []
        for facet in facets:
            values = [
                FacetValue(
                    label=facet.label_of(value) if not facet.flag else Label("ui", facet.title),
                    url=f"{base}{facet.name}/" if facet.flag else f"{base}{facet.name}/{value}/",
                    count=len(index[facet.name][value]),
                    current=current == (facet.name, value),
                )
                for value in sorted(index[facet.name], key=lambda v: _sort_key(facet.label_of(v)))
            ]
            groups_view.append({"title": facet.title, "values": values, "flag": facet.flag})
        routes.append(
            Route(
                url=url,
                lang=lang,
                template=template,
                key=route_key,
                title=title,
                context={
                    **context,
                    "objects": matching,
                    "facet_groups": groups_view,
                    "all_url": base,
                    "filtered": current is not None,
                    "total": len(objects),
                },
                search=current is None,
                sitemap=current is None,
            )
        )
    return routes


def _sort_key(label: Label) -> str:
    value = label.value
    if isinstance(value, dict):
        value = next(iter(value.values()), "")
    return str(value).lower()
