"""Pages live at `/<lang>/<slug>/`; `template: accessibility` picks a special template."""

from __future__ import annotations

from typing import Any

import jinja2
from homeward import signals
from homeward.items import item_routes
from homeward.routes import Route
from homeward.site import N_, Site

# What an accessibility statement must name for the region's country (DIGG's and Uu-tilsynet's
# guidance): the law and where readers complain. Names are in the law's language (`lang`).
ACCESSIBILITY_RULES: dict[str, dict[str, Any]] = {
    "NO": {
        "lang": "nb",
        "law": "likestillings- og diskrimineringsloven § 18 og forskrift om universell utforming av IKT-løsninger",
        "complaints": {"name": "Diskrimineringsnemnda", "url": "https://www.diskrimineringsnemnda.no/"},
    },
    "SE": {
        "lang": "sv",
        "law": "lagen (2018:1937) om tillgänglighet till digital offentlig service",
        "complaints": {"name": "Myndigheten för digital förvaltning (DIGG)", "url": "https://www.digg.se/tdosanmalan"},
    },
}


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
    env.globals["accessibility_rules"] = ACCESSIBILITY_RULES.get(site.region.country, ACCESSIBILITY_RULES["NO"])


def register() -> None:
    # site_loaded: announce the accessibility statement for the top bar.
    signals.site_loaded.connect(_loaded)
    # collect_routes: one page per item and language (fallback pages where untranslated).
    signals.collect_routes.connect(_routes)
    # environment_ready: the accessibility statement names the law and complaint body of the region's country.
    signals.environment_ready.connect(_environment)
