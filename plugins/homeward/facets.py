"""Static filter pages ("facets") that work without JavaScript: one page per value, with counts.

Used by the company directory and the jobs list: `/<lang>/<section>/<facet>/<value>/`
lists exactly the matching objects. The filter menu is computed once per language and
shared by every page (the current page is marked by URL in the template), so the cost is
linear in the number of values. A facet with many values (e.g. one per company) is not
listed inline on every page: it gets its own index page `/<lang>/<section>/<facet>/`.
With `per_page`, every list (the unfiltered one and each value's) is split into pages
`…/page/2/`, `…/page/3/`, so no page grows with the number of objects (thousands of job ads).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from .routes import Route

MAX_INLINE_VALUES = 12


@dataclass(frozen=True)
class Label:
    """A label to render: `kind` is 'ui' (a gettext msgid), 'loc' (localized YAML) or 'text'."""

    # Thousands, each small: pickled in place, not digested one by one (incremental.py).
    digest_in_place: ClassVar[bool] = True

    kind: str
    value: Any


@dataclass
class Facet:
    name: str  # URL part, e.g. "sector"
    title: str  # UI msgid, e.g. "Sector"
    values_of: Callable[[Any], Iterable[str]]  # the facet values an object has
    label_of: Callable[[str], Label]
    flag: bool = False  # a yes/no facet (hiring, remote): one page at /<section>/<name>/
    # When the filtered list already exists elsewhere (a company's jobs are on its page),
    # link there instead of writing a near-copy of it; None for a value means "list it here".
    elsewhere: Callable[[str], str | None] | None = None


@dataclass
class FacetValue:
    # Made for the one facet group that lists it (a group is digested once, whatever pages show
    # it): pickled in place there, not digested one by one (incremental.py).
    digest_in_place: ClassVar[bool] = True

    label: Label
    url: str
    count: int


@dataclass
class FacetGroup:
    name: str
    title: str
    values: list[FacetValue]
    index_url: str | None  # set when the values are listed on their own page instead


def facet_routes(
    lang: str,
    section: str,
    objects: Sequence[Any],
    facets: list[Facet],
    template: str,
    key: str,
    context: dict[str, Any],
    title: str = "",
    index_template: str = "facet_index.html",
    per_page: int | None = None,
) -> list[Route]:
    """The unfiltered list, one page per facet value, and index pages for long facets."""
    base = f"/{lang}/{section}/"
    groups: list[FacetGroup] = []
    pages: list[tuple[str, tuple[str, ...], list[Any], Label | None]] = [(base, (key,), list(objects), None)]
    for facet in facets:
        members: dict[str, list[Any]] = {}
        for obj in objects:
            for value in facet.values_of(obj):
                members.setdefault(value, []).append(obj)
        labelled = sorted(((facet.label_of(v), v) for v in members), key=lambda pair: _sort_key(pair[0]))
        values = [
            FacetValue(
                label=label,
                url=(facet.elsewhere and facet.elsewhere(value)) or (f"{base}{facet.name}/" if facet.flag else f"{base}{facet.name}/{value}/"),
                count=len(members[value]),
            )
            for label, value in labelled
        ]
        long = not facet.flag and len(values) > MAX_INLINE_VALUES
        groups.append(FacetGroup(facet.name, facet.title, values, f"{base}{facet.name}/" if long else None))
        for value, matching in members.items():
            if facet.elsewhere and facet.elsewhere(value):
                continue
            url = f"{base}{facet.name}/" if facet.flag else f"{base}{facet.name}/{value}/"
            current = Label("ui", facet.title) if facet.flag else facet.label_of(value)
            pages.append((url, (key, facet.name, value), matching, current))
    shared = {**context, "facet_groups": groups, "all_url": base, "total": len(objects)}
    routes = []
    for url, route_key, matching, current in pages:
        size = per_page or max(1, len(matching))
        count = max(1, (len(matching) + size - 1) // size)
        for number in range(1, count + 1):
            routes.append(
                Route(
                    url=url if number == 1 else f"{url}page/{number}/",
                    lang=lang,
                    template=template,
                    key=route_key + ((str(number),) if number > 1 else ()),
                    title=title,
                    # `current` labels the filter in the page title: found here, not searched in templates.
                    context={
                        **shared,
                        "objects": matching[(number - 1) * size : number * size],
                        "count": len(matching),
                        "pagination": _pagination(url, number, count),
                        "list_url": url,  # every page of one list shares its filter menu
                        "filtered": current is not None,
                        "current": current,
                    },
                    search=current is None and number == 1,
                    sitemap=current is None and number == 1,
                    listed=current is None and number == 1,
                )
            )
    for group in groups:
        if group.index_url:
            routes.append(
                Route(
                    url=group.index_url,
                    lang=lang,
                    template=index_template,
                    key=(key, group.name),
                    context={**shared, "group": group, "filtered": True, "current": Label("ui", group.title)},
                    search=False,
                    sitemap=False,
                    listed=False,
                )
            )
    return routes


def _pagination(url: str, number: int, pages: int) -> dict[str, Any]:
    """What `pagination_nav` shows: page N of M with links to the neighbours."""
    return {
        "number": number,
        "pages": pages,
        "previous": None if number == 1 else (url if number == 2 else f"{url}page/{number - 1}/"),
        "next": None if number == pages else f"{url}page/{number + 1}/",
    }


def _sort_key(label: Label) -> str:
    value = label.value
    if isinstance(value, dict):
        value = next(iter(value.values()), "")
    return str(value).lower()
