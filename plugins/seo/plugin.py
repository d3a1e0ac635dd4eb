"""Adds the sitemap and robots.txt once all routes are known, and the JSON-LD filter."""

from __future__ import annotations

from typing import Any

import jinja2
from homeward import signals
from homeward.render import Urls
from homeward.routes import Route, RouteFields
from homeward.site import Site

from . import jsonld
from .sitemap import SITEMAP_FIELDS, robots_txt, sitemap_xml


def _routes_collected(site: Site, routes: list[Route], **_: Any) -> list[Route]:
    urls = Urls(site.settings.get("SITEURL", ""))
    for route in routes:
        node = jsonld.date_modified_page(route, urls)
        if node is not None:
            route.jsonld.append(node)
    snapshot = RouteFields(list(routes), SITEMAP_FIELDS)
    return [
        Route(url="/sitemap.xml", lang=None, produce=lambda: sitemap_xml(snapshot, urls), sitemap=False, search=False),
        Route(url="/robots.txt", lang=None, produce=lambda: robots_txt(urls), sitemap=False, search=False),
    ]


def _environment(env: jinja2.Environment, site: Site, **_: Any) -> None:
    env.filters["jsonld"] = jsonld.script


def register() -> None:
    # routes_collected: the sitemap needs every other route and its translations.
    signals.routes_collected.connect(_routes_collected)
    # environment_ready: `|jsonld` writes structured data that cannot break out of <script>.
    signals.environment_ready.connect(_environment)
