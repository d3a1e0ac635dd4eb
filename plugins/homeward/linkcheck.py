"""Internal links: the one answer to "does this address exist in this build" (`Published`),
used by the build for the links in Markdown bodies and by `check` over a built output folder.

`Published` knows what a build publishes by output path (a route's `en/jobs/index.html`, an
asset, a written file); `site_path` reads a link the way a browser does, from the page it is
on. The build asks before anything is written, from its routes (build.check_body_links);
`check` asks after writing, from the files in the folder (broken_links), and also reads every
link of every template and the #fragment ids of the pages.

Pages are read with lxml's HTML parser, so attributes count however they are written
(double, single or no quotes), as a browser reads them.
"""

from __future__ import annotations

import difflib
import posixpath
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

import lxml.html

from .errors import ContentError
from .items import item_url
from .routes import Route, output_path
from .trust.files import classify

if TYPE_CHECKING:
    from .site import Site


class Published:
    """Every output path a build publishes, and the address prefixes of files another step
    writes after it (the search index under /pagefind/)."""

    def __init__(self, files: Iterable[str], prefixes: tuple[str, ...] = ()):
        self.files = set(files)
        self.prefixes = prefixes

    def find(self, path: str) -> str | None:
        """The output file a site path (`/en/jobs/`, `/en/jobs`, `/en/jobs/index.html`; without
        the base path) is served from, or None when the build publishes nothing there. A
        path under one of the prefixes is taken to exist (returned as it is)."""
        rel = path.lstrip("/")
        if rel in self.files:
            return rel
        index = rel.rstrip("/") + "/index.html" if rel.rstrip("/") else "index.html"
        if index in self.files:
            return index
        if self.prefixes and path.startswith(self.prefixes):
            return path
        return None

    def pages(self) -> list[str]:
        """The site paths of the pages, as links are written (`/en/jobs/`): for suggestions."""
        return sorted("/" + rel[: -len("index.html")] if rel.endswith("index.html") else "/" + rel for rel in self.files if rel.endswith(".html"))


def site_path(link: str, page: str) -> str:
    """The site path a local link's path (unquoted, no ?query or #fragment) leads to from
    `page` (a site path: `/en/news/x/`), as a browser resolves it; a trailing '/' is kept."""
    if not link:
        return page
    joined = link if link.startswith("/") else posixpath.join(posixpath.dirname(page) if not page.endswith("/") else page, link)
    resolved = posixpath.normpath(joined)
    if resolved.startswith("//"):
        resolved = "/" + resolved.lstrip("/")
    if (link.endswith("/") or link.endswith(("/.", "/..")) or link in (".", "..")) and not resolved.endswith("/"):
        resolved += "/"
    return resolved


def closest(path: str, published: Published, codes: list[str], page_lang: str | None = None) -> str | None:
    """The page a mistyped site path most likely meant, in the link's language (the linking
    page's when the link names none): the page with the same last part (`kodverket` of
    `/sv/foretag/kodverket/`), else the most similar address; None when nothing is close.
    Only asked about links that are wrong, so it may read every page's address."""
    parts = [p for p in path.split("/") if p]
    lang = parts[0] if parts and parts[0] in codes else page_lang
    pages = [p for p in published.pages() if lang is None or p.startswith(f"/{lang}/")]
    if lang is not None and (not parts or parts[0] != lang):
        path = f"/{lang}{path}"  # `/news/x/` from an English page: /en/news/x/ is meant
    if parts:
        last = parts[-1].removesuffix(".html")
        by_name = [p for p in pages if p.rstrip("/").rsplit("/", 1)[-1] == last]
        if by_name:
            return max(by_name, key=lambda p: difflib.SequenceMatcher(None, path, p).ratio())
    # Not a page above it (`/sv/stories/` for `/sv/stories/missing-article/`): a list, not what
    # was meant. Compared without the language (`/en/` alike in all would make any two close).
    strip = len(lang) + 2 if lang is not None else 1
    pages = {p[strip:]: p for p in pages if not path.startswith(p)}
    found = difflib.get_close_matches((path if path.endswith("/") else path + "/")[strip:], list(pages), n=1, cutoff=0.7)
    return pages[found[0]] if found else None


def _parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(path.read_bytes())


def _targets(page: lxml.html.HtmlElement) -> list[str]:
    found = [str(value) for value in page.xpath("//@href | //@src")]
    for srcset in page.xpath("//@srcset"):
        found += [part.split()[0] for part in str(srcset).split(",") if part.strip()]
    return found


def broken_links(output: Path, base_path: str = "", ignore: tuple[str, ...] = ()) -> list[str]:
    """'page: link' for every internal link or #anchor that points nowhere.

    `ignore` lists site paths made by a step that did not run (e.g. /pagefind/ in `check`).
    """
    published = Published((p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()), ignore)
    pages = sorted(rel for rel in published.files if rel.endswith(".html"))
    ids: dict[str, set[str]] = {}
    problems = []
    for rel in pages:
        for link in _targets(_parse(output / rel)):
            parsed = urlparse(link)
            if parsed.scheme or link.startswith("//"):
                continue
            target_path = unquote(parsed.path)
            if target_path.startswith("/"):
                if base_path and not target_path.startswith(base_path + "/"):
                    problems.append(f"{rel}: {link} (outside the site's base path {base_path}/)")
                    continue
                target_path = target_path[len(base_path) :]
            found = published.find(site_path(target_path, "/" + rel))
            if found is None:
                problems.append(f"{rel}: {link}")
                continue
            if parsed.fragment and found.endswith(".html"):
                if found not in ids:
                    ids[found] = {str(value) for value in _parse(output / found).xpath("//@id")}
                if parsed.fragment not in ids[found]:
                    problems.append(f"{rel}: {link} (no element with id '{parsed.fragment}')")
    return problems


