"""`/<lang>/jobs/` (filter by occupation field, municipality, employment type, source, remote
work, company; every list paginated), `/<lang>/jobs/<id>/` and `/<lang>/jobs/feed.atom`.

Hand-written jobs and ads imported from the job boards (plugins/jobfeeds) are the same
`Job` model and are listed together. Expired jobs were removed by the loader, so they
appear nowhere.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from homeward import signals
from homeward.atom import FeedEntry, atom_feed
from homeward.facets import Facet, Label, facet_routes
from homeward.model import Localized
from homeward.render import Urls
from homeward.routes import Route
from homeward.site import N_, Site, job_order
from homeward.text import excerpt
from slugify import slugify

from .checks import check_jobs
from .schema import JobPostings
from .view import EMPLOYMENT_TYPES, SOURCES, employer_name, job_context

SECTION = "jobs"
FEED = "jobs/feed.atom"
DESCRIPTION_LENGTH = 180  # characters of the description in link previews and search results
FEED_ENTRIES = 100  # the newest jobs in the feed; readers follow it, they do not archive it

DIRECT = "direct"  # the source facet's value for jobs written for this site


def occupation_fields(jobs: list[Any], site: Site) -> dict[str, Localized]:
    """Facet value (a slug of the field's name) → its name, the first one met for each slug."""
    found: dict[str, Localized] = {}
    for job in jobs:
        if job.occupation_field:
            found.setdefault(_field_value(job, site), job.occupation_field)
    return found


def _field_value(job: Any, site: Site) -> str:
    text, _lang = job.occupation_field.get_text(site.default_lang, site.codes)
    return slugify(text) or "other"


def facets(site: Site, lang: str, jobs: list[Any]) -> list[Facet]:
    fields = occupation_fields(jobs, site)
    shown = int(site.settings.get("COMPANY_JOBS_SHOWN") or 10)  # what a company page lists
    counts: dict[str, int] = {}
    for job in jobs:
        if job.company:
            counts[job.company] = counts.get(job.company, 0) + 1
    return [
        Facet(
            "field",
            N_("Occupation field"),
            lambda j: [_field_value(j, site)] if j.occupation_field else [],
            lambda v: Label("loc", fields[v]),
        ),
        Facet("municipality", N_("Municipality"), lambda j: [j.municipality] if j.municipality else [], lambda v: Label("text", site.municipality_name(v) or v)),
        Facet(
            "employment",
            N_("Employment"),
            lambda j: [j.employment_type.lower().replace("_", "-")],
            lambda v: Label("ui", EMPLOYMENT_TYPES[v.upper().replace("-", "_")]),
        ),
        Facet(
            "source",
            N_("Source"),
            lambda j: [j.source or DIRECT],
            lambda v: Label("text", SOURCES[v]["name"]) if v in SOURCES else Label("ui", N_("Posted on this site")),
        ),
        Facet("remote", N_("Remote work possible"), lambda j: ["yes"] if j.remote else [], lambda v: Label("ui", N_("Remote work possible")), flag=True),
        # A company's jobs are listed on its own page; only a company with more jobs than
        # that page shows gets its own paginated list here.
        Facet(
            "company",
            N_("Company"),
            lambda j: [j.company] if j.company else [],
            lambda v: Label("text", site.companies[v].name),
            elsewhere=lambda v: f"/{lang}/companies/{v}/#jobs-heading" if counts.get(v, 0) <= shown else None,
        ),
    ]


def _loaded(site: Site) -> None:
    site.add_section(30, N_("Jobs"), SECTION)
    site.job_board = True  # companies' "Hiring now" follows the jobs listed here
    site.add_feed(30, N_("Jobs"), FEED)


def _feed(site: Site, lang: str, jobs: list, urls: Urls) -> Route:
    zone = ZoneInfo(site.region.timezone)

    def produce() -> str:
        entries = [
            FeedEntry(
                title=f"{job.title.get_text(lang, site.codes)[0]} – {employer_name(site, job)}",
                url=urls.absolute(f"/{lang}/{SECTION}/{job.id}/"),
                published=datetime.combine(job.posted, time(8, 0), tzinfo=zone),
                summary=job.description.get_text(lang, site.codes)[0][:500],
            )
            for job in jobs[:FEED_ENTRIES]
        ]
        return atom_feed(f"{site.region.name} – jobs ({lang})", urls.absolute(f"/{lang}/{SECTION}/"), urls.absolute(f"/{lang}/{FEED}"), lang, entries)

    return Route(url=f"/{lang}/{FEED}", lang=lang, produce=produce, sitemap=False, search=False)


def _routes(site: Site) -> list[Route]:
    urls = Urls(site.settings.get("SITEURL", ""))
    jobs = sorted(site.jobs.values(), key=job_order)
    per_page = int(site.settings.get("JOBS_PER_PAGE") or 20)
    postings = JobPostings(site, urls)
    # What a job's page holds whatever its language: worked out once per job, not per language.
    shared = [_shared(site, job) for job in jobs]
    routes: list[Route] = []
    codes = site.codes
    for lang in codes:
        context = {"employment_types": EMPLOYMENT_TYPES, "sources": SOURCES}
        routes += facet_routes(lang, SECTION, jobs, facets(site, lang, jobs), "jobs.html", "jobs", context, per_page=per_page)
        routes.append(_feed(site, lang, sorted(jobs, key=lambda j: (j.posted, j.id), reverse=True), urls))
        for job, (job_page, employer, image, source, updated, last_modified) in zip(jobs, shared, strict=True):
            url = f"/{lang}/{SECTION}/{job.id}/"
            routes.append(
                Route(
                    url=url,
                    lang=lang,
                    template="job.html",
                    key=("job", job.id),
                    context=job_page,
                    title=f"{job.title.get_text(lang, codes)[0]} – {employer}",
                    description=excerpt(job.description.get_text(lang, codes)[0], DESCRIPTION_LENGTH),
                    image=image,
                    jsonld=[postings.of(job, lang, url)],
                    source=source,
                    updated=updated,
                    last_modified=last_modified,
                    title_lang=job.title.fallback_lang(lang, codes),
                )
            )
    return routes


def _shared(site: Site, job: Any) -> tuple[dict[str, Any], str, str | None, str, Any, str]:
    """A job page's context, employer, image, source file, last update and its date: the same
    in every language (the context dict is shared by the pages, which only read it)."""
    company = site.companies.get(job.company or "")
    updated = site.last_updated("jobs", job.id)
    return (
        job_context(site, job),
        employer_name(site, job),
        company.logo if company else None,
        site.sources.get(("jobs", job.id), ("", 1))[0],
        updated,
        updated.isoformat() if updated else job.posted.isoformat(),
    )


def register() -> None:
    # check_references: what this plugin's content refers to must exist (at load time).
    signals.check_references.connect(check_jobs)
    # site_loaded: announce the jobs section and its feed.
    signals.site_loaded.connect(_loaded)
    # collect_routes: the list with facet pages, a page per job, the feed — every language.
    signals.collect_routes.connect(_routes)
