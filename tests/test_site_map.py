"""Issue 19: the readers' site map page, the top bar that links it and the accessibility
statement from every page, and the print link, on the sample build.

The site map is checked against an oracle that does not use the plugin's rules: the HTML
files the build wrote under output/<lang>/, minus the kinds of page a site map leaves out
(filter views, later pages of a list, the 404 and thank-you pages, the site map itself).
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import CONTENT, Build, soup

LANGS = ["nb", "sv", "en"]
NOT_LISTED = [
    r"404\.html",
    r"sitemap/index\.html",  # the site map itself
    r"(.+/)?page/\d+/index\.html",  # page 2, 3… of a list
    r"contact/thanks/index\.html",
    r"(companies|jobs|events)/(sector|municipality|attendance)/.*",  # filter views
    r"jobs/(employment|field|source)/.*",  # the jobs list's filter views (issue 16)
    r"(companies|jobs)/(hiring|remote)/index\.html",
]
TOP_BAR = {
    "nb": ("Nettstedskart", "Tilgjengelighet"),
    "sv": ("Webbkarta", "Tillgänglighet"),
    "en": ("Site map", "Accessibility"),
}



def url_of(rel: str) -> str:
    return "/" + rel.removesuffix("index.html")


def oracle(build: Build, lang: str) -> set[str]:
    pattern = re.compile("|".join(f"(?:{p})" for p in NOT_LISTED))
    folder = build.output / lang
    files = [p.relative_to(folder).as_posix() for p in folder.rglob("*.html")]
    return {url_of(f"{lang}/{rel}") for rel in files if not pattern.fullmatch(rel)}


def site_map(build: Build, lang: str) -> Tag:
    tree = soup(build, f"{lang}/sitemap/index.html").select_one("main ul.site-map")
    assert tree is not None
    return tree


@pytest.mark.parametrize("lang", LANGS)
def test_the_site_map_lists_every_page_of_its_language_once_and_nothing_else(sample: Build, lang: str):
    links = [a["href"] for a in site_map(sample, lang).find_all("a")]
    assert len(links) == len(set(links)), "a page is listed twice"
    expected = oracle(sample, lang)
    assert len(expected) > 40
    assert set(links) == expected, f"missing: {sorted(expected - set(links))}\nextra: {sorted(set(links) - expected)}"
    assert all(href.startswith(f"/{lang}/") for href in links)


def heading_lang(heading: Tag) -> str | None:
    """The language a page's h1 is marked with: on the h1, or on the one span it holds."""
    if heading.get("lang"):
        return heading["lang"]
    children = heading.find_all(True, recursive=False)
    if len(children) == 1 and children[0].name == "span" and children[0].get_text() == heading.get_text():
        return children[0].get("lang")
    return None


def untranslated_items(lang: str) -> int:
    """Markdown items with no file in `lang` (their pages there are fallbacks)."""
    slugs: dict[tuple[str, str], set[str]] = {}
    for path in CONTENT.glob("*/*.md"):
        slug, _, code = path.stem.rpartition(".")
        slugs.setdefault((path.parent.name, slug), set()).add(code)
    return sum(1 for codes in slugs.values() if lang not in codes)


@pytest.mark.parametrize("lang", LANGS)
def test_untranslated_pages_are_listed_with_the_language_of_their_name(sample: Build, lang: str):
    """The same fallback rule as the pages: a page shown in another language (it carries
    noindex and the 'not translated' notice) is listed under its own name, marked `lang` as
    the page's heading is; every other link carries the language of the page's heading too."""
    marked = 0
    for link in site_map(sample, lang).find_all("a"):
        page = soup(sample, link["href"].lstrip("/") + "index.html")
        fallback = page.select_one('meta[name="robots"][content="noindex"]') is not None
        heading = page.select_one("main h1")
        if fallback:
            marked += 1
            assert link.get("lang") == heading_lang(heading) != lang, (link, heading)
            assert link.get_text() == heading.get_text(strip=True)
        elif link["href"] != f"/{lang}/":
            assert link.get("lang") == heading_lang(heading), (link, heading)
    assert marked == untranslated_items(lang)
    if lang == "sv":  # the sample has an article written in nb and en only
        assert marked >= 1


@pytest.mark.parametrize("lang", LANGS)
def test_the_site_map_is_grouped_as_the_menu_is(sample: Build, lang: str):
    page = soup(sample, f"{lang}/sitemap/index.html")
    menu = [a["href"] for a in page.select("nav.main-menu .menu-list > li > a")]
    top = [li.find("a", recursive=False)["href"] for li in page.select_one("main ul.site-map").find_all("li", recursive=False)]
    assert top[0] == f"/{lang}/"
    assert top[1 : 1 + len(menu)] == menu
    for item in page.select_one("main ul.site-map").find_all("li", recursive=False):
        section = item.find("a", recursive=False)["href"]
        for child in item.select(":scope > ul a"):
            assert child["href"].startswith(section), (section, child["href"])
    news = next(li for li in page.select("main ul.site-map > li") if li.a["href"] == f"/{lang}/news/")
    articles = {url_of(f"{lang}/news/{p.parent.name}/index.html") for p in (sample.output / lang / "news").glob("*/index.html") if p.parent.name != "page"}
    assert {a["href"] for a in news.select(":scope > ul a")} == articles


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_the_site_map_and_the_accessibility_statement_in_its_top_bar(sample: Build, lang: str):
    statement = soup(sample, f"{lang}/sitemap/index.html").find("a", string=re.compile("Tilgjengelighetserklæring|Tillgänglighetsredogörelse|Accessibility statement"))
    assert statement is not None
    expected = [(TOP_BAR[lang][0], f"/{lang}/sitemap/"), (TOP_BAR[lang][1], statement["href"])]
    pages = sorted((sample.output / lang).rglob("*.html"))
    assert len(pages) > 60
    for path in pages:
        header = re.search(r'<header class="site-header".*?</header>', path.read_text(encoding="utf-8"), re.S)
        assert header, path
        bar = BeautifulSoup(header[0], "lxml").select_one("nav.top-bar")
        assert bar is not None and bar.get("aria-label"), f"{path}: no top bar"
        assert [(a.get_text(), a["href"]) for a in bar.find_all("a")] == expected, path
    footer = soup(sample, f"{lang}/index.html").select_one("footer")
    assert {a["href"] for a in footer.find_all("a")} >= {f"/{lang}/sitemap/", statement["href"]}


@pytest.mark.parametrize(
    "path", ["news/new-data-centre-hall-storvoll/", "press/try-living-weekend-announced/", "stories/from-porto-to-havnoy/", "events/try-living-weekend-2027/"]
)
def test_a_print_button_sits_with_the_share_links_and_a_release_offers_its_pdf(sample: Build, path: str):
    for lang in LANGS:
        page = soup(sample, f"{lang}/{path}index.html")
        share = page.select_one("main .share-links")
        assert share is not None, path
        button = share.select_one("button[data-print]")
        assert button is not None and button["type"] == "button"
        assert button.find_parent(attrs={"hidden": True}) is not None, "hidden until its script runs"
        assert not any(name.startswith("on") for tag in share.find_all(True) for name in tag.attrs), "no inline handler"
        (script,) = share.find_all("script")
        assert script.get("src", "").startswith("/assets/js/print.") and not script.string
        pdfs = [a["href"] for a in share.find_all("a", type="application/pdf")]
        assert pdfs == ([f"/{lang}/{path}try-living-weekend-announced.pdf"] if path.startswith("press/") else [])
        assert all(sample.exists(href.lstrip("/")) for href in pdfs)
