"""`/<lang>/search/` pages, a `type` filter on every indexed page, and the Pagefind run.

Pagefind indexes the written HTML (only `<main data-pagefind-body>` of pages meant for
search) and splits the index by `<html lang>`, so every language searches its own
pages. It runs after all files are written and before the output is swapped in, so a
failed index fails the build like any other step.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import jinja2
from homeward import signals
from homeward.errors import BuildFailed, ContentError
from homeward.routes import Route
from homeward.site import N_, Site
from i18n.catalogs import load_translations

# What kind of page a route shows, by the first part of its key: the "type" search filter.
SEARCH_TYPES = {
    "articles": N_("News"),
    "press": N_("Press release"),
    "company": N_("Company"),
    "job": N_("Job"),
    "event": N_("Event"),
    "stories": N_("Story"),
    "organisation": N_("Organisation"),
    "pages": N_("Page"),
}


def _environment(env: jinja2.Environment, site: Site, **_: Any) -> None:
    env.globals["search_types"] = SEARCH_TYPES


def _routes(site: Site) -> list[Route]:
    if "/pagefind/" not in site.written_later:  # the index, written after the pages (_index)
        site.written_later.append("/pagefind/")
    translations = load_translations(site.settings, site.codes)  # the page's title, for the site map
    return [
        Route(
            url=f"/{lang}/search/", lang=lang, template="search.html", key=("search",), sitemap=False, search=False,
            title=translations[lang].gettext(N_("Search")),
        )
        for lang in site.codes
    ]


def _index(target: Path, site: Site, **_: Any) -> None:
    if not site.settings.get("HOMEWARD_SEARCH", True) or site.preview:
        return
    command = [sys.executable, "-m", "pagefind", "--site", str(target), "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["unknown error"]
        raise BuildFailed([ContentError("search", 1, f"the search index could not be built: {message[0]}; run with --no-search to skip it")])


def register() -> None:
    # environment_ready: templates mark each page's type for the search filter.
    signals.environment_ready.connect(_environment)
    # collect_routes: a search page per language.
    signals.collect_routes.connect(_routes)
    # output_written: index the written pages before the output is swapped in.
    signals.output_written.connect(_index)
