"""Pages live at `/<lang>/<slug>/`; `template: accessibility` picks a special template."""

from __future__ import annotations

from homeward import signals
from homeward.items import item_routes
from homeward.routes import Route
from homeward.site import Site


def _routes(site: Site) -> list[Route]:
    return item_routes(site, "pages", "", "page.html")


def register() -> None:
    # collect_routes: one page per item and language (fallback pages where untranslated).
    signals.collect_routes.connect(_routes)
