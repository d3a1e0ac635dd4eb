"""News: `/<lang>/news/` (paginated, newest first) and `/<lang>/news/<slug>/`."""

from __future__ import annotations

from homeward import signals
from homeward.items import entries_in, item_routes, paginate
from homeward.routes import Route
from homeward.site import N_, Site

SECTION = "news"


def _loaded(site: Site) -> None:
    site.add_section(10, N_("News"), SECTION)


def _routes(site: Site) -> list[Route]:
    per_page = int(site.settings.get("DEFAULT_PAGINATION") or 12)
    routes = item_routes(site, "articles", SECTION, "article.html")
    for lang in site.codes:
        routes += paginate(f"/{lang}/{SECTION}/", lang, entries_in(site, "articles", lang), per_page, "news_list.html", ("news-list",))
    return routes


def register() -> None:
    # site_loaded: announce the section in the main menu.
    signals.site_loaded.connect(_loaded)
    # collect_routes: article pages and the paginated list, in every language.
    signals.collect_routes.connect(_routes)
