"""Issue 5: the press room on real builds — release pages, press room, feeds, PDFs, JSON-LD,
and releases under embargo or in draft leaking into no output file at all."""

from __future__ import annotations

import gzip
import io
import json
import re
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import CONTENT, NOW, ROOT, Build, build_site, copy_content, run_python, soup
from pypdf import PdfReader

LANGS = ["nb", "sv", "en"]
RELEASE = "try-living-weekend-announced"  # published, pdf: true
EMBARGOED = "border-service-office"  # embargo 2030-03-02T07:00:00+01:00, pdf: true
DRAFT = "fjordlaks-new-hatchery"  # status: draft
EMBARGO_ENDS = "2030-03-02T07:00:00+01:00"
MARKER = "LEAKMARKER7f3a"


# ---------------------------------------------------------------- helpers



def front_matter(path: Path) -> tuple[dict, str]:
    _, meta, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(meta), body


def edit_release(path: Path, change, body_suffix: str = "") -> None:
    """Rewrite a release's front matter (and optionally append to its body) as a communicator would."""
    meta, body = front_matter(path)
    change(meta)
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(f"---\n{dumped}---\n{body}{body_suffix}", encoding="utf-8")


def release_meta(lang: str, slug: str = RELEASE) -> dict:
    return front_matter(CONTENT / "press" / f"{slug}.{lang}.md")[0]


def contacts() -> dict[str, dict]:
    return {c["id"]: c for c in yaml.safe_load((CONTENT / "data" / "contacts.yaml").read_text(encoding="utf-8"))}


def organisations() -> dict[str, dict]:
    return {o["id"]: o for o in yaml.safe_load((CONTENT / "data" / "organisations.yaml").read_text(encoding="utf-8"))}


def public_releases(lang: str, now: str = NOW) -> set[str]:
    """Slugs of releases written in `lang` that a build at `now` must publish."""
    found = set()
    for path in (CONTENT / "press").glob(f"*.{lang}.md"):
        meta = front_matter(path)[0]
        embargo = meta.get("embargo")
        if isinstance(embargo, str):
            embargo = datetime.fromisoformat(embargo)
        if meta.get("status") == "draft" or (embargo and embargo > datetime.fromisoformat(now)):
            continue
        found.add(meta["slug"])
    return found


def public_metas(lang: str) -> list[dict]:
    """Front matter of the public releases in `lang`, newest first (the press room's order)."""
    metas = [release_meta(lang, slug) for slug in public_releases(lang)]
    return sorted(metas, key=lambda m: (str(m["date"]), m["slug"]), reverse=True)


def jsonld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


# The sample's numbers as a phone dials them (E.164), written out by hand.
E164 = {
    "+47 712 34 567": "tel:+4771234567",
    "+46 70 312 45 67": "tel:+46703124567",
    "+47 913 45 678": "tel:+4791345678",
    "+47 712 40 100": "tel:+4771240100",
    "+46 70 418 22 09": "tel:+46704182209",
    "+47 948 12 345": "tel:+4794812345",
    "+47 712 55 210": "tel:+4771255210",
    "+46 73 560 18 44": "tel:+46735601844",
}


def tel(phone: str) -> str:
    return E164[phone]


def texts_of(data: bytes, name: str) -> list[str]:
    """Every text a file can carry: gzip (.gz, pagefind) unpacked, a PDF's extracted text and metadata."""
    while data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    found = [data.decode("utf-8", errors="replace")]
    if data[:5] == b"%PDF-":
        reader = PdfReader(io.BytesIO(data))
        found += [page.extract_text() or "" for page in reader.pages]
        found.append(json.dumps({str(k): str(v) for k, v in (reader.metadata or {}).items()}, ensure_ascii=False))
    if name.endswith(".json"):
        found.append(json.dumps(json.loads(data), ensure_ascii=False))  # \u escapes spelled out
    return found


def places_mentioning(output: Path, needle: str) -> list[str]:
    """Output files whose path or any text in them contains `needle` (case-insensitive)."""
    needle = needle.lower()
    hits = []
    for path in sorted(output.rglob("*")):
        rel = path.relative_to(output).as_posix()
        if needle in rel.lower():
            hits.append(rel)
        elif path.is_file() and any(needle in text.lower() for text in texts_of(path.read_bytes(), rel)):
            hits.append(rel)
    return hits


# ---------------------------------------------------------------- release page


