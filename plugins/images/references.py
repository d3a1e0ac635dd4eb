"""Every image that published content references: only these reach the output."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from homeward.site import Site
from homeward.trust.files import classify


def referenced_images(site: Site) -> set[str]:
    """Content-relative paths (no leading '/') of local files used by published content."""
    found: set[str] = set()
    for src in set(_all_sources(site)):  # the same image is named by many entries: each read once
        if src:
            address = classify(src)
            if address.kind == "local":
                found.add(address.value.lstrip("/"))
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
                # Fields of some kinds only (a press kit, a story's person): read from the model's
                # fields, since getattr's miss on the other kinds is slow in pydantic (3300 a build).
                for image in meta.__dict__.get("images") or []:
                    yield image.src
                person = meta.__dict__.get("person")
                if person is not None:
                    yield person.photo
                yield from entry.files  # images and files the body shows or links to, checked by the gate


def where_referenced(site: Site, rel: str) -> tuple[str, int]:
    """(path, line) of the first content file that names the image `rel`, for an error message."""
    root = Path(site.settings["PATH"]).resolve().parent
    owners = {path for path, _line in site.sources.values()}
    owners |= {entry.path for items in site.items.values() for item in items.values() for entry in item.entries.values()}
    name = PurePosixPath(rel).name
    for owner in sorted(owners):
        try:
            lines = (root / owner).read_text(encoding="utf-8").split("\n")
        except OSError:
            continue
        for number, text in enumerate(lines, start=1):
            if name in text:
                return owner, number
    return str(Path(site.settings["PATH"]).name + "/" + rel), 1
