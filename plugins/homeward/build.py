"""One build: load and validate the site, collect routes, link translations, render, write.

Used by the Pelican generator (a normal build) and by the preview server, which keeps a
`SiteBuild` in memory and renders requested pages on demand.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import rcssmin
from markupsafe import Markup

from . import signals
from .errors import BuildFailed, ContentError
from .filesystem import write_file
from .history import notice as history_notice
from .languages import parse_languages
from .loader import Loader
from .markdown_render import MarkdownCache
from .parsing import ParseMemo
from .render import Fragments, Renderer, Urls, make_environment, write_all
from .routes import Route
from .site import MenuItem, Site
from .text import excerpt
from .trust.policy import admin_policy, site_policy


class Timings:
    """Phase timings, printed with HOMEWARD_TIMINGS=1 (see docs/performance.md)."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.last = self.start
        self.phases: list[tuple[str, float]] = []

    def mark(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases.append((phase, now - self.last))
        self.last = now
        if os.environ.get("HOMEWARD_TIMINGS"):
            print(f"  {phase:<24} {self.phases[-1][1]:6.3f} s", file=sys.stderr)


TIMINGS = Timings()


def build_time(settings: dict[str, Any]) -> datetime:
    """'Now' for embargo, expiry and upcoming events; fixed by HOMEWARD_NOW for tests and reproducible builds."""
    fixed = os.environ.get("HOMEWARD_NOW") or settings.get("HOMEWARD_NOW")
    if fixed:
        value = datetime.fromisoformat(str(fixed))
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.now(UTC).replace(microsecond=0)


def load_site(settings: dict[str, Any], preview: bool = False, memo: ParseMemo | None = None) -> Site:
    languages = parse_languages(settings.get("LANGUAGES") or ["nb", "sv", "en"])
    cache_dir = settings.get("HOMEWARD_CACHE_PATH")
    cache = MarkdownCache(Path(cache_dir) if cache_dir else None)
    loader = Loader(
        content=Path(settings["PATH"]),
        languages=languages,
        settings=settings,
        now=build_time(settings),
        preview=preview,
        cache=cache,
        memo=memo,
    )
    site = loader.load()
    site.warnings = [e for e in loader.log.items if e.warning]  # type: ignore[attr-defined]
    message = history_notice(site.history)
    if message:
        print(message, file=sys.stderr)
    # Keep only the HTML of texts that still exist: edited versions would pile up forever.
    cache.save(keep={p.body_key for p in loader.parsed.values() if p.body_key})
    signals.site_loaded.send(site)
    return site


def link_translations(routes: list[Route], site: Site) -> None:
    """Fill `alternates` (hreflang) and `switcher` for every keyed route, in one pass."""
    by_key: dict[tuple, dict[str, Route]] = defaultdict(dict)
    for route in routes:
        if route.key is not None and route.lang is not None:
            by_key[route.key][route.lang] = route
    homes = {code: f"/{code}/" for code in site.codes}
    for group in by_key.values():
        alternates = {lang: r.url for lang, r in group.items() if r.translated}
        switcher = {code: (group[code].url if code in group else homes[code]) for code in site.codes}
        for route in group.values():
            route.alternates = alternates
            route.switcher = switcher
    for route in routes:
        if route.lang is not None and not route.switcher:
            route.switcher = homes


def check_unique_urls(routes: list[Route]) -> list[ContentError]:
    seen: dict[str, Route] = {}
    errors = []
    reported: set[str] = set()  # one error per file, not one per language
    for route in routes:
        other = seen.get(route.output_path)
        if other is not None and (route.source or other.source) in reported:
            continue
        if other is not None:
            reported.add(route.source or other.source)
            errors.append(
                ContentError(
                    route.source or other.source or "content",
                    1,
                    f"two items claim the URL {route.url} (also {other.source or 'a built-in page'}); give one of them another slug",
                )
            )
        else:
            seen[route.output_path] = route
    return errors


@dataclass
class SiteBuild:
    """Everything needed to render any page of the site: kept in memory by the preview server."""

    settings: dict[str, Any]
    site: Site
    routes: list[Route]
    renderer: Renderer
    assets: dict[str, bytes] = field(default_factory=dict)

    @property
    def by_path(self) -> dict[str, Route]:
        return {r.output_path: r for r in self.routes}


def prepare(settings: dict[str, Any], preview: bool = False, memo: ParseMemo | None = None) -> SiteBuild:
    """Load, validate and route the site; raises BuildFailed before anything is written."""
    TIMINGS.mark("start")
    site = load_site(settings, preview=preview, memo=memo)
    TIMINGS.mark("load and validate")
    routes: list[Route] = []
    for _receiver, result in signals.collect_routes.send(site):
        routes.extend(result or [])
    link_translations(routes, site)
    for _receiver, result in signals.routes_collected.send(site, routes=routes):
        routes.extend(result or [])
    errors = check_unique_urls(routes)
    if errors:
        raise BuildFailed(errors)
    routes.sort(key=lambda r: r.output_path)
    TIMINGS.mark("routes")
    urls = Urls(settings.get("SITEURL", ""))
    assets = collect_assets(settings, site)
    asset_urls = {name: urls.url(f"/{path}") for name, (path, _data) in assets.items()}
    env = make_environment(theme_dirs(settings))
    env.globals.update(
        url=urls.url,
        absolute_url=urls.absolute,
        asset=lambda name: asset_urls[name],
        # The same policy as `_headers` (trust/policy.py), for hosts that send none (GitHub Pages).
        content_security_policy=site_policy(settings, meta=True),
        admin_content_security_policy=admin_policy(settings, meta=True),
        # Pieces many pages share (a job's card, a list's filter menu), rendered once.
        fragment=Fragments(),
    )
    env.filters["excerpt"] = excerpt  # the one way templates shorten text
    signals.environment_ready.send(env, site=site)
    globals_ = {
        "site": site,
        "SITEURL": urls.siteurl,
        "settings": settings,
        "languages": site.languages,
        "languages_by_code": {lang.code: lang for lang in site.languages},
        "region": site.region,
        "preview": preview,
    }
    lang_globals = {lang.code: page_furniture(site, lang.code) | {"language": lang} for lang in site.languages}
    footer = env.get_template("partials/footer.html")
    for values in lang_globals.values():
        # The footer is the same on every page of a language: render it once.
        values["footer_html"] = Markup(footer.render({**globals_, **values, "route": None}))  # noqa: S704 - rendered by Jinja with autoescape
    renderer = Renderer(env, globals_, lang_globals)
    TIMINGS.mark("assets and templates")
    return SiteBuild(settings, site, routes, renderer, {path: data for path, data in assets.values()})


SUPERVISORY_BODIES = {
    "NO": {"name": "Tilsynet for universell utforming av ikt (Uu-tilsynet)", "url": "https://www.uutilsynet.no/"},
    "SE": {"name": "Myndigheten för digital förvaltning (DIGG)", "url": "https://www.digg.se/tdosanmalan"},
}


def page_furniture(site: Site, lang: str) -> dict[str, Any]:
    """What every page of a language shows around its content: menu, footer links, contact."""
    footer_links: list[MenuItem] = []
    privacy_url = None  # forms link to it where they ask for personal data
    for item in site.kind("pages"):
        entry = item.best(lang, site.codes)
        if entry.meta.template in ("accessibility", "privacy") and not entry.preview_only:
            footer_links.append(MenuItem(entry.meta.title, f"/{lang}/{item.slug}/", False))
            if entry.meta.template == "privacy":
                privacy_url = f"/{lang}/{item.slug}/"
    # Site-wide links plugins announce (site map, accessibility statement): the top bar of every
    # page, and the footer unless it already links there.
    top_links = [MenuItem(label, f"/{lang}/{path}", True) for _order, label, path in site.site_links]
    in_footer = {link.url for link in footer_links}
    footer_links += [link for link in top_links if link.url not in in_footer]
    return {
        "lang": lang,
        "menu": site.menu(lang),
        "top_links": top_links,
        "footer_links": footer_links,
        "privacy_url": privacy_url,
        "footer_contact": site.contacts.get(site.region.relocation_contact or ""),
        "feeds": [(label, f"/{lang}/{path}") for _order, label, path in site.feeds],
        "supervisory_body": SUPERVISORY_BODIES.get(site.region.country, SUPERVISORY_BODIES["NO"]),
    }


def theme_dirs(settings: dict[str, Any]) -> list[Path]:
    """Region overrides first (THEME_OVERRIDES), then the Homeward theme."""
    dirs = []
    if settings.get("THEME_OVERRIDES"):
        dirs.append(Path(settings["THEME_OVERRIDES"]))
    dirs.append(Path(settings["THEME"]) / "templates")
    return dirs


def collect_assets(settings: dict[str, Any], site: Site) -> dict[str, tuple[str, bytes]]:
    """Theme static files and generated assets; CSS/JS get a content hash in their name, and CSS
    is minified (rcssmin: comments and spaces out, so the theme's source can explain itself)."""
    found: dict[str, bytes] = {}
    static = Path(settings["THEME"]) / "static"
    if static.is_dir():
        for path in sorted(static.rglob("*")):
            if path.is_file():
                found[path.relative_to(static).as_posix()] = path.read_bytes()
    for _receiver, result in signals.collect_assets.send(site):
        found.update(result or {})
    out: dict[str, tuple[str, bytes]] = {}
    for name, data in sorted(found.items()):
        stem, dot, ext = name.rpartition(".")
        if ext == "css":
            data = rcssmin.cssmin(data.decode("utf-8")).encode("utf-8")
        if ext in ("css", "js"):
            digest = hashlib.sha1(data).hexdigest()[:10]
            out[name] = (f"assets/{stem}.{digest}.{ext}", data)
        else:
            out[name] = (f"assets/{name}", data)
    return out


def manifest_path(cache_dir: str | None, output: Path) -> Path | None:
    """Where the digests of `output`'s files are kept: one manifest per output folder."""
    if not cache_dir:
        return None
    key = hashlib.sha1(str(output.resolve()).encode()).hexdigest()[:12]
    return Path(cache_dir) / f"manifest-{key}.json"


def read_manifest(cache_dir: str | None, previous: Path | None) -> dict[str, str]:
    """File digests of the previous output — only if that folder is the one they describe."""
    path = manifest_path(cache_dir, previous) if previous is not None else None
    if path is None or not path.exists() or not previous.exists():  # type: ignore[union-attr]
        return {}
    try:
        data = json.loads(path.read_text())
    except ValueError:
        return {}
    st = os.stat(previous)  # type: ignore[arg-type]
    if data.get("output") != [st.st_ino, st.st_mtime_ns]:
        return {}
    return data.get("files", {})


def write_manifest(cache_dir: str | None, output: Path, files: dict[str, str]) -> None:
    """Called after the swap, so the recorded folder identity is the published output's."""
    path = manifest_path(cache_dir, output)
    if path is None:
        return
    from .filesystem import write_atomically

    st = os.stat(output)
    write_atomically(path, json.dumps({"output": [st.st_ino, st.st_mtime_ns], "files": files}, sort_keys=True).encode())


def write_site(build: SiteBuild, target: Path, previous: Path | None) -> dict[str, str]:
    """Write every route and asset into `target` (a fresh staging folder).

    A page whose bytes equal the previous output's is hard-linked instead of written.
    """
    manifest = read_manifest(build.settings.get("HOMEWARD_CACHE_PATH"), previous)
    written = write_all(build.renderer, build.routes, target, previous, manifest)
    TIMINGS.mark("render and write")
    for rel, data in build.assets.items():
        out = target / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        write_file(out, data)
    signals.output_written.send(target, site=build.site, routes=build.routes)
    TIMINGS.mark("after-write plugins")
    return written


def swap_in(staging: Path, output: Path) -> None:
    """Replace `output` by `staging` with two renames, so readers never see a half-built site."""
    old = output.with_name(output.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if output.exists():
        output.rename(old)
    try:
        staging.rename(output)
    except OSError:
        if old.exists() and not output.exists():
            old.rename(output)  # the previous output goes back where it was
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
