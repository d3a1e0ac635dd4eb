"""Rendering routes with Jinja2 and writing them, on every core, skipping unchanged files.

The Jinja environment is built once for all languages (gettext looks the language up in
the template context), its templates are loaded in the parent, then forked into worker
processes so each renders a share of the routes and writes its own files. Compiled
templates are kept in the build cache (Jinja's bytecode cache): compiling the theme costs
~0.2 s of CPU, loading it from there ~0.01 s.
"""

from __future__ import annotations

import gc
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import jinja2
from markupsafe import Markup

from . import parallel
from .filesystem import OutputFiles, store_folder, write_file
from .incremental import Plan, Recording
from .routes import Route

PARALLEL_THRESHOLD = 400
# HOMEWARD_TEMPLATE_CACHE names a folder for compiled templates that several builds may share
# (the test suite); else they live in the build cache.
SHARED_TEMPLATE_STORE = "HOMEWARD_TEMPLATE_CACHE"
TEMPLATE_CACHE_FOLDER = "templates"
AUTOESCAPED = ("html", "xml", "svg")


class Urls:
    """Internal links are root-relative and carry the sub-path of SITEURL (GitHub project pages).

    `public_url` (the PUBLIC_URL setting) is where the site is published: files read outside
    the site — a press release PDF, an event's .ics — link there even from a local build,
    whose SITEURL is empty."""

    def __init__(self, siteurl: str, public_url: str = ""):
        self.siteurl = (siteurl or "").rstrip("/")
        self.base = urlparse(self.siteurl).path.rstrip("/")
        self.public_url = (public_url or "").rstrip("/")

    @classmethod
    def of(cls, settings: dict[str, Any]) -> Urls:
        return cls(settings.get("SITEURL", ""), settings.get("PUBLIC_URL", ""))

    def public(self, path: str) -> str | None:
        """The address of `path` on the published site, or None when neither SITEURL nor
        PUBLIC_URL says where that is (a local build of a site without PUBLIC_URL)."""
        if path.startswith(("http://", "https://")):
            return path
        if self.siteurl.startswith(("http://", "https://")):
            return self.absolute(path)
        if self.public_url.startswith(("http://", "https://")):
            return self.public_url + "/" + path.lstrip("/")
        return None

    def url(self, path: str) -> str:
        if path.startswith(("http://", "https://", "mailto:", "tel:", "#")):
            return path
        return self.base + "/" + path.lstrip("/")

    def absolute(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        if not self.siteurl.startswith(("http://", "https://")):
            return self.url(path)
        return self.siteurl + "/" + path.lstrip("/")


def make_environment(theme_dirs: list[Path], bytecode_folder: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in theme_dirs]),
        autoescape=jinja2.select_autoescape(AUTOESCAPED, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined if os.environ.get("HOMEWARD_STRICT_TEMPLATES") else jinja2.Undefined,
        auto_reload=False,
    )
    if bytecode_folder is not None:
        env.bytecode_cache = _bytecode_cache(env, bytecode_folder)
    return env


def template_cache_folder(settings: dict[str, Any]) -> Path | None:
    """Where compiled templates are kept: HOMEWARD_TEMPLATE_CACHE, else the build cache's folder."""
    return store_folder(settings, SHARED_TEMPLATE_STORE, TEMPLATE_CACHE_FOLDER)


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A cache that cannot be written (a full disk, a read-only folder) only costs compiling again."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache(env: jinja2.Environment, folder: Path) -> jinja2.BytecodeCache | None:
    """Jinja names each entry by the template's path and checks its source's checksum (and
    Python's version); what else shapes the compiled code, the environment's syntax options,
    names the folder, so a changed option can never load code compiled under another."""
    options = (
        jinja2.__version__,
        sorted(env.extensions),
        AUTOESCAPED,
        env.trim_blocks,
        env.lstrip_blocks,
        env.keep_trailing_newline,
        env.newline_sequence,
        env.optimized,
        (env.block_start_string, env.variable_start_string, env.comment_start_string),
        (env.line_statement_prefix, env.line_comment_prefix),
    )
    where = folder / hashlib.sha256(repr(options).encode()).hexdigest()[:16]
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(where))


