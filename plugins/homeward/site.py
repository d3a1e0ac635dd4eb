"""The loaded site: every item validated, references resolved, indexes built once.

This is what plugins receive. Drafts, embargoed releases and expired jobs are removed
here, right after validation, so no plugin can leak them (unless `preview` is on, when
they stay, marked `preview_only`, for the local preview server).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from .history import ContentHistory, LastUpdated
from .languages import Language
from .model import Company, Contact, Document, Event, Job, Organisation, Region


def N_(message: str) -> str:
    """Mark a UI string for extraction into the catalogs; it is translated where rendered."""
    return message


class MenuItem(NamedTuple):
    """One main-menu link; `ui` says the label is a UI msgid (translated where rendered)."""

    label: str
    url: str
    ui: bool

    def contains(self, url: str) -> bool:
        """True on this section's own pages: the menu marks it as the current one."""
        return url.startswith(self.url)


def menu_marks(menu: list[MenuItem], url: str) -> tuple[str | None, ...]:
    """What the main menu marks on the page at `url`: per item 'page' (this page), 'true' (a
    page of its section) or None. Pages with the same marks show the same menu, so the theme
    renders it once per language and marks (`fragment`), not once per page."""
    return tuple(("page" if item.url == url else "true") if item.contains(url) else None for item in menu)


def job_order(job: Job) -> tuple:
    """Jobs are listed by deadline, the soonest first (then the newest posting): what a reader acts on."""
    return (job.valid_through, -job.posted.toordinal(), job.id)


@dataclass
class Entry:
    """One Markdown file: its validated front matter, body HTML and where it came from."""

    meta: Document
    html: str
    path: str
    kind: str
    preview_only: str | None = None  # why it would not be published: 'draft' / 'embargo'
    files: list[str] = field(default_factory=list)  # content files the body shows or links to (checked)
    updated: LastUpdated | None = None  # `modified`, else the file's last commit (history.py)
    # What turns `html` into the body its web page shows (signals.page_body: body images with
    # their sizes), set by the build before routes are made. Applied when a page shows the body,
    # so an edit build rewrites the few bodies it renders, not every body. The rewrites are part
    # of the entry's digest (incremental.py) with what they hold, so a route's shape covers the
    # page body as well as when it held the rewritten markup: `page_html` is made from `html`,
    # `files`, `meta` and the rewrites alone.
    page_rewrites: tuple[Callable[[str, Entry], str], ...] = ()

    @property
    def page_html(self) -> str:
        """The body as its web page shows it; the sanitized `html` when nothing rewrites it."""
        html = self.html
        for rewrite in self.page_rewrites:
            html = rewrite(html, self)
        return html

    @property
    def lang(self) -> str:
        return self.meta.lang

    @property
    def slug(self) -> str:
        return self.meta.slug


@dataclass(frozen=True)
class HeldBack:
    """A Markdown file this build leaves out (a draft, or a release under embargo): what
    `check` reports about it. It carries no title or text, so nothing of it can be published."""

    kind: str
    slug: str
    lang: str
    path: str
    reason: str  # 'draft' or 'embargo'
    until: datetime | None = None  # the embargo
    untranslated: bool = False


@dataclass
class Item:
    """One piece of Markdown content in all the languages it was written in."""

    kind: str
    slug: str
    entries: dict[str, Entry] = field(default_factory=dict)
    stubs: dict[str, Entry] = field(default_factory=dict)  # `untranslated: true` files

    def best(self, lang: str, order: list[str]) -> Entry:
        """The entry to show a reader of `lang`: theirs, else the first language in `order`."""
        if lang in self.entries:
            return self.entries[lang]
        for other in order:
            if other in self.entries:
                return self.entries[other]
        return next(iter(self.entries.values()))


