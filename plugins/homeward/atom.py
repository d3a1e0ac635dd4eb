"""Atom feeds (feedgenerator, as Pelican uses), deterministic: no build time in the output."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from feedgenerator import Atom1Feed


@dataclass
class FeedEntry:
    title: str
    url: str  # absolute when SITEURL is set
    published: datetime
    summary: str = ""
    content_html: str = ""
    updated: datetime | None = None
    unique_id: str | None = None


def atom_feed(title: str, link: str, feed_url: str, lang: str, entries: list[FeedEntry], subtitle: str = "") -> str:
    feed = Atom1Feed(title=title, link=link, description=subtitle, language=lang, feed_url=feed_url, feed_guid=feed_url)
    for entry in entries:
        feed.add_item(
            title=entry.title,
            link=entry.url,
            description=entry.summary,
            content=entry.content_html or None,
            pubdate=entry.published,
            updateddate=entry.updated or entry.published,
            unique_id=entry.unique_id or entry.url,
        )
    return feed.writeString("utf-8")
