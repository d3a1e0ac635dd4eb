"""NAV's job feed and JobTech's JobSearch API on 127.0.0.1, in their published formats.

The responses follow the sources, not our importer:

- NAV, `navikt/pam-stilling-feed`: `FeedController.kt` (routes, 304 for an empty page,
  `pageSize`, `If-Modified-Since`), `dto/FeedAd.kt` (`Feed`: id, next_id, next_url, items;
  `FeedLine`: id, url, title, content_text, date_modified, `_feed_entry`; `FeedEntryContent`:
  uuid, status, sistEndret, `ad_content` renamed from `json` in `OpenApi.kt`; `FeedAd`),
  `TokenController.kt` (`/api/publicToken` as text), bearer tokens on every feed call.
- JobSearch, `JobtechSwe/sokannonser-api` and JobTech's test resources: `/search` with
  `municipality`, `occupation-field`, `q`, `offset`, `limit` (≤ 100), `{total: {value},
  hits: [...]}` with the `JobAd` fields (`headline`, `employer.organization_number`,
  `workplace_address.municipality_code`, `description.text`/`text_formatted`, `removed`…).

A test fills the boards, can make the next requests to a path fail (`fail`), and reads
every request the importer sent (`requests`).
"""

from __future__ import annotations

import json
import threading
import uuid as uuidlib
from collections import defaultdict
from datetime import datetime
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


def nav_ad(
    uuid: str,
    title: str,
    municipal: str,
    *,
    employer: str = "NORDLYS DATA AS",
    orgnr: str | None = "917438625",
    description: str = "<p>Vi søker en ny kollega som vil jobbe med oss og er god på drift.</p>",
    published: str = "2026-11-10T00:00:00+01:00",
    expires: str = "2027-01-31T00:00:00+01:00",
    updated: str = "2026-11-10T09:00:00+01:00",
    county: str = "TRØNDELAG",
    engagementtype: str = "Fast",
    extent: str = "Heltid",
    level1: str = "IT",
) -> dict[str, Any]:
    """A FeedEntryContent as GET /api/v1/feedentry/{uuid} returns it for an active ad."""
    return {
        "uuid": uuid,
        "status": "ACTIVE",
        "sistEndret": updated,
        "ad_content": {
            "uuid": uuid,
            "published": published,
            "expires": expires,
            "updated": updated,
            "workLocations": [{"country": "NORGE", "address": None, "city": municipal, "postalCode": "7790", "county": county, "municipal": municipal}],
            "contactList": [{"name": "Kari Nordmann", "email": "kari@example.org", "phone": "12345678", "role": None, "title": "Leder"}],
            "title": title,
            "description": description,
            "sourceurl": "",
            "source": "Stillingsregistrering",
            "applicationUrl": "",
            "applicationDue": expires[:10],
            "occupationCategories": [{"level1": level1, "level2": "Utvikling"}],
            "categoryList": [{"categoryType": "STYRK08", "code": "2512", "name": "Programvareutviklere", "description": "", "score": 1.0}],
            "jobtitle": title,
            "link": f"https://arbeidsplassen.nav.no/stillinger/stilling/{uuid}",
            "employer": {"name": employer, "orgnr": orgnr, "description": "", "homepage": ""},
            "engagementtype": engagementtype,
            "extent": extent,
            "starttime": "Snarest",
            "positioncount": "1",
            "sector": "Privat",
        },
    }


def concept(concept_id: str, label: str, legacy: str) -> dict[str, str]:
    return {"concept_id": concept_id, "label": label, "legacy_ams_taxonomy_id": legacy}


DATA_IT = concept("apaJ_2ja_LuF", "Data/IT", "3")
HEALTH = concept("NYW6_mP6_vwf", "Hälso- och sjukvård", "8")


