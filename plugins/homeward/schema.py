"""Shared schema.org pieces: the publisher and NewsArticle (used by news and press)."""

from __future__ import annotations

from typing import Any

from .items import date_iso
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
    return NewsArticles(site, urls).of(entry, url)


class NewsArticles:
    """NewsArticle JSON-LD for the entries of one build. The author and publisher (the region)
    are the same in every article: made once and shared (JSON-LD is only read, never changed
    in place: a plugin that names another author sets its own dict)."""

    def __init__(self, site: Site, urls: Urls):
        self.site = site
        self.urls = urls
        self.author = {"@type": "Organization", "name": site.region.name, "url": urls.absolute("/")}
        self.publisher = publisher(site, urls)

    def of(self, entry: Entry, url: str) -> dict[str, Any]:
        meta = entry.meta
        images = [meta.image.src] if meta.image else []
        images += [image.src for image in attribute_or(meta, "images", [])]
        address = self.urls.absolute(url)
        published = date_iso(self.site, entry)
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": excerpt(meta.title, HEADLINE_LENGTH),
            "inLanguage": entry.lang,
            "url": address,
            "mainEntityOfPage": address,
            "datePublished": published,
            "dateModified": entry.updated.isoformat() if entry.updated else published,
            "author": self.author,
            "publisher": self.publisher,
        }
        if meta.summary:
            data["description"] = meta.summary
        if images:
            data["image"] = [self.urls.absolute(src) for src in images]
        return data
