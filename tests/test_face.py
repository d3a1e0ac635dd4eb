"""Issue 14: the rules behind what a reader sees, on the sample build (the browser tests check
the layout): hiring follows the jobs board, bylines, lists of events with their status,
per-language image text and sources, tags, jobs by deadline, shortened text, time zones,
image variants in <picture>."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, Build
from conftest import soup as page
from homeward.sourcefile import parse_yaml
from homeward.text import excerpt
from jobboards import sample_board
from PIL import Image

LANGS = ["nb", "sv", "en"]
DATA = ROOT / "content" / "data"
NOW_DATE = "2026-11-24"



def load(path: Path):
    return parse_yaml(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- hiring


@pytest.mark.parametrize("lang", LANGS)
def test_hiring_now_is_exactly_the_companies_on_the_jobs_board(sample: Build, lang: str):
    # The board holds the hand-written jobs and the job boards' ads (issue 16): an ad whose
    # employer's organisation number is a company's makes that company "hiring now" too.
    board = sample_board(NOW_DATE)
    with_jobs = {j["company"] for j in board if j["company"]}
    directory = page(sample, f"{lang}/companies/index.html")
    hiring = {
        card.select_one(".card-title a")["href"].split("/")[3]
        for card in directory.select(".company-card")
        if card.select_one(".badge-hiring")
    }
    assert hiring == with_jobs
    assert len(page(sample, f"{lang}/jobs/index.html").select(".job-list > li")) == len(board)
    facet = directory.select_one(f'.facets a[href="/{lang}/companies/hiring/"]')
    assert f"({len(with_jobs)})" in facet.get_text()
    # hiring: true without an open job here: welcomes applications, not "hiring now"
    said = {c["id"] for c in (load(p) for p in (DATA / "companies").glob("*.yaml")) if c.get("hiring")}
    for company in said - with_jobs:
        card = page(sample, f"{lang}/companies/{company}/index.html")
        assert not card.select(".badge-hiring") and card.select(".badges .badge"), company


def test_jobs_are_listed_by_deadline_soonest_first(sample: Build):
    listed = [a["href"].split("/")[3] for a in page(sample, "nb/jobs/index.html").select(".job-list .card-title a")]
    expected = [j["id"] for j in sorted(sample_board(NOW_DATE), key=lambda j: (j["valid_through"], j["id"]))]
    assert listed == expected


# ---------------------------------------------------------------- events in lists


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_that_lists_a_cancelled_event_marks_it(sample: Build, lang: str):
    cancelled = "remote-work-breakfast-2027"
    pages = [f"{lang}/index.html", f"{lang}/events/index.html", f"{lang}/organisations/fjellnett/index.html",
             f"{lang}/companies/helsefjell/index.html", f"{lang}/companies/kaihuset/index.html"]
    for rel in pages:
        soup = page(sample, rel)
        links = soup.select(f'main a[href="/{lang}/events/{cancelled}/"]')
        assert links, f"{rel} does not list the cancelled event"
        for link in links:
            assert link.find_parent("li").select_one(".badge-alert"), f"{rel}: listed without its status"


def test_an_organisation_page_lists_the_events_it_organises(sample: Build):
    events = {load(p)["id"]: load(p) for p in (DATA / "events").glob("*.yaml")}
    mine = {i for i, e in events.items() if "fjellnett" in e.get("organisers", []) + e.get("companies", []) and str(e["end"]) >= NOW_DATE}
    listed = {a["href"].split("/")[3] for a in page(sample, "en/organisations/fjellnett/index.html").select(".event-list a")}
    assert listed == mine and mine


def test_event_page_names_the_local_time_and_the_switch_to_summer_time(sample: Build):
    facts = page(sample, "nb/events/try-living-weekend-2027/index.html").select_one(".event-facts").get_text(" ")
    assert "Lokal tid i Norge (UTC+1)" in facts
    assert "Sommertid fra søndag 28. mars 2027" in facts
    sunday = page(sample, "en/events/try-living-weekend-2027/index.html").select(".programme li")[2].get_text(" ")
    assert "(UTC+2)" in sunday and "summer time" not in sunday.lower()  # the note is the build's, not the title's


def test_add_to_calendar_saves_under_the_title_in_each_language(sample: Build):
    names = {
        lang: page(sample, f"{lang}/events/try-living-weekend-2027/index.html").select_one("a[download]")["download"]
        for lang in LANGS
    }
    assert names == {"nb": "provebo-helg-i-skarvfjell.ics", "sv": "provbo-helg-i-skarvfjell.ics", "en": "try-living-weekend-in-skarvfjell.ics"}


# ---------------------------------------------------------------- language


def test_event_image_text_and_fact_sources_are_in_the_pages_language(sample: Build):
    nb = page(sample, "nb/events/try-living-weekend-2027/index.html")
    assert nb.select_one("main figure img")["alt"].startswith("Illustrasjon av små røde hytter")
    assert "Søndagens skitur" in nb.select_one("main figcaption").get_text()
    sv = page(sample, "sv/facts/index.html").get_text()
    assert "Påhittad exempelsiffra" in sv and "Fictional" not in sv
    assert "Fictional" not in page(sample, "nb/index.html").get_text()


def test_tags_are_named_in_the_pages_language(sample: Build):
    tags = {lang: [li.get_text() for li in page(sample, f"{lang}/news/new-data-centre-hall-storvoll/index.html").select("ul.tags[aria-label] li")] for lang in LANGS}
    assert tags == {"nb": ["jobb", "energi", "teknologi"], "sv": ["jobb", "energi", "teknik"], "en": ["jobs", "energy", "technology"]}


def test_story_byline_names_the_employer_once_and_links_it(sample: Build):
    for lang in LANGS:
        role = page(sample, f"{lang}/stories/back-home-to-storvoll/index.html").select_one(".person-role")
        assert role.get_text().count("Nordlys Data") == 1, role.get_text()
        assert role.find("a")["href"] == f"/{lang}/companies/nordlys-data/"


# ---------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Kort tekst.", 50, "Kort tekst."),
        ("Første setning er her. Andre setning er mye lengre enn plassen tillater.", 40, "Første setning er her."),
        ("Et ord, et ord til, og enda flere ord som ikke får plass", 30, "Et ord, et ord til, og enda…"),
        ("Vi tilbyr f.eks. kontorplass i Skarvik og mer", 30, "Vi tilbyr f.eks. kontorplass…"),
        ("Donaudampfschifffahrtsgesellschaft", 10, "Donaudamp…"),
    ],
)
def test_excerpt_cuts_at_sentences_or_words_with_an_ellipsis(text: str, limit: int, expected: str):
    assert excerpt(text, limit) == expected
    assert len(excerpt(text, limit)) <= limit


def test_no_shortened_text_on_the_site_ends_in_three_dots_or_a_broken_word(sample: Build):
    for rel in ["nb/companies/index.html", "en/organisations/index.html", "sv/index.html"]:
        text = page(sample, rel).select_one("main").get_text()
        assert "..." not in text, rel


# ---------------------------------------------------------------- images


def test_images_come_in_picture_with_webp_variants_named_by_content(sample: Build):
    soup = page(sample, "nb/index.html")
    hero = soup.select_one(".hero picture")
    source = hero.select_one('source[type="image/webp"]')
    widths = [int(part.split()[1][:-1]) for part in source["srcset"].split(",")]
    assert max(widths) >= 1920 and widths == sorted(widths)
    img = hero.select_one("img")
    assert img["fetchpriority"] == "high" and "loading" not in img.attrs
    digest = hashlib.sha256((ROOT / "content" / "images" / "brand" / "hero.jpg").read_bytes()).hexdigest()[:10]
    for part in source["srcset"].split(","):
        path, width = part.split()
        assert digest in path
        file = sample.output / path.lstrip("/")
        with Image.open(file) as image:
            assert image.format == "WEBP" and image.width == int(width[:-1]), path
    for part in img["srcset"].split(","):
        path, width = part.split()
        with Image.open(sample.output / path.lstrip("/")) as image:
            assert image.format == "JPEG" and image.width == int(width[:-1]), path


def test_focus_points_become_classes_not_inline_styles(sample: Build):
    html = sample.read("nb/events/try-living-weekend-2027/index.html")
    img = BeautifulSoup(html, "lxml").select_one("main figure img")
    assert "fy-80" in img["class"]
    assert not re.search(r"<img[^>]+style=", html)


def test_company_logos_are_sized_in_their_own_shape(sample: Build):
    for img in page(sample, "nb/companies/index.html").select("img.logo"):
        with Image.open(sample.output / img["src"].lstrip("/")) as image:
            ratio = image.width / image.height
        assert abs(int(img["width"]) / int(img["height"]) - ratio) < 0.05, img


def test_the_contact_form_links_the_privacy_notice(sample: Build):
    for lang in LANGS:
        form_note = page(sample, f"{lang}/contact/index.html").select_one(".form-note a")
        assert form_note and form_note["href"] == f"/{lang}/privacy/"
