"""One build: load and validate the site, collect routes, link translations, render, write.

Used by the Pelican generator (a normal build) and by the preview server, which keeps a
`SiteBuild` in memory and renders requested pages on demand.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import resource
import shutil
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import rcssmin
from markupsafe import Markup

from . import defaults, freshness, incremental, parse_memo, signals
from .errors import BuildFailed, ContentError
from .filesystem import OutputFiles, write_file
from .freshness import build_time
from .history import notice as history_notice
from .linkcheck import Published, body_link_errors
from .loader import Loader
from .markdown_render import MarkdownCache
from .parsing import ParseMemo
from .phone import tel_href
from .render import Fragments, Renderer, Urls, make_environment, template_cache_folder, write_all
from .routes import Route
from .site import MenuItem, Site, menu_marks
from .text import excerpt
from .trust.policy import admin_policy, site_policy


class Timings:
    """Phase timings of one build, printed with HOMEWARD_TIMINGS=1 (see docs/performance.md)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.last_cpu = time.process_time()

    def mark(self, phase: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        if os.environ.get("HOMEWARD_TIMINGS"):
            # CPU: this process's own (render workers' CPU is not in it); on a busy machine
            # the wall time says little.
            # Peak RSS so far of this process (render workers have their own): where memory grows.
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"  {phase:<24} {now - self.last:6.3f} s  ({cpu - self.last_cpu:6.3f} s CPU, peak {peak:5.0f} MB)", file=sys.stderr)
        self.last, self.last_cpu = now, cpu


def load_site(settings: dict[str, Any], preview: bool = False, memo: ParseMemo | None = None) -> Site:
    languages = defaults.languages(settings)
    cache_dir = settings.get("HOMEWARD_CACHE_PATH")
    cache = MarkdownCache.for_build(settings)
    memo_key = None
    if memo is None and cache_dir:  # a CLI build: the memo is kept in the cache folder
        base = urlparse(str(settings.get("SITEURL") or "")).path.rstrip("/")
        memo_key = parse_memo.memo_key(Path(settings["PATH"]), freshness.code_fingerprint(settings, {}), base)
        memo = parse_memo.load(Path(cache_dir), memo_key)
    before = dict(memo.entries) if memo is not None else {}
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
    # Keep only the HTML of texts that still exist: edited versions would pile up forever. With
    # a memo, the texts that changed or went are known (their previous parse's key); without
    # one, every shard is checked.
    keep = {p.body_key for p in loader.parsed.values() if p.body_key}
    gone = {parsed.body_key for _stat, parsed in before.values() if parsed.body_key} - keep if before else None
    cache.save(keep=keep, gone=gone)
    if memo_key is not None and memo is not None:
        parse_memo.save(Path(cache_dir), memo_key, memo, before, set(loader.parsed))  # type: ignore[arg-type]
    signals.site_loaded.send(site)
    return site


def link_translations(routes: list[Route], site: Site) -> None:
    """Fill `alternates` (hreflang) and `switcher` for every keyed route, in one pass."""
    by_key: dict[tuple, dict[str, Route]] = defaultdict(dict)
    for route in routes:
        if route.key is not None and route.lang is not None:
            by_key[route.key][route.lang] = route
    codes = site.codes
    homes = {code: f"/{code}/" for code in codes}
    for group in by_key.values():
        alternates = {lang: r.url for lang, r in group.items() if r.translated}
        switcher = {code: (group[code].url if code in group else homes[code]) for code in codes}
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
        path = route.output_path
        other = seen.get(path)
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
            seen[path] = route
    return errors


@dataclass
class SiteBuild:
    """Everything needed to render any page of the site: kept in memory by the preview server."""

    settings: dict[str, Any]
    site: Site
    routes: list[Route]
    renderer: Renderer
    assets: dict[str, bytes] = field(default_factory=dict)
    timings: Timings = field(default_factory=Timings)
    render_record: dict[str, Any] = field(default_factory=dict)  # for the next incremental build
    rendered: int = 0  # files rendered by this build (the rest came from the previous output)
    # True when the target folder holds only the files that differ from the previous output,
    # to be moved into it (cli.apply_changes) instead of swapping a whole new folder in.
    patch: bool = False
    # A patch's one walk of the output (filesystem.OutputFiles): which files are kept, which deleted.
    output_files: OutputFiles | None = None

    @property
    def by_path(self) -> dict[str, Route]:
        return {r.output_path: r for r in self.routes}


