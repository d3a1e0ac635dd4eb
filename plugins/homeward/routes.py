"""A Route is one output file: where it goes, what renders it, and which item it shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .history import LastUpdated


JsonLd = dict[str, Any] | Callable[[], dict[str, Any]]  # a node, or what makes it (Route.jsonld)


@dataclass
class Route:
    """One file to write. `url` starts with '/'; a trailing '/' means `index.html`.

    Routes with the same `key` in different languages are translations of each other;
    `translated=False` marks a fallback page that shows another language's text.
    """

    url: str
    lang: str | None
    template: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    key: tuple[str, ...] | None = None
    translated: bool = True
    sitemap: bool = True
    source: str = ""
    produce: Callable[[], str | bytes] | None = None  # non-template output (feeds, .ics, xml)
    title: str = ""
    # What search engines and link previews see; filled by the plugin that makes the route.
    description: str = ""
    image: str | None = None  # content-relative image path for og:image
    og_type: str = "website"
    # JSON-LD nodes, or producers of them (`partial(function, *what it reads)`) called when the
    # page is rendered (`jsonld_nodes`), not for every route of every build (~5 MB of text and
    # dicts at 1000×3, which every shape digest wrote out). The shape stays complete: it
    # digests a producer as its function (code: in the global key) and its arguments, loaded
    # objects (entries, items, events) by the digest of their whole content; a producer reads
    # nothing else (no Site, no module data but constants), so an equal shape makes equal nodes.
    jsonld: list[JsonLd] = field(default_factory=list)
    alternates: dict[str, str] = field(default_factory=dict)  # lang → url of real translations
    switcher: dict[str, str] = field(default_factory=dict)  # lang → url to send a reader to
    preview_only: str | None = None
    search: bool = True  # indexed by the search plugin
    # A tool, not content (the browser CMS): the preview server adds no reload script to it and
    # keeps serving it from the last build that worked while the content has an error.
    tool: bool = False
    last_modified: str | None = None  # sitemap.xml's lastmod (W3C date or datetime)
    # "Last updated" shown on the page and in its JSON-LD dateModified (homeward/history.py).
    updated: LastUpdated | None = None
    # Shown on the readers' site map page (plugins/sitemap_page): not filter views, later
    # pages of a list, error and thank-you pages.
    listed: bool = True
    title_lang: str | None = None  # the language of `title` when it is not `lang` (a fallback)
    # What every list must say next to this page's name: an event's status when it will not
    # happen as announced ('cancelled', 'postponed', 'moved_online').
    status: str | None = None

    @property
    def output_path(self) -> str:
        return output_path(self.url)

    @property
    def is_html(self) -> bool:
        return self.output_path.endswith(".html")

    @property
    def jsonld_nodes(self) -> list[dict[str, Any]]:
        """The JSON-LD nodes of the page, those given as producers made now."""
        return [node if isinstance(node, dict) else node() for node in self.jsonld]


class RouteFields:
    """Some fields of every route in a list, as a file made from all routes reads them
    (sitemap.xml, `_headers`): `rows()`, one tuple per route, read when the file is written (the
    list may still grow until then). Its digest (incremental.py pickles it by `__reduce__`) is
    those rows and nothing else, so the file is rendered again when one of those fields changes,
    not when any page's context does, and no worker digests every route a second time for it."""

    def __init__(self, routes: list[Route], fields: tuple[str, ...]):
        self.routes = routes
        self.fields = fields

    def rows(self) -> list[tuple[Any, ...]]:
        row = attrgetter(*self.fields)  # in C: ~0.2 µs a route, where a generator took 1.2 µs
        if len(self.fields) == 1:
            return [(value,) for value in map(row, self.routes)]
        return list(map(row, self.routes))

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (self.fields, self.rows()))


def output_path(url: str) -> str:
    """The file a URL is written to: a trailing '/' means `index.html`."""
    path = url.lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    return path
