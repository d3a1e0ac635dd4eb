"""Stored ads → validated `Job`s, linked to the region's companies, each job shown once.

Every ad goes through the same `Job` model as a hand-written job; one that does not
validate is skipped with a warning that names the source and the ad's id (a job board's
bad record must not stop the site). Then:

- **companies**: an ad whose employer's organisation number is a company's `org_number`
  becomes that company's job (its page lists it, the "hiring" badge follows);
- **duplicates**: the same employer (organisation number, or name), title and
  municipality is one job: a hand-written job wins over any import, and between sources
  the one listed first in JOB_SOURCES wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from homeward.errors import ErrorLog
from homeward.model import Job
from homeward.validation import validate

from . import arbetsformedlingen, nav
from .config import NAV, FeedsConfig, SourceConfig
from .text import employer_key, title_key


@dataclass
class Imported:
    jobs: list[tuple[Job, str]] = field(default_factory=list)  # (job, file it came from)
    per_source: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0
    skipped: list[str] = field(default_factory=list)  # warnings about malformed ads


def _ads(config: FeedsConfig, source: SourceConfig, region: Any) -> Iterator[tuple[str, dict[str, Any] | None, Path]]:
    """(ad id, the fields of a Job or None, file) for every stored ad of one source."""
    folder = config.folder(source)
    if source.source == NAV:
        municipalities = nav.Municipalities(region, source.municipalities)
        for uuid, content, path in nav.stored_ads(folder):
            yield uuid, nav.to_job(uuid, content, source, municipalities), path
    else:
        codes = {m.code: m.id for m in region.municipalities if m.code in source.municipalities}
        for ad_id, hit, path in arbetsformedlingen.stored_ads(folder):
            yield ad_id, arbetsformedlingen.to_job(ad_id, hit, source, codes), path


def load(config: FeedsConfig, region: Any, shown_path: Any) -> Imported:
    """Every stored ad of every source as a validated Job (expiry is the loader's business)."""
    out = Imported()
    seen: set[str] = set()
    for source in config.sources:
        count = 0
        for ad_id, record, path in _ads(config, source, region):
            if record is None:
                continue
            log = ErrorLog()
            try:
                job = validate(Job, record, shown_path(path), log, {})
            except Exception as exc:  # noqa: BLE001 - a hostile record must not take the build down
                log.error(path, 1, f"{type(exc).__name__}: {exc}")
                job = None
            if job is None:
                problems = "; ".join(e.message for e in log.errors) or "not a valid ad"
                out.skipped.append(f"jobs: warning: skipped {source.label} ad {ad_id} ({shown_path(path)}): {problems}")
                continue
            if job.id in seen:
                continue
            seen.add(job.id)
            out.jobs.append((job, shown_path(path)))
            count += 1
        out.per_source[source.name] = count
    return out


def link_companies(jobs: Iterable[Job], companies: dict[str, Any]) -> None:
    """An ad whose employer has a company's organisation number is that company's job."""
    by_number = {c.org_number: c.id for c in companies.values() if getattr(c, "org_number", None)}
    for job in jobs:
        if job.company is None and job.employer_org_number in by_number:
            job.company = by_number[job.employer_org_number]


def _keys(job: Job, companies: dict[str, Any]) -> set[tuple[str, ...]]:
    """What makes two jobs the same: (employer, title, municipality), the employer known by
    organisation number or by name."""
    company = companies.get(job.company or "")
    numbers = {n for n in (job.employer_org_number, getattr(company, "org_number", None)) if n}
    names = {employer_key(n) for n in (job.employer, getattr(company, "name", None)) if n}
    municipality = job.municipality or getattr(company, "municipality", None) or ""
    titles = {title_key(text) for text in job.title.values()}
    keys = {("org", n, t, municipality) for n in numbers for t in titles}
    keys |= {("name", n, t, municipality) for n in names if n for t in titles}
    return keys


def drop_duplicates(hand_written: dict[str, Job], imported: list[tuple[Job, str]], companies: dict[str, Any]) -> tuple[list[tuple[Job, str]], int]:
    """Imported jobs that are not already on the site: hand-written ones first, then the
    sources in JOB_SOURCES order (the order of `imported`)."""
    taken: set[tuple[str, ...]] = set()
    for job in hand_written.values():
        taken |= _keys(job, companies)
    kept, duplicates = [], 0
    for job, where in imported:
        keys = _keys(job, companies)
        if keys & taken:
            duplicates += 1
            continue
        taken |= keys
        kept.append((job, where))
    return kept, duplicates