def af_hit(
    ad_id: str,
    headline: str,
    municipality_code: str,
    *,
    employer: str = "Kodverket AB",
    orgnr: str | None = "5591028377",
    text: str = "Vi söker en utvecklare som vill arbeta med oss och har erfarenhet av webben.",
    text_formatted: str | None = None,
    published: str = "2026-11-14T00:00:00",
    deadline: str = "2027-01-17T23:59:59",
    field: dict[str, str] = DATA_IT,
    removed: bool = False,
    url: str | None = None,
    email: str | None = "jobb@kodverket.example",
    hours: str = "Heltid",
) -> dict[str, Any]:
    """A JobAd as /search returns it in `hits`."""
    return {
        "id": ad_id,
        "external_id": None,
        "webpage_url": f"https://arbetsformedlingen.se/platsbanken/annonser/{ad_id}",
        "logo_url": None,
        "headline": headline,
        "application_deadline": deadline,
        "number_of_vacancies": 1,
        "description": {"text": text, "text_formatted": text_formatted, "company_information": None, "needs": None, "requirements": None, "conditions": None},
        "employment_type": concept("PFZr_Syz_cUq", "Vanlig anställning", "1"),
        "salary_type": concept("oG8G_9cW_nRf", "Fast månads- vecko- eller timlön", "1"),
        "duration": concept("a7uU_j21_mkL", "Tillsvidare", "1"),
        "working_hours_type": concept("6YE1_gAC_R2G", hours, "1"),
        "scope_of_work": {"min": 100, "max": 100},
        "access": None,
        "employer": {"phone_number": None, "email": None, "url": None, "organization_number": orgnr, "name": employer, "workplace": employer},
        "application_details": {"information": None, "reference": None, "email": email, "via_af": False, "url": url, "other": None},
        "experience_required": True,
        "occupation": concept("rQds_YGd_quU", "Backend-utvecklare", "7632"),
        "occupation_group": concept("DJh5_yyF_hEM", "Mjukvaru- och systemutvecklare m.fl.", "2512"),
        "occupation_field": field,
        "workplace_address": {
            "municipality": "Gränsmo",
            "municipality_code": municipality_code,
            "region": "Jämtlands län",
            "region_code": "23",
            "country": "Sverige",
            "country_code": "199",
            "street_address": None,
            "postcode": None,
            "city": None,
            "coordinates": [None, None],
        },
        "publication_date": published,
        "last_publication_date": deadline,
        "removed": removed,
        "removed_date": None,
        "source_type": "VIA_AF_FORMULAR",
        "timestamp": 1763380800000,
        "relevance": 0.5,
    }


