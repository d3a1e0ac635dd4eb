"""News: `/<lang>/news/` (paginated, newest first), `/<lang>/news/<slug>/` and an Atom feed."""

from __future__ import annotations

from homeward import signals
from homeward.items import entries_feed_route, entries_listed, item_routes, paginate
from homeward.render import Urls
from homeward.routes import Route
from homeward.schema import NewsArticles
from homeward.site import N_, Site

SECTION = "news"
FEED = "news/feed.atom"


def _loaded(site: Site) -> None:
    site.add_section(10, N_("News"), SECTION)
    site.add_feed(10, N_("News"), FEED)


def _routes(site: Site) -> list[Route]:
    urls = Urls(site.settings.get("SITEURL", ""))
    per_page = int(site.settings.get("DEFAULT_PAGINATION") or 12)
    routes = item_routes(site, "articles", SECTION, "article.html")
    articles = NewsArticles(site, urls)
    for route in routes:
        if route.translated:
            route.jsonld.append(articles.of(route.context["entry"], route.url))
    for lang in site.codes:
        routes += paginate(f"/{lang}/{SECTION}/", lang, entries_listed(site, "articles", lang), per_page, "news_list.html", ("news-list",))
        routes.append(entries_feed_route(site, lang, "articles", SECTION, FEED, f"{site.region.name} – {lang}"))
    return routes


def register() -> None:
    # site_loaded: announce the section in the main menu and its feed.
    signals.site_loaded.connect(_loaded)
    # collect_routes: article pages, the paginated list and the feed, in every language.
    signals.collect_routes.connect(_routes)
