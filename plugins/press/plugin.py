"""Routes: `/<lang>/press/` (press room, paginated), `/<lang>/press/<slug>/` (release),
`/<lang>/press/<slug>/<slug>.pdf` (with `pdf: true`) and `/<lang>/press/feed.atom`.

Only what is in `site` is published: the loader has already removed drafts and releases
under embargo (outside preview), so none of them can reach a page, list, feed, PDF or
the image bank from here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from homeward import signals
from homeward.errors import BuildFailed, ContentError
from homeward.items import entries_feed_route, entries_listed, item_routes, paginate
from homeward.model import PressRelease
from homeward.render import Urls
from homeward.routes import Route
from homeward.schema import NewsArticles, NewsArticleWriter, carries_date_modified, news_article_node
from homeward.site import N_, Entry, Item, Site

from . import pdf
from .checks import check_releases
from .view import (
    SECTION,
    ReleaseView,
    boilerplates,
    image_bank,
    lead_image,
    pdf_url,
    press_contacts,
    public_releases,
    release_view,
)

FEED = f"{SECTION}/feed.atom"
FEED_SIZE = 50

def _loaded(site: Site) -> None:
    site.add_section(20, N_("Press"), SECTION)
    site.add_feed(20, N_("Press releases"), FEED)


def _environment(env: jinja2.Environment, site: Site, **_: Any) -> None:
    # PDFs and feed titles are rendered in `produce`, after environment_ready, with the same
    # gettext and filters as the pages: keep this build's environment with this build.
    site.plugin_state["press"] = env


def _env(site: Site) -> jinja2.Environment:
    if "press" not in site.plugin_state:
        raise RuntimeError("the press plugin renders PDFs and feeds only after environment_ready")
    return site.plugin_state["press"]


def render(site: Site, template: str, lang: str, context: dict[str, Any]) -> str:
    """Render a template outside a page route, with the globals a page of `lang` has."""
    env = _env(site)
    language = next(language for language in site.languages if language.code == lang)
    base = {"site": site, "region": site.region, "settings": site.settings, "lang": lang, "language": language}
    return env.get_template(template).render({**base, **context})


def translate(site: Site, lang: str, message: str) -> str:
    """A UI msgid in `lang`, through the same catalogs as the templates (for feed titles)."""
    return _env(site).from_string("{{ _(message) }}").render(lang=lang, message=message)


def _configured_contacts(site: Site) -> list[str] | None:
    """PRESS_CONTACTS from the settings; an unknown id stops the build like a content error."""
    configured = site.settings.get("PRESS_CONTACTS")
    if not configured:
        return None
    ids = [configured] if isinstance(configured, str) else [str(c) for c in configured]
    unknown = [c for c in ids if c not in site.contacts]
    if unknown:
        settings_file = site.settings.get("HOMEWARD_SETTINGS_FILE", "pelicanconf.py")
        known = ", ".join(sorted(site.contacts)[:8]) or "none defined yet"
        raise BuildFailed(
            [
                ContentError(settings_file, 1, f"PRESS_CONTACTS refers to unknown contact '{c}'; known: {known}")
                for c in unknown
            ]
        )
    return ids


def _article_jsonld(site: Site, entry: Entry, url: str, urls: Urls, writer: NewsArticleWriter) -> Callable[[], dict[str, Any]]:
    """NewsArticle, made when the page is rendered; the author is the organisation behind the
    release (`about`) when there is one, worked out now (the producer reads no Site)."""
    org = site.organisations.get(getattr(entry.meta, "about", None) or "")
    author = None if org is None else {"@type": "Organization", "name": org.name, "url": org.website or urls.absolute("/")}
    return partial(_release_article, writer, entry, url, author)


@carries_date_modified
def _release_article(writer: NewsArticleWriter, entry: Entry, url: str, author: dict[str, Any] | None) -> dict[str, Any]:
    data = news_article_node(writer, entry, url, author)
    if "image" in data:
        data["image"] = list(dict.fromkeys(data["image"]))
    return data


def _release_routes(site: Site, urls: Urls, views: dict[tuple[str, str], ReleaseView]) -> list[Route]:
    def extra(item: Item, entry: Entry, lang: str) -> dict[str, Any]:
        return {"release": views[(entry.slug, entry.lang)]}

    routes = item_routes(site, "press", SECTION, "press_release.html", extra)
    writer = NewsArticles(site, urls).writer
    for route in routes:
        entry, release = route.context["entry"], route.context["release"]
        if route.image is None and release.images:
            route.image = release.images[0].src  # Open Graph: first press image when there is no `image`
        if route.translated:
            route.jsonld.append(_article_jsonld(site, entry, route.url, urls, writer))
    return routes


def _produce_pdf(site: Site, entry: Entry, release: ReleaseView, urls: Urls) -> bytes:
    meta = entry.meta
    assert isinstance(meta, PressRelease)
    logo = site.brand.get("logo")
    page_url = f"/{entry.lang}/{SECTION}/{entry.slug}/"
    html = render(
        site,
        "press_release_pdf.html",
        entry.lang,
        {
            "entry": entry,
            "page": meta,
            "release": release,
            "body": pdf.print_body(entry.html, urls),
            "lead_image": lead_image(meta),
            "print_images": [image for image in release.images if image.local],
            "logo": logo.lstrip("/") if logo and pdf.is_local(logo) else None,
            # Where the release is read online: the published address, or (a local build of a site
            # without PUBLIC_URL) its path with a note that it works once the site is published.
            "online_url": urls.public(page_url),
            "online_path": page_url,
            "public_url": lambda path: urls.public(path) or urls.absolute(path),
            "created": meta.date.isoformat(),
            "modified": (entry.updated.when if entry.updated else meta.date).isoformat(),
        },
    )
    return pdf.make_pdf(html, Path(site.settings["PATH"]), pdf.cache_folder(site.settings), site.files)


def _pdf_routes(site: Site, urls: Urls, views: dict[tuple[str, str], ReleaseView]) -> list[Route]:
    """One PDF per release and language it is written in; fallback pages link the original's."""
    routes = []
    for item in site.kind("press"):
        for lang, entry in sorted(item.entries.items()):
            target = pdf_url(entry)
            if target is None:
                continue
            routes.append(
                Route(
                    url=target,
                    lang=lang,
                    produce=partial(_produce_pdf, site, entry, views[(entry.slug, lang)], urls),
                    sitemap=False,
                    search=False,
                    source=entry.path,
                    preview_only=entry.preview_only,
                )
            )
    return routes


