"""Pages live at `/<lang>/<slug>/`; `template: accessibility` picks a special template."""

from __future__ import annotations

from typing import Any

import jinja2
from homeward import signals
from homeward.items import item_routes
from homeward.routes import Route
from homeward.site import N_, Site

from .legal import accessibility_rules, check_statement_country


def _loaded(site: Site) -> None:
    """The accessibility statement is linked from every page's top bar, not only the footer:
    DIGG and Uu-tilsynet expect readers to find it at once."""
    for item in site.kind("pages"):
        entry = item.best(site.default_lang, site.codes)
        if entry.meta.template == "accessibility" and not entry.preview_only:
            site.add_site_link(20, N_("Accessibility"), f"{item.slug}/")
            return


def _routes(site: Site) -> list[Route]:
    return item_routes(site, "pages", "", "page.html")


def _environment(env: jinja2.Environment, site: Site, **_: Any) -> None:
    rules = accessibility_rules(site.settings, site.region.country)  # checked at load time where a statement needs it
    env.globals["accessibility_rules"] = rules
    env.globals["supervisory_body"] = rules["supervisor"] if rules else None


def register() -> None:
    # check_references: an accessibility statement needs its country's law (an error, not Norway's).
    signals.check_references.connect(check_statement_country)
    # site_loaded: announce the accessibility statement for the top bar.
    signals.site_loaded.connect(_loaded)
    # collect_routes: one page per item and language (fallback pages where untranslated).
    signals.collect_routes.connect(_routes)
    # environment_ready: the accessibility statement names the law and complaint body of the region's country.
    signals.environment_ready.connect(_environment)