@dataclass(frozen=True)
class Unpublished:
    """Where a link leads to a page this build does not publish: a draft or a release under
    embargo. Its path and time only (never its title: the message may be read by anyone who
    sees the build's log)."""

    path: str
    reason: str  # 'draft' or 'embargo'
    until: datetime | None = None

    def message(self, shown: str) -> str:
        if self.reason == "draft":
            return f"the link '{shown}' leads to a draft, which readers cannot see ({self.path} has 'status: draft'); link to it once it is published"
        until = f" until {self.until.isoformat(sep=' ', timespec='minutes')}" if self.until else ""
        return f"the link '{shown}' leads to a page under embargo{until}, which readers cannot see before then; link to it once it is published"


def body_link_errors(site: Site, routes: list[Route], published: Published, base: str = "") -> list[ContentError]:
    """`path:line` errors for the links in Markdown bodies that lead to no page this build
    publishes, found before anything is written. One set lookup per link and page (a relative
    link is read from every page that shows the body; a root-relative one once).

    A draft or an embargoed release has no page: a published body linking to it gets a message
    that says so. A body that is held back itself may link to another one (they are published
    together, or its own check comes when it is published). In the preview, which shows drafts,
    a published page's link to one is a warning."""
    if not site.links:
        return []
    codes = site.codes
    sections: dict[str, str] = site.plugin_state.get("item_sections", {})
    unpublished: dict[str, Unpublished] = {}  # output path → why no page is there
    pages: dict[str, list[tuple[str, str | None]]] = defaultdict(list)  # body → (page url, its language)
    held_sources: set[str] = set()
    if site.preview:
        for route in routes:
            item = route.context.get("item") if route.preview_only else None
            if item is not None and all(e.preview_only for e in [*item.entries.values(), *item.stubs.values()]):
                entry = route.context["entry"]
                unpublished[route.output_path] = Unpublished(entry.path, entry.preview_only, getattr(entry.meta, "embargo", None))
        published = Published(published.files - set(unpublished), published.prefixes)  # pages of the preview only
    else:
        for held in site.held_back:
            section = sections.get(held.kind)
            if section is None:
                continue
            held_sources.add(held.path)
            pages[held.path].append((item_url(held.lang, section, held.slug), held.lang))
            for code in codes:
                path = output_path(item_url(code, section, held.slug))
                if path not in published.files and (path not in unpublished or code == held.lang):
                    unpublished[path] = Unpublished(held.path, held.reason, held.until)
    for route in routes:
        if route.source in site.links and route.is_html:
            pages[route.source].append((route.url, route.lang))
            if route.preview_only:
                held_sources.add(route.source)
    errors: dict[tuple[str, int, str], ContentError] = {}
    for source, (body_lang, links) in site.links.items():
        # The body's own language first: a relative link is shown as read from its own page.
        shown_on = sorted(pages.get(source, []), key=lambda page: page[1] != body_lang)
        for link, line in links:
            if (source, line, link) in errors:
                continue
            address = classify(link)
            for page, lang in shown_on if not address.value.startswith("/") else shown_on[:1] or [("/", None)]:
                target = site_path(address.value, page)
                if published.find(target) is not None:
                    continue
                why = unpublished.get(output_path(target)) or unpublished.get(target.lstrip("/").rstrip("/") + "/index.html")
                if why is not None and source in held_sources:
                    continue
                if why is not None:
                    errors[(source, line, link)] = ContentError(source, line, why.message(link[:120]), warning=site.preview)
                else:
                    errors[(source, line, link)] = ContentError(source, line, _no_page(link, target, page, lang, published, codes, base))
                break
    return sorted(errors.values())


def _no_page(link: str, target: str, page: str, lang: str | None, published: Published, codes: list[str], base: str) -> str:
    shown = link[:120]
    if base and (target == base or target.startswith(base + "/")) and published.find(target[len(base) :] or "/") is not None:
        return (
            f"the link '{shown}' starts with the site's base path {base}, which the build adds to every link itself; "
            f"write '{target[len(base):] or '/'}'"
        )
    relative = not link.startswith("/")
    where = f" (from {page} it leads to {target})" if relative else ""
    meant = closest(target, published, codes, lang)
    if meant is None:
        return f"the link '{shown}' leads to no page of this site{where}; correct the address, or remove the link"
    if relative:
        meant_relative = posixpath.relpath(meant, page if page.endswith("/") else posixpath.dirname(page))
        meant = meant_relative + ("/" if meant.endswith("/") and not meant_relative.endswith("/") else "")
    return f"the link '{shown}' leads to no page of this site{where}; did you mean '{meant}'?"
