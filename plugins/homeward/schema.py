"""Shared schema.org pieces: the publisher and NewsArticle (used by news and press)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from .model import attribute_or
from .render import Urls
from .site import Entry, Site
from .text import excerpt

HEADLINE_LENGTH = 110  # Google's limit for a NewsArticle headline


def publisher(site: Site, urls: Urls) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": site.region.name, "url": urls.absolute("/")}
    logo = site.brand.get("logo")
    if logo:
        data["logo"] = {"@type": "ImageObject", "url": urls.absolute(logo)}
    return data


def news_article(site: Site, entry: Entry, url: str, urls: Urls) -> dict[str, Any]:
    return NewsArticles(site, urls).node(entry, url)


def carries_date_modified(producer: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a JSON-LD producer whose every node says `dateModified` itself (seo asks it, not the
    node, so the node is made only when its page is rendered)."""
    producer.carries_date_modified = True  # type: ignore[attr-defined]
    return producer


def says_date_modified(node: dict[str, Any] | Callable[[], dict[str, Any]]) -> bool:
    """Whether a JSON-LD node (or the producer of one, see `Route.jsonld`) says `dateModified`."""
    if isinstance(node, dict):
        return "dateModified" in node
    return bool(getattr(getattr(node, "func", None), "carries_date_modified", False))


class NewsArticles:
    """NewsArticle JSON-LD for the entries of one build. The author and publisher (the region)
    are the same in every article: made once and shared (JSON-LD is only read, never changed
    in place: a plugin that names another author sets its own dict)."""

    def __init__(self, site: Site, urls: Urls):
        self.site = site
        self.urls = urls
        self.author = {"@type": "Organization", "name": site.region.name, "url": urls.absolute("/")}
        self.publisher = publisher(site, urls)
        self.writer = NewsArticleWriter(urls, self.author, self.publisher)

    def of(self, entry: Entry, url: str) -> Callable[[], dict[str, Any]]:
        """The article's node, made when its page is rendered (a producer for `Route.jsonld`)."""
        return partial(news_article_node, self.writer, entry, url)

    def node(self, entry: Entry, url: str) -> dict[str, Any]:
        return news_article_node(self.writer, entry, url)


class NewsArticleWriter:
    """What every article's NewsArticle shares, worked out from the Site when routes are made:
    the addresses' base, the author and the publisher (the region)."""

    def __init__(self, urls: Urls, author: dict[str, Any], publisher: dict[str, Any]):
        self.urls = urls
        self.author = author
        self.publisher = publisher


@carries_date_modified
def news_article_node(writer: NewsArticleWriter, entry: Entry, url: str, author: dict[str, Any] | None = None) -> dict[str, Any]:
    """A NewsArticle from the entry and its page address alone, with what `writer` holds.
    It never reads the Site, so a route's shape, which digests `partial(news_article_node,
    writer, entry, url)` as this function's name, the writer's and the entry's content and the
    URL, covers all it reads. `author`: another author than the region (a press release's)."""
    meta = entry.meta
    images = [meta.image.src] if meta.image else []
    images += [image.src for image in attribute_or(meta, "images", [])]
    address = writer.urls.absolute(url)
    published = meta.date.isoformat() if meta.date is not None else None  # what items.date_iso says
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": excerpt(meta.title, HEADLINE_LENGTH),
        "inLanguage": entry.lang,
        "url": address,
        "mainEntityOfPage": address,
        "datePublished": published,
        "dateModified": entry.updated.isoformat() if entry.updated else published,
        "author": writer.author if author is None else author,
        "publisher": writer.publisher,
    }
    if meta.summary:
        data["description"] = meta.summary
    if images:
        data["image"] = [writer.urls.absolute(src) for src in images]
    return data
