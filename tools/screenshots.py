#!/usr/bin/env python3
"""Screenshots of every page type, in every language, at phone and desktop width.

    .venv/bin/invoke screenshots                      # builds output/, then shoots into screenshots/
    .venv/bin/python tools/screenshots.py --site output --out screenshots --only home,companies

So a maintainer or designer can see the theme without reading templates: open
`screenshots/index.html` (a table: page type × language × width). The page types are the
ones the browser tests visit (tests/browser/pages.py); the browser is Debian's Chromium,
headless, as in the tests. The folder is git-ignored.
"""

from __future__ import annotations

import argparse
import functools
import html
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser.conftest import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402 - the tests' browser and flags
from browser.pages import TARGETS, Target  # noqa: E402 - the tests' page types

WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


def shoot(site: Path, out: Path, targets: list[Target], widths: dict[str, tuple[int, int]]) -> list[tuple[Target, str, str]]:
    """Full-page PNGs of each target at each width; returns (target, width name, file name)."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    shots = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
            for name, (width, height) in widths.items():
                context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
                page = context.new_page()
                for target in targets:
                    page.goto(base + target.path, wait_until="load")
                    if target.ready:
                        page.wait_for_selector(target.ready, timeout=10_000)
                    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
                    page.wait_for_load_state("networkidle")
                    file = f"{target.id}-{name}.png"
                    page.screenshot(path=str(out / file), full_page=True)
                    shots.append((target, name, file))
                    print(f"{file}", file=sys.stderr)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return shots


def write_index(out: Path, shots: list[tuple[Target, str, str]], widths: dict[str, tuple[int, int]]) -> Path:
    """index.html: one row per page type, one column per language and width, thumbnails linking the PNGs."""
    kinds = list(dict.fromkeys(target.kind for target, _, _ in shots))
    langs = list(dict.fromkeys(target.lang or "–" for target, _, _ in shots))
    by_key = {(t.kind, t.lang or "–", name): (t, file) for t, name, file in shots}
    head = "".join(f"<th>{html.escape(lang)} · {name} {widths[name][0]} px</th>" for lang in langs for name in widths)
    rows = []
    for kind in kinds:
        cells = []
        for lang in langs:
            for name in widths:
                found = by_key.get((kind, lang, name))
                if not found:
                    cells.append("<td></td>")
                    continue
                target, file = found
                cells.append(
                    f'<td><a href="{file}"><img src="{file}" alt="{html.escape(target.path)} at {widths[name][0]} px" '
                    f'loading="lazy" width="{160 if name == "phone" else 240}"></a><br><code>{html.escape(target.path)}</code></td>'
                )
        rows.append(f"<tr><th scope=row>{html.escape(kind)}</th>{''.join(cells)}</tr>")
    page = (
        "<!doctype html><html lang=en><meta charset=utf-8><title>Homeward screenshots</title>"
        "<style>body{font:14px system-ui;margin:1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:.4rem;vertical-align:top}img{display:block;height:auto;max-height:600px;object-fit:cover;"
        "object-position:top}code{font-size:11px}</style>"
        f"<h1>Homeward screenshots</h1><p>{len(shots)} full-page screenshots; click one to open it.</p>"
        f"<table><tr><th>page type</th>{head}</tr>{''.join(rows)}</table></html>"
    )
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "output", help="a built site (default: output/)")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="where the PNGs go (default: screenshots/)")
    parser.add_argument("--only", default="", help="comma-separated page types, e.g. home,companies,event")
    parser.add_argument("--lang", default="", help="comma-separated languages (default: all)")
    parser.add_argument("--widths", default=",".join(WIDTHS), help="phone, desktop or both")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        parser.error(f"{args.site} holds no built site; run `invoke build` first")
    kinds = {k for k in args.only.split(",") if k}
    langs = {code for code in args.lang.split(",") if code}
    targets = [t for t in TARGETS if (not kinds or t.kind in kinds) and (not langs or t.lang in langs)]
    widths = {name: WIDTHS[name] for name in args.widths.split(",")}
    shots = shoot(args.site, args.out, targets, widths)
    index = write_index(args.out, shots, widths)
    print(f"{len(shots)} screenshots; open {index}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
