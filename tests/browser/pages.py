"""The page types the browser tests visit: one real page of each kind, in every language.

Page types of plugins that are not listed in pelicanconf.py's PLUGINS are left out, so a
region without events or a press room is still fully tested; a listed plugin's pages must exist.
"""

from __future__ import annotations

import runpy
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_SETTINGS = runpy.run_path(str(ROOT / "pelicanconf.py"))
LANGS: list[str] = list(_SETTINGS["LANGUAGES"])
PLUGINS: set[str] = set(_SETTINGS["PLUGINS"])


@dataclass(frozen=True)
class PageType:
    name: str
    path: str  # with {lang}
    plugin: str | None = None  # left out when this plugin is not enabled
    ready: str | None = None  # a selector that appears once the page's own scripts have run
    langs: tuple[str, ...] | None = None  # None: every language


def untranslated(kind: str, slug: str) -> tuple[str, ...]:
    """Languages in which a Markdown item has no file of its own (its page is a fallback)."""
    have = {p.name.split(".")[-2] for p in (ROOT / "content" / kind).glob(f"{slug}.*.md")}
    return tuple(code for code in LANGS if code not in have)


SEARCH_READY = ".pagefind-ui__search-input"

PAGE_TYPES: list[PageType] = [
    PageType("home", "/{lang}/"),
    PageType("news", "/{lang}/news/"),
    PageType("article", "/{lang}/news/new-data-centre-hall-storvoll/"),
    PageType(
        "fallback",
        "/{lang}/news/record-apprentices-havnoy/",
        langs=untranslated("articles", "record-apprentices-havnoy"),
    ),
    PageType("page", "/{lang}/about-the-region/"),
    PageType("accessibility", "/{lang}/accessibility/"),
    PageType("privacy", "/{lang}/privacy/"),
    PageType("companies", "/{lang}/companies/"),
    PageType("facet", "/{lang}/companies/sector/software/"),
    PageType("company", "/{lang}/companies/nordlys-data/"),
    PageType("jobs", "/{lang}/jobs/"),
    PageType("job", "/{lang}/jobs/backend-developer-helsefjell/"),
    PageType("stories", "/{lang}/stories/"),
    PageType("story", "/{lang}/stories/back-home-to-storvoll/"),
    PageType("organisations", "/{lang}/organisations/"),
    PageType("organisation", "/{lang}/organisations/fjellnett/"),
    PageType("facts", "/{lang}/facts/"),
    PageType("contact", "/{lang}/contact/"),
    PageType("search", "/{lang}/search/", ready=SEARCH_READY),
    PageType("sitemap", "/{lang}/sitemap/", plugin="sitemap_page"),
    PageType("404", "/{lang}/404.html"),
    PageType("events", "/{lang}/events/", plugin="events"),
    PageType("event", "/{lang}/events/try-living-weekend-2027/", plugin="events"),
    PageType("press", "/{lang}/press/", plugin="press"),
    PageType("release", "/{lang}/press/try-living-weekend-announced/", plugin="press"),
    # An ad from NAV's recorded snapshot: in Norwegian on every language's page.
    PageType("imported job", "/{lang}/jobs/nav-5f0c2d1e-8b7a-4c3e-9a41-0d6e2f7b1a01/", plugin="jobfeeds"),
]


@dataclass(frozen=True)
class Target:
    """One page to visit: a page type in one language (the root chooser has none)."""

    kind: str
    lang: str | None
    path: str
    ready: str | None = None

    @property
    def id(self) -> str:
        return f"{self.kind}-{self.lang}" if self.lang else self.kind


def targets() -> list[Target]:
    found = [Target("chooser", None, "/")]
    for page_type in PAGE_TYPES:
        if page_type.plugin and page_type.plugin not in PLUGINS:
            continue
        for lang in page_type.langs if page_type.langs is not None else LANGS:
            found.append(Target(page_type.name, lang, page_type.path.format(lang=lang), page_type.ready))
    return found


TARGETS = targets()
