"""Benchmark: a three-language region with 5,000 ads imported from NAV and Arbetsförmedlingen.

The region is the harness's corpus (`corpus.py`, a small scale: news, companies, events,
hand-written jobs) with official codes on its municipalities (half Norwegian, half Swedish)
and organisation numbers on its companies. The ads are generated in the sources' own
formats — NAV's `FeedEntryContent` files and JobSearch's `/search` responses, exactly what
`invoke jobs` stores — and read as a recorded snapshot, so nothing is fetched. Measured, side
by side in one run, with `run.measure` (wall, CPU, peak RSS from wait4):

- the region **without** the job sources, cold (the baseline);
- the region **with** the 5,000 ads, cold (fresh output, no cache);
- the same again, nothing changed (warm).

    .venv/bin/python benchmarks/jobs.py                      # 5000 ads, 3 runs, /dev/shm
    .venv/bin/python benchmarks/jobs.py --ads 1000 --repeat 1

The report is printed and written to `benchmarks/results/jobs-latest.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402 - sibling module
from run import measure  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results" / "jobs-latest.md"
NOW = "2026-11-24T12:00:00+01:00"
SEED = "homeward-jobs"

TITLES_NB = ("Sykepleier", "Lærer", "Elektriker", "Utvikler", "Driftstekniker", "Renholder", "Kokk", "Sjåfør", "Rådgiver", "Tømrer", "Prosjektleder", "Fagarbeider")
TITLES_SV = ("Sjuksköterska", "Lärare", "Elektriker", "Utvecklare", "Drifttekniker", "Lokalvårdare", "Kock", "Chaufför", "Handläggare", "Snickare", "Projektledare", "Undersköterska")
FIELDS_NB = ("Helse og sosial", "Undervisning", "Bygg og anlegg", "IT", "Industri og produksjon", "Reiseliv og mat", "Transport og logistikk", "Kontor og administrasjon")
FIELDS_SV = (("NYW6_mP6_vwf", "Hälso- och sjukvård"), ("MVqp_eS8_kDZ", "Pedagogik"), ("j7Cq_ZJe_GkT", "Bygg och anläggning"), ("apaJ_2ja_LuF", "Data/IT"), ("ScKy_FHB_7wT", "Tillverkning och produktion"), ("ASGV_zcE_bWf", "Transport"))
WORDS_NB = "vi søker en ny kollega som vil jobbe med oss i et godt miljø og har erfaring fra faget du får ansvar for".split()
WORDS_SV = "vi söker en ny kollega som vill arbeta med oss i en god miljö och har erfarenhet av yrket du får ansvar för".split()


def _text(rng: random.Random, words: list[str], sentences: int) -> list[str]:
    return [" ".join(rng.choice(words) for _ in range(rng.randint(8, 16))).capitalize() + "." for _ in range(sentences)]


def _org(rng: random.Random, digits: int) -> str:
    return str(rng.randint(10 ** (digits - 1), 10**digits - 1))


def write_region(work: Path, scale: int) -> tuple[Path, list[dict[str, Any]]]:
    """The harness corpus with municipality codes and organisation numbers; returns content/ and its companies."""
    corpus.generate(work, scale)
    content = work / "content"
    region_path = content / "data" / "region.yaml"
    region = yaml.safe_load(region_path.read_text(encoding="utf-8"))
    for i, municipality in enumerate(region["municipalities"]):
        swedish = i % 2 == 1
        municipality["code"] = f"{2390 + i:04d}" if swedish else f"{5070 + i:04d}"
        if swedish:
            municipality["country"] = "SE"
    region_path.write_text(yaml.safe_dump(region, allow_unicode=True, sort_keys=False), encoding="utf-8")
    sys.path.insert(0, str(ROOT / "plugins"))
    from homeward.model.fields import _norwegian_check_digit_ok, _swedish_check_digit_ok

    companies = []
    rng = random.Random(f"{SEED}-orgs")
    for path in sorted((content / "data" / "companies").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        country = next((m.get("country", "NO") for m in region["municipalities"] if m["id"] == data["municipality"]), "NO")
        while True:  # a number with a valid check digit, as the build demands
            number = _org(rng, 9 if country == "NO" else 10)
            if (_norwegian_check_digit_ok if country == "NO" else _swedish_check_digit_ok)(number):
                break
        data["org_number"] = number if country == "NO" else f"{number[:6]}-{number[6:]}"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        companies.append({**data, "country": country})
    return content, region["municipalities"]


def write_ads(snapshot: Path, count: int, municipalities: list[dict[str, Any]], companies: list[dict[str, Any]]) -> None:
    """`count` ads, half NAV (one FeedEntryContent per ad) and half JobSearch (search responses)."""
    shutil.rmtree(snapshot, ignore_errors=True)
    rng = random.Random(SEED)
    norwegian = [m for m in municipalities if m.get("country", "NO") == "NO"]
    swedish = [m for m in municipalities if m.get("country") == "SE"]
    employers_no = [c for c in companies if c["country"] == "NO"]
    employers_se = [c for c in companies if c["country"] == "SE"]
    entries: dict[str, Any] = {}
    start = date(2026, 10, 1)
    for i in range(count // 2):
        uuid = f"00000000-0000-4000-8000-{i:012d}"
        municipality = rng.choice(norwegian)
        posted = start + timedelta(days=rng.randint(0, 50))
        company = rng.choice(employers_no) if rng.random() < 0.1 and employers_no else None
        paragraphs = "".join(f"<p>{s}</p>" for s in _text(rng, WORDS_NB, rng.randint(2, 5)))
        items = "".join(f"<li>{s}</li>" for s in _text(rng, WORDS_NB, 3))
        ad = {
            "uuid": uuid,
            "published": f"{posted.isoformat()}T00:00:00+01:00",
            "expires": f"{(posted + timedelta(days=rng.randint(70, 200))).isoformat()}T00:00:00+01:00",
            "updated": f"{posted.isoformat()}T09:00:00+01:00",
            "workLocations": [{"country": "NORGE", "address": None, "city": municipality["name"].upper(), "postalCode": "7000", "county": None, "municipal": municipality["name"].upper()}],
            "contactList": [],
            "title": f"{rng.choice(TITLES_NB)} {i}",
            "description": f"{paragraphs}<h2>Kvalifikasjoner</h2><ul>{items}</ul>",
            "sourceurl": "",
            "source": "Stillingsregistrering",
            "applicationUrl": "",
            "applicationDue": "Snarest",
            "occupationCategories": [{"level1": rng.choice(FIELDS_NB), "level2": "Annet"}],
            "categoryList": [],
            "jobtitle": "",
            "link": f"https://arbeidsplassen.nav.no/stillinger/stilling/{uuid}",
            "employer": {"name": company["name"] if company else f"Arbeidsgiver {rng.randint(1, 400)} AS", "orgnr": company["org_number"] if company else None, "description": "", "homepage": ""},
            "engagementtype": rng.choice(("Fast", "Fast", "Fast", "Vikariat", "Sesong")),
            "extent": rng.choice(("Heltid", "Heltid", "Deltid")),
            "starttime": "",
            "positioncount": "1",
            "sector": "Privat",
        }
        content = {"uuid": uuid, "status": "ACTIVE", "sistEndret": ad["updated"], "ad_content": ad}
        path = snapshot / "nav" / "ads" / f"{uuid}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
        entries[uuid] = {"municipal": ad["workLocations"][0]["municipal"], "sistEndret": ad["updated"]}
    (snapshot / "nav" / "entries.json").write_text(json.dumps(entries, sort_keys=True, indent=1), encoding="utf-8")
    hits: dict[str, list[Any]] = {m["code"]: [] for m in swedish}
    for i in range(count - count // 2):
        municipality = rng.choice(swedish)
        posted = start + timedelta(days=rng.randint(0, 50))
        company = rng.choice(employers_se) if rng.random() < 0.1 and employers_se else None
        sentences = _text(rng, WORDS_SV, rng.randint(3, 7))
        concept, label = rng.choice(FIELDS_SV)
        ad_id = str(30000000 + i)
        hits[municipality["code"]].append(
            {
                "id": ad_id,
                "webpage_url": f"https://arbetsformedlingen.se/platsbanken/annonser/{ad_id}",
                "headline": f"{rng.choice(TITLES_SV)} {i}",
                "application_deadline": f"{(posted + timedelta(days=rng.randint(70, 200))).isoformat()}T23:59:59",
                "description": {"text": "\n\n".join(sentences), "text_formatted": "".join(f"<p>{s}</p>" for s in sentences) if i % 2 else None},
                "employment_type": {"concept_id": "PFZr_Syz_cUq", "label": "Vanlig anställning", "legacy_ams_taxonomy_id": "1"},
                "duration": {"concept_id": "a7uU_j21_mkL", "label": rng.choice(("Tillsvidare", "Tillsvidare", "3 - 6 månader")), "legacy_ams_taxonomy_id": "1"},
                "working_hours_type": {"concept_id": "6YE1_gAC_R2G", "label": rng.choice(("Heltid", "Heltid", "Deltid")), "legacy_ams_taxonomy_id": "1"},
                "employer": {"name": company["name"] if company else f"Arbetsgivare {rng.randint(1, 400)} AB", "organization_number": company["org_number"].replace("-", "") if company else None, "workplace": None},
                "application_details": {"url": f"https://example.se/jobb/{ad_id}", "email": None, "via_af": False, "information": None, "reference": None, "other": None},
                "occupation_field": {"concept_id": concept, "label": label, "legacy_ams_taxonomy_id": "0"},
                "workplace_address": {"municipality": municipality["name"], "municipality_code": municipality["code"], "region": "Jämtlands län", "region_code": "23", "country": "Sverige"},
                "publication_date": f"{posted.isoformat()}T00:00:00",
                "last_publication_date": None,
                "removed": False,
            }
        )
    for code, found in hits.items():
        path = snapshot / "arbetsformedlingen" / f"search-{code}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"query": {"municipality": code}, "total": {"value": len(found)}, "hits": found}, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")


def settings_file(work: Path, snapshot: Path | None) -> Path:
    path = work / ("settings-jobs.py" if snapshot else "settings-base.py")
    sources = [{"source": "nav"}, {"source": "arbetsformedlingen"}] if snapshot else []
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
        f"JOB_SOURCES = {sources!r}\nJOB_FEEDS = {{'snapshot': {str(snapshot) if snapshot else None!r}}}\n",
        encoding="utf-8",
    )
    return path


def lighthouse_rows(work: Path, content: Path, snapshot: Path) -> list[str]:
    """Lighthouse (mobile) on the jobs list, its second page, a filter page and two job pages
    of a production build (publishconf.py, search index, SITEURL = the local server)."""
    import functools
    import subprocess
    import threading
    from http.server import ThreadingHTTPServer
    from types import SimpleNamespace

    import lighthouse

    site = work / "out-lighthouse"
    shutil.rmtree(site, ignore_errors=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(lighthouse.GzipHandler, directory=str(site)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings = work / "settings-publish.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *  # noqa\n"
        f"JOB_SOURCES = [{{'source': 'nav'}}, {{'source': 'arbetsformedlingen'}}]\nJOB_FEEDS = {{'snapshot': {str(snapshot)!r}}}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "SITEURL": base, "HOMEWARD_CACHE_PATH": str(work / "cache-lighthouse"), "HOMEWARD_NOW": NOW, "HOMEWARD_OFFLINE": "1"}
    subprocess.run([sys.executable, "-m", "homeward", "build", "-s", str(settings), "--content", str(content), "-o", str(site)], check=True, cwd=ROOT, env=env, stdout=sys.stderr)
    nav = sorted((site / "nb" / "jobs").glob("nav-*"))[0].name
    af = sorted((site / "nb" / "jobs").glob("af-*"))[0].name
    targets = [
        SimpleNamespace(kind="jobs list", path="/nb/jobs/"),
        SimpleNamespace(kind="jobs list, page 2", path="/nb/jobs/page/2/"),
        SimpleNamespace(kind="jobs filter", path="/nb/jobs/source/arbetsformedlingen/"),
        SimpleNamespace(kind="job (NAV)", path=f"/nb/jobs/{nav}/"),
        SimpleNamespace(kind="job (Arbetsförmedlingen)", path=f"/sv/jobs/{af}/"),
    ]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        rows = [lighthouse.summarise(t, lighthouse.run(base + t.path)) for t in targets]
    finally:
        server.shutdown()
    for row in rows:
        for category, audits in row["below_90"].items():
            print(f"{row['kind']}: {category} audits below 0.9: {', '.join(audits)}", file=sys.stderr)
    return [f"Lighthouse {rows[0]['lighthouse']} (mobile), production build with the search index:", "", lighthouse.table(rows, markdown=True)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ads", type=int, default=5000)
    parser.add_argument("--scale", type=int, default=100, help="the corpus's articles per language")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--where", type=Path, default=Path("/dev/shm/homeward-bench-jobs"))
    parser.add_argument("--python", type=Path, default=ROOT / ".venv" / "bin" / "python")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse on the jobs list and job pages (production build)")
    args = parser.parse_args(argv)
    work = args.where
    work.mkdir(parents=True, exist_ok=True)
    content, municipalities = write_region(work, args.scale)
    companies = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((content / "data" / "companies").glob("*.yaml"))]
    for company in companies:
        company["country"] = "SE" if "-" in str(company["org_number"]) else "NO"
    snapshot = work / "job-snapshot"
    write_ads(snapshot, args.ads, municipalities, companies)
    env = {**os.environ, "HOMEWARD_NOW": NOW, "PYTHONHASHSEED": "0", "HOMEWARD_OFFLINE": "1"}
    rows: dict[str, list[Any]] = {"baseline (no job sources), cold": [], f"with {args.ads} imported ads, cold": [], f"with {args.ads} imported ads, warm (nothing changed)": []}
    for run in range(args.repeat):
        for label, snap in (("baseline (no job sources), cold", None), (f"with {args.ads} imported ads, cold", snapshot)):
            out, cache = work / f"out-{'jobs' if snap else 'base'}", work / f"cache-{'jobs' if snap else 'base'}"
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
            cmd = [str(args.python), "-m", "homeward", "build", "-s", str(settings_file(work, snap)), "--content", str(content), "-o", str(out), "--no-search"]
            sample = measure(cmd, ROOT, out, work / "logs" / f"{label[:8]}-{run}.log", {**env, "HOMEWARD_CACHE_PATH": str(cache)}, 3600)
            rows[label].append(sample)
            if snap is not None:
                warm = measure(cmd, ROOT, out, work / "logs" / f"warm-{run}.log", {**env, "HOMEWARD_CACHE_PATH": str(cache)}, 3600)
                rows[f"with {args.ads} imported ads, warm (nothing changed)"].append(warm)
            print(f"run {run + 1}: {label}: {sample.wall:.2f} s", file=sys.stderr)
    lines = [
        f"# Job feeds benchmark ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Region: corpus scale {args.scale} (nb, sv, en), {len(municipalities)} municipalities, {args.ads} ads "
        f"({args.ads // 2} NAV, {args.ads - args.ads // 2} Arbetsförmedlingen) from a recorded snapshot; "
        f"median of {args.repeat}; {work} ({platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}).",
        "",
        "| build | wall s | CPU s | peak RSS MB | pages | exit |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, samples in rows.items():
        wall = statistics.median(s.wall for s in samples)
        cpu = statistics.median(s.cpu for s in samples)
        rss = max(s.rss_mb for s in samples)
        lines.append(f"| {label} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {samples[-1].pages} | {max(s.exit_code for s in samples)} |")
    if args.lighthouse:
        lines += ["", *lighthouse_rows(work, content, snapshot)]
    report = "\n".join(lines) + "\n"
    print(report)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(report, encoding="utf-8")
    return 0 if all(s.exit_code == 0 for samples in rows.values() for s in samples) else 1


if __name__ == "__main__":
    raise SystemExit(main())
