"""Issue 16: live jobs from NAV and Arbetsförmedlingen, on real builds of a small region.

The importers talk to `jobboards.Server`, a real HTTP server on 127.0.0.1 that speaks the
two APIs in their published formats (see tests/jobboards.py for where each field comes
from). Builds are `python -m homeward` subprocesses with proxies pointing at a closed
port, so a request to the real services would fail the test instead of leaving the machine.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, run_homeward
from conftest import soup as page
from jobboards import DATA_IT, HEALTH, JobBoards, Server, af_hit, nav_ad

LANGS = ["nb", "sv", "en"]
U = "7b3f7a52-1c2d-4e5f-8a9b-{:012d}".format  # NAV ad ids, readable in failures

REGION = """id: testfjell
name: Testfjell
country: NO
municipalities:
  - {id: skarvik, name: Skarvik, code: "5097"}
  - {id: storvoll, name: Storvoll, code: "5098"}
  - {id: gransmo, name: Gränsmo, code: "2399", country: SE}
"""
COMPANY = """id: nordlys-data
name: Nordlys Data AS
org_number: "917438625"
municipality: storvoll
hiring: false
description: {nb: Et grønt datasenter., sv: Ett grönt datacenter., en: A green data centre.}
"""
# The same job as NAV's ad U(1) below: the hand-written one must win.
YAML_JOB = """id: operations-technician
title: {nb: Driftstekniker, en: Operations technician}
company: nordlys-data
municipality: storvoll
posted: 2026-11-01
valid_through: 2027-01-31
apply_url: https://nordlysdata.example/jobs/1
description: {nb: Vi søker driftstekniker., en: We are looking for an operations technician.}
"""


def make_site(tmp_path: Path, server: Server, **feeds) -> tuple[Path, Path]:
    """A three-municipality region (two in Norway, one in Sweden) and settings reading `server`."""
    content = tmp_path / "content"
    for rel, text in {"data/region.yaml": REGION, "data/companies/nordlys-data.yaml": COMPANY, "data/jobs/operations-technician.yaml": YAML_JOB}.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    sources = feeds.pop("sources", None) or [
        {"source": "nav", "base_url": server.url, "page_size": 2},
        {"source": "arbetsformedlingen", "base_url": server.url, "page_size": 2},
    ]
    settings = tmp_path / "settings.py"
    options = {"refresh_after": 3600, "retries": 2, "backoff": 0, "max_wait": 1, **feeds}
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
        f"JOB_SOURCES = {sources!r}\nJOB_FEEDS = {options!r}\nJOBS_PER_PAGE = 4\nCOMPANY_JOBS_SHOWN = 2\n",
        encoding="utf-8",
    )
    return content, settings


def build(tmp_path: Path, content: Path, settings: Path, env: dict[str, str] | None = None):
    return build_site(tmp_path / "out", content=content, settings=settings, env=env, cache=tmp_path / "cache")


def fetch(tmp_path: Path, content: Path, settings: Path):
    """`homeward jobs`: fetch every source now."""
    return run_homeward("jobs", "-s", str(settings), "--content", str(content), env={"HOMEWARD_CACHE_PATH": str(tmp_path / "cache")})



def every_file_text(output: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in output.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".atom", ".json", ".txt", ".ics"))


def jsonld(soup: BeautifulSoup) -> dict:
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    return next(b for b in blocks if b.get("@type") == "JobPosting")


@pytest.fixture
def boards():
    boards = JobBoards()
    with Server(boards) as server:
        boards.server = server
        yield boards


# ---------------------------------------------------------------- NAV's feed


def test_nav_reads_the_feed_page_by_page_and_fetches_each_ad_once(tmp_path, boards):
    boards.nav_publish(nav_ad(U(2), "Nettverksingeniør", "STORVOLL"))
    boards.nav_publish(nav_ad(U(3), "Sykepleier", "SKARVIK", employer="SKARVIK KOMMUNE", orgnr="964982612", level1="Helse og sosial"))
    boards.nav_publish(nav_ad(U(4), "Lærer", "OSLO", county="OSLO"))  # not in the region
    boards.nav_publish(nav_ad(U(5), "Butikkmedarbeider", "skarvik", employer="Butikken"))  # NAV's casing varies
    boards.nav_stop(U(6), "2026-11-11T10:00:00+01:00")  # an ad stopped before we ever saw it
    content, settings = make_site(tmp_path, boards.server, sources=[{"source": "nav", "base_url": boards.server.url, "page_size": 2}])
    result = build(tmp_path, content, settings)
    assert result.returncode == 0, result.stderr
    for lang in LANGS:
        for uuid in (U(2), U(3), U(5)):
            assert result.exists(f"{lang}/jobs/nav-{uuid}/index.html"), (lang, uuid)
        assert not result.exists(f"{lang}/jobs/nav-{U(4)}/index.html")
    pages = [r for r in boards.requests if r["path"] == "/api/v1/feed" or r["path"].startswith("/api/v1/feed/")]
    assert [r["path"] for r in pages][0] == "/api/v1/feed" and "if-modified-since" in pages[0]["headers"]
    assert len(pages) == 3, "five feed lines in pages of two"
    details = sorted(r["path"] for r in boards.requests if r["path"].startswith("/api/v1/feedentry/"))
    assert details == [f"/api/v1/feedentry/{u}" for u in (U(2), U(3), U(5))], "details only for the region's active ads, once each"
    assert all(r["headers"]["authorization"] == "Bearer public-token-1" for r in pages), "NAV's public token, fetched from /api/publicToken"
    assert "jobs: 3 from NAV" in result.stderr


def test_nav_changes_reach_the_site_at_the_next_fetch_and_only_changed_ads_are_fetched(tmp_path, boards):
    boards.nav_publish(nav_ad(U(2), "Nettverksingeniør", "STORVOLL"))
    boards.nav_publish(nav_ad(U(3), "Sykepleier", "SKARVIK", employer="SKARVIK KOMMUNE"))
    boards.nav_publish(nav_ad(U(4), "Renholder", "SKARVIK", employer="SKARVIK KOMMUNE"))
    boards.nav_publish(nav_ad(U(5), "Elektriker", "STORVOLL", employer="Elektro AS"))
    content, settings = make_site(tmp_path, boards.server, sources=[{"source": "nav", "base_url": boards.server.url, "page_size": 2}])
    assert fetch(tmp_path, content, settings).returncode == 0
    first_details = boards.count("/api/v1/feedentry/")
    assert first_details == 4

    boards.nav_publish(nav_ad(U(2), "Nettverksingeniør (fast)", "STORVOLL", updated="2026-11-21T10:00:00+01:00"))  # updated
    boards.nav_stop(U(3), "2026-11-21T11:00:00+01:00")  # removed
    boards.nav_publish(nav_ad(U(4), "Renholder (utløpt)", "SKARVIK", employer="SKARVIK KOMMUNE", expires="2026-11-20T00:00:00+01:00", updated="2026-11-21T12:00:00+01:00"))  # expired
    boards.nav_publish(nav_ad(U(7), "Snekker", "SKARVIK", employer="Tre AS", updated="2026-11-22T08:00:00+01:00"))  # new
    refreshed = fetch(tmp_path, content, settings)
    assert refreshed.returncode == 0, refreshed.stdout + refreshed.stderr
    second = [r["path"].rsplit("/", 1)[1] for r in boards.requests if r["path"].startswith("/api/v1/feedentry/")][first_details:]
    assert sorted(second) == sorted([U(2), U(4), U(7)]), "only changed ads are fetched; a stopped one needs no request"
    feed_paths = [r["path"] for r in boards.requests if r["path"].startswith("/api/v1/feed/")]
    assert re.fullmatch(r"/api/v1/feed/[0-9a-f-]+", feed_paths[-1]), "the next run continues from the last page it read"

    result = build(tmp_path, content, settings)
    assert result.returncode == 0, result.stderr
    assert "Nettverksingeniør (fast)" in page(result, f"nb/jobs/nav-{U(2)}/index.html").h1.text
    for gone in (U(3), U(4)):
        assert not list(result.output.rglob(f"*{gone}*")), f"{gone} still has a file"
    everything = every_file_text(result.output)
    assert U(3) not in everything and U(4) not in everything, "a removed or expired ad is in no file: lists, feeds, sitemap, search"
    assert "Renholder" not in everything
    assert result.exists(f"en/jobs/nav-{U(7)}/index.html") and result.exists(f"en/jobs/nav-{U(5)}/index.html")


def test_a_rejected_public_token_is_fetched_again(tmp_path, boards):
    boards.nav_publish(nav_ad(U(2), "Nettverksingeniør", "STORVOLL"))
    boards.token = "public-token-2"  # NAV replaced its public token just after we read the old one
    boards.public_tokens = ["public-token-1"]
    content, settings = make_site(tmp_path, boards.server, sources=[{"source": "nav", "base_url": boards.server.url}])
    result = fetch(tmp_path, content, settings)
    assert result.returncode == 0, result.stdout
    assert boards.count("/api/publicToken") == 2
    assert [r["headers"]["authorization"] for r in boards.requests if r["path"].startswith("/api/v1/")][:2] == ["Bearer public-token-1", "Bearer public-token-2"]


def test_a_registered_consumers_own_token_is_used_when_set(tmp_path, boards):
    boards.token = "our-private-token"
    boards.nav_publish(nav_ad(U(2), "Nettverksingeniør", "STORVOLL"))
    content, settings = make_site(tmp_path, boards.server, sources=[{"source": "nav", "base_url": boards.server.url, "token_env": "REGION_NAV_TOKEN"}])
    result = run_homeward("jobs", "-s", str(settings), "--content", str(content), env={"HOMEWARD_CACHE_PATH": str(tmp_path / "cache"), "REGION_NAV_TOKEN": "our-private-token"})
    assert result.returncode == 0, result.stdout
    assert boards.count("/api/publicToken") == 0


# ---------------------------------------------------------------- Arbetsförmedlingen's search


def test_arbetsformedlingen_pages_through_the_search_and_drops_removed_ads(tmp_path, boards):
    boards.af_hits = [af_hit(str(30000000 + i), f"Utvecklare {i}", "2399", published=f"2026-11-{10 + i:02d}T00:00:00") for i in range(5)]
    boards.af_hits.append(af_hit("30000099", "Borttagen annons", "2399", removed=True))
    boards.af_hits.append(af_hit("30000098", "Annons i Stockholm", "0180"))
    content, settings = make_site(tmp_path, boards.server, sources=[{"source": "arbetsformedlingen", "base_url": boards.server.url, "page_size": 2}])
    result = build(tmp_path, content, settings)
    assert result.returncode == 0, result.stderr
    searches = [r for r in boards.requests if r["path"] == "/search"]
    assert [r["query"]["offset"] for r in searches] == [["0"], ["2"], ["4"]], "six hits in pages of two"
    assert all(r["query"]["municipality"] == ["2399"] and r["query"]["limit"] == ["2"] for r in searches)
    for i in range(5):
        assert result.exists(f"sv/jobs/af-{30000000 + i}/index.html")
    assert not result.exists("sv/jobs/af-30000099/index.html"), "an ad marked removed is not shown"
    assert not result.exists("sv/jobs/af-30000098/index.html")

    boards.af_hits = [h for h in boards.af_hits if h["id"] != "30000003"]  # no longer published
    assert fetch(tmp_path, content, settings).returncode == 0
    result = build(tmp_path, content, settings)
    assert not result.exists("sv/jobs/af-30000003/index.html")
    assert "30000003" not in every_file_text(result.output)


def test_occupation_fields_and_keywords_narrow_a_source(tmp_path, boards):
    boards.af_hits = [
        af_hit("30000001", "Python-utvecklare", "2399"),
        af_hit("30000002", "Sjuksköterska", "2399", field=HEALTH, employer="Gränsmo kommun", orgnr="2120001234"),
    ]
    source = {"source": "arbetsformedlingen", "base_url": boards.server.url, "occupation_fields": ["apaJ_2ja_LuF"], "keywords": ["python"]}
    content, settings = make_site(tmp_path, boards.server, sources=[source])
    result = build(tmp_path, content, settings)
    assert result.returncode == 0, result.stderr
    query = boards.requests[-1]["query"]
    assert query["occupation-field"] == ["apaJ_2ja_LuF"] and query["q"] == ["python"]
    assert result.exists("en/jobs/af-30000001/index.html") and not result.exists("en/jobs/af-30000002/index.html")


# ---------------------------------------------------------------- failures


def test_429_is_retried_after_the_servers_retry_after(tmp_path, boards):
    """The importer waits as long as the server asks (seconds or an HTTP date), then succeeds."""
    from jobfeeds import arbetsformedlingen
    from jobfeeds.config import SourceConfig
    from jobfeeds.http import Fetcher, retry_after

    boards.af_hits = [af_hit("30000001", "Utvecklare", "2399")]
    boards.fail("/search", 429, times=1, headers={"Retry-After": "7"})
    boards.fail("/search", 503, times=1)
    waits: list[float] = []
    source = SourceConfig(source="arbetsformedlingen", name="arbetsformedlingen", municipalities=["2399"], base_url=boards.server.url, page_size=100)
    with Fetcher(retries=3, backoff=0.5, max_wait=60, sleep=waits.append) as fetcher:
        summary = arbetsformedlingen.refresh(source, tmp_path / "af", fetcher, [])
    assert waits == [7.0, 1.0], "Retry-After first, then the backoff doubled at the second attempt"
    assert summary == "1 ads" and (tmp_path / "af" / "search-2399.json").exists()
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0, "a date in the past: no wait"
    with Fetcher(retries=1, backoff=0, sleep=waits.append) as fetcher:
        boards.fail("/search", 429, times=1, headers={"Retry-After": "120"})
        fetcher.max_wait = 2
        fetcher.get(boards.server.url + "/search", params={"municipality": "2399"})
    assert waits[-1] == 2, "never longer than max_wait"


def test_a_429_then_success_during_a_build(tmp_path, boards):
    boards.af_hits = [af_hit("30000001", "Utvecklare", "2399")]
    boards.fail("/search", 429, times=1, headers={"Retry-After": "0"})
    content, settings = make_site(tmp_path, boards.server, sources=[{"source": "arbetsformedlingen", "base_url": boards.server.url}])
    result = build(tmp_path, content, settings)
    assert result.returncode == 0, result.stderr
    assert result.exists("nb/jobs/af-30000001/index.html")
    assert boards.count("/search") == 2 and "WARNING" not in result.stderr


def test_a_source_that_fails_keeps_the_last_good_data_with_a_loud_warning(tmp_path, boards):
    boards.nav_publish(nav_ad(U(2), "Nettverksingeniør", "STORVOLL"))
    boards.af_hits = [af_hit(str(30000000 + i), f"Utvecklare {i}", "2399") for i in range(3)]
    content, settings = make_site(tmp_path, boards.server, refresh_after=0)
    first = build(tmp_path, content, settings)
    assert first.returncode == 0, first.stderr

    boards.fail("/search", 500, times=99)
    boards.fail("/api/v1/feed", 500, times=99)
    boards.af_hits = []  # would empty the list if it were (half) read
    result = build(tmp_path, content, settings)
    assert result.returncode == 0, result.stderr
    for label in ("NAV (nav)", "Arbetsförmedlingen (arbetsformedlingen)"):
        assert re.search(rf"jobs: WARNING: {re.escape(label)} could not be fetched: HTTP 500 from http://127\.0\.0\.1:\d+/\S+ after 3 attempts; "
                         r"the site keeps the ads fetched 2026-11-24 11:00 UTC \(0 min ago\)", result.stderr), result.stderr
    for i in range(3):
        assert result.exists(f"en/jobs/af-{30000000 + i}/index.html")
    assert result.exists(f"en/jobs/nav-{U(2)}/index.html")
    assert not list((tmp_path / "cache").rglob("*.new")), "nothing half-fetched is left behind"
    jobs = run_homeward("jobs", "-s", str(settings), "--content", str(content), env={"HOMEWARD_CACHE_PATH": str(tmp_path / "cache")})
    assert jobs.returncode == 1 and "2 source(s) failed" in jobs.stdout


def test_invoke_check_fails_when_the_data_is_older_than_a_week(tmp_path, boards):
    boards.af_hits = [af_hit("30000001", "Utvecklare", "2399", deadline="2027-06-30T23:59:59")]
    content, settings = make_site(tmp_path, boards.server, sources=[{"source": "arbetsformedlingen", "base_url": boards.server.url}])
    assert fetch(tmp_path, content, settings).returncode == 0
    env = {"HOMEWARD_CACHE_PATH": str(tmp_path / "cache")}
    fresh = run_homeward("check", "-s", str(settings), "--content", str(content), env=env)
    assert "jobs:" not in fresh.stderr, fresh.stderr
    requests = len(boards.requests)
    old = run_homeward("check", "-s", str(settings), "--content", str(content), env={**env, "HOMEWARD_NOW": "2026-12-02T12:00:00+01:00"})
    assert old.returncode == 1
    assert "error: jobs: the Arbetsförmedlingen ads were fetched 8 days ago (2026-11-24 11:00 UTC), more than JOB_FEEDS['max_age_days'] = 7" in old.stderr
    assert len(boards.requests) == requests, "check never fetches"


def test_a_malformed_ad_is_skipped_with_a_warning_naming_it(tmp_path, boards):
    boards.nav_publish(nav_ad(U(2), "Nettverksingeniør", "STORVOLL"))
    boards.nav_publish(nav_ad(U(8), "", "STORVOLL"))  # no title
    boards.af_hits = [af_hit("30000001", "Utvecklare", "2399"), af_hit("30000002", "Testare", "2399", published="i går")]
    content, settings = make_site(tmp_path, boards.server)
    result = build(tmp_path, content, settings)
    assert result.returncode == 0, result.stderr
    assert re.search(rf"jobs: warning: skipped NAV ad {U(8)} \(\S+/nav/ads/{U(8)}\.json\): 'title' is empty", result.stderr), result.stderr
    assert re.search(r"jobs: warning: skipped Arbetsförmedlingen ad 30000002 \(\S+search-2399\.json\): 'posted': 'i går' is not a date", result.stderr), result.stderr
    assert result.exists(f"en/jobs/nav-{U(2)}/index.html") and result.exists("en/jobs/af-30000001/index.html")


# ---------------------------------------------------------------- the pages


HOSTILE = (
    '<h1>Om oss</h1><p onclick="steal()" style="color:red">Vi søker en utvikler &amp; en tester som vil jobbe med oss.</p>'
    '<script>alert("x")</script><img src="https://tracker.example/p.gif" onerror="alert(1)">'
    '<iframe src="https://evil.example"></iframe><ul><li>Python</li><li><a href="javascript:alert(1)">klikk</a></li>'
    '<li><a href="https://example.org/mer">Les mer</a></li></ul><p>&lt;script&gt;ikke kode&lt;/script&gt;</p>'
)


def test_hostile_html_in_a_description_is_cleaned_and_plain_text_stays_readable(tmp_path, boards):
    boards.nav_publish(nav_ad(U(2), "Utvikler <script>alert(1)</script>", "STORVOLL", description=HOSTILE))
    boards.af_hits = [
        af_hit("30000001", "Testare", "2399", text_formatted='<p>Hej<script>x()</script></p><svg onload="x()"><p>dold</p></svg>', text="Hej"),
        af_hit("30000002", "Utvecklare", "2399", text="Vi söker en utvecklare.\n\n* Python\n* Go\n\nVälkommen <med> din ansökan!", text_formatted=None),
    ]
    content, settings = make_site(tmp_path, boards.server)
    result = build(tmp_path, content, settings)
    assert result.returncode == 0, result.stderr
    for rel in (f"nb/jobs/nav-{U(2)}/index.html", "sv/jobs/af-30000001/index.html", "en/jobs/af-30000002/index.html"):
        html = result.read(rel)
        body = page(result, rel).select_one("main .body")
        assert not body.find_all(["script", "img", "iframe", "svg", "h1", "style"]), rel
        assert not [a for t in body.find_all(True) for a in t.attrs if a.startswith("on") or a == "style"], rel
        assert "javascript:" not in html and "tracker.example" not in html and "evil.example" not in html, rel
    nav = page(result, f"nb/jobs/nav-{U(2)}/index.html")
    body = nav.select_one("main .body")
    assert [li.get_text() for li in body.select("ul li")] == ["Python", "klikk", "Les mer"]
    assert body.select_one('a[href="https://example.org/mer"]')["rel"] == ["nofollow", "noopener", "noreferrer"]
    assert "<script>ikke kode</script>" in body.get_text(), "escaped text stays text"
    assert nav.h1.get_text() == "Utvikler <script>alert(1)</script>", "a title is text, shown as written"
    # The plain text of the cleaned HTML, on one line as every meta description is (text.excerpt).
    description = nav.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Om oss Vi søker en utvikler & en tester")
    assert "• Python • klikk • Les mer" in description and "alert" not in description
    posting = jsonld(nav)
    assert "<script" not in posting["description"] and "<li>Python</li>" in posting["description"]
    plain = page(result, "en/jobs/af-30000002/index.html").select_one("main .body")
    assert [li.get_text() for li in plain.select("ul li")] == ["Python", "Go"] and "Välkommen <med> din ansökan!" in plain.get_text()


def test_an_imported_ad_says_where_it_is_from_in_the_readers_language_and_keeps_its_own(tmp_path, boards):
    boards.nav_publish(nav_ad(U(2), "Nettverksingeniør", "STORVOLL", description="<p>Vi søker en nettverksingeniør som vil jobbe med oss på Storvoll.</p>"))
    boards.af_hits = [af_hit("30000001", "Backend developer", "2399", text="We are looking for a backend developer who will work with our team and you will have experience with Go.")]
    content, settings = make_site(tmp_path, boards.server)
    result = build(tmp_path, content, settings)
    assert result.returncode == 0, result.stderr
    credits = {"nb": "Kilde: NAV", "sv": "Källa: NAV", "en": "Source: NAV"}
    for lang, credit in credits.items():
        soup = page(result, f"{lang}/jobs/nav-{U(2)}/index.html")
        assert soup.html["lang"] == lang
        line = soup.select_one(".job-source")
        assert line.get_text().startswith(credit)
        links = {a["href"] for a in line.find_all("a")}
        assert links == {f"https://arbeidsplassen.nav.no/stillinger/stilling/{U(2)}", "https://arbeidsplassen.nav.no/vilkar-api"}
        body = soup.select_one("main .body")
        assert body.get("lang") == (None if lang == "nb" else "nb"), "the ad is marked with its language where it differs"
        assert soup.h1.find("span", lang="nb") is not None if lang != "nb" else soup.h1.find("span") is None
    af = page(result, "sv/jobs/af-30000001/index.html")
    assert af.select_one(".job-source").get_text().startswith("Källa: Arbetsförmedlingen")
    assert af.select_one("main .body")["lang"] == "en", "an English ad on a Swedish board is marked English"
    posting = jsonld(page(result, f"en/jobs/nav-{U(2)}/index.html"))
    assert posting["url"] == posting["sameAs"] == f"https://arbeidsplassen.nav.no/stillinger/stilling/{U(2)}"
    assert posting["identifier"] == {"@type": "PropertyValue", "name": "NAV", "value": U(2)}
    assert posting["directApply"] is False and posting["validThrough"] == "2027-01-31T23:59:59"
    assert posting["hiringOrganization"]["name"] == "Nordlys Data AS", "linked to the company by organisation number"
    assert posting["inLanguage"] == "nb"


def test_ads_link_to_companies_by_org_number_and_each_job_is_shown_once(tmp_path, boards):
    # NAV repeats the hand-written job (same employer, title, municipality): content wins.
    boards.nav_publish(nav_ad(U(1), "DRIFTSTEKNIKER", "STORVOLL", orgnr="917 438 625"))
    boards.nav_publish(nav_ad(U(2), "Nettverksingeniør", "STORVOLL", orgnr="NO 917438625 MVA"))
    boards.nav_publish(nav_ad(U(3), "Kokk", "STORVOLL", employer="Kantina AS", orgnr="918000000"))
    # The same ad on both boards (a Norwegian employer recruiting for Gränsmo): NAV is listed first.
    boards.nav_publish(nav_ad(U(4), "Servicetekniker", "GRÄNSMO", employer="Nordlys Data AS", county=None))
    boards.af_hits = [af_hit("30000001", "Servicetekniker", "2399", employer="NORDLYS DATA AS", orgnr=None)]
    nav_source = {"source": "nav", "base_url": boards.server.url, "municipalities": ["5097", "5098", "2399"]}
    content, settings = make_site(tmp_path, boards.server, sources=[nav_source, {"source": "arbetsformedlingen", "base_url": boards.server.url}])
    result = build(tmp_path, content, settings)
    assert result.returncode == 0, result.stderr
    assert not result.exists(f"en/jobs/nav-{U(1)}/index.html") and result.exists("en/jobs/operations-technician/index.html")
    assert result.exists(f"en/jobs/nav-{U(4)}/index.html") and not result.exists("en/jobs/af-30000001/index.html")
    assert "2 duplicate(s) shown once" in result.stderr
    company = page(result, "en/companies/nordlys-data/index.html")
    listed = [a["href"] for a in company.select("section[aria-labelledby=jobs-heading] li a")]
    assert len(listed) == 2, "COMPANY_JOBS_SHOWN = 2"
    more = company.find("a", string=re.compile(r"All 3 jobs at Nordlys Data AS"))
    assert more["href"] == "/en/jobs/company/nordlys-data/"
    assert company.select_one(".badge-hiring"), "hiring follows the jobs: the YAML says hiring: false"
    assert result.exists("en/jobs/company/nordlys-data/index.html")
    assert len(page(result, "en/jobs/company/nordlys-data/index.html").select(".job-list > li")) == 3
    kokk = page(result, f"en/jobs/nav-{U(3)}/index.html")
    assert "Kantina AS" in kokk.select_one(".lead").get_text() and not kokk.select_one(".lead a")


def test_the_jobs_list_has_facets_and_pages_that_scale(tmp_path, boards):
    boards.af_hits = [
        af_hit(str(30000000 + i), f"Utvecklare {i}", "2399", hours="Deltid" if i % 3 == 0 else "Heltid", field=HEALTH if i % 2 else DATA_IT)
        for i in range(9)
    ]
    boards.nav_publish(nav_ad(U(2), "Nettverksingeniør", "STORVOLL"))
    content, settings = make_site(tmp_path, boards.server)
    result = build(tmp_path, content, settings)
    assert result.returncode == 0, result.stderr
    first = page(result, "en/jobs/index.html")
    assert len(first.select(".job-list > li")) == 4, "JOBS_PER_PAGE = 4"
    assert first.find("p", role="status").get_text() == "11 open positions"
    assert result.exists("en/jobs/page/3/index.html") and not result.exists("en/jobs/page/4/index.html")
    assert first.select_one('a[rel="next"]')["href"] == "/en/jobs/page/2/"
    groups = {h.get_text() for h in first.select(".facets .facet-title")}
    assert {"Occupation field", "Municipality", "Employment", "Source"} <= groups
    assert len(page(result, "en/jobs/source/arbetsformedlingen/index.html").select(".job-list > li")) == 4
    assert result.exists("en/jobs/source/arbetsformedlingen/page/3/index.html")
    assert result.exists("en/jobs/source/nav/index.html") and result.exists("en/jobs/source/direct/index.html")
    assert result.exists("en/jobs/employment/part-time/index.html") and result.exists("en/jobs/field/data-it/index.html")
    health = page(result, "sv/jobs/field/halso-och-sjukvard/index.html")
    assert health.title.get_text().startswith("Jobb: Hälso- och sjukvård"), "no markup in <title>"
    assert page(result, "en/jobs/field/halso-och-sjukvard/index.html").h1.find("span", lang="sv"), "a Swedish field name is marked"
    for rel in result.html_files():
        if "/jobs/" in rel and not re.search(r"/jobs/(?:af|nav)-", rel):
            assert len(page(result, rel).select(".job-list > li")) <= 4, rel


def test_the_real_services_are_the_defaults_and_the_sample_never_fetches(tmp_path):
    from jobfeeds.config import SOURCES

    assert SOURCES["nav"]["base_url"] == "https://pam-stilling-feed.nav.no"
    assert SOURCES["arbetsformedlingen"]["base_url"] == "https://jobsearch.api.jobtechdev.se"
    # The sample reads its recorded snapshot: `homeward jobs` has nothing to fetch, and with the
    # proxies closed any attempt would have been a failure.
    result = run_homeward("jobs", "-s", str(ROOT / "pelicanconf.py"), env={"HOMEWARD_CACHE_PATH": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "recorded snapshot" in result.stdout and "WARNING" not in result.stdout


def test_the_sample_shows_imported_ads_beside_its_own_jobs(sample):
    jobs = page(sample, "en/jobs/index.html")
    # 4 live hand-written jobs; the snapshot's 4 NAV ads (one repeats a hand-written job) and 3 from Arbetsförmedlingen.
    assert jobs.find("p", role="status").get_text() == "10 open positions"
    sources = {a.get_text(strip=True) for a in jobs.select(".facets a[href*='/jobs/source/']")}
    assert sources == {"NAV (3)", "Arbetsförmedlingen (3)", "Posted on this site (4)"}, sources
    assert sample.exists("en/jobs/nav-5f0c2d1e-8b7a-4c3e-9a41-0d6e2f7b1a01/index.html")
    assert not sample.exists("en/jobs/nav-5f0c2d1e-8b7a-4c3e-9a41-0d6e2f7b1a02/index.html"), "the YAML fish health biologist wins"
    nordlys = page(sample, "en/companies/nordlys-data/index.html")
    assert "Driftstekniker datasenter" in nordlys.select_one("section[aria-labelledby=jobs-heading]").get_text()


def test_organisation_numbers_are_compared_in_one_form():
    from homeward.model.fields import normalise_org_number

    assert {normalise_org_number(v) for v in ("917438625", "917 438 625", "NO 917438625 MVA", 917438625)} == {"917438625"}
    assert {normalise_org_number(v) for v in ("5560360793", "556036-0793", "SE556036079301", "16556036-0793", "165560360793")} == {"556036-0793"}
    for wrong in ("55603607", "556036-079", "917-438-625x", "", None, "ABC"):
        assert normalise_org_number(wrong) is None, wrong


def test_the_same_ads_give_the_same_bytes(tmp_path, boards):
    """Two sites fetching the same boards (own caches, so nothing is shared): identical job
    pages, lists and feeds, and identical stored responses — no fetch time in any of them."""
    boards.nav_publish(nav_ad(U(2), "Nettverksingeniør", "STORVOLL"))
    boards.nav_publish(nav_ad(U(3), "Sykepleier", "SKARVIK", employer="SKARVIK KOMMUNE"))
    boards.af_hits = [af_hit(str(30000000 + i), f"Utvecklare {i}", "2399") for i in range(3)]
    results = []
    for name in ("first", "second"):
        folder = tmp_path / name
        content, settings = make_site(folder, boards.server)
        results.append(build(folder, content, settings))
    first, second = results
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    files = sorted(p.relative_to(first.output) for p in first.output.rglob("*") if p.is_file() and "jobs" in p.parts)
    assert len(files) > 30
    for rel in files:
        assert (second.output / rel).read_bytes() == (first.output / rel).read_bytes(), rel
    stored = sorted(p.relative_to(tmp_path / "first" / "cache") for p in (tmp_path / "first" / "cache" / "fetched").rglob("*.json"))
    assert stored
    for rel in stored:
        assert (tmp_path / "second" / "cache" / rel).read_bytes() == (tmp_path / "first" / "cache" / rel).read_bytes(), rel


def test_an_unchanged_build_is_skipped_until_the_ads_change(tmp_path, boards):
    """Fetched ads are an input like content/: a new fetch, or an edited snapshot, rebuilds."""
    import shutil

    snapshot = tmp_path / "snapshot"
    shutil.copytree(ROOT / "content" / "data" / "job-snapshot", snapshot)
    content, settings = make_site(tmp_path, boards.server, sources=[{"source": "nav"}], snapshot=str(snapshot))
    first = build(tmp_path, content, settings)
    assert first.returncode == 0, first.stderr
    assert "Nothing changed" in build(tmp_path, content, settings).stdout
    ad = snapshot / "nav" / "ads" / "5f0c2d1e-8b7a-4c3e-9a41-0d6e2f7b1a01.json"
    ad.write_text(ad.read_text(encoding="utf-8").replace("Driftstekniker datasenter", "Driftstekniker, nytt datasenter"), encoding="utf-8")
    again = build(tmp_path, content, settings)
    assert "Nothing changed" not in again.stdout
    assert "Driftstekniker, nytt datasenter" in again.read("en/jobs/nav-5f0c2d1e-8b7a-4c3e-9a41-0d6e2f7b1a01/index.html")


def test_the_build_fetches_again_once_the_data_is_an_hour_old(tmp_path, boards):
    boards.af_hits = [af_hit("30000001", "Utvecklare", "2399")]
    content, settings = make_site(tmp_path, boards.server, sources=[{"source": "arbetsformedlingen", "base_url": boards.server.url}])
    at = {"12:00": "2026-11-24T12:00:00+01:00", "12:40": "2026-11-24T12:40:00+01:00", "13:01": "2026-11-24T13:01:00+01:00"}
    assert build(tmp_path, content, settings, env={"HOMEWARD_NOW": at["12:00"]}).returncode == 0
    assert boards.count("/search") == 1
    boards.af_hits.append(af_hit("30000002", "Testare", "2399"))
    later = build(tmp_path, content, settings, env={"HOMEWARD_NOW": at["12:40"]})
    assert boards.count("/search") == 1 and "Nothing changed" in later.stdout, "40 minutes old: not fetched, nothing rebuilt"
    hour = build(tmp_path, content, settings, env={"HOMEWARD_NOW": at["13:01"]})
    assert hour.returncode == 0 and boards.count("/search") == 2
    assert hour.exists("en/jobs/af-30000002/index.html")
