"""Issue 3: companies, jobs, stories, organisations, facts and the contact page, on real builds."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, copy_content
from conftest import soup as page
from jobboards import sample_board

LANGS = ["nb", "sv", "en"]
DATA = ROOT / "content" / "data"
NOW_DATE = "2026-11-24"


def load(path: Path):
    """Plain PyYAML (YAML 1.1: do not read `country: NO` through this), not the loader under test."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def companies() -> list[dict]:
    return [load(p) for p in sorted((DATA / "companies").glob("*.yaml"))]


def jobs() -> list[dict]:
    return [load(p) for p in sorted((DATA / "jobs").glob("*.yaml"))]


def live_jobs() -> list[dict]:
    return [j for j in jobs() if str(j["valid_through"]) >= NOW_DATE]


def expired_jobs() -> list[dict]:
    return [j for j in jobs() if str(j["valid_through"]) < NOW_DATE]



def jsonld(soup: BeautifulSoup, kind: str) -> dict:
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    found = [b for b in blocks if b.get("@type") == kind]
    assert found, f"no {kind} JSON-LD"
    return found[0]


def test_every_data_item_has_a_page_in_every_language(sample):
    organisations = load(DATA / "organisations.yaml")
    stories = {p.name.split(".")[0] for p in (ROOT / "content" / "stories").glob("*.md")}
    for lang in LANGS:
        for company in companies():
            assert sample.exists(f"{lang}/companies/{company['id']}/index.html")
        for job in live_jobs():
            assert sample.exists(f"{lang}/jobs/{job['id']}/index.html")
        for org in organisations:
            assert sample.exists(f"{lang}/organisations/{org['id']}/index.html")
        for slug in stories:
            assert sample.exists(f"{lang}/stories/{slug}/index.html")
        for rel in ("companies/index.html", "jobs/index.html", "stories/index.html", "facts/index.html", "contact/index.html"):
            assert sample.exists(f"{lang}/{rel}"), rel


def test_company_and_job_link_each_other(sample):
    for job in live_jobs():
        for lang in LANGS:
            job_page = page(sample, f"{lang}/jobs/{job['id']}/index.html")
            assert job_page.find("a", href=f"/{lang}/companies/{job['company']}/")
            company_page = page(sample, f"{lang}/companies/{job['company']}/index.html")
            assert company_page.find("a", href=f"/{lang}/jobs/{job['id']}/")


def test_expired_job_is_absent_from_every_output_file(sample):
    expired = expired_jobs()
    assert expired, "the sample must have an expired job"
    for job in expired:
        for path in sample.output.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".xml", ".atom", ".json", ".ics", ".txt"):
                assert job["id"] not in path.read_text(encoding="utf-8", errors="replace"), path


def test_company_page_shows_its_news_networks_and_organization_jsonld(sample):
    soup = page(sample, "en/companies/nordlys-data/index.html")
    assert soup.find("a", href="/en/news/new-data-centre-hall-storvoll/")
    assert soup.find("a", href=re.compile(r"^/en/organisations/"))
    data = jsonld(soup, "Organization")
    assert data["name"] == "Nordlys Data AS"
    assert data["logo"].endswith("/images/logos/nordlys-data.png")
    assert data["address"]["addressCountry"] == "NO"
    assert data["url"].startswith("https://")


def test_job_posting_has_googles_required_properties(sample):
    for job in live_jobs():
        data = jsonld(page(sample, f"sv/jobs/{job['id']}/index.html"), "JobPosting")
        for key in ("title", "description", "datePosted", "hiringOrganization", "jobLocation", "validThrough"):
            assert data.get(key), (job["id"], key)
        assert data["jobLocation"]["address"]["addressCountry"] in ("NO", "SE")
        assert data["title"] == job["title"]["sv"]
        assert (data.get("jobLocationType") == "TELECOMMUTE") == bool(job.get("remote"))


def _listed_companies(soup: BeautifulSoup, lang: str) -> set[str]:
    return {a["href"].split("/")[3] for a in soup.select(f".cards a[href^='/{lang}/companies/']")}


