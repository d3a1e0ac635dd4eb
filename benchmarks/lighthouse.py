"""Lighthouse (mobile profile) over one page of each type of the sample site, served on 127.0.0.1.

    python benchmarks/lighthouse.py                 # publish-build content/ into a temp folder, run, print a table
    python benchmarks/lighthouse.py --site output   # use an existing build (with its search index) as it is
    python benchmarks/lighthouse.py --markdown      # the table as Markdown, for docs/quality.md

Uses the `lighthouse` from `npm install` (devDependency in package.json) when present, else
`npx --yes lighthouse@13`, with Debian's Chromium (CHROME_PATH=/usr/bin/chromium). The server
gzips text like the production host (Netlify) does; page weights are given raw and transferred.
The page types are the ones the browser tests visit (tests/browser/pages.py).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser.conftest import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402 - the same browser and flags as the tests
from browser.pages import TARGETS, Target  # noqa: E402
from conftest import NOW  # noqa: E402 - the tests' fixed "now": the same releases and events are live

LIGHTHOUSE = "lighthouse@13.5.0"  # pinned: scores move between versions
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".mjs")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it (as Netlify serves them)."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the base class redirects /x to /x/
            path = path / "index.html"
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or path.suffix not in COMPRESSIBLE
            or not path.is_file()
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        if "/assets/" in self.path:  # file names carry a content hash
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        self.end_headers()
        return io.BytesIO(body)


def build(target: Path, siteurl: str) -> None:
    """A production build (publishconf.py) of the sample content with its search index, and the
    server's address as SITEURL: canonical, hreflang and the sitemap are absolute as in production."""
    settings = str(ROOT / "publishconf.py")
    command = [sys.executable, "-m", "homeward", "build", "-s", settings, "-o", str(target)]
    env = {**os.environ, "SITEURL": siteurl, "HOMEWARD_CACHE_PATH": str(target.parent / ".cache"), "HOMEWARD_NOW": NOW}
    subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=sys.stderr)


def lighthouse_command() -> list[str]:
    local = ROOT / "node_modules" / ".bin" / "lighthouse"
    if local.exists():
        return [str(local)]
    return ["npx", "--yes", LIGHTHOUSE]


def run(url: str) -> dict[str, Any]:
    command = [
        *lighthouse_command(),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
    ]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed for {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def summarise(target: Target, report: dict[str, Any]) -> dict[str, Any]:
    requests = report["audits"]["network-requests"]["details"]["items"]
    not_images = [r for r in requests if r.get("resourceType") != "Image"]
    failed = {
        category: [
            audit_id
            for audit_id in (
                ref["id"] for ref in report["categories"][category]["auditRefs"] if ref.get("weight", 0) > 0
            )
            if report["audits"][audit_id].get("score") is not None and report["audits"][audit_id]["score"] < 0.9
        ]
        for category in CATEGORIES
    }
    return {
        "lighthouse": report["lighthouseVersion"],
        "kind": target.kind,
        "path": target.path,
        "scores": {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
        "raw_bytes_without_images": sum(r.get("resourceSize", 0) for r in not_images),
        "transferred_bytes": sum(r.get("transferSize", 0) for r in requests),
        "requests": len(requests),
        "hosts": sorted({r["url"].split("/")[2] for r in requests if r["url"].startswith("http")}),
        "below_90": {c: ids for c, ids in failed.items() if ids},
    }


def table(rows: list[dict[str, Any]], markdown: bool) -> str:
    header = ["page type", "path", "perf", "a11y", "best pr.", "SEO", "bytes raw, no images", "bytes transferred"]
    lines = []
    for row in rows:
        s = row["scores"]
        lines.append(
            [
                row["kind"],
                row["path"],
                *(str(s[c]) for c in CATEGORIES),
                f"{row['raw_bytes_without_images']:,}",
                f"{row['transferred_bytes']:,}",
            ]
        )
    if markdown:
        out = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
        out += ["| " + " | ".join(line) + " |" for line in lines]
        return "\n".join(out)
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*header), *(fmt.format(*line) for line in lines)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an existing build to serve (default: build content/ afresh)")
    parser.add_argument("--lang", default="nb", help="language of the pages to run (default: nb)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON here")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium")
    if not shutil.which("npx") and not (ROOT / "node_modules" / ".bin" / "lighthouse").exists():
        raise SystemExit("npx is missing: install Node.js 20+ (or `npm install` for the lighthouse devDependency)")
    with tempfile.TemporaryDirectory(prefix="homeward-lighthouse-") as tmp:
        site = args.site.resolve() if args.site else Path(tmp) / "site"
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
        base = f"http://127.0.0.1:{server.server_address[1]}"
        if not args.site:
            build(site, base)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        rows = []
        start = time.perf_counter()
        try:
            for target in (t for t in TARGETS if t.lang in (None, args.lang)):
                rows.append(summarise(target, run(base + target.path)))
                print(f"  {target.kind:<14} {rows[-1]['scores']}", file=sys.stderr)
        finally:
            server.shutdown()
    print(table(rows, args.markdown))
    for row in rows:
        for category, audits in row["below_90"].items():
            print(f"{row['kind']}: {category} audits below 0.9: {', '.join(audits)}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    version = rows[0]["lighthouse"] if rows else "?"
    print(f"{len(rows)} pages in {time.perf_counter() - start:.0f} s with Lighthouse {version}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
