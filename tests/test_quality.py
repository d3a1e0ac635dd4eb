"""Issue 6: what search engines, link previews and slow phones get from a publish build, and the
accessibility statement's required contents (DIGG / Uu-tilsynet) in every language."""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SETTINGS, Build, build_site, copy_content, parsed, run_homeward

LANGS = ["nb", "sv", "en"]
SITEURL = "https://example.org"
OG_LOCALES = {"nb": "nb_NO", "sv": "sv_SE", "en": "en_GB"}
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
CSS_BUDGET = 20 * 1024


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """`homeward build -s publishconf.py` with SITEURL from the environment, as `invoke publish` runs it."""
    out = tmp_path_factory.mktemp("publish") / "output"
    result = build_site(out, settings=ROOT / "publishconf.py", env={"SITEURL": SITEURL})
    assert result.returncode == 0, result.stderr
    return result


def pages(build: Build) -> dict[str, BeautifulSoup]:
    return {
        rel: parsed(build.output / rel)
        for rel in build.html_files()
        if not rel.startswith(("pagefind/", "admin/")) and rel.split("/")[0] in LANGS
    }


def test_canonical_hreflang_and_og_urls_are_absolute_in_a_publish_build(published):
    for rel, soup in pages(published).items():
        canonical = soup.find_all("link", rel="canonical")
        assert len(canonical) == 1 and canonical[0]["href"].startswith(SITEURL + "/"), rel
        for link in soup.find_all("link", rel="alternate", hreflang=True):
            assert link["href"].startswith(SITEURL + "/"), f"{rel}: {link}"
        for prop in ("og:url", "og:image"):
            tag = soup.find("meta", property=prop)
            assert tag is None or tag["content"].startswith(SITEURL + "/"), f"{rel}: {tag}"
    home = BeautifulSoup(published.read("sv/index.html"), "lxml")
    assert {link["hreflang"]: link["href"] for link in home.find_all("link", rel="alternate", hreflang=True)} == {
        "nb": f"{SITEURL}/nb/",
        "sv": f"{SITEURL}/sv/",
        "en": f"{SITEURL}/en/",
        "x-default": f"{SITEURL}/",
    }


def test_share_links_share_the_public_address(published):
    soup = BeautifulSoup(published.read("nb/news/new-data-centre-hall-storvoll/index.html"), "lxml")
    hrefs = [unquote(a["href"]) for a in soup.select(".share a")]
    assert len(hrefs) == 4
    assert all(f"{SITEURL}/nb/news/new-data-centre-hall-storvoll/" in href for href in hrefs), hrefs


def test_og_locale_is_the_page_language_and_alternates_are_its_translations(published):
    for rel, soup in pages(published).items():
        lang = soup.html["lang"]
        assert soup.find("meta", property="og:locale")["content"] == OG_LOCALES[lang], rel
        alternates = {m["content"] for m in soup.find_all("meta", property="og:locale:alternate")}
        translations = {link["hreflang"] for link in soup.find_all("link", rel="alternate", hreflang=True)} - {
            "x-default",
            lang,
        }
        assert alternates == {OG_LOCALES[code] for code in translations}, rel
    article = BeautifulSoup(published.read("sv/news/new-data-centre-hall-storvoll/index.html"), "lxml")
    assert {m["content"] for m in article.find_all("meta", property="og:locale:alternate")} == {"nb_NO", "en_GB"}


def test_sitemap_lists_each_translated_page_with_its_translations_and_x_default(published):
    root = ElementTree.fromstring(published.read("sitemap.xml"))
    urls = root.findall("s:url", NS)
    locs = {url.findtext("s:loc", namespaces=NS) for url in urls}
    assert len(urls) == len(locs) > 100
    for url in urls:
        loc = url.findtext("s:loc", namespaces=NS)
        assert loc.startswith(SITEURL + "/"), loc
        lang = loc[len(SITEURL) + 1 :].split("/")[0]
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        assert links.get(lang) == loc, f"{loc} does not list itself: {links}"
        assert links.get("x-default") == f"{SITEURL}/", loc
        for code, href in links.items():
            assert href in locs or code == "x-default", f"{loc}: alternate {href} is not in the sitemap"
        soup = BeautifulSoup(published.read(loc[len(SITEURL) + 1 :] + "index.html"), "lxml")
        assert soup.find("meta", attrs={"name": "robots"}) is None, f"{loc} is noindex but in the sitemap"
    # A fallback (untranslated) page, facet pages and the search page are not in it.
    assert f"{SITEURL}/sv/news/record-apprentices-havnoy/" not in locs
    assert f"{SITEURL}/nb/news/record-apprentices-havnoy/" in locs
    assert not any("/companies/sector/" in loc or loc.endswith("/search/") for loc in locs)