def test_facet_pages_list_exactly_the_matching_companies(sample):
    all_companies = companies()
    sectors = {s for c in all_companies for s in c.get("sectors", [])}
    for sector in sectors:
        expected = {c["id"] for c in all_companies if sector in c.get("sectors", [])}
        assert _listed_companies(page(sample, f"nb/companies/sector/{sector}/index.html"), "nb") == expected
    # "Hiring now" follows the jobs board: the companies with an open job, whatever `hiring:` says;
    # a job board's ad counts when its employer's organisation number is the company's.
    hiring = {j["company"] for j in sample_board(NOW_DATE) if j["company"]}
    assert _listed_companies(page(sample, "en/companies/hiring/index.html"), "en") == hiring
    assert hiring != {c["id"] for c in all_companies if c.get("hiring")}  # the sample has both kinds
    remote = {c["id"] for c in all_companies if c.get("remote_friendly")}
    assert _listed_companies(page(sample, "en/companies/remote/index.html"), "en") == remote
    for municipality in {c["municipality"] for c in all_companies}:
        expected = {c["id"] for c in all_companies if c["municipality"] == municipality}
        soup = page(sample, f"sv/companies/municipality/{municipality}/index.html")
        assert _listed_companies(soup, "sv") == expected
        current = soup.select_one(".facets a[aria-current='page']")
        assert f"({len(expected)})" in current.get_text()


def test_jobs_can_be_filtered_by_remote(sample):
    soup = page(sample, "en/jobs/remote/index.html")
    listed = {a["href"].split("/")[3] for a in soup.select(".job-list a")}
    assert listed == {j["id"] for j in live_jobs() if j.get("remote")}


def test_jobs_feed_lists_live_jobs(sample):
    import feedparser

    feed = feedparser.parse(sample.read("nb/jobs/feed.atom"))
    assert feed.bozo == 0
    linked = {urlparse(e.link).path for e in feed.entries}
    # Every job page (hand-written or imported from the job boards' snapshot), nothing else.
    pages = {"/" + rel.removesuffix("index.html") for rel in sample.html_files() if re.fullmatch(r"nb/jobs/[^/]+/index.html", rel) and '"JobPosting"' in sample.read(rel)}
    assert linked == pages
    assert {f"/nb/jobs/{job['id']}/" for job in live_jobs()} <= linked


def test_facts_chart_is_accessible_and_numbers_are_in_a_table(sample):
    soup = page(sample, "nb/facts/index.html")
    chart = soup.find("ol", class_="chart")
    assert chart["aria-label"].strip()
    rows = [(r.select_one(".chart-label").get_text(), r.select_one(".chart-value").get_text()) for r in chart.select("li")]
    values = [int(re.sub(r"\D", "", value)) for _label, value in rows]  # whatever CLDR groups digits with
    assert values == sorted(values, reverse=True) and values[0] == 14820  # a ranking, largest first
    assert rows[0][0] == "Skarvik"  # the words every label shares ("Innbyggere i") are in the title
    assert all(bar.find("rect") and bar["aria-hidden"] == "true" for bar in chart.select("svg"))
    table = soup.find("table")
    assert table.find("caption") and len(table.select("tbody tr")) >= 2
    # Every fact shows its own year and source: in its table row (a series) or on its card.
    rows = {row.th.get_text(strip=True): [cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in soup.select("table tbody tr")}
    cards = {card.select_one(".fact-label").get_text(strip=True): card.select_one(".fact-source").get_text(" ", strip=True) for card in soup.select("div.fact")}
    for fact in load(DATA / "region.yaml")["facts"]:
        label = fact["label"]["nb"]
        name = fact["source"]["name"]  # one text, or one per language
        source_name = name["nb"] if isinstance(name, dict) else name
        if label in rows:
            _value, year, source = rows[label]
            assert (year, source) == (str(fact["year"]), source_name), fact["id"]
        else:
            assert cards[label] == f"Kilde: {source_name} , {fact['year']}", fact["id"]


def test_home_shows_key_facts_with_source_and_the_relocation_contact(sample):
    soup = page(sample, "sv/index.html")
    facts = soup.select(".facts-grid .fact")
    assert facts and all(f.select_one(".fact-source") for f in facts)
    contact = soup.select_one("#contact")
    assert contact.find("a", href=re.compile("^tel:")) and contact.find("a", href=re.compile("^mailto:"))


def test_contact_form_works_on_netlify_and_falls_back_to_mailto(sample, tmp_path):
    form = page(sample, "en/contact/index.html").find("form")
    assert form["data-netlify"] == "true" and form["data-netlify-honeypot"] == "company-website"  # data-: valid HTML
    assert form.find("input", attrs={"name": "form-name"})
    settings = tmp_path / "ghconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\nCONTACT_FORM = None\n")
    result = build_site(tmp_path / "out", settings=settings)
    assert result.returncode == 0, result.stderr
    soup = page(result, "en/contact/index.html")
    assert soup.find("form") is None
    assert soup.find("a", href=re.compile("^mailto:"))


