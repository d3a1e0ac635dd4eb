"""Issue 6: every page type in every language passes axe-core (WCAG 2.0/2.1 A and AA), has the
landmarks and heading outline a screen reader user navigates by, alt text on every image, and
a keyboard path that starts with a visible skip link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .conftest import Reader
from .pages import LANGS, TARGETS, Target

pytestmark = pytest.mark.browser

IDS = [t.id for t in TARGETS]


def _report(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations)


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_axe_finds_no_wcag_a_or_aa_violation(reader: Reader, target: Target):
    visit = reader.visit(target)
    assert visit.status == 200, f"{target.path}: HTTP {visit.status}"
    assert visit.violations == [], f"{target.path}:\n{_report(visit.violations)}"


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_landmarks_and_one_h1_with_no_skipped_levels(reader: Reader, target: Target):
    facts = reader.visit(target).facts
    landmarks = facts["landmarks"]
    assert landmarks["main"] == 1, landmarks
    if target.kind != "chooser":  # the root chooser is a bare list of languages, all in <main>
        assert landmarks["banner"] == 1 and landmarks["contentinfo"] == 1 and landmarks["navigation"] >= 2, landmarks
    levels = [level for level, _text in facts["headings"]]
    assert levels.count(1) == 1 and levels[0] == 1, (
        f"{target.path}: one h1, before every other heading: {facts['headings']}"
    )
    previous = 1
    for level, text in facts["headings"][1:]:
        assert level <= previous + 1, f"{target.path}: h{level} '{text}' follows h{previous}: {facts['headings']}"
        previous = level
    assert all(text for _level, text in facts["headings"]), "empty heading"


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_every_image_has_alt_text_and_a_size(reader: Reader, target: Target):
    for image in reader.visit(target).facts["images"]:
        assert image["alt"] is not None, f"{target.path}: <img src={image['src']}> has no alt attribute"
        assert image["width"] and image["height"], f"{target.path}: {image['src']} has no width/height (layout shift)"


KEYBOARD_PAGES = [t for t in TARGETS if t.kind in {"home", "article", "search"} and t.lang == LANGS[0]]


@pytest.mark.parametrize("target", KEYBOARD_PAGES, ids=[t.id for t in KEYBOARD_PAGES])
def test_tab_reaches_the_visible_skip_link_first_and_enter_moves_focus_to_main(
    fresh_page: Page, site_url: str, target: Target
):
    page = fresh_page
    page.goto(site_url + target.path)
    link = page.locator(".skip-link")
    assert not _in_viewport(page, ".skip-link"), "the skip link should be off screen until focused"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert _in_viewport(page, ".skip-link"), "the focused skip link is not visible"
    assert _has_focus_ring(page), "the focused skip link has no visible focus indicator"
    assert link.get_attribute("href") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues inside main, not back at the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')"), page.evaluate("document.activeElement.outerHTML")


def test_every_focusable_element_in_the_header_shows_focus(fresh_page: Page, site_url: str):
    page = fresh_page
    page.goto(f"{site_url}/{LANGS[0]}/")
    count = page.evaluate("document.querySelectorAll('header a, header button').length")
    assert count >= 5
    page.keyboard.press("Tab")  # the skip link
    for _ in range(count):
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('header')"), "focus left the header too early"
        assert _has_focus_ring(page), page.evaluate("document.activeElement.outerHTML")


def _in_viewport(page: Page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return r.bottom > 0 && r.top >= 0 && r.right > 0 && r.left < innerWidth && r.width > 1 && r.height > 1; }""",
        selector,
    )


def _has_focus_ring(page: Page) -> bool:
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none"; }"""
    )


REFLOW = [t for t in TARGETS if t.lang in (None, LANGS[0])]


def test_no_page_scrolls_sideways_at_320_css_pixels(browser, site_url: str):
    """WCAG 1.4.10 Reflow: content fits a 320 px wide screen (400 % zoom) without horizontal scrolling."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = {}
    try:
        for target in REFLOW:
            page.goto(site_url + target.path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide[target.path] = (width, page.evaluate(_WIDEST))
    finally:
        context.close()
    assert wide == {}, wide


_WIDEST = """() => [...document.querySelectorAll("body *")].filter(el => el.getBoundingClientRect().right > 321)
  .filter(el => !el.closest(".main-menu ul")).slice(0, 3).map(el => el.outerHTML.slice(0, 120))"""


@pytest.mark.parametrize("target", [t for t in TARGETS if t.kind == "facts"], ids=lambda t: t.id)
def test_chart_labels_and_values_are_whole_and_readable_on_a_320_px_phone(browser, site_url: str, target: Target):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(site_url + target.path)
        texts = page.evaluate(
            """() => [...document.querySelectorAll(".chart .chart-label, .chart .chart-value")].map(el => {
              const r = el.getBoundingClientRect(), chart = el.closest(".chart").getBoundingClientRect();
              return {text: el.textContent, size: parseFloat(getComputedStyle(el).fontSize),
                      inside: r.left >= chart.left - 0.5 && r.right <= chart.right + 0.5 && r.width > 0}; })"""
        )
        assert texts, "no chart on the facts page"
        assert [t["text"] for t in texts if not t["inside"]] == [], f"{target.path}: chart text cut off"
        assert min(t["size"] for t in texts) >= 14, f"{target.path}: chart text smaller than 14 px: {texts}"
        # The table of the same numbers opens without making the page wider than the phone.
        page.click(".chart-block summary")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()