class JobBoards:
    """The state of both boards; the HTTP handler reads it, tests change it between builds."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.nav_lines: list[dict[str, Any]] = []  # the feed, oldest first: one line per change
        self.nav_ads: dict[str, dict[str, Any]] = {}  # uuid → FeedEntryContent
        self.af_hits: list[dict[str, Any]] = []
        self.token = "public-token-1"  # the one the feed accepts
        self.public_tokens: list[str] = []  # served by /api/publicToken before `token` (a stale one)
        self.failures: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
        self.requests: list[dict[str, Any]] = []

    # -- what tests do
    def nav_publish(self, content: dict[str, Any]) -> None:
        """An ad is published or changed: the feed gets a line, the details are replaced."""
        ad = content["ad_content"]
        self.nav_ads[content["uuid"]] = content
        self._line(content["uuid"], "ACTIVE", ad["title"], ad["employer"]["name"], ad["workLocations"][0]["municipal"], content["sistEndret"])

    def nav_stop(self, uuid: str, when: str) -> None:
        """An ad is stopped: INACTIVE line, and the details lose their content (FeedService)."""
        self.nav_ads[uuid] = {"uuid": uuid, "status": "INACTIVE", "sistEndret": when, "ad_content": None}
        self._line(uuid, "INACTIVE", "...", "?", "?", when)

    def _line(self, uuid: str, status: str, title: str, business: str, municipal: str, when: str) -> None:
        self.nav_lines.append(
            {
                "page_item": str(uuidlib.UUID(int=len(self.nav_lines) + 1)),
                "id": uuid,
                "url": f"/api/v1/feedentry/{uuid}",
                "title": title,
                "content_text": "Stillingsannonse",
                "date_modified": when,
                "_feed_entry": {"uuid": uuid, "status": status, "title": title, "businessName": business, "municipal": municipal, "sistEndret": when},
            }
        )

    def fail(self, path: str, status: int, times: int = 1, headers: dict[str, str] | None = None) -> None:
        """The next `times` requests whose path starts with `path` get `status`."""
        self.failures[path] += [(status, headers or {})] * times

    def count(self, path_prefix: str) -> int:
        return sum(1 for r in self.requests if r["path"].startswith(path_prefix))

    # -- the API
    def respond(self, path: str, query: dict[str, list[str]], headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            self.requests.append({"path": path, "query": query, "headers": headers})
            for prefix, queue in self.failures.items():
                if path.startswith(prefix) and queue:
                    status, extra = queue.pop(0)
                    return status, extra, json.dumps({"message": "failure injected by the test"}).encode()
            if path == "/api/publicToken":
                token = self.public_tokens.pop(0) if self.public_tokens else self.token
                return 200, {"Content-Type": "text/plain"}, f"Current public token for Nav Job Vacancy Feed:\n{token}\n".encode()
            if path.startswith("/api/v1/"):
                if headers.get("authorization") != f"Bearer {self.token}":
                    return 401, {}, b"Unauthorized"
                if path.startswith("/api/v1/feedentry/"):
                    content = self.nav_ads.get(path.rsplit("/", 1)[1])
                    return (200, {}, _json(content)) if content else (404, {}, b"")
                if path == "/api/v1/feed" or path.startswith("/api/v1/feed/"):
                    return self._feed_page(path, query, headers)
            if path == "/search":
                return 200, {}, _json(self._search(query))
            return 404, {}, b"not found"

    def _feed_page(self, path: str, query: dict[str, list[str]], headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        size = int((query.get("pageSize") or ["1000"])[0])
        if path == "/api/v1/feed":
            start = 0
            since = headers.get("if-modified-since")
            if since:
                cutoff = parsedate_to_datetime(since)
                start = next((i for i, line in enumerate(self.nav_lines) if datetime.fromisoformat(line["date_modified"]) > cutoff), len(self.nav_lines))
        else:
            page_id = path.rsplit("/", 1)[1]
            start = next((i for i, line in enumerate(self.nav_lines) if line["page_item"] == page_id), None)
            if start is None:
                return 404, {}, b""
        lines = self.nav_lines[start : start + size]
        if not lines:
            return 304, {}, b""
        after = self.nav_lines[start + size] if start + size < len(self.nav_lines) else None
        page = {
            "version": "1.0",
            "title": "Stillingsfeeden fra arbeidsplassen.no",
            "home_page_url": "https://arbeidsplassen.nav.no",
            "feed_url": f"/api/v1/feed/{lines[0]['page_item']}",
            "description": "Feed med stillinger fra arbeidsplassen.no",
            "id": lines[0]["page_item"],
            "next_id": after["page_item"] if after else None,
            "next_url": f"/api/v1/feed/{after['page_item']}" if after else None,
            "items": [{k: v for k, v in line.items() if k != "page_item"} for line in lines],
        }
        return 200, {"ETag": lines[-1]["page_item"]}, _json(page)

    def _search(self, query: dict[str, list[str]]) -> dict[str, Any]:
        hits = [h for h in self.af_hits if h["workplace_address"]["municipality_code"] in query.get("municipality", [])]
        fields = query.get("occupation-field")
        if fields:
            hits = [h for h in hits if h["occupation_field"]["concept_id"] in fields]
        text = (query.get("q") or [""])[0].casefold()
        if text:
            hits = [h for h in hits if text in (h["headline"] + (h["description"]["text"] or "")).casefold()]
        hits.sort(key=lambda h: (h["publication_date"], -int(h["id"])), reverse=True)
        offset = int((query.get("offset") or ["0"])[0])
        limit = int((query.get("limit") or ["10"])[0])
        if limit > 100 or offset > 2000:
            return {"errors": "limit at most 100, offset at most 2000"}
        return {
            "total": {"value": len(hits)},
            "positions": len(hits),
            "query_time_in_millis": 3,
            "result_time_in_millis": 5,
            "stats": [],
            "freetext_concepts": {},
            "hits": hits[offset : offset + limit],
        }


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


class Server:
    """`JobBoards` behind a real HTTP server on 127.0.0.1 (a free port), in a thread."""

    def __init__(self, boards: JobBoards):
        self.boards = boards

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                parsed = urlparse(self.path)
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, extra, body = boards.respond(parsed.path, parse_qs(parsed.query), headers)
                extra = dict(extra)
                self.send_response(status)
                self.send_header("Content-Type", extra.pop("Content-Type", "application/json; charset=utf-8"))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def sample_board(now_date: str) -> list[dict[str, str]]:
    """The sample's jobs board, read from its sources rather than from the build: the live
    hand-written jobs, and the recorded snapshot's live ads that repeat none of them (same
    employer and title), each linked to the company with its organisation number. Each entry:
    id (as in the job's URL), company (or ""), valid_through (YYYY-MM-DD)."""
    from pathlib import Path

    from homeward.sourcefile import parse_yaml

    data = Path(__file__).resolve().parent.parent / "content" / "data"
    companies = [parse_yaml(p.read_text(encoding="utf-8")) for p in sorted((data / "companies").glob("*.yaml"))]
    by_number = {"".join(ch for ch in str(c["org_number"]) if ch.isdigit()): c["id"] for c in companies if c.get("org_number")}
    board = []
    written: set[tuple[str, str]] = set()
    for path in sorted((data / "jobs").glob("*.yaml")):
        job = parse_yaml(path.read_text(encoding="utf-8"))
        if str(job["valid_through"]) >= now_date:
            board.append({"id": job["id"], "company": job["company"], "valid_through": str(job["valid_through"])})
            written |= {(job["company"], title.casefold()) for title in job["title"].values()}
    ads = []  # (id, employer's number, title, deadline)
    snapshot = data / "job-snapshot"
    for path in sorted((snapshot / "nav" / "ads").glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        ad = entry["ad_content"]
        if entry["status"] == "ACTIVE":
            ads.append((f"nav-{entry['uuid']}", ad["employer"]["orgnr"], ad["title"], ad["expires"][:10]))
    for path in sorted((snapshot / "arbetsformedlingen").glob("*.json")):
        for hit in json.loads(path.read_text(encoding="utf-8"))["hits"]:
            if not hit.get("removed"):
                ads.append((f"af-{hit['id']}", hit["employer"]["organization_number"], hit["headline"], hit["application_deadline"][:10]))
    for ad_id, number, title, deadline in ads:
        company = by_number.get("".join(ch for ch in str(number or "") if ch.isdigit()), "")
        if deadline >= now_date and (company, title.casefold()) not in written:
            board.append({"id": ad_id, "company": company, "valid_through": deadline})
    return board