BROKEN_DATA = [
    ("companies/kodverket.yaml", "municipality: gransmo", "municipality: atlantis", "'municipality' refers to unknown municipality 'atlantis'"),
    ("companies/kodverket.yaml", "id: kodverket", "id: nordlys-data", "company id 'nordlys-data' is already used in content/data/companies/"),
    ("companies/kodverket.yaml", "website: https://", "website: javascript://", "is not an allowed address; use an https://, http://, mailto: or tel: address"),
    ("companies/kodverket.yaml", "logo: images/logos/kodverket.png", "logo: images/logos/missing.png", "logo 'images/logos/missing.png' does not exist"),
    ("jobs/backend-developer-helsefjell.yaml", "posted: 2026-", "posted: 2026-13-", "'posted': "),
    ("jobs/backend-developer-helsefjell.yaml", "company: helsefjell", "company: nobody", "'company' refers to unknown company 'nobody'"),
]


@pytest.mark.parametrize(("rel", "old", "new", "message"), BROKEN_DATA)
def test_broken_data_is_reported_with_file_and_line(tmp_path, rel, old, new, message):
    content = copy_content(tmp_path)
    path = content / "data" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = build_site(tmp_path / "out", content=content)
    assert result.returncode == 1
    assert f"content/data/{rel}:{line}: " in result.stderr, result.stderr
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_valid_through_before_posted_and_missing_default_language(tmp_path):
    content = copy_content(tmp_path)
    job = content / "data" / "jobs" / "backend-developer-helsefjell.yaml"
    text = re.sub(r"valid_through: .*", "valid_through: 2020-01-01", job.read_text(encoding="utf-8"))
    job.write_text(text, encoding="utf-8")
    company = content / "data" / "companies" / "kodverket.yaml"
    text = company.read_text(encoding="utf-8")
    company.write_text(re.sub(r"\n  nb: .*?(?=\n  sv:)", "", text, count=1, flags=re.S), encoding="utf-8")
    result = build_site(tmp_path / "out", content=content)
    assert result.returncode == 1
    assert "'valid_through' (2020-01-01) is before 'posted'" in result.stderr
    assert "content/data/companies/kodverket.yaml" in result.stderr
    assert "'description' has no text in the default language 'nb'" in result.stderr


def test_job_descriptions_in_link_previews_are_cut_at_a_word(sample):
    """Meta descriptions hold at most 180 characters: whole sentences, or whole words marked
    with '…' where cut (never half a word)."""
    cut = 0
    for job in live_jobs():
        for lang in LANGS:
            text = " ".join(job["description"][lang].split())
            shown = page(sample, f"{lang}/jobs/{job['id']}/index.html").find("meta", attrs={"name": "description"})["content"]
            assert len(shown) <= 180, shown
            if shown != text:
                words = text.split(" ")
                if shown.endswith("…"):
                    assert any(shown[:-1].rstrip(",;:") == " ".join(words[:k]).rstrip(",;:") for k in range(1, len(words))), shown
                else:  # whole sentences: the text goes on after a full stop and a space
                    assert shown[-1] in ".!?" and text.startswith(shown + " "), shown
                cut += 1
    assert cut, "no sample job has a description long enough to be cut"


def test_phone_links_dial_in_e164_even_when_written_without_country_code(tmp_path):
    """A number written the national way is read in the region's country (NO): +47 in the link."""
    content = copy_content(tmp_path)
    contacts = content / "data" / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    assert text.count('phone: "+47 712 34 567"') == 1
    contacts.write_text(text.replace('phone: "+47 712 34 567"', 'phone: "712 34 567"'), encoding="utf-8")
    result = build_site(tmp_path / "out", content=content)
    assert result.returncode == 0, result.stderr
    for rel in ("en/index.html", "en/contact/index.html"):  # footer and relocation contact
        links = {a["href"]: a.get_text() for a in page(result, rel).find_all("a", href=re.compile("^tel:"))}
        assert links.get("tel:+4771234567") == "712 34 567", (rel, links)
    statement = page(result, "en/accessibility/index.html")  # pelicanconf: "+47 712 00 000"
    assert statement.find("a", href="tel:+4771200000")


