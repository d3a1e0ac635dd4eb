"""Arbetsförmedlingen (Platsbanken): JobTech's JobSearch API, keyless open data (CC0).

The API, as JobTech publishes it (`JobtechSwe/sokannonser-api`: the `JobAd` result model,
`fields.py`, the query parser; the getting-started guide):

- `GET /search?municipality=<kommunkod>&occupation-field=<id>&q=<text>&offset=N&limit=100`
  → `{total: {value}, hits: [JobAd…]}`. `limit` is at most 100 and `offset` at most 2000,
  so one query reaches about 2,100 ads: the importer asks once per municipality (and per
  keyword) and says so when a query has more.
- A `JobAd` has `id`, `headline`, `webpage_url` (the ad on Platsbanken), `employer {name,
  organization_number, workplace}`, `workplace_address {municipality_code, municipality,
  region_code, …}`, `publication_date`, `application_deadline`, `last_publication_date`,
  `description {text, text_formatted}`, `employment_type`, `working_hours_type`,
  `duration` (`{concept_id, label, legacy_ams_taxonomy_id}`), `occupation`,
  `occupation_group`, `occupation_field`, `application_details {url, email, …}`, `removed`.

The search returns the ads open now, so each refresh replaces the whole set: an ad that is
no longer returned, or is marked `removed`, is gone at the next build.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from homeward.model.fields import normalise_org_number
from homeward.model.safe_html import clean_html
from slugify import slugify

from .config import SourceConfig
from .http import Fetcher
from .store import read_json, replace_folder, write_json
from .text import detect_language, html_to_text, text_to_html

SEARCH = "/search"
LIMIT = 100
MAX_OFFSET = 2000
AD_URL = "https://arbetsformedlingen.se/platsbanken/annonser/"
# Volatile parts of a response (timings, scores): dropped so unchanged ads are unchanged bytes.
VOLATILE = {"relevance"}


def queries(source: SourceConfig) -> list[tuple[str, dict[str, Any]]]:
    """(file name, query parameters): one query per municipality, times one per keyword."""
    out = []
    for code in source.municipalities:
        base: dict[str, Any] = {"municipality": code}
        if source.occupation_fields:
            base["occupation-field"] = list(source.occupation_fields)
        for keyword in source.keywords or [None]:
            params = dict(base, q=keyword) if keyword else base
            name = f"search-{code}" + (f"-{slugify(keyword)}" if keyword else "")
            out.append((name, params))
    return out


def refresh(source: SourceConfig, folder: Path, fetcher: Fetcher, notices: list[str]) -> str:
    """Every page of every query into a new folder, which replaces the old one only when all
    of it arrived: a failure halfway leaves the last complete data in place."""
    staged = folder.with_name(folder.name + ".new")
    if staged.exists():
        shutil.rmtree(staged)
    try:
        total_ads = _fetch_all(source, staged, fetcher, notices)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)  # half a set is never used, nor left behind
        raise
    staged.mkdir(parents=True, exist_ok=True)
    replace_folder(folder, staged)
    return f"{total_ads} ads"


def _fetch_all(source: SourceConfig, staged: Path, fetcher: Fetcher, notices: list[str]) -> int:
    total_ads = 0
    limit = max(1, min(source.page_size, LIMIT))
    for name, params in queries(source):
        hits: dict[str, Any] = {}
        total = 0
        offset = 0
        while offset <= MAX_OFFSET:
            page = fetcher.json(source.base_url + SEARCH, params={**params, "offset": offset, "limit": limit, "sort": "pubdate-desc"})
            total = int(((page.get("total") or {}).get("value")) or 0)
            batch = page.get("hits") or []
            for hit in batch:
                if isinstance(hit, dict) and hit.get("id") is not None:
                    hits[str(hit["id"])] = {k: v for k, v in hit.items() if k not in VOLATILE}
            offset += limit
            if not batch or offset >= total:
                break
        if total > MAX_OFFSET + limit:
            notices.append(
                f"jobs: warning: Arbetsförmedlingen has {total} ads for {params}, and its search returns at most "
                f"{MAX_OFFSET + limit}; narrow the source with occupation_fields or keywords"
            )
        write_json(staged / f"{name}.json", {"query": params, "total": {"value": total}, "hits": [hits[k] for k in sorted(hits, key=_id_key)]})
        total_ads += len(hits)
    return total_ads


def _id_key(value: str) -> tuple[int, str]:
    return (int(value), value) if value.isdigit() else (0, value)


def stored_ads(folder: Path) -> Iterator[tuple[str, dict[str, Any], Path]]:
    """(id, JobAd, file) for every stored hit, each ad once, in a stable order."""
    seen: set[str] = set()
    for path in sorted(folder.glob("search-*.json")):
        for hit in read_json(path).get("hits") or []:
            ad_id = str((hit or {}).get("id") or "")
            if ad_id and ad_id not in seen:
                seen.add(ad_id)
                yield ad_id, hit, path


def to_job(ad_id: str, ad: dict[str, Any], source: SourceConfig, municipalities: dict[str, str]) -> dict[str, Any] | None:
    """The fields of a `Job` from one JobSearch hit; None when removed or outside the region.

    `municipalities` maps the official code (kommunkod) to the region's municipality id.
    """
    if ad.get("removed"):
        return None
    address = ad.get("workplace_address") or {}
    municipality = municipalities.get(str(address.get("municipality_code") or ""))
    if municipality is None:
        return None
    field = ad.get("occupation_field") or {}
    if source.occupation_fields:
        values = {str(field.get(k) or "").casefold() for k in ("concept_id", "legacy_ams_taxonomy_id", "label")}
        if not {f.casefold() for f in source.occupation_fields} & values:
            return None
    title = (ad.get("headline") or "").strip()
    description = ad.get("description") or {}
    # Cleaned before anything is read from it: a script's text must not become plain text.
    formatted = clean_html(description.get("text_formatted") or "")
    plain = (description.get("text") or "").strip()
    description_html = formatted or text_to_html(plain)
    text = html_to_text(formatted) if formatted else plain
    if source.keywords and not any(k.casefold() in f"{title} {text}".casefold() for k in source.keywords):
        return None
    employer = ad.get("employer") or {}
    details = ad.get("application_details") or {}
    original = ad.get("webpage_url") or AD_URL + ad_id
    apply_url = (details.get("url") or "").strip()
    if not apply_url.startswith(("https://", "http://")):
        email = (details.get("email") or "").strip()
        apply_url = f"mailto:{email}" if re.fullmatch(r"[^@\s]+@[^@\s]+", email) else original
    language = detect_language(f"{title}\n{text}", "sv")
    record: dict[str, Any] = {
        "id": f"af-{slugify(ad_id)}",
        "title": {language: title} if title else None,
        "employer": (employer.get("name") or employer.get("workplace") or "").strip() or None,
        "employer_org_number": normalise_org_number(employer.get("organization_number")),  # unreadable: no link, still the ad
        "municipality": municipality,
        "employment_type": employment_type(ad),
        "posted": ad.get("publication_date"),
        "valid_through": ad.get("application_deadline") or ad.get("last_publication_date"),
        "apply_url": apply_url,
        "description": {language: text or title},
        "description_html": description_html or None,
        "original_url": original,
        "source": "arbetsformedlingen",
        "source_id": ad_id,
        "language": language,
    }
    if field.get("label"):
        record["occupation_field"] = {"sv": field["label"]}  # the taxonomy's labels are Swedish
    return record


def employment_type(ad: dict[str, Any]) -> str:
    """schema.org employmentType from the taxonomy labels of employment type, duration and hours."""
    kind = str((ad.get("employment_type") or {}).get("label") or "").casefold()
    duration = str((ad.get("duration") or {}).get("label") or "").casefold()
    hours = str((ad.get("working_hours_type") or {}).get("label") or "").casefold()
    if "behov" in kind:
        return "PER_DIEM"
    if any(word in kind for word in ("sommar", "ferie", "säsong")):
        return "TEMPORARY"
    if duration and "tillsvidare" not in duration:
        return "TEMPORARY"
    return "PART_TIME" if "deltid" in hours else "FULL_TIME"