def _feed_route(site: Site, lang: str) -> Route:
    """Atom feed of the releases written in `lang`; never anything marked preview-only."""
    return entries_feed_route(
        site, lang, "press", SECTION, FEED, lambda: f"{site.region.name} – {translate(site, lang, 'Press releases')}", FEED_SIZE
    )


def _routes(site: Site) -> list[Route]:
    urls = Urls.of(site.settings)
    per_page = int(site.settings.get("DEFAULT_PAGINATION") or 12)
    configured = _configured_contacts(site)
    views = {
        (entry.slug, entry.lang): release_view(site, entry)
        for item in site.kind("press")
        for entry in item.entries.values()
    }
    routes = _release_routes(site, urls, views) + _pdf_routes(site, urls, views)
    written_in = {entry.lang for item in site.kind("press") for entry in item.entries.values()}
    for lang in site.codes:
        public = public_releases(site, lang)
        # Like the news list: every release, in `lang` where it is written, else in its original
        # language (marked). The contacts, images and boilerplates below belong to these.
        listed = entries_listed(site, "press", lang)
        untranslated_room = bool(listed) and lang not in written_in
        room = {
            "contacts": press_contacts(site, public, configured),
            "image_bank": image_bank(public, lang),
            "boilerplates": boilerplates(site, public),
            "feed_url": f"/{lang}/{FEED}",
            # No release in `lang` at all: the room says so and links the rooms that have some.
            "none_in_language": untranslated_room,
            "rooms_elsewhere": [language for language in site.languages if untranslated_room and language.code in written_in],
        }
        routes += paginate(f"/{lang}/{SECTION}/", lang, listed, per_page, "press_room.html", ("press-room",), room)
        routes.append(_feed_route(site, lang))
    return routes


def _written(folder: Path, site: Site, **_: Any) -> None:
    cache = pdf.cache_folder(site.settings)
    if cache is not None:
        pdf.prune(cache)


def register() -> None:
    # check_references: what this plugin's content refers to must exist (at load time).
    signals.check_references.connect(check_releases)
    # site_loaded: announce the press section in the main menu and its feed.
    signals.site_loaded.connect(_loaded)
    # environment_ready: keep the Jinja environment to render PDFs and feed titles in `produce`.
    signals.environment_ready.connect(_environment)
    # collect_routes: release pages, PDFs, the paginated press room and the feed, every language.
    signals.collect_routes.connect(_routes)
    # output_written: forget cached PDFs that no build has used for a month.
    signals.output_written.connect(_written)