def prepare(settings: dict[str, Any], preview: bool = False, memo: ParseMemo | None = None) -> SiteBuild:
    """Load, validate and route the site; raises BuildFailed before anything is written."""
    timings = Timings()
    site = load_site(settings, preview=preview, memo=memo)
    timings.mark("load and validate")
    page_bodies(site)
    routes: list[Route] = []
    for _receiver, result in signals.collect_routes.send(site):
        routes.extend(result or [])
    link_translations(routes, site)
    for _receiver, result in signals.routes_collected.send(site, routes=routes):
        routes.extend(result or [])
    errors = check_unique_urls(routes)
    if errors:
        raise BuildFailed(errors)
    routes.sort(key=attrgetter("output_path"))
    timings.mark("routes")
    urls = Urls(settings.get("SITEURL", ""))
    assets = collect_assets(settings, site)
    asset_urls = {name: urls.url(f"/{path}") for name, (path, _data) in assets.items()}
    env = make_environment(theme_dirs(settings), template_cache_folder(settings))
    env.globals.update(
        url=urls.url,
        absolute_url=urls.absolute,
        asset=lambda name: asset_urls[name],
        # The same policy as `_headers` (trust/policy.py), for hosts that send none (GitHub Pages).
        content_security_policy=site_policy(settings, meta=True),
        admin_content_security_policy=admin_policy(settings, meta=True),
        # Pieces many pages share (a job's card, a list's filter menu), rendered once.
        fragment=Fragments(),
        menu_marks=menu_marks,
    )
    env.filters["tel"] = lambda number: tel_href(number, site.region.country)  # `href="{{ phone|tel }}"`
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
    timings.mark("assets and templates")
    # Every link in a body must lead to a page this build publishes: known now, before a byte is written.
    published = Published([r.output_path for r in routes] + [path for path, _data in assets.values()], tuple(site.written_later))
    link_problems = body_link_errors(site, routes, published, urls.base)
    site.warnings += [problem for problem in link_problems if problem.warning]  # the preview's links to drafts
    if any(not problem.warning for problem in link_problems):
        raise BuildFailed([problem for problem in link_problems if not problem.warning] + list(site.warnings))
    timings.mark("body links")
    return SiteBuild(settings, site, routes, renderer, {path: data for path, data in assets.values()}, timings)


def page_bodies(site: Site) -> None:
    """`entry.page_rewrites` of every entry: how the plugins rewrite its body for the web page
    (signals.page_body), set before routes are made, so a route's digest (incremental builds)
    holds what its page's body is made from. `entry.page_html` applies them when a page shows it."""
    rewrites = tuple(rewrite for _receiver, rewrite in signals.page_body.send(site) if rewrite is not None)
    for items in site.items.values():
        for item in items.values():
            for entry in item.entries.values():
                entry.page_rewrites = rewrites


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
    }


def theme_dirs(settings: dict[str, Any]) -> list[Path]:
    """Region overrides first (THEME_OVERRIDES), then the Homeward theme."""
    dirs = []
    if settings.get("THEME_OVERRIDES"):
        dirs.append(Path(settings["THEME_OVERRIDES"]))
    dirs.append(Path(settings["THEME"]) / "templates")
    return dirs


def collect_assets(settings: dict[str, Any], site: Site) -> dict[str, tuple[str, bytes]]:
    """Theme static files and generated assets, each with a content hash in its name (they are
    served `immutable` for a year: a changed icon must get a new name). CSS is minified
    (rcssmin: comments and spaces out, so the theme's source can explain itself), and the
    relative `url(…)`s in it name the other assets by their hashed names."""
    found: dict[str, bytes] = {}
    static = Path(settings["THEME"]) / "static"
    if static.is_dir():
        for path in sorted(static.rglob("*")):
            if path.is_file():
                found[path.relative_to(static).as_posix()] = path.read_bytes()
    for _receiver, result in signals.collect_assets.send(site):
        found.update(result or {})
    out: dict[str, tuple[str, bytes]] = {}
    # Stylesheets last: they name the other assets, whose hashed names must be known by then.
    for name, data in sorted(found.items(), key=lambda item: (item[0].endswith(".css"), item[0])):
        if name.endswith(".css"):
            css = rcssmin.cssmin(data.decode("utf-8"))
            data = _CSS_URL.sub(lambda m, name=name: _hashed_url(m, name, out), css).encode("utf-8")
        out[name] = (_hashed_name(name, data), data)
    return out


_CSS_URL = re.compile(r"""url\((["']?)([^"')]+)\1\)""")


def _hashed_name(name: str, data: bytes) -> str:
    stem, dot, ext = name.rpartition(".")
    digest = hashlib.sha1(data).hexdigest()[:10]
    return f"assets/{stem}.{digest}.{ext}" if dot else f"assets/{name}.{digest}"


def _hashed_url(match: re.Match[str], css_name: str, out: dict[str, tuple[str, bytes]]) -> str:
    """`url("../search-icon.svg")` in `css/site.css` → the hashed name, relative as written."""
    quote, target = match.group(1), match.group(2)
    if ":" in target or target.startswith(("/", "#")):
        return match.group(0)  # another site, a data: URL, a root path, a fragment: as written
    name = posixpath.normpath(posixpath.join(posixpath.dirname(css_name), target))
    if name not in out:
        return match.group(0)
    hashed = posixpath.relpath(out[name][0], posixpath.dirname(f"assets/{css_name}"))
    return f"url({quote}{hashed}{quote})"


def manifest_path(cache_dir: str | None, output: Path) -> Path | None:
    """Where the digests of `output`'s files are kept: one manifest per output folder."""
    if not cache_dir:
        return None
    key = hashlib.sha1(str(output.resolve()).encode()).hexdigest()[:12]
    return Path(cache_dir) / f"manifest-{key}.json"


