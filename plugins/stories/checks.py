"""What a story refers to: the company and municipality of the person, and their photo."""

from __future__ import annotations

from homeward.references import References


def check_stories(refs: References) -> None:
    for entry in refs.documents("stories"):
        key, meta = f"{entry.slug}.{entry.lang}", entry.meta
        refs.need("stories", key, "company", meta.company, "companies", "company")
        refs.need("stories", key, "municipality", meta.municipality, "municipalities", "municipality")
        refs.file("stories", key, "photo", meta.person.photo, "person.photo")
