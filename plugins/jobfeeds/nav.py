"""NAV (arbeidsplassen.nav.no): the public job vacancy feed, `navikt/pam-stilling-feed`.

The API, as its source defines it (`FeedController.kt`, `dto/FeedAd.kt`, `OpenApi.kt`):

- `GET /api/v1/feed` — the first page of the feed (with `If-Modified-Since`: the first
  page newer than that time); `GET /api/v1/feed/{id}` — a page. A page is
  `{id, next_id, next_url, items: [{id, url, title, date_modified, _feed_entry: {uuid,
  status: ACTIVE|INACTIVE, title, businessName, municipal, sistEndret}}]}`; `next_id` and
  `next_url` are null on the last page, which is polled again later. `pageSize` (default 1000).
- `GET /api/v1/feedentry/{uuid}` (an item's `url`) — `{uuid, status, sistEndret,
  ad_content}`, where `ad_content` is the ad (`FeedAd`: title, description (HTML),
  published, expires, workLocations [{municipal, county, …}], employer {name, orgnr},
  applicationUrl, link, occupationCategories [{level1, level2}], engagementtype, extent…)
  or null for an inactive ad.
- Every call needs `Authorization: Bearer <token>`. NAV publishes a public token at
  `GET /api/publicToken` (text; it is replaced from time to time) and issues a private one
  to registered consumers (see docs/maintainers.md).

The feed covers all of Norway; only entries whose `municipal` is one of the region's
municipalities are kept, and an ad's details are fetched once per change (`sistEndret`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from homeward.model.fields import normalise_org_number
from homeward.model.safe_html import clean_html

from .config import SourceConfig
from .http import Fetcher, FetchError
from .store import read_json, write_json
from .text import detect_language, html_to_text

FEED = "/api/v1/feed"
PUBLIC_TOKEN = "/api/publicToken"  # noqa: S105 - the path where NAV publishes it
AD_URL = "https://arbeidsplassen.nav.no/stillinger/stilling/"

# County of a Norwegian municipality number (its first two digits) as NAV writes it: two
# municipalities share a name (Våler, Herøy) and only the county tells them apart.
COUNTIES = {
    "03": "OSLO", "11": "ROGALAND", "15": "MØRE OG ROMSDAL", "18": "NORDLAND", "30": "VIKEN",
    "31": "ØSTFOLD", "32": "AKERSHUS", "33": "BUSKERUD", "34": "INNLANDET", "38": "VESTFOLD OG TELEMARK",
    "39": "VESTFOLD", "40": "TELEMARK", "42": "AGDER", "46": "VESTLAND", "50": "TRØNDELAG",
    "54": "TROMS OG FINNMARK", "55": "TROMS", "56": "FINNMARK",
}  # fmt: skip

# engagementtype → schema.org employmentType (extent Heltid/Deltid decides the rest).
ENGAGEMENT_TYPES = {
    "selvstendig næringsdrivende": "CONTRACTOR",
    "vikariat": "TEMPORARY",
    "engasjement": "TEMPORARY",
    "prosjekt": "TEMPORARY",
    "sesong": "TEMPORARY",
    "åremål": "TEMPORARY",
    "feriejobb": "TEMPORARY",
    "lærling": "INTERN",
    "trainee": "INTERN",
}


def name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name.casefold()).strip()


class Municipalities:
    """The region's municipalities that a source covers, found by the name NAV writes."""

    def __init__(self, region: Any, codes: list[str]):
        self.by_name: dict[str, list[tuple[str, str]]] = {}
        for municipality in region.municipalities:
            if municipality.code not in codes:
                continue
            for part in re.split(r"\s+-\s+|/", municipality.name):  # "Kárášjohka - Karasjok"
                self.by_name.setdefault(name_key(part), []).append((municipality.id, municipality.code))

    def match(self, municipal: str | None, county: str | None = None) -> str | None:
        """The municipality id for NAV's `municipal` (and `county`, when it is known)."""
        if not municipal:
            return None
        for part in re.split(r"\s+-\s+|/", municipal):
            for municipality_id, code in self.by_name.get(name_key(part), []):
                expected = COUNTIES.get(code[:2])
                if county and expected and name_key(county) != name_key(expected):
                    continue
                return municipality_id
        return None