def read_manifest(cache_dir: str | None, previous: Path | None, part: str = "files") -> dict[str, Any]:
    """File digests (or the incremental record) of the previous output — only if that
    folder is the one they describe."""
    path = manifest_path(cache_dir, previous) if previous is not None else None
    if path is None or not path.exists() or not previous.exists():  # type: ignore[union-attr]
        return {}
    st = os.stat(previous)  # type: ignore[arg-type]
    stamp = (str(path), path.stat().st_mtime_ns, st.st_ino, st.st_mtime_ns)
    if _MANIFEST.get("stamp") != stamp:  # read once per build, though asked for two parts
        try:
            data = json.loads(path.read_text())
        except ValueError:
            data = {}
        _MANIFEST.clear()
        _MANIFEST.update(stamp=stamp, data=data)
    data = _MANIFEST["data"]
    if data.get("output") != [st.st_ino, st.st_mtime_ns]:
        return {}
    return data.get(part, {})


_MANIFEST: dict[str, Any] = {}


def write_manifest(cache_dir: str | None, output: Path, files: dict[str, str], render: dict[str, Any] | None = None) -> None:
    """Called after the swap, so the recorded folder identity is the published output's."""
    path = manifest_path(cache_dir, output)
    if path is None:
        return
    from .filesystem import write_atomically

    st = os.stat(output)
    data = {"output": [st.st_ino, st.st_mtime_ns], "files": files, "render": render or {}}
    write_atomically(path, json.dumps(data, sort_keys=True).encode())


# Settings a run sets for itself (where it writes, how): not inputs of any page.
BUILD_ONLY_SETTINGS = ("OUTPUT_PATH", "HOMEWARD_PREVIOUS_OUTPUT", "HOMEWARD_FULL_RENDER", "HOMEWARD_RESULT", "HOMEWARD_PATCH")


def incremental_plan(build: SiteBuild, previous: Path | None, full: bool = False) -> tuple[incremental.Plan, str | None]:
    """Compare this build's inputs with those the previous output was rendered from
    (`full`: render everything, and record for the next build)."""
    digester = incremental.Digester()
    renderer = build.renderer
    settings = {k: v for k, v in build.settings.items() if k not in BUILD_ONLY_SETTINGS}
    parts = [
        freshness.code_fingerprint(build.settings, {}),
        sorted((k, repr(v)) for k, v in settings.items()),
        {k: v for k, v in renderer.globals.items() if k not in ("site", "settings")},  # settings: above
        renderer.lang_globals,
        dict(renderer.env.globals),
        dict(renderer.env.filters),
        build.assets,
    ]
    key = incremental.global_key(parts, digester)
    recorded = {} if full else read_manifest(build.settings.get("HOMEWARD_CACHE_PATH"), previous, "render")
    return incremental.make_plan(build.site, key, recorded, digester), key


def write_site(build: SiteBuild, target: Path, previous: Path | None) -> dict[str, str]:
    """Write every route and asset into `target` (a fresh staging folder).

    A page whose recorded inputs did not change since the previous output is hard-linked
    from it without rendering (incremental.py); a page rendered again whose bytes equal
    the previous output's is hard-linked too.
    """
    manifest = read_manifest(build.settings.get("HOMEWARD_CACHE_PATH"), previous)
    # A patch needs a previous output whose every file the manifest describes (cli.run_build
    # asks for it only when nothing else, such as a search index, reads the whole output).
    build.patch = bool(build.settings.get("HOMEWARD_PATCH") and previous is not None and manifest)
    if build.settings.get("INCREMENTAL", True) is False:  # pelicanconf: INCREMENTAL = False
        present = build.output_files = _walked(build, previous)
        written, _records = write_all(build.renderer, build.routes, target, previous, manifest, patch=build.patch, present=present)
        build.rendered = len(written)
    else:
        plan, key = incremental_plan(build, previous, full=bool(build.settings.get("HOMEWARD_FULL_RENDER")))
        build.timings.mark("incremental plan")
        present = build.output_files = _walked(build, previous)
        with incremental.Recording():
            written, records = write_all(build.renderer, build.routes, target, previous, manifest, plan=plan, patch=build.patch, present=present)
        build.render_record = incremental.record(plan, key, records)
        build.rendered = sum(1 for _shape, _reads, new in records.values() if new)
        if os.environ.get("HOMEWARD_TIMINGS"):
            changed = ", ".join(sorted(plan.changed)[:8])
            print(f"  incremental: {build.rendered} of {len(written)} files rendered; Site attributes changed: {changed or 'none'}", file=sys.stderr)
    build.timings.mark("render and write")
    for rel, data in build.assets.items():
        if build.patch and previous is not None and _same_bytes(previous / rel, data):
            continue
        out = target / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        write_file(out, data)
    signals.output_written.send(target, site=build.site, routes=build.routes)
    build.timings.mark("after-write plugins")
    return written


def _walked(build: SiteBuild, previous: Path | None) -> OutputFiles | None:
    """A patch's one walk of the output it changes in place (filesystem.OutputFiles)."""
    return OutputFiles(previous) if build.patch and previous is not None else None


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


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