class Fragments:
    """Pieces of HTML that many pages share, rendered once: `{% call fragment("job-card", lang,
    job.id) %}…{% endcall %}` renders the block the first time a key is seen and reuses it after.

    A job's card appears in every list it belongs to (all jobs, its municipality, field,
    employment type, source: five lists × their pages), and a list's filter menu on each of its
    pages. The key must name everything the block depends on (the language, the item). What
    the block read from the Site when it was rendered is counted again for every file that
    reuses it: an incremental build must know that a list page showing a job's card read
    `companies`, whichever page happened to render that card first.
    """

    def __init__(self) -> None:
        self.done: dict[tuple[Any, ...], tuple[Markup, frozenset[str]]] = {}

    def __call__(self, *key: Any, caller: Any) -> Markup:
        found = self.done.get(key)
        if found is None:
            with Recording.apart() as reads:
                html = Markup(caller())  # noqa: S704 - rendered by Jinja with autoescape
            found = self.done[key] = (html, frozenset(reads))
        else:
            Recording.add(found[1])
        return found[0]


class Renderer:
    def __init__(self, env: jinja2.Environment, globals_: dict[str, Any], lang_globals: dict[str, dict[str, Any]]):
        self.env = env
        self.globals = globals_
        self.lang_globals = lang_globals
        self.templates: dict[str, jinja2.Template] = {}

    def load_templates(self, names: Iterable[str]) -> None:
        """Load (compile, or read from the bytecode cache) before forking: once, not per worker."""
        for name in sorted(names):
            if name not in self.templates:
                self.templates[name] = self.env.get_template(name)

    def render(self, route: Route) -> bytes:
        if route.produce is not None:
            data = route.produce()
            return data if isinstance(data, bytes) else data.encode("utf-8")
        name = route.template or ""
        template = self.templates.get(name)
        if template is None:
            template = self.templates[name] = self.env.get_template(name)
        context = dict(self.globals)
        if route.lang:
            context.update(self.lang_globals[route.lang])
        context["route"] = route
        context.update(route.context)
        return template.render(context).encode("utf-8")


# Set in the parent before forking so workers inherit everything without pickling.
_JOB: dict[str, Any] = {}


def _write_share(index: int) -> tuple[dict[str, str], Records]:
    renderer: Renderer = _JOB["renderer"]
    routes: list[Route] = _JOB["routes"]
    workers: int = _JOB["workers"]
    share = routes[index::workers]
    return write_routes(renderer, share, _JOB["target"], _JOB["previous"], _JOB["manifest"], _JOB["plan"], _JOB["patch"], _JOB["shapes"], _JOB["present"])


# Per output file: (shape, Site attributes read, rendered now?) for the next incremental build
# (incremental.py); a file taken from the previous output was not rendered.
Records = dict[str, tuple[str | None, list[str] | None, bool]]


class _Keeper:
    """Takes a file from the previous output: linked into a full `target`, or, for a patch
    (the output changed in place), only checked to be there."""

    def __init__(self, target: Path, previous: Path | None, patch: bool, present: OutputFiles | None = None):
        self.target = str(target)
        self.present = present.regular if present is not None and patch else None
        self.previous = str(previous) if previous is not None else None
        self.previous_prefix = os.path.join(self.previous, "") if self.previous is not None else ""
        self.patch = patch
        self.made_dirs: set[str] = set()

    def keep(self, rel: str) -> bool:
        if self.previous is None:
            return False
        old = self.previous_prefix + rel  # `rel` is an output path: relative, with '/'
        try:
            if self.patch:
                if self.present is not None:
                    return rel in self.present  # the build's walk of the output (filesystem.OutputFiles)
                return stat.S_ISREG(os.lstat(old).st_mode)
            out = os.path.join(self.target, rel)
            self.make_parent(out)
            os.link(old, out)
        except OSError:
            return False
        return True

    def make_parent(self, out: str) -> None:
        parent = os.path.dirname(out)
        if parent not in self.made_dirs:
            os.makedirs(parent, exist_ok=True)
            self.made_dirs.add(parent)