def test_release_page_exists_in_every_language_with_label_date_and_one_h1(sample):
    labels = {"en": "Press release"}
    for lang in LANGS:
        page = soup(sample, f"{lang}/press/{RELEASE}/index.html")
        assert page.html["lang"] == lang
        assert len(page.find_all("h1")) == 1
        assert page.h1.get_text(strip=True) == release_meta(lang)["title"]
        assert page.select_one("main time")["datetime"].startswith("2026-11-10")
        assert page.select_one("p.lead").get_text(strip=True) == release_meta(lang)["summary"]
        if lang in labels:
            assert page.select_one(".kicker").get_text(strip=True) == labels[lang]


def test_release_page_shows_every_contact_quote_credit_and_boilerplate(sample):
    people = contacts()
    orgs = organisations()
    for lang in LANGS:
        meta = release_meta(lang)
        html = sample.read(f"{lang}/press/{RELEASE}/index.html")
        page = BeautifulSoup(html, "lxml")
        for contact_id in meta["contacts"]:
            person = people[contact_id]
            assert person["name"] in html
            assert person["role"][lang] in html
            assert page.find("a", href=tel(person["phone"])), (lang, contact_id)
            assert page.find("a", href=f"mailto:{person['email']}"), (lang, contact_id)
        quotes = page.select("figure.press-quote")
        assert len(quotes) == len(meta["quotes"])
        for figure, quote in zip(quotes, meta["quotes"], strict=True):
            assert figure.blockquote.get_text(strip=True) == quote["text"]
            assert figure.figcaption.cite.get_text(strip=True) == people[quote["person"]]["name"]
        for image in meta["images"]:
            assert image["credit"] in html
            assert page.find("a", href=f"/{image['src']}", attrs={"download": True}), image["src"]
            assert page.find("img", src=f"/{image['src']}", alt=image["alt"])
        about = orgs[meta["about"]]
        assert " ".join(about["about"][lang].split()) in " ".join(page.get_text().split())


def test_release_page_has_news_article_jsonld_and_open_graph(sample):
    for lang in LANGS:
        page = soup(sample, f"{lang}/press/{RELEASE}/index.html")
        articles = [d for d in jsonld(page) if d.get("@type") == "NewsArticle"]
        assert len(articles) == 1
        data = articles[0]
        for key in ("headline", "datePublished", "dateModified", "image", "author", "publisher"):
            assert data.get(key), key
        assert data["headline"] == release_meta(lang)["title"]
        assert data["datePublished"] == "2026-11-10T09:00:00+01:00"
        assert data["inLanguage"] == lang
        assert data["author"]["name"] == organisations()[release_meta(lang)["about"]]["name"]
        assert all(src.endswith(".jpg") for src in data["image"])
        assert page.find("meta", property="og:type")["content"] == "article"
        assert page.find("meta", property="og:image")["content"].endswith(release_meta(lang)["image"]["src"])


# ---------------------------------------------------------------- PDF


def test_release_pdf_is_linked_valid_searchable_and_dated_by_the_release(sample):
    for lang in LANGS:
        meta = release_meta(lang)
        pdf_rel = f"{lang}/press/{RELEASE}/{RELEASE}.pdf"
        page = soup(sample, f"{lang}/press/{RELEASE}/index.html")
        assert page.find("a", href=f"/{pdf_rel}", type="application/pdf")
        reader = PdfReader(sample.output / pdf_rel)
        text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        assert meta["title"] in text
        assert meta["summary"].split(".")[0] in text
        for contact_id in meta["contacts"]:
            assert contacts()[contact_id]["phone"] in text
        for quote in meta["quotes"]:
            assert quote["text"][:60] in text
        assert reader.metadata.title == meta["title"]
        assert reader.metadata["/CreationDate"].startswith("D:20261110090000")
        assert reader.trailer["/Root"]["/Lang"] == lang
        assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged for screen readers


# The tests share one store of made PDFs (conftest.shared_stores); these use the build's own.
OWN_PDF_CACHE = {"HOMEWARD_PDF_CACHE": ""}


def test_pdfs_are_byte_identical_across_builds(sample, tmp_path):
    again = build_site(tmp_path / "out", cache=tmp_path / "fresh-cache", env=OWN_PDF_CACHE)  # WeasyPrint runs again
    assert again.returncode == 0, again.stderr
    pdfs = sorted(p.relative_to(sample.output) for p in sample.output.rglob("*.pdf"))
    assert len(pdfs) == len(LANGS)
    for rel in pdfs:
        assert (again.output / rel).read_bytes() == (sample.output / rel).read_bytes(), rel


