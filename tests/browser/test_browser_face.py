"""Issue 14: the site on a phone and a desktop, as a reader sees it.

Every page type in every language at 320, 390, 768 and 1366 CSS px: each page is loaded once,
at one of the widths (a different one from page to page), then the window is resized to each
of the others, as a reader turning a tablet does. At every width: nothing scrolls sideways, the current section shows,
logos keep their shape, no e-mail address or phone number is split across lines, every listed
cancelled event says so. The menu is driven by keyboard and by touch; the search page is
checked by axe-core in its results state with every rule on.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from playwright.sync_api import Browser, Page

from .conftest import AXE_SOURCE
from .pages import LANGS, ROOT, SEARCH_READY, TARGETS, Target

pytestmark = pytest.mark.browser

WIDTHS = [320, 390, 768, 1366]
WIDE = 960  # 60rem: from here the menu is a row (site.css, js/menu.js)
PAGES = [t for t in TARGETS if t.lang is not None]
# Pages that list events beyond the calendar: a participating company's page (not a page type).
CANCELLED_LISTS = ["/{lang}/", "/{lang}/events/", "/{lang}/organisations/fjellnett/", "/{lang}/companies/helsefjell/"]


def cancelled_events() -> set[str]:
    """Ids of the sample's cancelled events, read from content/ (the oracle, not the site)."""
    found = set()
    for path in sorted((ROOT / "content" / "data" / "events").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if str(data.get("status", "")).lower() == "cancelled":
            found.add(data["id"])
    return found


CANCELLED = cancelled_events()

# Everything measured in one evaluation per page load.
MEASURE = """async (cancelled) => {
  const visible = el => !!el && el.checkVisibility() && el.getBoundingClientRect().width > 0;
  const lines = el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    return tops.size;
  };
  const wide = [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > innerWidth + 1 && visible(el) && !el.closest(".menu-more ul"))
    .slice(0, 3).map(el => el.outerHTML.slice(0, 140));
  const contacts = [...document.querySelectorAll('a[href^="mailto:"], a[href^="tel:"]')]
    .filter(a => visible(a) && !a.closest(".share")).map(a => [a.textContent.trim(), lines(a)]);
  const logoImages = [...document.querySelectorAll("img.logo")].filter(visible);
  logoImages.forEach(img => { img.loading = "eager"; });  // lazy ones below the fold too
  await Promise.all(logoImages.map(img => img.decode().catch(() => null)));
  const logos = logoImages.map(img => {
    const box = img.getBoundingClientRect();
    return [img.getAttribute("src"), img.naturalWidth / img.naturalHeight, box.width / box.height, getComputedStyle(img).objectFit];
  });
  const current = document.querySelector(".main-menu [aria-current]");
  const bar = document.querySelector(".section-bar a");
  const eventLinks = [...document.querySelectorAll("main a[href*='/events/']")].filter(a => {
    const id = new URL(a.href).pathname.split("/").filter(Boolean).pop();
    return cancelled.includes(id) && !a.closest(".programme");
  });
  return {
    scrollWidth: document.documentElement.scrollWidth,
    wide,
    contacts,
    logos,
    current: current ? current.textContent.trim() : null,
    currentVisible: visible(current) && current.getBoundingClientRect().bottom <= innerHeight,
    bar: bar ? bar.textContent.trim() : null,
    barVisible: visible(bar) && bar.getBoundingClientRect().bottom <= innerHeight,
    header: document.querySelector(".site-header").getBoundingClientRect().height,
    menuTops: [...document.querySelectorAll(".menu-list > li:not([hidden])")].filter(visible).map(li => Math.round(li.getBoundingClientRect().top)),
    unmarked: eventLinks.filter(a => !a.closest("li, article, .event-item").querySelector(".badge-alert")).map(a => a.href),
    marked: eventLinks.length,
  };
}"""


def _problems(target: Target, width: int, seen: dict) -> list[str]:
    problems = []
    where = f"{target.path} at {width} px"
    if seen["scrollWidth"] > width:
        problems.append(f"{where}: scrolls sideways ({seen['scrollWidth']} px): {seen['wide']}")
    for text, lines in seen["contacts"]:
        if lines != 1:
            problems.append(f"{where}: '{text}' is split over {lines} lines")
    for src, natural, shown, fit in seen["logos"]:
        if not natural:
            problems.append(f"{where}: logo {src} did not load")
        elif abs(natural - shown) > 0.03 * natural and fit != "contain":
            problems.append(f"{where}: logo {src} is drawn at {shown:.2f}:1, the file is {natural:.2f}:1")
    if seen["unmarked"]:
        problems.append(f"{where}: cancelled events listed without their status: {seen['unmarked']}")
    outside_sections = {"home", "search", "404", "accessibility", "privacy", "organisations", "organisation", "cancelled-list", "sitemap"}
    if seen["current"] is None and target.kind not in outside_sections:
        problems.append(f"{where}: no menu item is marked as the current section")
    if seen["current"] is not None:
        if width >= WIDE and not seen["currentVisible"]:
            problems.append(f"{where}: the current section '{seen['current']}' is not visible in the menu row")
        if width < WIDE and not (seen["barVisible"] and seen["bar"] == seen["current"]):
            problems.append(f"{where}: the current section is not shown under the header ({seen['bar']!r})")
    if width < WIDE and seen["header"] > 844 / 5:
        problems.append(f"{where}: the header is {seen['header']:.0f} px high (at most a fifth of 844)")
    if width >= 1366 and len(set(seen["menuTops"])) > 1:
        problems.append(f"{where}: the menu takes {len(set(seen['menuTops']))} rows")
    return problems


SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.mark.parametrize("lang", LANGS, ids=[f"pages-{lang}" for lang in LANGS])
def test_every_page_type_fits_marks_its_section_and_keeps_contacts_logos_and_status_whole(
    browser: Browser, site_url: str, lang: str
):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 844})
    page = context.new_page()
    problems: list[str] = []
    marked = {}
    pages = [t for t in PAGES if t.lang == lang]
    extra = [Target("cancelled-list", lang, path.format(lang=lang)) for path in CANCELLED_LISTS]
    try:
        for number, target in enumerate(pages + extra):
            # Loaded at one width, the next page at the next: every width is a loading width for
            # some pages, and every page is also seen after its window was resized (menu.js listens).
            widths = WIDTHS[number % len(WIDTHS) :] + WIDTHS[: number % len(WIDTHS)]
            page.set_viewport_size({"width": widths[0], "height": 844})
            page.goto(site_url + target.path, wait_until="load")
            for width in widths:
                if width != widths[0]:
                    page.set_viewport_size({"width": width, "height": 844})
                    page.evaluate(SETTLED)  # the resize event and the layout it causes are done
                seen = page.evaluate(MEASURE, sorted(CANCELLED))
                problems += _problems(target, width, seen)
            if target.kind == "cancelled-list":
                marked[target.path] = seen["marked"]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
    # The oracle: each of these pages lists the cancelled breakfast (home and calendar: upcoming;
    # Fjellnett organises it; Helsefjell takes part).
    assert CANCELLED and len(marked) == len(CANCELLED_LISTS) and all(count >= 1 for count in marked.values()), marked


