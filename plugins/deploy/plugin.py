"""Files the hosts read from the output: `_headers`, `_redirects` (Netlify) and a root `404.html`.

The root `404.html` is the default language's 404 page: GitHub Pages serves it for every
missing address (it knows no per-language rules), and Netlify uses it where no `_redirects`
rule applies. Its links carry the SITEURL sub-path, so it works at any depth.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from homeward import signals
from homeward.render import Urls
from homeward.routes import Route, RouteFields
from homeward.site import Site
from homeward.trust.formats import KIND_OF_SUFFIX
from homeward.trust.policy import admin_policy, site_policy

from .netlify import headers_file, redirects_file


def _routes_collected(site: Site, routes: list[Route], **_: Any) -> list[Route]:
    base = Urls(site.settings.get("SITEURL", "")).base
    added: list[Route] = []
    existing = {route.url for route in routes}
    default_404 = next((r for r in routes if r.url == f"/{site.default_lang}/404.html"), None)
    if default_404 is not None and "/404.html" not in existing:
        added.append(dataclasses.replace(default_404, url="/404.html", key=None, alternates={}, sitemap=False, search=False))
    content = Path(site.settings["PATH"])
    # Published content files keep their content-relative path: cover content/'s top-level
    # folders (and images at its top), without naming any other file.
    content_names = sorted(
        (path.name, path.is_dir())
        for path in content.iterdir()
        if not path.name.startswith(".") and (path.is_dir() or path.suffix.lower() in KIND_OF_SUFFIX)
    )
    redirects = redirects_file(site.codes, base)

    # Read when written: by then `routes` holds what every plugin added here too (sitemap.xml,
    # 404.html). The file reads their URLs only.
    every_url = RouteFields(routes, ("url",))

    def headers() -> str:
        urls = [url for (url,) in every_url.rows()]
        return headers_file(urls, site_policy(site.settings), admin_policy(site.settings), content_names, base)

    added += [
        Route(url="/_headers", lang=None, produce=headers, sitemap=False, search=False),
        Route(url="/_redirects", lang=None, produce=lambda: redirects, sitemap=False, search=False),
    ]
    return added


def register() -> None:
    # routes_collected: the headers must cover every page, which only exists once all routes do.
    signals.routes_collected.connect(_routes_collected)
