"""News: `/<lang>/news/` (paginated, newest first), `/<lang>/news/<slug>/` and an Atom feed."""

from __future__ import annotations

from homeward import signals
from homeward.atom import FeedEntry, atom_feed
from homeward.items import entries_in, item_routes, paginate
from homeward.render import Urls
from homeward.routes import Route
from homeward.schema import news_article
from homeward.site import N_, Site

SECTION = "news"
FEED = "news/feed.atom"


def _loaded(site: Site) -> None:
    site.add_section(10, N_("News"), SECTION)
    site.add_feed(10, N_("News"), FEED)


def feed_route(site: Site, lang: str, kind: str, section: str, path: str, title: str) -> Route:
    """An Atom feed of the entries of `kind` written in `lang` (fallbacks are not repeated)."""
    urls = Urls(site.settings.get("SITEURL", ""))
    entries = entries_in(site, kind, lang)[:50]

    def produce() -> str:
        items = [
            FeedEntry(
                title=e.meta.title,
                url=urls.absolute(f"/{lang}/{section}/{e.slug}/"),
                published=e.meta.date,
                updated=e.meta.modified,
                summary=e.meta.summary or "",
                content_html=e.html,
            )
            for e in entries
            if not e.preview_only
        ]
        return atom_feed(title, urls.absolute(f"/{lang}/{section}/"), urls.absolute(f"/{lang}/{path}"), lang, items)

    return Route(url=f"/{lang}/{path}", lang=lang, produce=produce, sitemap=False, search=False)


def _routes(site: Site) -> list[Route]:
    urls = Urls(site.settings.get("SITEURL", ""))
    per_page = int(site.settings.get("DEFAULT_PAGINATION") or 12)
    routes = item_routes(site, "articles", SECTION, "article.html")
    for route in routes:
        if route.translated:
            route.jsonld.append(news_article(site, route.context["entry"], route.url, urls))
    for lang in site.codes:
        routes += paginate(f"/{lang}/{SECTION}/", lang, entries_in(site, "articles", lang), per_page, "news_list.html", ("news-list",))
        routes.append(feed_route(site, lang, "articles", SECTION, FEED, f"{site.region.name} – {lang}"))
    return routes


def register() -> None:
    # site_loaded: announce the section in the main menu and its feed.
    signals.site_loaded.connect(_loaded)
    # collect_routes: article pages, the paginated list and the feed, in every language.
    signals.collect_routes.connect(_routes)