def test_pdfs_come_from_the_cache_when_nothing_changed(tmp_path):
    cache = tmp_path / "cache"
    first = build_site(tmp_path / "first", cache=cache, env=OWN_PDF_CACHE)
    assert first.returncode == 0, first.stderr
    cached = sorted((cache / "press-pdf").glob("*.pdf"))
    assert len(cached) == len(LANGS)
    for path in cached:  # if WeasyPrint ran again, these bytes would not survive
        path.write_bytes(b"%PDF-1.7\n% from the cache " + path.name.encode() + b"\n")
    second = build_site(tmp_path / "second", cache=cache, env=OWN_PDF_CACHE)
    assert second.returncode == 0, second.stderr
    served = {p.read_bytes() for p in second.output.rglob("*.pdf")}
    assert served == {p.read_bytes() for p in cached}


def test_pdf_renderer_is_deterministic_and_reads_only_the_content_folder(tmp_path):
    from homeward.render import Urls
    from press import pdf

    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title>'
        '<meta name="dcterms.created" content="2026-11-10T09:00:00+01:00"></head>'
        '<body><h1>Heading</h1><img src="images/brand/logo.png" alt="Logo"></body></html>'
    )
    one = pdf.make_pdf(html, CONTENT, None)
    two = pdf.make_pdf(html, CONTENT, None)
    assert one == two
    reader = PdfReader(io.BytesIO(one))
    assert reader.metadata["/CreationDate"].startswith("D:20261110090000")

    def identifier(data: bytes) -> str:
        first = PdfReader(io.BytesIO(data)).trailer["/ID"][0]
        return first.original_bytes.decode("ascii") if hasattr(first, "original_bytes") else str(first)

    # The file identifier is a fingerprint of what went in: 32 hex digits, the same for the same
    # input, another one when the HTML or a file it reads (<img src>, CSS url()) changes.
    assert re.fullmatch(r"[0-9a-f]{32}", identifier(one))
    assert identifier(pdf.make_pdf(html.replace("Heading", "Another heading"), CONTENT, None)) != identifier(one)
    (tmp_path / "images").mkdir()
    logo = tmp_path / "images" / "logo.png"
    logo.write_bytes((CONTENT / "images" / "brand" / "logo.png").read_bytes())
    for page in ('<p style="background-image: url(&#39;images/logo.png&#39;)">Region</p>', '<img src="images/logo.png" alt="Logo">'):
        before = identifier(pdf.make_pdf(page, tmp_path, None))
        assert identifier(pdf.make_pdf(page, tmp_path, None)) == before
        logo.write_bytes(logo.read_bytes() + b"\0")
        assert identifier(pdf.make_pdf(page, tmp_path, None)) != before, page
    fetcher = pdf._content_fetcher(CONTENT)
    logo_bytes = (CONTENT / "images" / "brand" / "logo.png").read_bytes()
    assert fetcher.fetch(pdf.CONTENT_BASE + "images/brand/logo.png").read() == logo_bytes
    # A PDF embeds an image as the site publishes it (through the gate, trust/files.py): cut at
    # its end, or saved again when the walk to its end cannot follow it; never a file that is none.
    photo = (CONTENT / "images" / "people" / "ingrid-haugen.jpg").read_bytes()
    (tmp_path / "images" / "tail.jpg").write_bytes(photo + b"<script>alert('PDF-ATK')</script>")
    (tmp_path / "images" / "junk.jpg").write_bytes(photo[:20] + b"JUNK" + photo[20:] + b"<script>alert('PDF-ATK')</script>")
    (tmp_path / "images" / "page.jpg").write_bytes(b"<html><script>alert('PDF-ATK')</script></html>")
    fetcher = pdf._content_fetcher(tmp_path)
    assert fetcher.fetch(pdf.CONTENT_BASE + "images/tail.jpg").read() == photo
    resaved = fetcher.fetch(pdf.CONTENT_BASE + "images/junk.jpg").read()
    assert resaved.startswith(b"\xff\xd8") and b"PDF-ATK" not in resaved and b"JUNK" not in resaved
    with pytest.raises(ValueError, match="is an HTML page"):
        fetcher.fetch(pdf.CONTENT_BASE + "images/page.jpg")
    fetcher = pdf._content_fetcher(CONTENT)
    with pytest.raises(ValueError, match="content folder"):
        fetcher.fetch("file:///etc/hostname")
    with pytest.raises(ValueError, match="content folder"):
        fetcher.fetch(pdf.CONTENT_BASE + "../etc/hostname")
    with pytest.raises(ValueError, match="content folder"):
        fetcher.fetch(CONTENT.resolve().as_uri() + "/images/brand/logo.png")  # the real folder: not an address
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.org/image.jpg")
    assert pdf.print_body('<a href="/en/news/x/">x</a><img src="/images/a.jpg">', Urls("https://x.example")) == (
        '<a href="https://x.example/en/news/x/">x</a><img src="images/a.jpg">'
    )


