"""Home (`/<lang>/`): tagline, key facts, latest news, upcoming events; and `/<lang>/404.html`."""

from __future__ import annotations

from homeward import signals
from homeward.items import entries_in
from homeward.routes import Route
from homeward.site import Site


def key_facts(site: Site, limit: int = 4) -> list:
    facts = site.region.facts
    marked = [f for f in facts if f.key]
    return (marked or facts)[:limit]


def upcoming_events(site: Site, limit: int = 3) -> list:
    # Cancelled and postponed events stay in the list, marked: a reader who planned to go must see it.
    upcoming = [e for e in site.events.values() if e.end >= site.now]
    return sorted(upcoming, key=lambda e: (e.start, e.id))[:limit]


def _routes(site: Site) -> list[Route]:
    routes = []
    contact = site.contacts.get(site.region.relocation_contact or "")
    facts, events = key_facts(site), upcoming_events(site)  # the same in every language
    for lang in site.codes:
        routes.append(
            Route(
                url=f"/{lang}/",
                lang=lang,
                template="home.html",
                key=("home",),
                context={
                    "latest": entries_in(site, "articles", lang)[:3],
                    "facts": facts,
                    "events": events,
                    "stories": entries_in(site, "stories", lang)[:3],
                    "relocation_contact": contact,
                },
            )
        )
        routes.append(
            Route(url=f"/{lang}/404.html", lang=lang, template="404.html", sitemap=False, search=False, listed=False)
        )
    return routes


def register() -> None:
    # collect_routes: a home page and a 404 page per language.
    signals.collect_routes.connect(_routes)
