"""`homeward serve`: a preview server that renders pages on request from the site in memory.

Saving a file reloads the content (Markdown comes from the hash cache, so only edited
files are parsed again) and tells open browsers to reload through server-sent events.
Drafts and embargoed items are shown with a "preview only" banner. A content error is
shown in the browser as `path:line: message` until it is fixed.

Tool pages (routes marked `tool`, the browser CMS under /admin/) are not content: they get
no reload script (a reload would cut a CMS save short) and they stay served from the last
build that worked while the content has an error, so the mistake can be fixed where it was
made. The CMS asks `/__homeward/status` for the current errors to show them itself. The
last working tool pages are also kept in the cache folder, so the CMS opens even when the
server starts on content that does not build.

From content/ the preview serves exactly what a build publishes of a file: the bytes
`ContentFiles.published` gives (trust/files.py: images that pass the gate, SVGs cleaned), so a
page, script or drawing someone put in content/ never runs on the preview's origin, which is
the CMS's too (its local back end writes files). Any other file there — a Markdown source, a
draft's or an embargoed release's included, YAML data, an .html page — is a 404 whose text says
why and where its page is; drafts are shown as pages, with their banner. Every response carries
the Content-Security-Policy the deployed site gets (trust/policy.py; /admin/ its own) and
`X-Content-Type-Options: nosniff`, as `_headers` gives them on Netlify (plugins/deploy).
"""

from __future__ import annotations

import errno
import hashlib
import html
import json
import mimetypes
import os
import signal
import socket
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from .build import SiteBuild, prepare
from .errors import BuildFailed
from .filesystem import write_atomically
from .parsing import ParseMemo
from .trust.files import Refused
from .trust.policy import admin_policy, site_policy

RELOAD_JS = b"""(function(){var s=new EventSource('/__homeward/events');var v=null;
s.onmessage=function(e){if(v!==null&&e.data!==v){location.reload();}v=e.data;};})();"""
RELOAD_TAG = b'<script src="/__homeward/reload.js" defer></script></body>'
HEARTBEAT = 15.0  # seconds between server-sent events when nothing changes (keeps proxies from closing)
ADMIN = "/admin/"
PLAIN = "text/plain; charset=utf-8"
SOURCES = {".md": "Markdown sources", ".markdown": "Markdown sources", ".yaml": "data files", ".yml": "data files"}


