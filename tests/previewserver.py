"""`homeward serve` for a test: the real preview server, as `invoke serve` starts it, on a copy
of the content and a free port of 127.0.0.1, with what a pull request could slip into content/
(`add_hostile_files`). Used by tests/test_preview_files.py and tests/browser/test_browser_preview.py."""

from __future__ import annotations

import io
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import NOW, ROOT

# What each hostile file would do if the preview served it as it is: the script sets a global
# and says so on the console; the texts are what must not leave content/ as a file.
SCRIPT = "window.__homewardHostile = 'ran'; console.log('HOSTILE-SCRIPT-RAN');"
DRAFT_SLUG = "preview-secret-draft"
DRAFT_TEXT = "SECRET-DRAFT-TEXT"
DATA_TEXT = "SECRET-DATA-TEXT"
OUTSIDE_TEXT = b"OUTSIDE-CONTENT"


def _jpeg(extra: bytes = b"") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 20), (200, 40, 40)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue() + extra


def add_hostile_files(content: Path) -> dict[str, str]:
    """Files a contributor could add to content/ in a pull request; returns {name: URL path}."""
    (content / "images" / "evil.html").write_text(f"<!doctype html><title>x</title><p>page</p><script>{SCRIPT}</script>\n")
    (content / "images" / "evil.js").write_text(SCRIPT + "\n")
    (content / "evil.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" onload="{SCRIPT}">'
        f'<script>{SCRIPT}</script><rect width="20" height="20"/></svg>\n'
    )
    (content / "images" / "clean.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="20" height="20" fill="#246"/></svg>\n')
    (content / "articles" / "x.md").write_text(
        f"---\ntitle: A draft nobody may read yet\nslug: {DRAFT_SLUG}\nlang: en\ndate: 2026-11-20T09:00:00+01:00\n"
        f"summary: Not yet.\nstatus: draft\n---\n{DRAFT_TEXT}\n"
    )
    (content / "data" / "x.yaml").write_text(f"note: {DATA_TEXT}\n")
    outside = content.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "photo.jpg").write_bytes(_jpeg(OUTSIDE_TEXT))  # an image, but not in content/
    (outside / "secret.txt").write_bytes(OUTSIDE_TEXT)
    (content / "images" / "outside.jpg").symlink_to(outside / "photo.jpg")
    (content / "images" / "elsewhere").symlink_to(outside, target_is_directory=True)
    return {
        "html": "/images/evil.html",
        "js": "/images/evil.js",
        "svg": "/evil.svg",
        "markdown": "/articles/x.md",
        "yaml": "/data/x.yaml",
        "symlink": "/images/outside.jpg",
        "symlinked folder": "/images/elsewhere/photo.jpg",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def preview_server(content: Path, cache: Path, limit: float = 300) -> Iterator[str]:
    """`python -m homeward serve --content CONTENT` until the block ends; yields its base URL."""
    port = free_port()
    env = {**os.environ, "HOMEWARD_NOW": NOW, "HOMEWARD_CACHE_PATH": str(cache)}
    server = subprocess.Popen(
        [sys.executable, "-m", "homeward", "serve", "--content", str(content), "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []
    threading.Thread(target=lambda: [lines.put(line) for line in server.stdout], daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + limit  # a limit for a hung server, not a synchronisation
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"the preview did not start within {limit} s; it printed: {''.join(seen)}") from None
            seen.append(line)
            if f"Preview on {base}/" in line:
                break
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
