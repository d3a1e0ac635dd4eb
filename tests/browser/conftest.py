"""Browser fixtures: the sample site (with its search index) served on 127.0.0.1 and ONE headless
Debian Chromium per test worker, with a reader that loads each page once and keeps what it saw
(axe-core results, requests, headings, landmarks, images). The reader keeps one tab and moves it
from page to page, as a reader does, with the browser cache off and cookies cleared before each
page: what a visit shows depends only on the page, never on which tests ran before, so every
check can reuse it in any order (and a tab that navigates costs a fifth of a new context)."""

from __future__ import annotations

import functools
import importlib.resources
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from .pages import Target

CHROMIUM = Path("/usr/bin/chromium")
# The flags Debian's Chromium needs in a container without a GPU, a sandbox or a network.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORT = {"width": 1280, "height": 800}
# axe-core as shipped by the axe-playwright-python package (test extra); we only use its file.
AXE_SOURCE = (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").replace(/\\s+/g, " "))}));
}"""

# What a reader's assistive technology and the browser see: headings, landmarks, images.
DOM_FACTS = """() => {
  const shown = el => !el.closest("[hidden], [aria-hidden=true]");
  const top = el => !el.closest("article, aside, main, nav, section");
  const attr = (el, name) => el.getAttribute(name);
  return {
    title: document.title,
    description: (document.querySelector('meta[name="description"]') || {content: null}).content,
    headings: [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(shown)
      .map(h => [Number(h.tagName[1]), h.textContent.trim().replace(/\\s+/g, " ")]),
    landmarks: {
      banner: [...document.querySelectorAll("header")].filter(top).length + document.querySelectorAll("[role=banner]").length,
      navigation: document.querySelectorAll("nav, [role=navigation]").length,
      main: document.querySelectorAll("main, [role=main]").length,
      contentinfo: [...document.querySelectorAll("footer")].filter(top).length + document.querySelectorAll("[role=contentinfo]").length,
    },
    images: [...document.images].map(img => ({
      src: attr(img, "src"), alt: attr(img, "alt"), width: attr(img, "width"), height: attr(img, "height"),
      loading: attr(img, "loading"), srcset: attr(img, "srcset"), in_main: !!img.closest("main"),
      top: img.getBoundingClientRect().top + window.scrollY,
    })),
  };
}"""

# Every Content-Security-Policy violation a page reports (header or <meta> policy), sent to the
# test as it happens through the binding `__homewardViolation` (so one reported after the test
# moved on is not lost). `viewer`: the element is Chromium's own <img> in the document it makes
# for an image opened on its own (docs/security.md).
RECORD_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) => {
  const el = event.target && event.target.nodeType === 1 ? event.target : null;
  const viewer = !!el && el.tagName === "IMG" && el.src === location.href && document.contentType.startsWith("image/");
  window.__homewardViolation({path: location.pathname, directive: event.effectiveDirective, blocked: event.blockedURI,
    element: el ? el.outerHTML.slice(0, 120) : "", viewer});
}, true);"""


@dataclass
class Visit:
    """What one page load showed."""

    target: Target
    url: str
    status: int
    requests: list[str]
    violations: list[dict[str, Any]]
    facts: dict[str, Any]
    blocked: list[dict[str, Any]]  # what the page's Content-Security-Policy blocked (RECORD_VIOLATIONS)


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


def open_page(page: Page, base: str, target: Target) -> int:
    """Load `target` and wait until it is ready: the load event, then its own scripts' marker."""
    response = page.goto(base + target.path, wait_until="load")
    if target.ready:
        page.wait_for_selector(target.ready, timeout=10_000)
    return response.status if response else 0


@dataclass
class Reader:
    """Visits pages of the served site in one tab, and remembers each visit."""

    browser: Browser
    base: str
    visits: dict[str, Visit] = field(default_factory=dict)
    _page: Page | None = None
    _requests: list[str] = field(default_factory=list)
    _blocked: list[dict[str, Any]] = field(default_factory=list)

    def _tab(self) -> Page:
        """The reader's tab: axe-core injected before each page's own scripts, no HTTP cache."""
        if self._page is None:
            context = self.browser.new_context(viewport=VIEWPORT)
            context.add_init_script(script=AXE_SOURCE)
            context.expose_binding("__homewardViolation", lambda _source, found: self._blocked.append(found))
            context.add_init_script(script=RECORD_VIOLATIONS)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})  # every file fetched: every request seen
            page.on("request", lambda request: self._requests.append(request.url))
            self._page = page
        return self._page

    def visit(self, target: Target) -> Visit:
        """Load the page once per session; later calls return what that load showed."""
        if target.path not in self.visits:
            page = self._tab()
            page.context.clear_cookies()
            # The previous page's loads end here, before the list is reset (a hop to about:blank
            # did the same at the cost of a navigation: 2 s of the suite's CPU).
            page.evaluate("window.stop()")
            self._requests.clear()
            self._blocked.clear()
            status = open_page(page, self.base, target)
            violations = page.evaluate(AXE_RUN, WCAG_TAGS)
            facts = page.evaluate(DOM_FACTS)
            self.visits[target.path] = Visit(target, page.url, status, list(self._requests), violations, facts, list(self._blocked))
        return self.visits[target.path]

    def close(self) -> None:
        if self._page is not None:
            self._page.context.close()
            self._page = None


def require_chromium() -> None:
    """Fail loudly when Chromium is missing (`invoke test` installs it); skip only where it cannot be installed."""
    if CHROMIUM.exists():
        return
    if os.geteuid() != 0 and not shutil.which("apt-get"):
        pytest.skip(f"{CHROMIUM} is missing and cannot be installed here (not root, no apt-get)")
    pytest.fail(
        f"{CHROMIUM} is missing: install Debian's Chromium with `apt-get install chromium` "
        "(`invoke test` does it when run as root)",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def site_url(sample) -> Iterator[str]:
    """The sample site (built with its Pagefind index) on a random port of 127.0.0.1."""
    handler = functools.partial(QuietHandler, directory=str(sample.output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session (per xdist worker)."""
    require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def reader(browser: Browser, site_url: str) -> Iterator[Reader]:
    """What each page showed when it was loaded, with axe-core injected before its own scripts."""
    reader = Reader(browser, site_url)
    try:
        yield reader
    finally:
        reader.close()


@pytest.fixture
def fresh_page(browser: Browser) -> Iterator[Page]:
    """A tab in a new context: empty cache and no injected scripts, for measuring and keyboard tests."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        yield context.new_page()
    finally:
        context.close()
