"""Every image that published content references: only these reach the output."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlparse

import lxml.html
from homeward.site import Site


def referenced_images(site: Site) -> set[str]:
    """Content-relative paths (no leading '/') of local images used by published content."""
    found: set[str] = set()
    # Markdown bodies already carry the SITEURL sub-path (`/repo/images/x.jpg`).
    base = urlparse(str(site.settings.get("SITEURL") or "")).path.rstrip("/")
    for src in _all_sources(site):
        if src and not re.match(r"^[a-z]+:", src):
            if base and src.startswith(base + "/"):
                src = src[len(base) :]
            found.add(src.lstrip("/"))
    return found


def _all_sources(site: Site) -> Iterator[str | None]:
    brand = site.brand
    yield brand.get("logo")
    yield brand.get("hero")
    for company in site.companies.values():
        yield company.logo
    for org in site.organisations.values():
        yield org.logo
    for contact in site.contacts.values():
        yield contact.photo
    for event in site.events.values():
        yield event.image.src if event.image else None
    for items in site.items.values():
        for item in items.values():
            for entry in item.entries.values():
                meta = entry.meta
                if meta.image:
                    yield meta.image.src
                for image in getattr(meta, "images", []) or []:
                    yield image.src
                person = getattr(meta, "person", None)
                if person is not None:
                    yield person.photo
                yield from _img_sources(entry.html)


def _img_sources(html: str) -> list[str]:
    """`<img src>` of a Markdown body, read by lxml (however the attribute is quoted)."""
    if "<img" not in html:
        return []
    return [str(src) for src in lxml.html.document_fromstring(html).xpath("//img/@src")]
