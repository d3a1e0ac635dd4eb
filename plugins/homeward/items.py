"""Routes for Markdown items in every language, with fallbacks, and paginated lists.

Every item gets a page under every language. Where a translation is missing, the page
shows the best available language (the default first) with a notice, is kept out of
sitemaps, feeds and the search index, and is not announced as an hreflang alternate: no dead
links. Lists (`entries_listed`) offer it under its original title, which the theme marks
with its language, so a reader learns that it exists.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .atom import FeedEntry, atom_feed
from .render import Urls
from .routes import Route
from .site import Entry, Item, Site


def item_url(lang: str, section: str, slug: str) -> str:
    return f"/{lang}/{section}/{slug}/" if section else f"/{lang}/{slug}/"


def item_routes(
    site: Site,
    kind: str,
    section: str,
    template: str,
    extra: Callable[[Item, Entry, str], dict[str, Any]] | None = None,
) -> list[Route]:
    # Where an item of this kind would be: a link to a draft or an embargoed release is found
    # by it (build.check_body_links), though the build makes no page for them.
    site.plugin_state.setdefault("item_sections", {})[kind] = section
    routes = []
    codes = site.codes
    for item in site.kind(kind):
        for lang in codes:
            entry = item.best(lang, codes)
            translated = entry.lang == lang
            context: dict[str, Any] = {"item": item, "entry": entry, "page": entry.meta}
            if extra:
                context.update(extra(item, entry, lang))
            routes.append(
                Route(
                    url=item_url(lang, section, item.slug),
                    lang=lang,
                    template=entry.meta.template and f"{entry.meta.template}.html" or template,
                    context=context,
                    key=(kind, item.slug),
                    translated=translated,
                    sitemap=translated and not entry.preview_only,
                    search=translated,
                    source=entry.path,
                    title=entry.meta.title,
                    description=entry.meta.summary or "",
                    image=entry.meta.image.src if entry.meta.image else None,
                    og_type="article" if entry.meta.date else "website",
                    preview_only=entry.preview_only,
                    last_modified=entry.updated.isoformat() if entry.updated else date_iso(site, entry),
                    updated=entry.updated,
                    title_lang=None if translated else entry.lang,
                )
            )
    return routes


def _newest_first(site: Site, entries: list[Entry]) -> list[Entry]:
    keys = _memo(site).sort_keys

    def key(entry: Entry) -> tuple[str, str]:
        known = keys.get(id(entry))
        if known is None:
            known = keys[id(entry)] = (date_iso(site, entry) or "", entry.slug)
        return known

    return sorted(entries, key=key, reverse=True)


def date_iso(site: Site, entry: Entry) -> str | None:
    """`entry.meta.date` as ISO text (None without one), made once per entry of a site: lists,
    feeds, pages, JSON-LD and company pages of every language ask for it."""
    dates = _memo(site).dates
    known = dates.get(id(entry), _UNKNOWN)
    if known is _UNKNOWN:
        date = entry.meta.date
        known = dates[id(entry)] = date.isoformat() if date is not None else None
    return known  # type: ignore[return-value]


class _EntryMemo:
    """Values worked out from the entries of one site, by the id of the entry. An entry lives
    as long as its site (site.items holds it), so its id is its own while the site is the one
    kept here; its date is set by the loader, before any route is made."""

    def __init__(self, site: Site):
        self.site = weakref.ref(site)
        self.sort_keys: dict[int, tuple[str, str]] = {}
        self.dates: dict[int, str | None] = {}


_UNKNOWN = object()
_last_memo: _EntryMemo | None = None


def _memo(site: Site) -> _EntryMemo:
    """The memo of `site` (a new one when the site is not the last one asked about)."""
    global _last_memo
    memo = _last_memo
    if memo is None or memo.site() is not site:
        memo = _last_memo = _EntryMemo(site)
    return memo


def entries_in(site: Site, kind: str, lang: str) -> list[Entry]:
    """Entries written in `lang` (no fallbacks: what a feed in `lang` carries), newest first."""
    return _newest_first(site, [item.entries[lang] for item in site.kind(kind) if lang in item.entries])


def entries_listed(site: Site, kind: str, lang: str) -> list[Entry]:
    """What a list page in `lang` offers (news, stories, the press room): every item, in `lang`
    where it is written, else as its fallback page shows it (`entry.lang` is then another
    language, which the theme marks), newest first. Only what the loader kept: in a build no
    draft or embargoed entry is in `site` at all."""
    codes = site.codes
    return _newest_first(site, [item.best(lang, codes) for item in site.kind(kind)])


def paginate(
    base_url: str,
    lang: str,
    objects: Sequence[Any],
    per_page: int,
    template: str,
    key: tuple[str, ...],
    context: dict[str, Any] | None = None,
    title: str = "",
) -> Iterable[Route]:
    """List pages `base/`, `base/page/2/`, …; page 1 always exists, even when empty."""
    pages = max(1, (len(objects) + per_page - 1) // per_page)
    for number in range(1, pages + 1):
        url = base_url if number == 1 else f"{base_url}page/{number}/"
        pagination = {
            "number": number,
            "pages": pages,
            "previous": None if number == 1 else (base_url if number == 2 else f"{base_url}page/{number - 1}/"),
            "next": None if number == pages else f"{base_url}page/{number + 1}/",
        }
        yield Route(
            url=url,
            lang=lang,
            template=template,
            context={**(context or {}), "objects": objects[(number - 1) * per_page : number * per_page], "pagination": pagination},
            key=key + ((str(number),) if number > 1 else ()),
            title=title,
            search=number == 1,
            listed=number == 1,
        )


def entries_feed_route(
    site: Site, lang: str, kind: str, section: str, path: str, title: str | Callable[[], str], limit: int = 50
) -> Route:
    """An Atom feed at `/<lang>/<path>` of the entries of `kind` written in `lang`, newest
    first; fallbacks are not repeated and nothing preview-only is ever included.

    `title` may be a function: UI text is only translatable once the catalogs are loaded.
    """
    urls = Urls(site.settings.get("SITEURL", ""))
    entries = [e for e in entries_in(site, kind, lang) if not e.preview_only][:limit]

    def produce() -> str:
        items = [
            FeedEntry(
                title=e.meta.title,
                url=urls.absolute(f"/{lang}/{section}/{e.slug}/"),
                published=e.meta.date,
                updated=e.meta.modified,
                summary=e.meta.summary or "",
                content_html=e.html,
            )
            for e in entries
        ]
        name = title() if callable(title) else title
        return atom_feed(name, urls.absolute(f"/{lang}/{section}/"), urls.absolute(f"/{lang}/{path}"), lang, items)

    return Route(url=f"/{lang}/{path}", lang=lang, produce=produce, sitemap=False, search=False)
