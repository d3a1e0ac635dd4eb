"""Shared schema.org pieces: the publisher and NewsArticle (used by news and press)."""

from __future__ import annotations

from typing import Any

from .render import Urls
from .site import Entry, Site
from .text import excerpt


def publisher(site: Site, urls: Urls) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": site.region.name, "url": urls.absolute("/")}
    logo = (site.settings.get("BRAND") or {}).get("logo")
    if logo:
        data["logo"] = {"@type": "ImageObject", "url": urls.absolute(logo)}
    return data


def news_article(site: Site, entry: Entry, url: str, urls: Urls) -> dict[str, Any]:
    meta = entry.meta
    images = [meta.image.src] if meta.image else []
    images += [image.src for image in getattr(meta, "images", [])]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": excerpt(meta.title, 110),
        "inLanguage": entry.lang,
        "url": urls.absolute(url),
        "mainEntityOfPage": urls.absolute(url),
        "datePublished": meta.date.isoformat(),
        "dateModified": entry.updated.isoformat() if entry.updated else meta.date.isoformat(),
        "author": {"@type": "Organization", "name": site.region.name, "url": urls.absolute("/")},
        "publisher": publisher(site, urls),
    }
    if meta.summary:
        data["description"] = meta.summary
    if images:
        data["image"] = [urls.absolute(src) for src in images]
    return data
