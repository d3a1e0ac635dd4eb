"""Atom feeds (feedgenerator, as Pelican uses), deterministic: no build time in the output.

Titles and summaries are text (`type="text"`, Atom's default for titles): a summary that
contains `<img src=x onerror=…>` shows as those characters in a feed reader, never as
markup. Only `content` is HTML, and it is the body the sanitizer already cleaned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from feedgenerator import Atom1Feed

EMPTY_FEED_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class FeedEntry:
    title: str
    url: str  # absolute when SITEURL is set
    published: datetime
    summary: str = ""
    content_html: str = ""
    updated: datetime | None = None
    unique_id: str | None = None


class TextSummaryAtom1Feed(Atom1Feed):
    """feedgenerator writes `<summary type="html">` and escapes once, so a reader would render
    a summary's `<…>` as markup; here the summary is Atom text."""

    def latest_post_date(self) -> datetime:
        """feedgenerator dates a feed with no entries by the wall clock (two builds of the same
        content, different bytes); an empty feed is dated by the Unix epoch: never updated."""
        return super().latest_post_date() if self.items else EMPTY_FEED_UPDATED

    def add_item_elements(self, handler, item):  # type: ignore[no-untyped-def]
        summary = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        if summary:
            handler.addQuickElement("summary", summary, {"type": "text"})


def atom_feed(title: str, link: str, feed_url: str, lang: str, entries: list[FeedEntry], subtitle: str = "") -> str:
    feed = TextSummaryAtom1Feed(title=title, link=link, description=subtitle, language=lang, feed_url=feed_url, feed_guid=feed_url)
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
