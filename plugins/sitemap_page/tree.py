"""The site map of one language, computed from the routes: what the page lists and in what order.

A page is listed when its route is an HTML page of that language, `listed` (not a filter view,
a later page of a list, an error or thank-you page) and not preview-only. Each page hangs under
the nearest listed page whose address contains its own (an article under News, a past-events
list under Events); the top level follows the main menu, then the other pages by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from homeward.routes import Route
from homeward.site import N_, MenuItem

HOME_LABEL = N_("Home page")


@dataclass
class Node:
    """One link of the site map. `ui`: the label is a UI msgid (translated where rendered);
    `lang`: the language of the label when it is not the page's (an untranslated item)."""

    # Thousands per site map, each held once: pickled in place, not digested one by one (incremental.py).
    digest_in_place: ClassVar[bool] = True

    label: str
    url: str
    ui: bool = False
    lang: str | None = None
    children: list[Node] = field(default_factory=list)
    status: str | None = None  # an event that will not happen as announced says so here too


def is_listed(route: Route, lang: str) -> bool:
    return route.lang == lang and route.is_html and route.listed and not route.preview_only


def site_map(routes: list[Route], lang: str, menu: list[MenuItem]) -> list[Node]:
    """The home page first, then the sections and pages of `menu` in its order, then the rest."""
    home = f"/{lang}/"
    pages = {route.url: route for route in routes if is_listed(route, lang)}
    in_menu = {item.url: (position, item) for position, item in enumerate(menu)}
    nodes = {url: _node(route, in_menu.get(url, (0, None))[1]) for url, route in pages.items()}
    top: list[Node] = []
    for url in sorted(pages):
        if url == home:
            continue
        parent = _parent(url, pages, home)
        (nodes[parent].children if parent else top).append(nodes[url])
    for node in nodes.values():
        node.children.sort(key=_by_name)
    top.sort(key=lambda node: (in_menu[node.url][0], "") if node.url in in_menu else (len(menu), _by_name(node)))
    first = [Node(HOME_LABEL, home, ui=True, children=[])] if home in pages else []
    return first + top


def _node(route: Route, item: MenuItem | None) -> Node:
    if item is not None and item.ui:  # a section: named as in the menu
        return Node(item.label, route.url, ui=True)
    if route.title:
        return Node(route.title, route.url, lang=route.title_lang, status=route.status)
    return Node(route.url, route.url)  # a page without a title still gets a link


def _parent(url: str, pages: dict[str, Route], home: str) -> str | None:
    """The nearest listed page above `url` ("/nb/news/x/" → "/nb/news/"), never the home page."""
    path = url.rstrip("/")
    while True:
        path = path.rpartition("/")[0]
        candidate = path + "/"
        if len(candidate) <= len(home):
            return None
        if candidate in pages:
            return candidate


def _by_name(node: Node) -> str:
    return node.label.casefold()
