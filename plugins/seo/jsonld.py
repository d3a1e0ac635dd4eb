"""JSON-LD that cannot break out of its <script>: Jinja's `htmlsafe_json_dumps` writes `<`, `>`,
`&` and `'` as \\u escapes (the same escaping as its `tojson` filter)."""

from __future__ import annotations

from typing import Any

from homeward.render import Urls
from homeward.routes import Route
from homeward.schema import says_date_modified
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

# Compact and stable: the same data gives the same bytes (dates and the like as text).
JSON_OPTIONS: dict[str, Any] = {"ensure_ascii": False, "sort_keys": True, "separators": (",", ":"), "default": str}


def script(data: Any) -> Markup:
    return Markup('<script type="application/ld+json">') + htmlsafe_json_dumps(data, **JSON_OPTIONS) + Markup("</script>")


def date_modified_page(route: Route, urls: Urls) -> dict[str, Any] | None:
    """A WebPage node carrying "last updated" (`dateModified`) for a page whose own structured
    data cannot: schema.org has dateModified on CreativeWork (NewsArticle carries it itself),
    not on Event, Organization or JobPosting. None when the page has no date or already says it."""
    if route.updated is None or not route.is_html or not route.translated or route.preview_only:
        return None
    if any(says_date_modified(node) for node in route.jsonld):
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
