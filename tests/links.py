"""The tests' own link checker: an oracle independent of `homeward.linkcheck`.

It reads every page with BeautifulSoup's pure-Python `html.parser` (the shipped checker uses
lxml), so an attribute written with single quotes, without quotes or across lines is seen
the way a browser sees it, and a bug in one checker is not repeated by the other.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from conftest import parsed

LINK_ATTRIBUTES = ("href", "src", "poster", "action")


def targets(soup: BeautifulSoup) -> list[str]:
    """Every address a page makes the browser follow or fetch, `srcset` candidates included."""
    found = []
    for tag in soup.find_all(True):
        found += [tag[name] for name in LINK_ATTRIBUTES if isinstance(tag.get(name), str)]
        if tag.get("srcset"):
            found += [candidate.split()[0] for candidate in tag["srcset"].split(",") if candidate.strip()]
    return found


def dead_links(output: Path, base: str = "", ignore: tuple[str, ...] = ()) -> list[str]:
    """'page: address' for every internal address that is not a file of `output`, or whose
    #fragment names no element of the target page."""
    ids: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids:
            ids[page] = {tag["id"] for tag in parsed(page, "html.parser").find_all(id=True)}
        return ids[page]

    problems = []
    for page in sorted(output.rglob("*.html")):
        rel = page.relative_to(output).as_posix()
        soup = parsed(page, "html.parser")
        for address in targets(soup):
            parts = urlsplit(address)
            if parts.scheme or parts.netloc:
                continue
            path = unquote(parts.path)
            if not path:
                target = page
            elif path.startswith("/"):
                if base and not (path + "/").startswith(base + "/"):
                    problems.append(f"{rel}: {address} (outside {base}/)")
                    continue
                site_path = path[len(base) :]
                if site_path.startswith(ignore):
                    continue
                target = output / site_path.lstrip("/")
            else:
                target = page.parent / path
            if target.is_dir() or path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{rel}: {address}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in ids_of(target):
                problems.append(f"{rel}: {address} (no element with id '{parts.fragment}')")
    return problems
