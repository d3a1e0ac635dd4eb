"""What a press release refers to: its contacts, the people it quotes, the organisation whose
boilerplate it ends with, and its press images (drafts and embargoed releases included: a
release must not fail the build on the morning its embargo lifts)."""

from __future__ import annotations

from homeward.references import References, find_value_line


def check_releases(refs: References) -> None:
    for entry in refs.documents("press"):
        key, meta = f"{entry.slug}.{entry.lang}", entry.meta
        for contact_id in meta.contacts:
            refs.need("press", key, "contacts", contact_id, "contacts", "contact")
        for quote in meta.quotes:
            refs.need("press", key, "person", quote.person, "contacts", "contact")
        refs.need("press", key, "about", meta.about, "organisations", "organisation")
        raw = refs.raw.get(("press", key))
        images = raw.get("images") if isinstance(raw, dict) else None
        for image in meta.images:
            refs.check_file(entry.path, find_value_line(images, "src", image.src), image.src, "images[].src")
