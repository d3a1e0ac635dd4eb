"""JSON-LD that cannot break out of its <script>: `<`, `>` and `&` are written as \\u escapes."""

from __future__ import annotations

import json
from typing import Any

from homeward.render import Urls
from homeward.routes import Route
from markupsafe import Markup


def dumps(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def script(data: Any) -> Markup:
    return Markup(f'<script type="application/ld+json">{dumps(data)}</script>')  # noqa: S704 - escaped by dumps


def date_modified_page(route: Route, urls: Urls) -> dict[str, Any] | None:
    """A WebPage node carrying "last updated" (`dateModified`) for a page whose own structured
    data cannot: schema.org has dateModified on CreativeWork (NewsArticle carries it itself),
    not on Event, Organization or JobPosting. None when the page has no date or already says it."""
    if route.updated is None or not route.is_html or not route.translated or route.preview_only:
        return None
    if any("dateModified" in node for node in route.jsonld):
        return None
    return drop_empty(
        {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "url": urls.absolute(route.url),
            "name": route.title,
            "inLanguage": route.lang,
            "dateModified": route.updated.isoformat(),
        }
    )


def drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out keys whose value is None, '' or an empty list (validators flag empty values)."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}