def _token(source: SourceConfig, fetcher: Fetcher, renew: bool = False) -> str:
    """The consumer's own token from the environment, else NAV's current public token."""
    own = os.environ.get(source.token_env, "").strip()
    if own and not renew:
        return own
    response = fetcher.get(source.base_url + PUBLIC_TOKEN, headers={"Accept": "text/plain"})
    if response.status_code != 200:
        raise FetchError(
            f"HTTP {response.status_code} from {source.base_url + PUBLIC_TOKEN}: no public token; set {source.token_env} to your own token"
        )
    lines = [line.strip() for line in response.text.splitlines() if line.strip()]
    if not lines:
        raise FetchError(f"{source.base_url + PUBLIC_TOKEN} returned no token")
    return lines[-1]


class _Session:
    """Authorised requests; a rejected public token is fetched again once (NAV rotates it)."""

    def __init__(self, source: SourceConfig, fetcher: Fetcher):
        self.source = source
        self.fetcher = fetcher
        self.token = _token(source, fetcher)
        self.renewed = False

    def get(self, path: str, headers: dict[str, str] | None = None, params: Any = None) -> Any:
        url = path if path.startswith(("https://", "http://")) else self.source.base_url + path
        while True:
            response = self.fetcher.get(url, params=params, headers={"Authorization": f"Bearer {self.token}", **(headers or {})})
            if response.status_code == 401 and not self.renewed:
                self.renewed = True
                self.token = _token(self.source, self.fetcher, renew=True)
                continue
            return response


def refresh(source: SourceConfig, folder: Path, cursor: dict[str, Any], fetcher: Fetcher, region: Any, now: datetime) -> str:
    """Read the feed from the cursor to its end and fetch the details of every changed ad.

    Progress is saved as it goes: ads fetched before a failure stay, and the cursor only
    moves once every change on the pages read is stored, so the next run resumes there.
    """
    municipalities = Municipalities(region, source.municipalities)
    entries_path = folder / "entries.json"
    entries: dict[str, dict[str, Any]] = read_json(entries_path) if entries_path.exists() else {}
    if not entries or not (folder / "ads").is_dir():
        entries = {}
        cursor.clear()  # the data is gone (or never was): read the history again
    session = _Session(source, fetcher)
    latest, last_page = _read_feed(session, source, cursor, now)
    fetch, remove = [], []
    for uuid, entry in sorted(latest.items()):
        here = municipalities.match(entry.get("municipal")) is not None
        known = entries.get(uuid)
        if entry.get("status") == "ACTIVE" and here:
            if known is None or known.get("sistEndret") != entry.get("sistEndret"):
                fetch.append((uuid, entry))
        elif known is not None:
            remove.append(uuid)
    for uuid in remove:
        _forget(folder, entries, uuid)
    try:
        for uuid, entry in fetch:
            response = session.get(entry["url"])
            if response.status_code == 404:
                _forget(folder, entries, uuid)
                continue
            if response.status_code != 200:
                raise FetchError(f"HTTP {response.status_code} from {source.base_url + entry['url']}")
            content = response.json()
            if content.get("status") != "ACTIVE" or not content.get("ad_content"):
                _forget(folder, entries, uuid)
                continue
            write_json(folder / "ads" / f"{uuid}.json", content)
            entries[uuid] = {"municipal": entry.get("municipal"), "sistEndret": entry.get("sistEndret")}
    finally:
        write_json(entries_path, dict(sorted(entries.items())))
    if last_page:
        cursor["page"] = last_page
    return f"{len(fetch)} changed, {len(remove)} removed, {len(entries)} in the region"


