"""`/<lang>/stories/` and `/<lang>/stories/<slug>/`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from homeward import signals
from homeward.items import entries_listed, item_routes, paginate
from homeward.routes import Route
from homeward.site import N_, Entry, Item, Site
from homeward.text import LEGAL_FORMS

from .checks import check_stories

SECTION = "stories"


@dataclass(frozen=True)
class Byline:
    """'Driftsingeniør i <a>Nordlys Data</a>': the role, with the employer linked where the role
    names it, or appended after a comma when it does not (never both)."""

    # Made for the one story page that shows it: pickled in place, not digested one by one (incremental.py).
    digest_in_place: ClassVar[bool] = True

    before: str
    mention: str  # the part of the role that names the company (linked); empty when not named
    after: str
    append: bool  # add ", <company>" after the role


def byline(role: str | None, company_name: str | None) -> Byline:
    role = role or ""
    if not company_name:
        return Byline(role, "", "", False)
    for name in dict.fromkeys([company_name, LEGAL_FORMS.sub("", company_name)]):
        found = role.lower().find(name.lower()) if name else -1
        if found >= 0:
            return Byline(role[:found], role[found : found + len(name)], role[found + len(name) :], False)
    return Byline(role, "", "", True)


def _loaded(site: Site) -> None:
    site.add_section(50, N_("Stories"), SECTION)


def _routes(site: Site) -> list[Route]:
    def extra(item: Item, entry: Entry, lang: str) -> dict[str, Any]:
        meta: Any = entry.meta
        company = site.companies.get(meta.company or "")
        return {
            "company": company,
            "byline": byline(meta.person.role, company.name if company else None),
            "municipality": site.municipality_name(meta.municipality),
        }

    routes = item_routes(site, "stories", SECTION, "story.html", extra)
    for route in routes:
        person = route.context["entry"].meta.person
        if route.image is None and person.photo:
            route.image = person.photo
    for lang in site.codes:
        routes += paginate(f"/{lang}/{SECTION}/", lang, entries_listed(site, "stories", lang), 24, "stories.html", ("stories-list",))
    return routes


def register() -> None:
    # check_references: what this plugin's content refers to must exist (at load time).
    signals.check_references.connect(check_stories)
    # site_loaded: announce the section in the main menu.
    signals.site_loaded.connect(_loaded)
    # collect_routes: the list and a page per story, in every language.
    signals.collect_routes.connect(_routes)