def test_robots_txt_points_at_the_absolute_sitemap(published):
    robots = published.read("robots.txt")
    assert re.search(rf"^Sitemap: {re.escape(SITEURL)}/sitemap\.xml$", robots, re.M), robots
    assert "User-agent: *" in robots


def test_every_page_has_its_own_title_and_a_description(published):
    region = "Skarvfjell"
    titles: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rel, soup in pages(published).items():
        title = soup.title.get_text(strip=True)
        lang = rel.split("/")[0]
        if rel != f"{lang}/index.html":
            assert title != region and title.endswith(f" · {region}"), f"{rel}: title {title!r}"
        description = soup.find("meta", attrs={"name": "description"})
        assert description and len(description["content"].strip()) > 15, f"{rel}: no meta description"
        titles[(lang, title)].append(rel)
    duplicates = {key: rels for key, rels in titles.items() if len(rels) > 1}
    assert duplicates == {}, duplicates
    chooser = BeautifulSoup(published.read("index.html"), "lxml")  # the root language chooser
    assert (
        chooser.title.get_text(strip=True) == region and chooser.find("meta", attrs={"name": "description"})["content"]
    )
    facet = BeautifulSoup(published.read("en/companies/sector/software/index.html"), "lxml")
    assert facet.title.get_text(strip=True) == f"Companies: Software · {region}"
    assert facet.h1.get_text(strip=True) == "Companies: Software"


def test_link_previews_use_the_page_title_and_description(published):
    soup = BeautifulSoup(published.read("en/news/index.html"), "lxml")
    assert soup.find("meta", property="og:title")["content"] == "News"
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert soup.find("meta", property="og:description")["content"] == description
    assert (
        description
        != BeautifulSoup(published.read("en/index.html"), "lxml").find("meta", attrs={"name": "description"})["content"]
    )


def test_css_is_small(published):
    css = list((published.output / "assets").rglob("*.css"))
    assert css, "no CSS in the build"
    for path in css:
        assert path.stat().st_size < CSS_BUDGET, f"{path.name}: {path.stat().st_size} bytes"
    # Served minified: the theme's comments stay in its source, not in what a phone downloads.
    theme_css = ROOT / "themes" / "homeward" / "static" / "css" / "site.css"
    assert "/*" in theme_css.read_text(encoding="utf-8")
    served = "".join(path.read_text(encoding="utf-8") for path in css)
    assert "@media print" in served and "/*" not in served and "\n  " not in served
    soup = BeautifulSoup(published.read("en/news/new-data-centre-hall-storvoll/index.html"), "lxml")
    linked = [link["href"].removeprefix(SITEURL) for link in soup.find_all("link", rel="stylesheet")]
    assert sum((published.output / href.lstrip("/")).stat().st_size for href in linked) < CSS_BUDGET, linked


def test_nothing_blocks_rendering_from_another_host(published):
    for rel, soup in pages(published).items():
        for tag in soup.head.find_all(["script", "link"]):
            url = tag.get("src") or (tag.get("href") if "stylesheet" in (tag.get("rel") or []) else None)
            if tag.name == "script" and tag.get("src"):
                assert tag.has_attr("defer") or tag.has_attr("async") or tag.get("type") == "module", f"{rel}: {tag}"
            if url:
                assert url.startswith((SITEURL + "/", "/")), f"{rel}: {tag} loads from another host"
        for tag in soup.find_all(["script", "iframe", "img", "link"], src=True):
            assert tag["src"].startswith((SITEURL + "/", "/")), f"{rel}: {tag}"


# -- The accessibility statement ------------------------------------------------------------