# `homeward build` in a fresh interpreter that prints what WeasyPrint logs (a build changes
# process-wide state, so it never runs inside the test process).
WEASYPRINT_LOG = """
import logging, sys
from homeward import cli
class Collect(logging.Handler):
    def emit(self, record):
        print("WEASYPRINT:", record.getMessage())
logger = logging.getLogger("weasyprint")
logger.addHandler(Collect(level=logging.WARNING))
logger.setLevel(logging.WARNING)
sys.exit(cli.main(sys.argv[1:]))
"""


def test_pdf_build_reports_no_weasyprint_problems(tmp_path):
    """Tagged PDFs: WeasyPrint logs an error for an image without alt text, a missing file, bad CSS."""
    proc = run_python("-c", WEASYPRINT_LOG, "build", "-o", str(tmp_path / "out"), "--no-search", env={"HOMEWARD_CACHE_PATH": str(tmp_path / "cache")})
    assert proc.returncode == 0, proc.stderr
    assert len(list((tmp_path / "out").rglob("*.pdf"))) == len(LANGS)
    assert [line for line in proc.stdout.splitlines() if line.startswith("WEASYPRINT:")] == []


# ---------------------------------------------------------------- press room and feed


def test_press_room_lists_releases_contacts_image_bank_and_boilerplates(sample):
    people = contacts()
    for lang in LANGS:
        page = soup(sample, f"{lang}/press/index.html")
        assert len(page.find_all("h1")) == 1
        listed = {a["href"] for a in page.select(".card-title a")}
        assert listed == {f"/{lang}/press/{slug}/" for slug in public_releases(lang)}
        metas = public_metas(lang)
        names = [h.get_text(strip=True) for h in page.select(".press-contacts .person-name")]
        assert names == [people[c]["name"] for c in dict.fromkeys(c for m in metas for c in m["contacts"])]
        downloads = {a["href"] for a in page.select(".press-images a[download]")}
        assert downloads == {f"/{image['src']}" for m in metas for image in m["images"]}
        for credit in {image["credit"] for m in metas for image in m["images"]}:
            assert credit in page.select_one(".press-images").get_text()
        abouts = [h.get_text(strip=True) for h in page.select(".press-about h2")]
        assert len(abouts) == len({m["about"] for m in metas})
        assert page.find("a", href=f"/{lang}/press/feed.atom")
        assert page.select_one(f'nav.main-menu a[href="/{lang}/press/"]')
        assert page.find("link", rel="alternate", type="application/atom+xml", href=f"/{lang}/press/feed.atom")
        headings = [int(h.name[1]) for h in page.select("main h1, main h2, main h3")]
        assert all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False)), headings


def test_press_feed_parses_and_lists_only_public_releases(sample):
    for lang in LANGS:
        feed = feedparser.parse(sample.read(f"{lang}/press/feed.atom"))
        assert feed.bozo == 0, feed.bozo_exception
        assert {e.link.rstrip("/").rsplit("/", 1)[1] for e in feed.entries} == public_releases(lang)
        assert feed.feed.language == lang


def test_press_pages_have_no_broken_internal_links(sample):
    from links import dead_links

    assert [p for p in dead_links(sample.output) if "/press/" in p.split(":")[0]] == []


