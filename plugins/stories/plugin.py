"""`/<lang>/stories/` and `/<lang>/stories/<slug>/`."""

from __future__ import annotations

from typing import Any

from homeward import signals
from homeward.items import entries_in, item_routes, paginate
from homeward.routes import Route
from homeward.site import N_, Entry, Item, Site

from .checks import check_stories

SECTION = "stories"


def _loaded(site: Site) -> None:
    site.add_section(50, N_("Stories"), SECTION)


def _routes(site: Site) -> list[Route]:
    def extra(item: Item, entry: Entry, lang: str) -> dict[str, Any]:
        meta: Any = entry.meta
        return {
            "company": site.companies.get(meta.company or ""),
            "municipality": site.municipality_name(meta.municipality),
        }

    routes = item_routes(site, "stories", SECTION, "story.html", extra)
    for route in routes:
        person = route.context["entry"].meta.person
        if route.image is None and person.photo:
            route.image = person.photo
    for lang in site.codes:
        routes += paginate(f"/{lang}/{SECTION}/", lang, entries_in(site, "stories", lang), 24, "stories.html", ("stories-list",))
    return routes


def register() -> None:
    # check_references: what this plugin's content refers to must exist (at load time).
    signals.check_references.connect(check_stories)
    # site_loaded: announce the section in the main menu.
    signals.site_loaded.connect(_loaded)
    # collect_routes: the list and a page per story, in every language.
    signals.collect_routes.connect(_routes)