def test_a_job_leaves_the_site_at_midnight_after_its_last_day_without_any_edit(tmp_path):
    """`valid_through: 2027-01-10` is the last day: a build at 23:30 that day has nothing new to
    do; one at 00:30 the next night (Oslo) must run and leave the job out, though no file changed."""
    content = copy_content(tmp_path)
    out, cache = tmp_path / "out", tmp_path / "cache"
    job = "frontend-consultant-kodverket"
    assert str(load(DATA / "jobs" / f"{job}.yaml")["valid_through"]) == "2027-01-10"
    # The first build on the evening of the last day: between the suite's clock (November) and
    # then, the sample's imported ads expire too, which is a reason to build of its own.
    evening = {"HOMEWARD_NOW": "2027-01-10T22:00:00+01:00"}
    assert build_site(out, content=content, cache=cache, env=evening).returncode == 0
    assert (out / "en" / "jobs" / job / "index.html").exists()
    last_day = build_site(out, content=content, cache=cache, env={"HOMEWARD_NOW": "2027-01-10T23:30:00+01:00"})
    assert last_day.stdout.startswith("Nothing changed since the last build"), last_day.stdout + last_day.stderr
    after = build_site(out, content=content, cache=cache, env={"HOMEWARD_NOW": "2027-01-11T00:30:00+01:00"})
    assert after.returncode == 0 and after.stdout.startswith("Built "), after.stdout + after.stderr
    assert not (out / "en" / "jobs" / job / "index.html").exists()


def test_a_hand_written_job_links_its_original_ad(tmp_path):
    """`original_url` on a job nobody imported (docs/content-model.md, Jobs: "shown as 'See the
    original ad'"): the page links it in the reader's language, not only the JobPosting."""
    content = copy_content(tmp_path)
    job = content / "data" / "jobs" / "backend-developer-helsefjell.yaml"
    text = job.read_text(encoding="utf-8")
    anchor = "apply_url: https://helsefjell.example/jobb/backend-utvikler\n"
    assert text.count(anchor) == 1
    original = "https://arbeidsplassen.nav.no/stillinger/stilling/helsefjell-backend"
    job.write_text(text.replace(anchor, f"{anchor}original_url: {original}\n"), encoding="utf-8")
    result = build_site(tmp_path / "out", content=content)
    assert result.returncode == 0, result.stderr
    for lang, label in (("nb", "Se den opprinnelige annonsen"), ("sv", "Se originalannonsen"), ("en", "See the original ad")):
        links = page(result, f"{lang}/jobs/backend-developer-helsefjell/index.html").find_all("a", href=original)
        assert [a.get_text(strip=True) for a in links] == [label], (lang, links)


ORG_KINDS = """
- id: nord-universitet
  name: Nord universitet
  kind: University
  website: https://nord.example/
- id: havnoy-klynge
  name: Havnøy-klyngen
  kind: cluster
"""

# The labels a reader of each language reads above the organisation's name, written out by hand.
KIND_LABELS = {
    "skarvfjell-radet": ({"nb": "Offentlig organ", "sv": "Offentligt organ", "en": "Public body"}, "GovernmentOrganization"),
    "fjellnett": ({"nb": "Nettverk", "sv": "Nätverk", "en": "Network"}, "Organization"),
    "nord-universitet": ({"nb": "Universitet", "sv": "Universitet", "en": "University"}, "CollegeOrUniversity"),
    "havnoy-klynge": ({"nb": "Organisasjon", "sv": "Organisation", "en": "Organisation"}, "Organization"),
}


def test_each_documented_organisation_kind_has_its_label_and_schema_type(tmp_path):
    """docs/content-model.md lists network, public and university: each reads as itself in
    every language and is its own schema.org type; a kind the site has no label for is a plain
    organisation and a warning at its line (most often a typo)."""
    content = copy_content(tmp_path)
    orgs = content / "data" / "organisations.yaml"
    orgs.write_text(orgs.read_text(encoding="utf-8") + ORG_KINDS, encoding="utf-8")
    result = build_site(tmp_path / "output", content=content)
    assert result.returncode == 0, result.stderr
    line = next(n for n, text in enumerate(orgs.read_text(encoding="utf-8").splitlines(), 1) if text == "  kind: cluster")
    assert (
        f"content/data/organisations.yaml:{line}: warning: 'kind' is 'cluster', which the site has no label for, so the page "
        "calls it an organisation; use one of 'network', 'public', 'university', or leave 'kind' out"
    ) in result.stderr
    for org_id, (labels, schema_type) in KIND_LABELS.items():
        for lang in LANGS:
            soup = page(result, f"{lang}/organisations/{org_id}/index.html")
            assert soup.select_one("main .kicker").get_text(strip=True) == labels[lang], (org_id, lang)
            data = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
            assert [d["@type"] for d in data if "member" in d or d.get("name") == soup.h1.get_text(strip=True)] == [schema_type], (org_id, data)