# ---------------------------------------------------------------- fallback, settings


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """No Swedish translation of the release, no `image` in English, PRESS_CONTACTS set."""
    tmp = tmp_path_factory.mktemp("press-variant")
    content = copy_content(tmp)
    (content / "press" / f"{RELEASE}.sv.md").unlink()

    def drop_image(meta: dict) -> None:
        del meta["image"]
        meta["images"].reverse()

    edit_release(content / "press" / f"{RELEASE}.en.md", drop_image)
    settings = tmp / "pressconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        "PRESS_CONTACTS = ['erik-lindqvist', 'marte-solberg']\n"
    )
    result = build_site(tmp / "output", content=content, settings=settings)
    assert result.returncode == 0, result.stderr
    return result


def test_fallback_page_links_the_original_pdf_and_has_none_of_its_own(variant):
    page = soup(variant, f"sv/press/{RELEASE}/index.html")
    assert page.select_one("p.notice[role=note]")
    assert page.find("a", href=f"/nb/press/{RELEASE}/{RELEASE}.pdf", hreflang="nb")
    assert not variant.exists(f"sv/press/{RELEASE}/{RELEASE}.pdf")
    assert not [d for d in jsonld(page) if d.get("@type") == "NewsArticle"]
    assert f"/sv/press/{RELEASE}/" not in variant.read("sitemap.xml")
    # the Swedish press room still offers the release's contacts and images
    room = soup(variant, "sv/press/index.html")
    assert room.select(".press-images a[download]")


def test_a_press_room_with_no_release_in_its_language_says_so_and_marks_what_it_shows(tmp_path):
    """The English room of a region whose releases are all Norwegian or Swedish said "No press
    releases yet" above another language's image bank and boilerplate. Now it lists the
    releases under their original titles, says that none is in English, links the rooms that
    have releases (hreflang and lang), and marks every image text with the release's language."""
    content = copy_content(tmp_path)
    for release in (content / "press").glob("*.en.md"):
        release.unlink()
    result = build_site(tmp_path / "output", content=content)
    assert result.returncode == 0, result.stderr
    page = soup(result, "en/press/index.html")
    text = page.select_one("main").get_text(" ", strip=True)
    assert "No press releases yet" not in text
    notice = page.select_one("#press-releases-heading ~ p.notice[role=note]")
    assert notice.get_text(" ", strip=True).startswith("There are no press releases in English yet.")
    rooms = {(a["href"], a["hreflang"], a["lang"]) for a in notice.find_all("a")}
    assert rooms == {("/nb/press/", "nb", "nb"), ("/sv/press/", "sv", "sv")}
    cards = {a["href"]: a["lang"] for a in page.select(".card-title a")}
    assert cards == {f"/en/press/{slug}/": "nb" for slug in public_releases("nb")}
    figures = page.select(".press-images figure")
    assert figures
    for figure in figures:  # the release's words are marked; the page's own "Photo:" is not
        assert figure.select_one("span[lang=nb] img")
        assert all(span["lang"] == "nb" for span in figure.select("figcaption span[lang]"))
        assert "lang" not in figure.attrs and "lang" not in figure.select_one(".credit").attrs
    about = page.select_one(".press-about")
    assert about.h2.get_text(strip=True) == "About Skarvfjellrådet"
    assert organisations()["skarvfjell-radet"]["about"]["en"].split()[0] in about.get_text()  # its English boilerplate
    # a room that has its own releases says nothing of the kind
    assert not soup(result, "nb/press/index.html").select("#press-releases-heading ~ p.notice")


def test_a_press_room_whose_only_releases_are_held_back_shows_nothing_of_them(tmp_path):
    """Only an embargoed release and a draft: every room is empty — no image bank, no
    boilerplate, no notice pointing at other rooms."""
    content = copy_content(tmp_path)
    for release in (content / "press").glob("*.md"):
        if not release.name.startswith((EMBARGOED, DRAFT)):
            release.unlink()
    result = build_site(tmp_path / "output", content=content)
    assert result.returncode == 0, result.stderr
    for lang, empty in {"nb": "Ingen pressemeldinger ennå.", "sv": "Inga pressmeddelanden ännu.", "en": "No press releases yet."}.items():
        page = soup(result, f"{lang}/press/index.html")
        assert empty in page.select_one("main").get_text(" ", strip=True)
        assert not page.select(".card, .press-images, .press-about, p.notice"), lang


def test_open_graph_uses_the_first_press_image_without_image(variant):
    page = soup(variant, f"en/press/{RELEASE}/index.html")
    first = release_meta("en")["images"][-1]["src"]  # the variant reversed them
    assert page.find("meta", property="og:image")["content"].endswith(first)