@dataclass
class Site:
    settings: dict[str, Any]
    languages: list[Language]
    now: datetime
    preview: bool
    region: Region
    organisations: dict[str, Organisation]
    contacts: dict[str, Contact]
    companies: dict[str, Company]
    events: dict[str, Event]
    jobs: dict[str, Job]
    items: dict[str, dict[str, Item]]
    sectors: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, Any] = field(default_factory=dict)  # data/tags.yaml: tag → localized label
    sources: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # Main-menu sections that plugins add on site_loaded: (order, UI msgid, url section).
    menu_sections: list[tuple[int, str, str]] = field(default_factory=list)
    warnings: list = field(default_factory=list)
    # BRAND from the settings as this build uses it (the branding plugin leaves out images
    # the content does not have); templates and plugins read it here, never from settings.
    brand: dict[str, str] = field(default_factory=dict)
    hero_focus: Any = None  # BRAND['hero_focus'] read by the branding plugin (a Focus)
    # What a plugin keeps between its signals for this build (e.g. image sizes made before
    # rendering, used after writing): it ends with the build, unlike module globals.
    plugin_state: dict[str, Any] = field(default_factory=dict)
    # About data from outside content/ (a job board down, old data): printed, never fatal.
    notices: list[str] = field(default_factory=list)
    # Left out of this build (check's coverage table), and placeholders `invoke new` wrote that
    # are still there: in what this build publishes (`placeholders`, also warnings) or holds back.
    held_back: list[HeldBack] = field(default_factory=list)
    placeholders: list = field(default_factory=list)
    held_back_placeholders: list = field(default_factory=list)
    # The gate every content file passes (trust/files.py); plugins publish files through it.
    files: Any = None
    # Origins the CMS at /admin/ may connect to besides those it has when deployed: in the
    # preview, decap-server on 127.0.0.1 (plugins/cms). Its page's <meta> policy and the preview
    # server's header both take them from here, so the two policies agree.
    admin_connect: tuple[str, ...] = ()
    # Files the build publishes from its own cache besides routes and content/ (resized image
    # variants, plugins/images), by output path: the preview serves these, and no other file of
    # the cache, as the build writes them.
    cached_files: dict[str, Path] = field(default_factory=dict)
    # Every Markdown body's links to pages of the site (published or held back), by its path:
    # the body's language and its (address as written, line). Checked against the routes
    # (linkcheck.body_link_errors).
    links: dict[str, tuple[str, list[tuple[str, int]]]] = field(default_factory=dict)
    # Site paths under which a plugin publishes files it makes after the pages are written (the
    # search index, /pagefind/): links there are not dead links, though no route names them.
    written_later: list[str] = field(default_factory=list)
    # The next instant at which output changes by itself (an embargo lifts, a job expires,
    # an event starts or ends): a build after it cannot be skipped as "nothing changed".
    time_boundaries: list[datetime] = field(default_factory=list)
    # Data from outside content/ that is due to be fetched again already (a source that failed,
    # or one fetched at every build): no later build may be skipped, even at the same instant
    # (HOMEWARD_NOW fixes the clock), or it would never try again.
    inputs_due: bool = False

    @property
    def next_change(self) -> datetime | None:
        if self.inputs_due:
            return self.now
        future = [t for t in self.time_boundaries if t > self.now]
        return min(future) if future else None

    # Feeds that plugins announce on site_loaded: (order, UI msgid, path under /<lang>/).
    feeds: list[tuple[int, str, str]] = field(default_factory=list)
    # Set by the jobs plugin: this site shows a jobs board, so "hiring" can follow its jobs.
    job_board: bool = False
    # "Last updated" of YAML records by (collection, id): `modified`, else their file's last commit.
    updated: dict[tuple[str, str], LastUpdated] = field(default_factory=dict)
    history: ContentHistory | None = None
    # Site-wide links for the top bar and the footer that plugins announce on site_loaded
    # (the site map, the accessibility statement): (order, UI msgid, path under /<lang>/).
    site_links: list[tuple[int, str, str]] = field(default_factory=list)

    def last_updated(self, collection: str, record_id: str) -> LastUpdated | None:
        return self.updated.get((collection, record_id))

    def add_site_link(self, order: int, label: str, path: str) -> None:
        self.site_links.append((order, label, path))
        self.site_links.sort()

    def hiring_state(self, company_id: str) -> str | None:
        """What a company's "hiring" badge and the directory's hiring filter say.

        'jobs': this site lists open jobs of the company ("Hiring now", in the filter, so the
        filter's count is the count of companies on the jobs board). 'open': the company writes
        `hiring: true` but no open job of it is listed here (it welcomes applications). None: neither.
        """
        if self.job_board and self.jobs_by_company.get(company_id):
            return "jobs"
        company = self.companies.get(company_id)
        return "open" if company is not None and company.hiring else None

    def add_feed(self, order: int, label: str, path: str) -> None:
        self.feeds.append((order, label, path))
        self.feeds.sort()

    def add_section(self, order: int, label: str, section: str) -> None:
        self.menu_sections.append((order, label, section))
        self.menu_sections.sort()

    def menu(self, lang: str) -> list[MenuItem]:
        """The main menu: sections, then pages with `menu`."""
        entries = [MenuItem(label, f"/{lang}/{section}/", True) for _order, label, section in self.menu_sections]
        pages = []
        for item in self.kind("pages"):
            entry = item.best(lang, self.codes)
            order = getattr(entry.meta, "menu", None)
            if order is not None and not entry.preview_only:
                pages.append((order, entry.meta.title, f"/{lang}/{item.slug}/"))
        entries += [MenuItem(title, url, False) for _o, title, url in sorted(pages)]
        return entries

    @property
    def codes(self) -> list[str]:
        return [lang.code for lang in self.languages]

    @property
    def default_lang(self) -> str:
        return self.languages[0].code

    @property
    def today(self) -> date:
        return self.now.date()

    @cached_property
    def municipalities(self) -> dict[str, Any]:
        """Municipalities by id (templates ask for names on every list row)."""
        return {m.id: m for m in self.region.municipalities}

    def tag_label(self, tag: str) -> Any:
        """A tag's name: localized from data/tags.yaml when it is listed there, else as written."""
        entry = self.tags.get(tag)
        return entry.label if entry is not None else tag

    def municipality_name(self, municipality_id: str | None) -> str:
        municipality = self.municipalities.get(municipality_id or "")
        return municipality.name if municipality else ""

    def country_of(self, municipality_id: str | None) -> str:
        """ISO country of a municipality: its own `country`, else the region's."""
        municipality = self.municipalities.get(municipality_id or "")
        return (municipality.country if municipality else None) or self.region.country

    def kind(self, kind: str) -> list[Item]:
        """Items of one kind, sorted by slug for stable output."""
        return [self.items.get(kind, {})[slug] for slug in sorted(self.items.get(kind, {}))]

    # Cross indexes, built once after loading (see build_indexes) so that pages which
    # link company ↔ job ↔ event ↔ article never search lists in a loop.
    jobs_by_company: dict[str, list[Job]] = field(default_factory=lambda: defaultdict(list))
    # Events by the id of every organiser and participant (company or organisation), soonest first.
    events_by_company: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))
    items_by_company: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    organisations_by_member: dict[str, list[Organisation]] = field(default_factory=lambda: defaultdict(list))
    stories_by_company: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))

    def build_indexes(self) -> None:
        for job in sorted(self.jobs.values(), key=job_order):
            if job.company:  # an imported ad of an employer without a company page has none
                self.jobs_by_company[job.company].append(job)
        for event in sorted(self.events.values(), key=lambda e: (e.start, e.id)):
            for company_id in dict.fromkeys([*event.organisers, *event.companies]):
                self.events_by_company[company_id].append(event)
        for kind in ("articles", "press"):
            for item in self.kind(kind):
                names = dict.fromkeys(c for e in item.entries.values() for c in e.meta.companies)
                for company_id in names:
                    self.items_by_company[company_id].append(item)
        for org in self.organisations.values():
            for member in org.members:
                self.organisations_by_member[member].append(org)
        for item in self.kind("stories"):
            companies = {getattr(e.meta, "company", None) for e in item.entries.values()} - {None}
            for company_id in sorted(companies):
                self.stories_by_company[company_id].append(item)
