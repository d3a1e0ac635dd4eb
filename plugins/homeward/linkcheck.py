"""Internal links: the one answer to "does this address exist in this build" (`Published`),
used by the build for the links in Markdown bodies and by `check` over a built output folder.

`Published` knows what a build publishes by output path (a route's `en/jobs/index.html`, an
asset, a written file); `site_path` reads a link the way a browser does, from the page it is
on. `check` asks after writing, from the files in the folder (broken_links), and also reads
every link of every template and the #fragment ids of the pages.

Pages are read with lxml's HTML parser, so attributes count however they are written
(double, single or no quotes), as a browser reads them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

import lxml.html


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

