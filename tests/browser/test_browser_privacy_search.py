"""Issue 6: a reader's browser talks to no one but the site (no trackers, no fonts or scripts from
other hosts, share links are plain links), and Pagefind finds what a reader types, per language."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, Route

from .conftest import Reader, open_page
from .pages import LANGS, SEARCH_READY, TARGETS, Target

pytestmark = pytest.mark.browser

IDS = [t.id for t in TARGETS]
COMPANY = ("Nordlys Data", "nordlys-data")  # a company of the sample region, in every language


def _third_party(requests: list[str]) -> list[str]:
    return [
        url
        for url in requests
        if urlparse(url).scheme not in ("data", "blob") and urlparse(url).hostname != "127.0.0.1"
    ]


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_a_page_requests_nothing_from_another_host(reader: Reader, target: Target):
    visit = reader.visit(target)
    assert any(url.endswith(".css") for url in visit.requests), f"{target.path}: no stylesheet request was recorded"
    assert _third_party(visit.requests) == [], f"{target.path} asked other hosts"


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_a_page_lives_within_its_content_security_policy(reader: Reader, target: Target):
    """Every page kind in every language, under the policy in its <meta> (the header's, less
    frame-ancestors and upgrade-insecure-requests): the browser blocks nothing the page asks for
    (a style or image blocked is one the reader does not get). test_browser_attacks.py does the
    same under the Netlify headers, and on the search page after its results are shown."""
    visit = reader.visit(target)
    assert visit.blocked == [], f"{target.path}: the Content-Security-Policy blocked {visit.blocked}"


def test_no_cookie_and_no_storage_after_reading_pages(fresh_page: Page, site_url: str):
    read = TARGETS[:6] + [t for t in TARGETS if t.kind == "search"][:1]
    for target in read:  # one reader, one tab, several pages: what they leave adds up
        open_page(fresh_page, site_url, target)
    assert fresh_page.url == site_url + read[-1].path
    assert fresh_page.context.cookies() == []
    assert fresh_page.evaluate("localStorage.length + sessionStorage.length") == 0


def _search(page: Page, base: str, lang: str, query: str) -> list[str]:
    """Type into Pagefind's UI like a reader and return the result links (paths)."""
    page.goto(f"{base}/{lang}/search/")
    page.wait_for_selector(SEARCH_READY)
    # Pagefind's own API says how many pages match (its promise is the event to wait on); the UI
    # is done when its message names that count and the first page of results (5) is rendered
    # with links. Sub-results add links of their own, so results are counted, not links.
    expected = page.evaluate(
        """async (query) => { const pagefind = await import("/pagefind/pagefind.js");
        return (await pagefind.search(query)).results.length; }""",
        query,
    )
    page.fill(SEARCH_READY, query)
    # Pagefind's UI is done when its result list exists (it is rendered only once the search has
    # finished; while searching, only the message "Searching for …" is) and no result in it is a
    # loading placeholder (each result fetches its fragment, then replaces the placeholder with
    # its link). Waiting for any message returned [] under load: "Searching for …" is one.
    # Conditions in Playwright's own engine (wait_for_selector): the pages' CSP forbids the
    # eval() a string predicate of wait_for_function may need.
    page.wait_for_selector(".pagefind-ui__results", state="attached", timeout=30_000)
    page.wait_for_selector(".pagefind-ui__results .pagefind-ui__loading", state="detached", timeout=30_000)
    shown = page.eval_on_selector_all(".pagefind-ui__result", "els => els.length")
    assert shown == min(expected, 5), f"Pagefind found {expected} pages for {query!r}, the UI shows {shown}"
    return [
        urlparse(href).path
        for href in page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.href)")
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_a_company_by_name_in_every_language_without_leaving_the_site(
    fresh_page: Page, site_url: str, lang: str
):
    requests: list[str] = []
    fresh_page.on("request", lambda request: requests.append(request.url))
    results = _search(fresh_page, site_url, lang, COMPANY[0])
    assert f"/{lang}/companies/{COMPANY[1]}/" in results, results
    assert all(path.startswith(f"/{lang}/") for path in results), f"results from another language: {results}"
    assert any("/pagefind/" in url and url.endswith(".pf_fragment") for url in requests), (
        "no result fragment was fetched"
    )
    assert _third_party(requests) == []


def test_every_language_has_its_own_index_with_the_type_filter(fresh_page: Page, site_url: str):
    for lang in LANGS:
        fresh_page.goto(f"{site_url}/{lang}/search/")
        filters = fresh_page.evaluate(
            """async () => { const pagefind = await import("/pagefind/pagefind.js"); await pagefind.init();
            return await pagefind.filters(); }"""
        )
        assert "type" in filters, filters
        assert len(filters["type"]) >= 5 and all(count > 0 for count in filters["type"].values()), filters
    entry = fresh_page.evaluate(
        """async () => (await (await fetch("/pagefind/pagefind-entry.json")).json()).languages"""
    )
    assert sorted(entry) == sorted(LANGS), entry  # one index per <html lang>
    assert all(info["page_count"] > 20 for info in entry.values()), entry


def test_swedish_search_does_not_return_norwegian_only_pages(fresh_page: Page, site_url: str):
    # The record apprentices article exists in nb (and en) but not in sv: its sv page is a fallback
    # in Norwegian, which must not be indexed for Swedish readers. The word is only in its nb text.
    word = "akvakulturfaget"

    def late(route: Route) -> None:
        time.sleep(0.15)  # not a wait: Pagefind's files arrive late, as on a loaded machine
        route.continue_()

    # The old wait (for any message) returned [] here: "Searching for …" is a message too.
    fresh_page.route("**/pagefind/**", late)
    assert "/nb/news/record-apprentices-havnoy/" in _search(fresh_page, site_url, "nb", word)
    swedish = _search(fresh_page, site_url, "sv", word)
    assert not [path for path in swedish if "record-apprentices" in path or not path.startswith("/sv/")], swedish


def test_share_links_are_plain_links_with_names_and_no_scripts(fresh_page: Page, site_url: str):
    article = next(t for t in TARGETS if t.kind == "article")
    page = fresh_page
    open_page(page, site_url, article)
    links = page.eval_on_selector_all(
        ".share a",
        "els => els.map(a => ({href: a.href, rel: a.rel, name: a.getAttribute('aria-label') || a.textContent.trim(), text: a.textContent.trim()}))",
    )
    hosts = {urlparse(link["href"]).hostname or urlparse(link["href"]).scheme for link in links}
    assert hosts == {"www.linkedin.com", "www.facebook.com", "x.com", "mailto"}, links
    page_url = page.url
    for link in links:
        assert link["name"] and link["text"] and link["text"].lower() in link["name"].lower(), (
            link
        )  # the visible text is part of the name
        href = urlparse(link["href"])
        if href.scheme == "mailto":
            assert page_url.replace(site_url, "") in parse_qs(href.query)["body"][0]
            continue
        assert "noopener" in link["rel"].split(), link
        shared = [value for values in parse_qs(href.query).values() for value in values]
        assert any(value.endswith(article.path) for value in shared), f"{link['href']} does not share {article.path}"
    assert page.eval_on_selector_all(".share script, .share iframe", "els => els.length") == 0
    story = next(t for t in TARGETS if t.kind == "story")
    open_page(page, site_url, story)
    assert page.eval_on_selector_all(".share a", "els => els.length") == 4, (
        "the story page has no share links"
    )
