"""`homeward serve`: a preview server that renders pages on request from the site in memory.

Saving a file reloads the content (Markdown comes from the hash cache, so only edited
files are parsed again) and tells open browsers to reload through server-sent events.
Drafts and embargoed items are shown with a "preview only" banner. A content error is
shown in the browser as `path:line: message` until it is fixed.
"""

from __future__ import annotations

import errno
import html
import mimetypes
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
from .parsing import ParseMemo

RELOAD_JS = b"""(function(){var s=new EventSource('/__homeward/events');var v=null;
s.onmessage=function(e){if(v!==null&&e.data!==v){location.reload();}v=e.data;};})();"""
RELOAD_TAG = b'<script src="/__homeward/reload.js" defer></script></body>'


class Preview:
    def __init__(self, settings: dict[str, Any]):
        self.settings = settings
        self.lock = threading.Lock()
        self.version = 0
        self.build: SiteBuild | None = None
        self.pages: dict[str, Any] = {}
        self.error: str | None = None
        self.last_seconds = 0.0
        self.memo = ParseMemo()  # unchanged files are not parsed again on reload
        self.reload()

    def reload(self) -> None:
        start = time.perf_counter()
        try:
            build = prepare(self.settings, preview=True, memo=self.memo)
        except BuildFailed as exc:
            with self.lock:
                self.error = "\n".join(str(e) for e in exc.errors)
                self.version += 1
            print(self.error, flush=True)
            return
        with self.lock:
            self.build = build
            self.pages = build.by_path
            self.error = None
            self.version += 1
        self.last_seconds = time.perf_counter() - start
        print(f"Reloaded {len(build.routes)} routes in {self.last_seconds:.2f} s", flush=True)
        for warning in build.site.warnings:  # what a build would warn about, seen while writing
            print(warning, flush=True)

    def resolve(self, path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a request path."""
        rel = unquote(path).lstrip("/")
        if rel.startswith("__homeward/reload.js"):
            return 200, "text/javascript", RELOAD_JS
        if self.error:
            body = f"<!doctype html><title>Content error</title><h1>Content error</h1><pre>{html.escape(self.error)}</pre>"
            return 500, "text/html; charset=utf-8", body.encode() + RELOAD_TAG
        assert self.build is not None
        candidates = [rel, rel + "/index.html" if rel and not rel.endswith("/") else rel + "index.html"]
        for candidate in candidates:
            route = self.pages.get(candidate)
            if route is not None:
                body = self.build.renderer.render(route)
                kind = mimetypes.guess_type(candidate)[0] or "application/octet-stream"
                if kind == "text/html":
                    body = body.replace(b"</body>", RELOAD_TAG, 1)
                    kind += "; charset=utf-8"
                return 200, kind, body
        if rel in self.build.assets:
            return 200, mimetypes.guess_type(rel)[0] or "application/octet-stream", self.build.assets[rel]
        for base in self._file_roots():
            target = (base / rel).resolve()
            if target.is_file() and base.resolve() in target.parents:
                return 200, mimetypes.guess_type(str(target))[0] or "application/octet-stream", target.read_bytes()
        lang = rel.split("/", 1)[0]
        not_found = self.pages.get(f"{lang}/404.html") or self.pages.get(f"{self.build.site.default_lang}/404.html")
        body = self.build.renderer.render(not_found) if not_found else b"Not found"
        return 404, "text/html; charset=utf-8", body.replace(b"</body>", RELOAD_TAG, 1)

    def _file_roots(self) -> list[Path]:
        roots = [Path(self.settings["PATH"])]
        cache = self.settings.get("HOMEWARD_CACHE_PATH")
        if cache:
            roots.append(Path(cache) / "images" / "variants")
        return roots

    def watch(self) -> None:
        from watchfiles import watch

        paths = [self.settings["PATH"], self.settings["THEME"]]
        for _changes in watch(*paths, debounce=150, step=50):
            self.reload()


def make_handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            path = urlparse(self.path).path
            if path == "/__homeward/events":
                self._events()
                return
            status, kind, body = preview.resolve(path)
            if status == 200 and kind.startswith("text/html") and not path.endswith(("/", ".html")):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(f"data: {preview.version}\n\n".encode())
                    self.wfile.flush()
                    time.sleep(0.5)
            except (BrokenPipeError, ConnectionResetError):
                return

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


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