def test_press_contacts_setting_chooses_the_press_room_contacts(variant):
    for lang in LANGS:
        names = [
            h.get_text(strip=True)
            for h in soup(variant, f"{lang}/press/index.html").select(".press-contacts .person-name")
        ]
        assert names == ["Erik Lindqvist", "Marte Solberg"]


def test_unknown_press_contact_in_settings_stops_the_build(tmp_path):
    settings = tmp_path / "badconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\nPRESS_CONTACTS = ['nobody-here']\n"
    )
    result = build_site(tmp_path / "output", settings=settings)
    assert result.returncode == 1
    assert "badconf.py:1: PRESS_CONTACTS refers to unknown contact 'nobody-here'; known: " in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "output").exists()


# ---------------------------------------------------------------- embargo and drafts


def _plant_markers(content: Path) -> None:
    """Put MARKER everywhere a release can carry text, in the embargoed release and in the draft."""
    image = content / "images" / "press" / f"{MARKER}.jpg"
    image.write_bytes((content / "images" / "press" / "border-agreement.jpg").read_bytes())

    def mark(meta: dict) -> None:
        meta["title"] = f"{meta['title']} {MARKER}"
        meta["summary"] = f"{MARKER} {meta['summary']}"
        meta["tags"] = [*meta.get("tags", []), MARKER.lower()]
        meta["quotes"][0]["text"] = f"{MARKER} {meta['quotes'][0]['text']}"
        meta["image"]["caption"] = f"{MARKER} caption"
        meta["images"] = [
            {
                "src": f"images/press/{MARKER}.jpg",
                "alt": f"{MARKER} alt text",
                "caption": f"{MARKER} caption",
                "credit": f"Photo: {MARKER}",
            },
            *meta["images"],
        ]

    def mark_without_embargo(meta: dict) -> None:
        mark(meta)
        meta.pop("embargo")  # a translator forgot it: the other languages' embargo still holds

    for slug in (EMBARGOED, DRAFT):
        for path in sorted((content / "press").glob(f"{slug}.*.md")):
            forgotten = slug == EMBARGOED and path.name.endswith(".sv.md")
            edit_release(path, mark_without_embargo if forgotten else mark, body_suffix=f"\n{MARKER} in the body.\n")


def test_embargoed_and_draft_releases_leak_into_no_file_until_the_embargo_ends(tmp_path):
    content = copy_content(tmp_path)
    _plant_markers(content)
    before = build_site(tmp_path / "before", content=content, extra=())  # with the search index
    assert before.returncode == 0, before.stderr
    assert places_mentioning(before.output, MARKER) == []
    assert places_mentioning(before.output, EMBARGOED) == []
    assert places_mentioning(before.output, DRAFT) == []
    assert places_mentioning(before.output, "border-agreement") == []  # the embargoed release's own image
    assert before.exists(f"en/press/{RELEASE}/{RELEASE}.pdf")  # the scan did see the public release

    after = build_site(tmp_path / "after", content=content, extra=(), env={"HOMEWARD_NOW": EMBARGO_ENDS})
    assert after.returncode == 0, after.stderr
    for lang in LANGS:
        assert after.exists(f"{lang}/press/{EMBARGOED}/index.html")
        assert after.exists(f"{lang}/press/{EMBARGOED}/{EMBARGOED}.pdf")
        assert f"/{lang}/press/{EMBARGOED}/" in after.read(f"{lang}/press/feed.atom")
        assert f"/{lang}/press/{EMBARGOED}/" in after.read("sitemap.xml")
        assert f"/{lang}/press/{EMBARGOED}/" in after.read(f"{lang}/press/index.html")
    assert after.exists(f"images/press/{MARKER}.jpg")
    # the scanner finds the marker once the release is out (so the empty result above means something)
    leaked = places_mentioning(after.output, MARKER)
    assert f"en/press/{EMBARGOED}/{EMBARGOED}.pdf" in leaked
    assert "en/press/feed.atom" in leaked
    # The search index (built here: extra=()) is read through its gzip too.
    assert any(rel.startswith("pagefind/") for rel in leaked), leaked
    assert places_mentioning(after.output, DRAFT) == []


WINTER_RELEASE = """---
title: Vinterslipp {marker}
date: 2026-12-01T09:00:00+01:00
embargo: 2026-12-01T09:00:00{offset}
---
{marker} in the body.
"""