def _read_feed(session: _Session, source: SourceConfig, cursor: dict[str, Any], now: datetime) -> tuple[dict[str, dict[str, Any]], str | None]:
    """Every entry from the cursor's page to the end of the feed, the newest per ad."""
    params = {"pageSize": source.page_size}
    if cursor.get("page"):
        path, headers = f"{FEED}/{cursor['page']}", {}
    else:
        since = now - timedelta(days=source.history_days)
        path, headers = FEED, {"If-Modified-Since": format_datetime(since.astimezone(UTC), usegmt=True)}
    latest: dict[str, dict[str, Any]] = {}
    last_page = cursor.get("page")
    seen: set[str] = set()
    while path not in seen:
        seen.add(path)
        response = session.get(path, headers=headers, params=params)
        if response.status_code == 304:  # "empty, or not changed since last time"
            break
        if response.status_code == 404 and cursor.get("page"):
            raise FetchError(f"the feed page {cursor['page']} is gone (404); delete the NAV cursor in jobs-state.json to start again")
        if response.status_code != 200:
            raise FetchError(f"HTTP {response.status_code} from {session.source.base_url + path}")
        page = response.json()
        for item in page.get("items") or []:
            entry = item.get("_feed_entry") or {}
            uuid = entry.get("uuid") or item.get("id")
            if uuid:
                latest[uuid] = {**entry, "url": item.get("url") or f"/api/v1/feedentry/{uuid}"}
        last_page = page.get("id") or last_page
        if not page.get("next_url"):
            break
        path, headers = page["next_url"], {}
    return latest, last_page


def _forget(folder: Path, entries: dict[str, Any], uuid: str) -> None:
    entries.pop(uuid, None)
    (folder / "ads" / f"{uuid}.json").unlink(missing_ok=True)


def stored_ads(folder: Path) -> Iterator[tuple[str, dict[str, Any], Path]]:
    """(uuid, FeedEntryContent, file) for every ad kept for the region, in a stable order."""
    ads = folder / "ads"
    if not ads.is_dir():
        return
    for path in sorted(ads.glob("*.json")):
        yield path.stem, read_json(path), path


class Malformed(ValueError):
    """An ad that cannot become a job; the message says what is missing."""


def to_job(uuid: str, content: dict[str, Any], source: SourceConfig, municipalities: Municipalities) -> dict[str, Any] | None:
    """The fields of a `Job` from one NAV ad; None when it is not (or no longer) for the region."""
    ad = content.get("ad_content") if isinstance(content, dict) else None
    if content.get("status") != "ACTIVE" or not isinstance(ad, dict):
        return None
    municipality = None
    for location in ad.get("workLocations") or []:
        municipality = municipalities.match((location or {}).get("municipal"), (location or {}).get("county"))
        if municipality:
            break
    if municipality is None:
        return None
    title = (ad.get("title") or "").strip()
    # Cleaned before anything is read from it: a script's text must not become plain text.
    description_html = clean_html(ad.get("description") or "")
    text = html_to_text(description_html)
    categories = ad.get("occupationCategories") or []
    fields = sorted({c.get("level1") for c in categories if isinstance(c, dict) and c.get("level1")})
    if source.occupation_fields:
        wanted = {f.casefold() for f in source.occupation_fields}
        names = {str(c.get(k, "")).casefold() for c in categories if isinstance(c, dict) for k in ("level1", "level2")}
        if not wanted & names:
            return None
    if source.keywords and not any(k.casefold() in f"{title} {text}".casefold() for k in source.keywords):
        return None
    employer = ad.get("employer") or {}
    language = detect_language(f"{title}\n{text}", "nb")
    link = ad.get("link") or AD_URL + uuid
    apply_url = (ad.get("applicationUrl") or "").strip()
    record: dict[str, Any] = {
        "id": f"nav-{uuid}".lower(),
        "title": {language: title} if title else None,
        "employer": (employer.get("name") or "").strip() or None,
        "employer_org_number": normalise_org_number(employer.get("orgnr")),  # unreadable: no link, still the ad
        "municipality": municipality,
        "employment_type": employment_type(ad.get("engagementtype"), ad.get("extent")),
        "posted": ad.get("published"),
        "valid_through": ad.get("expires"),
        "apply_url": apply_url if apply_url.startswith(("https://", "http://")) else link,
        "description": {language: text or title},
        "description_html": description_html or None,
        "original_url": link,
        "source": "nav",
        "source_id": uuid,
        "language": language,
    }
    if fields:
        record["occupation_field"] = {"nb": fields[0]}  # NAV's categories are in Norwegian
    return record


def employment_type(engagement: str | None, extent: str | None) -> str:
    kind = ENGAGEMENT_TYPES.get((engagement or "").strip().casefold())
    if kind:
        return kind
    hours = (extent or "").casefold()
    return "PART_TIME" if "deltid" in hours and "heltid" not in hours else "FULL_TIME"