def _menu_links(page: Page) -> list[str]:
    return page.eval_on_selector_all(".menu-list a", "els => els.map(a => new URL(a.href).pathname)")


def _focused_href(page: Page) -> str | None:
    return page.evaluate("document.activeElement && document.activeElement.getAttribute('href')")


@pytest.mark.parametrize("width", [320, 390, 768])
def test_phone_menu_opens_reaches_every_section_by_keyboard_and_closes(browser: Browser, site_url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{site_url}/{LANGS[0]}/events/")
        summary = page.locator("summary.menu-button")
        assert summary.is_visible() and not page.locator(".menu-list").is_visible()
        sections = _menu_links(page)
        assert len(sections) >= 5
        summary.focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.querySelector('details.menu').open")
        reached = []
        for _ in range(len(sections)):
            page.keyboard.press("Tab")
            href = _focused_href(page)
            reached.append(urlparse(href or "").path)
            in_view = page.evaluate(
                "(() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()"
            )
            assert in_view, f"{href} is focused off screen"
        assert reached == sections
        page.keyboard.press("Escape")
        assert not page.evaluate("document.querySelector('details.menu').open")
        assert page.evaluate("document.activeElement.matches('summary.menu-button')"), "focus did not return to the button"
        # Without JavaScript's help the button itself closes it too.
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        assert not page.evaluate("document.querySelector('details.menu').open")
    finally:
        context.close()


def test_phone_menu_works_by_touch_and_leads_to_a_section_that_is_marked(browser: Browser, site_url: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/{LANGS[0]}/")
        sections = _menu_links(page)
        for section in sections:
            page.tap("summary.menu-button")
            link = page.locator(f'.menu-list a[href="{section}"]')
            assert link.is_visible(), f"{section} is not shown in the open menu"
            link.tap()
            page.wait_for_url(f"**{section}")
            assert page.locator(f'.menu-list a[href="{section}"]').get_attribute("aria-current"), section
            assert page.locator(".section-bar a").is_visible()
        page.tap("summary.menu-button")
        page.tap("main", position={"x": 20, "y": 600})  # a tap elsewhere closes it
        assert not page.evaluate("document.querySelector('details.menu').open")
    finally:
        context.close()


def test_desktop_menu_is_one_row_reached_by_keyboard_and_overflows_into_more(browser: Browser, site_url: str):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        for lang in LANGS:
            page.goto(f"{site_url}/{lang}/jobs/")
            assert not page.locator("summary.menu-button").is_visible()
            assert page.locator(".menu-more").is_hidden(), f"{lang}: the sample's sections do not fit one row"
            sections = _menu_links(page)
            page.locator(".brand").focus()
            reached = []
            while len(reached) < 40:
                page.keyboard.press("Tab")
                if page.evaluate("!document.activeElement.closest('header')"):
                    break
                if page.evaluate("!!document.activeElement.closest('.main-menu')"):
                    reached.append(urlparse(_focused_href(page) or "").path)
            assert reached == sections
        # A region with more sections: the links that do not fit move under "More", in order,
        # and stay reachable; the current section stays in the row.
        page.evaluate(
            """() => { const list = document.querySelector('.menu-list'), more = list.querySelector('.menu-more');
            for (let i = 0; i < 6; i++) { const li = document.createElement('li'); li.innerHTML = '<a href="/x' + i + '/">Extra section ' + i + '</a>'; list.insertBefore(li, more); }
            window.dispatchEvent(new Event('resize')); }"""
        )
        assert page.locator(".menu-more").is_visible()
        tops = page.eval_on_selector_all(".menu-list > li:not([hidden])", "els => new Set(els.map(e => Math.round(e.getBoundingClientRect().top))).size")
        assert tops == 1
        assert page.locator(".menu-list > li > a[aria-current]").is_visible()
        page.locator(".menu-more summary").focus()
        page.keyboard.press("Enter")
        moved = page.eval_on_selector_all(".menu-more ul a", "els => els.map(a => a.textContent)")
        assert moved and moved[-1] == "Extra section 5"
        assert all(page.locator(".menu-more ul a").nth(i).is_visible() for i in range(len(moved)))
        page.keyboard.press("Escape")
        assert not page.evaluate("document.querySelector('.menu-more details').open")
    finally:
        context.close()


SEARCH_STATE = {"nb": "Nordlys", "sv": "Nordlys", "en": "Nordlys"}


@pytest.mark.parametrize("width", [390, 1366])
def test_search_page_with_results_passes_every_axe_rule(browser: Browser, site_url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 844})
    context.add_init_script(script=AXE_SOURCE)
    page = context.new_page()
    try:
        for lang in LANGS:
            page.goto(f"{site_url}/{lang}/search/")
            page.wait_for_selector(SEARCH_READY)
            page.fill(SEARCH_READY, SEARCH_STATE.get(lang, "Nordlys"))
            page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
            page.wait_for_selector(".pagefind-ui__result--loading, .pagefind-ui__loading", state="detached")
            label = page.evaluate("document.querySelector('.pagefind-ui__search-input').getAttribute('aria-labelledby')")
            assert label and page.locator(f"#{label}").is_visible(), "the search box has no visible label"
            violations = page.evaluate(
                """async () => (await axe.run(document)).violations.map(v => v.id + " (" + v.impact + "): " +
                v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))"""
            )
            assert violations == [], f"/{lang}/search/ with results at {width} px: {violations}"
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            results = page.eval_on_selector_all(".pagefind-ui__result-excerpt", "els => els.map(e => e.textContent)")
            assert not any("LinkedIn" in text or "Facebook" in text for text in results), results
    finally:
        context.close()


def test_no_result_of_a_query_is_a_share_box_or_site_furniture(browser: Browser, site_url: str):
    """"x" (for X) used to find the share box of every page: no indexed text holds the share
    links, the menu or the language switcher."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{site_url}/{LANGS[0]}/search/")
        found = page.evaluate(
            """async () => { const pagefind = await import("/pagefind/pagefind.js"); await pagefind.init();
            const out = [];
            for (const q of ["x", "linkedin", "svenska"]) {
              const search = await pagefind.search(q);
              for (const result of search.results) { const data = await result.data(); out.push([q, data.url, data.content]); } }
            return out; }"""
        )
        assert found, "the queries found nothing at all"
        furniture = ["LinkedIn", "Facebook", "Svenska", "English"]
        leaks = [(q, url) for q, url, content in found if any(word in content for word in furniture)]
        assert leaks == [], leaks
    finally:
        context.close()


def test_the_first_screens_largest_image_is_fetched_first(browser: Browser, site_url: str):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for path in [f"/{LANGS[0]}/", f"/{LANGS[0]}/events/try-living-weekend-2027/", f"/{LANGS[0]}/news/"]:
            page.goto(site_url + path)
            largest = page.evaluate(
                """() => [...document.images].filter(i => i.getBoundingClientRect().top < innerHeight)
                .map(i => ({area: i.getBoundingClientRect().width * i.getBoundingClientRect().height, loading: i.loading,
                priority: i.getAttribute("fetchpriority"), picked: i.currentSrc}))
                .sort((a, b) => b.area - a.area)[0]"""
            )
            assert largest and largest["loading"] != "lazy" and largest["priority"] == "high", (path, largest)
            assert largest["picked"].endswith(".webp"), f"{path}: the browser took {largest['picked']}, not the WebP variant"
    finally:
        context.close()


def test_the_hero_offers_a_1920_px_variant_and_a_wide_screen_takes_a_sharp_one(browser: Browser, site_url: str):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        page.goto(f"{site_url}/{LANGS[0]}/")
        hero = page.evaluate(
            """() => { const img = document.querySelector('.hero img');
            const source = img.closest('picture').querySelector('source');
            return {srcset: source.srcset, picked: img.currentSrc, width: img.getBoundingClientRect().width}; }"""
        )
        widths = [int(part.strip().split(" ")[1][:-1]) for part in hero["srcset"].split(",")]
        assert max(widths) >= 1920, hero
        picked = int(Path(urlparse(hero["picked"]).path).stem.split("-")[-2][:-1])
        assert picked >= hero["width"], hero
    finally:
        context.close()
