"""Internal link and anchor check over a built output folder (used by `check`).

Pages are read with lxml's HTML parser, so attributes count however they are written
(double, single or no quotes), as a browser reads them.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import lxml.html


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
    pages = {p.relative_to(output).as_posix(): p for p in output.rglob("*.html")}
    ids: dict[str, set[str]] = {}
    problems = []
    for rel, path in sorted(pages.items()):
        for link in _targets(_parse(path)):
            parsed = urlparse(link)
            if parsed.scheme or link.startswith("//"):
                continue
            target_path = unquote(parsed.path)
            if not target_path:
                target_rel = rel
            elif target_path.startswith("/"):
                if base_path and not target_path.startswith(base_path + "/"):
                    problems.append(f"{rel}: {link} (outside the site's base path {base_path}/)")
                    continue
                target_rel = target_path[len(base_path) :].lstrip("/")
                if ("/" + target_rel).startswith(ignore):
                    continue
            else:
                target_rel = (Path(rel).parent / target_path).as_posix()
            candidates = [target_rel, target_rel.rstrip("/") + "/index.html" if target_rel else "index.html"]
            found = next((c for c in candidates if (output / c).is_file()), None)
            if found is None:
                problems.append(f"{rel}: {link}")
                continue
            if parsed.fragment and found.endswith(".html"):
                if found not in ids:
                    ids[found] = {str(value) for value in _parse(output / found).xpath("//@id")}
                if parsed.fragment not in ids[found]:
                    problems.append(f"{rel}: {link} (no element with id '{parsed.fragment}')")
    return problems