def write_routes(
    renderer: Renderer,
    routes: Iterable[Route],
    target: Path,
    previous: Path | None,
    manifest: dict[str, str],
    plan: Plan | None = None,
    patch: bool = False,
    shapes: dict[str, str | None] | None = None,
    present: OutputFiles | None = None,
) -> tuple[dict[str, str], Records]:
    """Render and write; a file whose bytes did not change is hard-linked from the previous output.

    With a `plan`, a file whose recorded inputs did not change is not rendered at all: it is
    hard-linked from the previous output, and what it read is recorded for the next build.
    With `patch`, `target` receives only the files that differ from the previous output (which
    the build then changes in place, cli.apply_changes): an unchanged file is neither linked
    nor written, only checked to be there. `shapes`: the routes were sorted out already
    (`sort_out`), each is rendered and recorded with its shape.
    """
    written: dict[str, str] = {}
    records: Records = {}
    keeper = _Keeper(target, previous, patch, present)
    for number, route in enumerate(routes, 1):
        if number % COLLECT_EVERY == 0:
            gc.collect(0)  # the rendering's cycles only: what was there before is frozen (write_all)
        rel = route.output_path
        if plan is not None:
            if shapes is not None:
                shape = shapes[rel]
            else:
                shape, reads = plan.reusable(route, manifest.get(rel), rel)
                if reads is not None and keeper.keep(rel):
                    written[rel], records[rel] = manifest[rel], (shape, reads, False)
                    continue
            watched = Recording.start()
            try:
                data = renderer.render(route)
            finally:
                Recording.stop()
            records[rel] = (shape, sorted(watched), True)
        else:
            data = renderer.render(route)
        digest = hashlib.sha1(data).hexdigest()
        written[rel] = digest
        if manifest.get(rel) == digest and keeper.keep(rel):
            continue
        out = os.path.join(keeper.target, rel)
        keeper.make_parent(out)
        write_file(Path(out), data)
    return written, records


def sort_out(
    plan: Plan, routes: list[Route], target: Path, previous: Path | None, manifest: dict[str, str], patch: bool, present: OutputFiles | None = None
) -> tuple[list[Route], dict[str, str | None], dict[str, str], Records]:
    """In this process, before any worker starts: the routes to render (with their shapes), and
    the files taken from the previous output (written, records). After a one-file edit almost
    every file is taken; digesting every route here costs less than two workers each digesting
    half of them (each touches, and so copies, the memory it inherited) and needs no fork."""
    keeper = _Keeper(target, previous, patch, present)
    todo: list[Route] = []
    shapes: dict[str, str | None] = {}
    written: dict[str, str] = {}
    records: Records = {}
    for route in routes:
        rel = route.output_path
        shape, reads = plan.reusable(route, manifest.get(rel), rel)
        if reads is not None and keeper.keep(rel):
            written[rel], records[rel] = manifest[rel], (shape, reads, False)
        else:
            todo.append(route)
            shapes[rel] = shape
    return todo, shapes, written, records


def write_all(
    renderer: Renderer,
    routes: list[Route],
    target: Path,
    previous: Path | None,
    manifest: dict[str, str],
    workers: int = 0,
    plan: Plan | None = None,
    patch: bool = False,
    present: OutputFiles | None = None,
) -> tuple[dict[str, str], Records]:
    """`present`: the build's walk of the output it changes in place (`patch`)."""
    with _garbage_of_rendering_only():
        return _write_all(renderer, routes, target, previous, manifest, workers, plan, patch, present)


# Every page's `{% from … import … with context %}` leaves a cycle (a template module and its
# context) that reference counting cannot free, and a build runs with the cyclic collector off
# (cli.cmd_build): each render worker held ~140 MB of them at 3000×3. Collected every
# COLLECT_EVERY files, in the youngest generation only, which holds nothing but what rendering
# made since: everything loaded before is frozen out of the collector's sight.
COLLECT_EVERY = 200


@contextmanager
def _garbage_of_rendering_only() -> Iterator[None]:
    gc.freeze()  # also spares the forked workers' copies of the collector's bookkeeping
    try:
        yield
    finally:
        gc.unfreeze()  # a long-running caller (the preview server) collects all again


def _write_all(
    renderer: Renderer,
    routes: list[Route],
    target: Path,
    previous: Path | None,
    manifest: dict[str, str],
    workers: int,
    plan: Plan | None,
    patch: bool,
    present: OutputFiles | None = None,
) -> tuple[dict[str, str], Records]:
    written: dict[str, str] = {}
    records: Records = {}
    shapes: dict[str, str | None] | None = None
    if plan is not None and plan.previous and previous is not None:
        # A previous build recorded its files: most are kept, decided here; only the rest is rendered.
        routes, shapes, written, records = sort_out(plan, routes, target, previous, manifest, patch, present)
    workers = parallel.workers(len(routes), PARALLEL_THRESHOLD, workers)
    if workers == 1:
        parts = [write_routes(renderer, routes, target, previous, manifest, plan, patch, shapes, present)]
    else:
        renderer.load_templates({route.template for route in routes if route.template and route.produce is None})
        _JOB.update(
            renderer=renderer, routes=routes, target=target, previous=previous, manifest=manifest, workers=workers, plan=plan, patch=patch, shapes=shapes,
            present=present,
        )
        try:
            with parallel.fork_pool(workers) as pool:
                parts = pool.map(_write_share, range(workers))
        finally:
            _JOB.clear()
    for part, recorded in parts:
        written.update(part)
        records.update(recorded)
    return written, records