class Preview:
    def __init__(self, settings: dict[str, Any]):
        self.settings = settings
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.version = 0
        self.build: SiteBuild | None = None  # the last build that worked
        self.pages: dict[str, Any] = {}
        self.error: str | None = None
        self.errors: list[dict[str, Any]] = []
        self.last_seconds = 0.0
        self.memo = ParseMemo()  # unchanged files are not parsed again on reload
        cache = settings.get("HOMEWARD_CACHE_PATH")
        self.tools_cache = Path(cache) / "preview-tools" if cache else None
        self._tool_digests: dict[str, str] = {}
        self.site_policy = site_policy(settings, plain_http=True)
        # decap-server's origin, which the CMS page's own <meta> policy allows (Site.admin_connect):
        # from the last build that worked, kept on disk with the tool pages it goes with.
        self.admin_connect: tuple[str, ...] = self._remembered_connect()
        self.reload()

    def reload(self) -> None:
        start = time.perf_counter()
        try:
            build = prepare(self.settings, preview=True, memo=self.memo)
        except BuildFailed as exc:
            with self.changed:
                self.error = "\n".join(str(e) for e in exc.errors)
                self.errors = [
                    {"path": e.path, "line": e.line, "message": e.message, "warning": e.warning} for e in exc.errors
                ]
                self.version += 1
                self.changed.notify_all()
            print(self.error, flush=True)
            return
        with self.changed:
            self.build = build
            self.pages = build.by_path
            self.admin_connect = tuple(build.site.admin_connect)
            self.error = None
            self.errors = []
            self.version += 1
            self.changed.notify_all()
        self.last_seconds = time.perf_counter() - start
        self._remember_tools(build)
        print(f"Reloaded {len(build.routes)} routes in {self.last_seconds:.2f} s", flush=True)
        for warning in build.site.warnings:  # what a build would warn about, seen while writing
            print(warning, flush=True)

    def headers(self, path: str) -> dict[str, str]:
        """What every response carries, as `_headers` gives it on Netlify: the site's policy, the
        CMS's under /admin/ (with decap-server's origin, as its page's <meta> has it), nosniff."""
        if path.startswith(ADMIN):
            policy = admin_policy(self.settings, connect=self.admin_connect, plain_http=True)
        else:
            policy = self.site_policy
        return {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff"}

    def status(self) -> dict[str, Any]:
        """What the CMS shows: the build's errors (empty when the content builds)."""
        with self.lock:
            return {"version": self.version, "ok": self.error is None, "errors": list(self.errors)}

    def resolve(self, path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a request path."""
        rel = unquote(path).lstrip("/")
        if rel.startswith("__homeward/reload.js"):
            return 200, "text/javascript", RELOAD_JS
        if rel == "__homeward/status":
            return 200, "application/json", json.dumps(self.status()).encode()
        build, pages, error = self.build, self.pages, self.error
        candidates = [rel, rel + "/index.html" if rel and not rel.endswith("/") else rel + "index.html"]
        for candidate in candidates:
            route = pages.get(candidate)
            if route is not None and getattr(route, "tool", False):
                return self._answer(candidate, build.renderer.render(route), reload=False)  # type: ignore[union-attr]
        if build is None:
            remembered = self._remembered_tool(candidates)
            if remembered is not None:
                return remembered
        if error:
            if rel and not rel.endswith((".html", "/")) and build is not None:
                found = self._file(rel, build)  # styles, scripts and images still load
                if found is not None:
                    return found
            body = f"<!doctype html><title>Content error</title><h1>Content error</h1><pre>{html.escape(error)}</pre>"
            return 500, "text/html; charset=utf-8", body.encode() + RELOAD_TAG
        assert build is not None
        for candidate in candidates:
            route = pages.get(candidate)
            if route is not None:
                return self._answer(candidate, build.renderer.render(route), reload=True)
        found = self._file(rel, build)
        if found is None and rel.startswith("admin/images/"):
            # The CMS shows an image it does not find in the field's folder by its address
            # relative to /admin/; Netlify gets the same rule in _redirects (plugins/deploy).
            found = self._file(rel.removeprefix("admin/"), build)
        if found is not None:
            return found
        lang = rel.split("/", 1)[0]
        not_found = pages.get(f"{lang}/404.html") or pages.get(f"{build.site.default_lang}/404.html")
        body = build.renderer.render(not_found) if not_found else b"Not found"
        return 404, "text/html; charset=utf-8", body.replace(b"</body>", RELOAD_TAG, 1)

    @staticmethod
    def _answer(name: str, body: bytes, reload: bool) -> tuple[int, str, bytes]:
        kind = _kind(name)
        if kind == "text/html":
            if reload:
                body = body.replace(b"</body>", RELOAD_TAG, 1)
            kind += "; charset=utf-8"
        return 200, kind, body

    def _file(self, rel: str, build: SiteBuild) -> tuple[int, str, bytes] | None:
        """A file that is no page: a theme or generated asset, a file of content/ as the build
        publishes it (or why it is not published), a resized variant from the build's cache."""
        if rel in build.assets:
            return 200, _kind(rel), build.assets[rel]
        if "\x00" in rel:  # no file has such a name; the path functions below would raise
            return None
        found = self._content_file(rel, build)
        if found is not None:
            return found
        cached = build.site.cached_files.get(rel)
        if cached is not None and cached.is_file():
            # Resized variants: the build's own files, made by Pillow from the pixels, which no
            # person edits; wherever they are kept (HOMEWARD_IMAGE_CACHE or the build cache).
            return 200, _kind(rel), cached.read_bytes()
        return None

    def _content_file(self, rel: str, build: SiteBuild) -> tuple[int, str, bytes] | None:
        """What a build publishes of content/`rel`, through the same gate (`ContentFiles.published`):
        an image's checked bytes, a cleaned SVG; anything else there is a 404 that says why.
        None when content/ has nothing by that name (or only a folder: no listings)."""
        content = os.path.abspath(self.settings["PATH"])
        lexical = os.path.normpath(os.path.join(content, rel))
        if rel.endswith("/") or not lexical.startswith(content + os.sep):
            return None
        if not os.path.lexists(lexical) or os.path.isdir(lexical):
            return None
        rel = os.path.relpath(lexical, content).replace(os.sep, "/")
        try:
            return 200, _kind(rel), build.site.files.published(rel)
        except Refused as refused:
            return 404, PLAIN, self._not_published(rel, refused, build).encode()

    def _not_published(self, rel: str, refused: Refused, build: SiteBuild) -> str:
        """The 404's text: which file, why it is not served, and where its page is."""
        name = f"{Path(self.settings['PATH']).name}/{rel}"
        kind = SOURCES.get(os.path.splitext(rel)[1].lower())
        if kind is None:
            reason = str(refused)
            if reason.startswith("cannot be published: "):  # the SVG cleaner's own sentence
                reason = reason.removeprefix("cannot be published: ")
            else:  # "is a '.html' file; …"
                reason = f"it {reason}"
            why = f"{name} is not published: {reason}."
        else:
            pages = [route for route in build.routes if route.translated and route.url.endswith("/") and _made_from(route.source, name)]
            where = ", ".join(dict.fromkeys(route.url for route in pages[:6]))
            if kind == "Markdown sources":
                held = next((route.preview_only for route in pages if route.preview_only), None)
                note = {"draft": " (a draft: shown here with a banner, left out of the published site)",
                        "embargo": " (under embargo: shown here with a banner, published when the embargo lifts)"}.get(held or "", "")  # fmt: skip
                where = f"the page is at {where}{note}" if where else "no page is made from it now (the preview prints why)"
            else:
                where = f"what it holds is shown at {where}" if where else "what it holds is shown on the site's pages"
            why = f"{name} is not published: {kind} are not served; {where}."
        return (
            f"{why}\n\nThe preview serves from content/ only what a build publishes: images and SVG "
            "drawings that pass the checks of plugins/homeward/trust/, as the build writes them (docs/security.md).\n"
        )

    # ---------------------------------------------------------------- tool pages kept on disk

    def _remember_tools(self, build: SiteBuild) -> None:
        """Keep the tool pages of a build that worked (written only when they change)."""
        if self.tools_cache is None:
            return
        if self.admin_connect != self._remembered_connect():
            write_atomically(self._connect_file(), json.dumps(list(self.admin_connect)).encode())
        for route in build.routes:
            if not getattr(route, "tool", False):
                continue
            body = build.renderer.render(route)
            digest = hashlib.sha1(body).hexdigest()
            name = route.output_path
            if self._tool_digests.get(name) != digest:
                write_atomically(self.tools_cache / name, body)
                self._tool_digests[name] = digest

    def _connect_file(self) -> Path:
        assert self.tools_cache is not None
        return self.tools_cache.with_name("preview-admin-connect.json")  # beside the pages, not among them

    def _remembered_connect(self) -> tuple[str, ...]:
        try:
            return tuple(json.loads(self._connect_file().read_text(encoding="utf-8")))
        except (AssertionError, OSError, ValueError):
            return ()

    def _remembered_tool(self, candidates: list[str]) -> tuple[int, str, bytes] | None:
        if self.tools_cache is None:
            return None
        root = self.tools_cache.resolve()
        for candidate in candidates:
            target = (root / candidate).resolve()
            if target.is_file() and root in target.parents:
                return self._answer(candidate, target.read_bytes(), reload=False)
        return None

    def watch(self) -> None:
        from watchfiles import watch

        paths = [self.settings["PATH"], self.settings["THEME"]]
        for _changes in watch(*paths, debounce=150, step=50):
            self.reload()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """The version after `seen` (at once if it already moved), or `seen` after `timeout`."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version


def _kind(name: str) -> str:
    """The Content-Type a host gives a file by its ending (Netlify does so too)."""
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _made_from(source: str, name: str) -> bool:
    """Whether a route's `source` (the file as the loader names it, from content/'s folder on) is `name`."""
    source = source.replace(os.sep, "/")
    return source == name or source.endswith("/" + name)


def make_handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            path = urlparse(self.path).path
            if path == "/__homeward/events":
                self._events(path)
                return
            status, kind, body = preview.resolve(path)
            if status == 200 and kind.startswith("text/html") and not path.endswith(("/", ".html")):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", path + "/")
                self._security(path)
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self._security(path)
            self.end_headers()
            self.wfile.write(body)

        def _security(self, path: str) -> None:
            for name, value in preview.headers(path).items():
                self.send_header(name, value)

        def _events(self, path: str) -> None:
            """Server-sent events: the content version, at once when it changes."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self._security(path)
            self.end_headers()
            version = preview.version
            try:
                while True:
                    self.wfile.write(f"data: {version}\n\n".encode())
                    self.wfile.flush()
                    version = preview.wait_for_change(version, HEARTBEAT)
            except (BrokenPipeError, ConnectionResetError):
                return

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


def _stop(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt  # SIGTERM ends the server like Ctrl+C: what it started is stopped too


class PortProblem(Exception):
    """The preview cannot listen where it was asked to; the message says what to do instead."""


def free_port(bind: str, after: int) -> int | None:
    """The first port after `after` nothing listens on (a suggestion for --port)."""
    for candidate in range(after + 1, after + 20):
        try:
            with socket.create_server((bind, candidate)):
                return candidate
        except OSError:
            continue
    return None


def listen(bind: str, port: int) -> ThreadingHTTPServer:
    """The server socket, opened before the site is loaded, so a busy port is said at once."""
    try:
        return ThreadingHTTPServer((bind, port), BaseHTTPRequestHandler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            other = free_port(bind, port)
            instead = f"invoke serve --port {other}" if other else "invoke serve --port 8001"
            raise PortProblem(
                f"port {port} is already in use on {bind}, probably by another preview that is still running "
                f"(stop it with Ctrl+C in its window, then run invoke serve again); or preview on another port: {instead}"
            ) from None
        if exc.errno == errno.EACCES:
            raise PortProblem(f"port {port} may only be used by the system administrator; use a port above 1024: invoke serve --port 8000") from None
        if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
            raise PortProblem(f"{bind} is not an address of this computer; leave out --bind to preview on 127.0.0.1") from None
        raise


def serve(settings: dict[str, Any], bind: str, port: int, watch: bool = True) -> None:
    signal.signal(signal.SIGTERM, _stop)
    server = listen(bind, port)
    preview = Preview(settings)
    server.RequestHandlerClass = make_handler(preview)
    server.daemon_threads = True
    if watch:
        threading.Thread(target=preview.watch, daemon=True).start()
    print(f"Preview on http://{bind}:{port}/ — drafts and embargoed items are shown. Ctrl+C stops.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
