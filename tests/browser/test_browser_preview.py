"""The preview server in Chromium: a page or drawing a pull request put in content/ runs no
script on the preview's origin (which the browser CMS and its file back end share), and the
preview's own pages — a draft with its banner and reload script — live within the header policy.

The same hostile content as tests/test_preview_files.py (tests/previewserver.py); that file
checks the answers, this one what a browser does with them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from conftest import copy_content
from playwright.sync_api import Browser, Page
from previewserver import DRAFT_SLUG, DRAFT_TEXT, add_hostile_files, preview_server

from .conftest import RECORD_VIOLATIONS, VIEWPORT

pytestmark = pytest.mark.browser


@dataclass
class Tab:
    page: Page
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    blocked: list[dict[str, Any]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    root = tmp_path_factory.mktemp("preview-browser")
    content = copy_content(root)
    hostile = add_hostile_files(content)
    with preview_server(content, root / "cache") as base:
        yield base, hostile


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    """A new context that records console messages, page errors, policy violations and requests."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        seen = Tab(context.new_page())
        context.expose_binding("__homewardViolation", lambda _source, found: seen.blocked.append(found))
        context.add_init_script(script=RECORD_VIOLATIONS)
        seen.page.on("console", lambda message: seen.console.append(message.text))
        seen.page.on("pageerror", lambda error: seen.errors.append(str(error)))
        seen.page.on("request", lambda request: seen.requests.append(request.url))
        yield seen
    finally:
        context.close()


def test_a_hostile_file_in_content_runs_no_script_in_the_preview(preview: tuple[str, dict[str, str]], tab: Tab) -> None:
    base, hostile = preview
    for name in ("html", "svg", "js"):
        response = tab.page.goto(base + hostile[name])
        tab.page.wait_for_load_state("load")
        assert tab.page.evaluate("() => window.__homewardHostile") is None, f"the {name} file's script ran"
        assert not [text for text in tab.console if "HOSTILE-SCRIPT-RAN" in text], (name, tab.console)
        assert response is not None and response.status == 404, name
        assert "is not published" in tab.page.inner_text("body"), name
    # The page also loads the hostile files as a script and an image would (a page of the site
    # cannot, but a file served as a script or a drawing must not run either way).
    tab.page.goto(base + "/en/")
    tab.page.evaluate(
        """([js, svg]) => new Promise(done => {
            const script = document.createElement('script'); script.src = js; script.onerror = script.onload = () => {
              const frame = document.createElement('img'); frame.src = svg; frame.onerror = frame.onload = done;
              document.body.append(frame);
            };
            document.body.append(script);
        })""",
        [hostile["js"], hostile["svg"]],
    )
    assert tab.page.evaluate("() => window.__homewardHostile") is None
    assert not [text for text in tab.console if "HOSTILE-SCRIPT-RAN" in text], tab.console


def test_a_draft_is_previewed_as_its_page_within_the_header_policy(preview: tuple[str, dict[str, str]], tab: Tab) -> None:
    base, _hostile = preview
    # The reload script (an own file, allowed by script-src 'self') connects to the event stream.
    with tab.page.expect_request(lambda request: request.url.endswith("/__homeward/events")):
        response = tab.page.goto(f"{base}/en/news/{DRAFT_SLUG}/")
    assert response is not None and response.status == 200
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    tab.page.locator(".preview-banner").wait_for()
    assert DRAFT_TEXT in tab.page.inner_text("main")
    tab.page.goto(f"{base}/en/news/new-cross-border-bus/")
    tab.page.wait_for_load_state("load")
    images = tab.page.evaluate(
        "() => [...document.images].filter(img => img.loading !== 'lazy').map(img => [img.currentSrc, img.complete && img.naturalWidth > 0])"
    )
    assert images and all(shown for _src, shown in images), images
    assert tab.blocked == [], tab.blocked
    assert tab.errors == [], tab.errors