@pytest.mark.parametrize("offset", ["+01:00", "+02:00"], ids=["winter-offset", "summer-offset-in-winter"])
def test_an_embargo_never_lifts_early_when_its_offset_is_wrong(tmp_path, offset):
    """09:00 in Oslo on 1 December is 08:00 UTC. Written with +02:00 it would be 07:00 UTC, and a
    build at 07:30 UTC published it: now that is an error naming the right value, and nothing leaks."""
    marker = "WINTERLEAK5b2e"
    content = copy_content(tmp_path)
    (content / "press" / "winter-release.nb.md").write_text(WINTER_RELEASE.format(marker=marker, offset=offset), encoding="utf-8")
    built = build_site(tmp_path / "output", content=content, extra=(), env={"HOMEWARD_NOW": "2026-12-01T07:30:00+00:00"})
    if offset == "+01:00":
        assert built.returncode == 0, built.stderr
        assert places_mentioning(built.output, marker) == []
        after = build_site(tmp_path / "after", content=content, extra=("--no-search",), env={"HOMEWARD_NOW": "2026-12-01T08:00:00+00:00"})
        assert after.returncode == 0 and marker in after.read("nb/press/winter-release/index.html")  # the positive control
    else:
        assert built.returncode == 1
        assert (
            "content/press/winter-release.nb.md:4: 'embargo' (2026-12-01T09:00:00+02:00) does not match Europe/Oslo, which is at "
            "+01:00 on that day, so it means 08:00 there; write 2026-12-01T09:00:00+01:00"
        ) in built.stderr
        assert not (tmp_path / "output").exists()


def test_translations_that_disagree_on_the_embargo_stop_the_build(tmp_path):
    content = copy_content(tmp_path)
    path = content / "press" / f"{EMBARGOED}.sv.md"
    path.write_text(path.read_text(encoding="utf-8").replace("embargo: 2030-03-02T07:00:00+01:00", "embargo: 2030-03-01T07:00:00+01:00"), encoding="utf-8")
    built = build_site(tmp_path / "output", content=content)
    assert built.returncode == 1
    assert (
        f"content/press/{EMBARGOED}.sv.md:5: 'embargo' (2030-03-01T07:00:00+01:00) differs from the one in "
        f"content/press/{EMBARGOED}.en.md (2030-03-02T07:00:00+01:00); an embargo holds for every language, so give them the same time"
    ) in built.stderr


def test_a_date_after_the_embargo_is_a_warning(tmp_path):
    content = copy_content(tmp_path)
    path = content / "press" / f"{EMBARGOED}.nb.md"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2030-03-01T15:00:00+01:00", "date: 2030-03-03T15:00:00+01:00"), encoding="utf-8")
    built = build_site(tmp_path / "output", content=content)
    assert built.returncode == 0, built.stderr
    assert f"content/press/{EMBARGOED}.nb.md:4: warning: 'date' (2030-03-03T15:00:00+01:00) is later than 'embargo'" in built.stderr


def test_preview_build_keeps_embargoed_release_marked_and_out_of_feeds_and_sitemap(tmp_path):
    preview = build_site(tmp_path / "preview", extra=("--no-search", "--drafts"))
    assert preview.returncode == 0, preview.stderr
    page = soup(preview, f"en/press/{EMBARGOED}/index.html")
    assert page.select_one(".preview-banner")
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert EMBARGOED not in preview.read("sitemap.xml")
    assert EMBARGOED not in preview.read("en/press/feed.atom")
    text = PdfReader(preview.output / f"en/press/{EMBARGOED}/{EMBARGOED}.pdf").pages[0].extract_text()
    assert "under embargo" in text


def test_a_press_room_without_releases_has_a_feed_that_does_not_follow_the_clock(tmp_path):
    """feedgenerator dated an empty feed by the wall clock, so the same content built twice gave
    different bytes (a region that has not published a release yet). It is dated 1970 now."""
    content = copy_content(tmp_path)
    for release in (content / "press").glob("*.md"):
        release.unlink()
    result = build_site(tmp_path / "output", content=content)
    assert result.returncode == 0, result.stderr
    for lang in LANGS:
        feed = feedparser.parse(result.read(f"{lang}/press/feed.atom"))
        assert feed.bozo == 0 and feed.entries == []
        assert feed.feed.updated == "1970-01-01T00:00:00+00:00", feed.feed.updated