# pelicanconf.py's ACCESSIBILITY: assessed 2026-10-01, prepared 2025-09-01, updated 2026-10-15.
STATEMENT_DATES = {
    "nb": ["1. oktober 2026", "1. september 2025", "15. oktober 2026"],
    "sv": ["1 oktober 2026", "1 september 2025", "15 oktober 2026"],
    "en": ["1 October 2026", "1 September 2025", "15 October 2026"],
}
RESPONSE_TIME = {"nb": "innen 5 virkedager", "sv": "inom 5 arbetsdagar", "en": "within 5 working days"}
STATEMENT_SECTIONS = ["a11y-about", "a11y-status", "a11y-known", "a11y-method", "a11y-feedback", "a11y-enforcement"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_accessibility_statement_has_every_required_part(published, lang):
    soup = BeautifulSoup(published.read(f"{lang}/accessibility/index.html"), "lxml")
    article = soup.find("article")
    headings = {h["id"] for h in article.find_all("h2", id=True)}
    assert set(STATEMENT_SECTIONS) <= headings, headings
    text = article.get_text(" ", strip=True)

    def section(name: str) -> BeautifulSoup:
        return article.find("section", attrs={"aria-labelledby": name})

    about = section("a11y-about").get_text(" ", strip=True)
    assert "skarvfjell.example" in about and "Skarvfjellrådet" in about  # the website and who runs it
    assert "likestillings- og diskrimineringsloven" in about and "WCAG 2.1" in about  # which law applies
    if lang != "nb":  # the law's Norwegian name is marked as Norwegian for screen readers
        assert section("a11y-about").find("span", lang="nb").get_text().startswith("likestillings- og")
    assert section("a11y-about").find("a", href=re.compile(r"^https://uustatus\.no/"))  # the statement's source
    assert len(section("a11y-known").find_all("li")) == 1  # the known problem from the settings
    method = section("a11y-method").get_text(" ", strip=True)
    for day in STATEMENT_DATES[lang]:  # assessed, prepared, updated: the dates in the settings, in words
        assert day in method, (day, method)
    feedback = section("a11y-feedback")
    assert feedback.find("a", href="mailto:tilgjengelighet@example.org") and feedback.find(
        "a", href=re.compile("^tel:")
    )
    assert RESPONSE_TIME[lang] in feedback.p.get_text()  # ACCESSIBILITY['response_days'] = 5
    enforcement = section("a11y-enforcement")
    assert enforcement.find("a", href="https://www.diskrimineringsnemnda.no/")  # where Norwegians complain
    assert enforcement.find("a", href="https://www.uutilsynet.no/")  # who supervises
    assert "—" not in text.replace(" — ", "")  # no unset date placeholder


def test_a_swedish_region_names_the_swedish_law_and_digg(tmp_path):
    region = (ROOT / "content" / "data" / "region.yaml").read_text(encoding="utf-8")
    content = copy_content(tmp_path)
    (content / "data" / "region.yaml").write_text(
        re.sub(r"^country: NO$", "country: SE", region, flags=re.M), encoding="utf-8"
    )
    result = build_site(tmp_path / "out", content=content)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup(result.read("en/accessibility/index.html"), "lxml")
    enforcement = soup.find("section", attrs={"aria-labelledby": "a11y-enforcement"})
    assert [a["href"] for a in enforcement.find_all("a")] == ["https://www.digg.se/tdosanmalan"]
    about = soup.find("section", attrs={"aria-labelledby": "a11y-about"})
    assert about.find(lang="sv").get_text() == "lagen (2018:1937) om tillgänglighet till digital offentlig service"


def test_check_reminds_when_the_assessment_is_over_a_year_old(tmp_path):
    settings = tmp_path / "stale.py"
    settings.write_text(
        textwrap.dedent(
            f"""
            import sys
            sys.path.insert(0, {str(ROOT)!r})
            from pelicanconf import *  # noqa
            ACCESSIBILITY = {{**ACCESSIBILITY, "assessed": "2020-01-01"}}
            """
        ),
        encoding="utf-8",
    )
    env = {"HOMEWARD_CACHE_PATH": str(tmp_path / ".cache")}
    stale = run_homeward("check", "-s", str(settings), env=env)
    assert re.search(
        r"reminder: .*ACCESSIBILITY\['assessed'\] is \d+ days old \(2020-01-01\); re-assess", stale.stdout
    ), stale.stdout
    fresh = run_homeward("check", "-s", str(SETTINGS), env=env)
    assert "ACCESSIBILITY['assessed']" not in fresh.stdout, fresh.stdout


def test_a_country_without_known_accessibility_law_is_an_error_not_norways(tmp_path):
    """A Danish region must not get Norway's law and supervisory body in its statement."""
    content = copy_content(tmp_path)
    region = content / "data" / "region.yaml"
    text = region.read_text(encoding="utf-8")
    line = text.splitlines().index("country: NO") + 1
    region.write_text(text.replace("\ncountry: NO\n", "\ncountry: DK\n", 1), encoding="utf-8")
    result = build_site(tmp_path / "out", content=content)
    assert result.returncode == 1
    assert (
        f"content/data/region.yaml:{line}: the accessibility statement (content/pages/accessibility.en.md) must name the law and "
        "supervisory body of country 'DK', which Homeward does not know (known: NO, SE); add them as "
        "ACCESSIBILITY_LAWS['DK'] in pelicanconf.py"
    ) in result.stderr, result.stderr
    # ... and a region that says what its law is builds, with that law in the statement.
    settings = tmp_path / "dkconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        "ACCESSIBILITY_LAWS = {'DK': {'lang': 'en', 'law': 'the Danish web accessibility act',"
        " 'complaints': {'name': 'Complaints DK', 'url': 'https://complaints.example/'},"
        " 'supervisor': {'name': 'Supervisor DK', 'url': 'https://supervisor.example/'}}}\n"
    )
    built = build_site(tmp_path / "out2", content=content, settings=settings)
    assert built.returncode == 0, built.stderr
    enforcement = BeautifulSoup(built.read("en/accessibility/index.html"), "lxml").find("section", attrs={"aria-labelledby": "a11y-enforcement"})
    assert [a["href"] for a in enforcement.find_all("a")] == ["https://complaints.example/", "https://supervisor.example/"]
