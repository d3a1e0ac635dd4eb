"""Adds `/<lang>/sitemap/` in every language and announces it for the top bar and the footer."""

from __future__ import annotations

from typing import Any

from homeward import signals
from homeward.routes import Route
from homeward.site import N_, Site

from .tree import site_map

KEY = ("sitemap-page",)
PATH = "sitemap/"


def _loaded(site: Site) -> None:
    site.add_site_link(10, N_("Site map"), PATH)


def _routes(site: Site) -> list[Route]:
    # Made with the other pages so it gets its translations and language switcher; what it
    # lists is filled in once every route is known (routes_collected).
    return [
        Route(url=f"/{lang}/{PATH}", lang=lang, template="sitemap_page.html", key=KEY, search=False, listed=False)
        for lang in site.codes
    ]


def _fill(site: Site, routes: list[Route], **_: Any) -> list[Route]:
    by_lang: dict[str, list[Route]] = {}  # a language's map looks at that language's routes only
    for route in routes:
        if route.lang is not None:
            by_lang.setdefault(route.lang, []).append(route)
    for route in routes:
        if route.key == KEY and route.lang is not None:
            route.context["site_map"] = site_map(by_lang[route.lang], route.lang, site.menu(route.lang))
    return []


def register() -> None:
    # site_loaded: the top bar and the footer of every page link to the site map.
    signals.site_loaded.connect(_loaded)
    # collect_routes: the page in every language.
    signals.collect_routes.connect(_routes)
    # routes_collected: what it lists needs every other route.
    signals.routes_collected.connect(_fill)
