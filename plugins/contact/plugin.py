"""`/<lang>/contact/` with the region's relocation contact.

The form posts to Netlify Forms (`data-netlify`, a honeypot field); with
`CONTACT_FORM = None` (e.g. GitHub Pages) only the e-mail and phone links are shown.
"""

from __future__ import annotations

from homeward import signals
from homeward.routes import Route
from homeward.site import N_, Site

SECTION = "contact"


def _loaded(site: Site) -> None:
    if site.region.relocation_contact:
        site.add_section(90, N_("Contact"), SECTION)


def _routes(site: Site) -> list[Route]:
    contact = site.contacts.get(site.region.relocation_contact or "")
    if contact is None:
        return []
    form = site.settings.get("CONTACT_FORM", "netlify")
    routes = []
    for lang in site.codes:
        routes.append(Route(url=f"/{lang}/{SECTION}/", lang=lang, template="contact.html", key=("contact",), context={"contact": contact, "form": form}))
        if form == "netlify":
            routes.append(
                Route(url=f"/{lang}/{SECTION}/thanks/", lang=lang, template="contact_thanks.html", key=("contact-thanks",), sitemap=False, search=False, listed=False)
            )
    return routes


def register() -> None:
    # site_loaded: the contact page is in the menu when the region names a relocation contact.
    signals.site_loaded.connect(_loaded)
    # collect_routes: one contact page per language.
    signals.collect_routes.connect(_routes)
