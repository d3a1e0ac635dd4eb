"""`/<lang>/jobs/` (filter by municipality, remote, company), `/<lang>/jobs/<id>/` and
`/<lang>/jobs/feed.atom`. Expired jobs were removed by the loader, so they appear nowhere."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from homeward import signals
from homeward.atom import FeedEntry, atom_feed
from homeward.facets import Facet, Label, facet_routes
from homeward.render import Urls
from homeward.routes import Route
from homeward.site import N_, Site, job_order
from homeward.text import excerpt

from .schema import job_posting

SECTION = "jobs"
FEED = "jobs/feed.atom"

# Labels for schema.org employment types, as UI msgids.
EMPLOYMENT_TYPES = {
    "FULL_TIME": N_("Full-time"),
    "PART_TIME": N_("Part-time"),
    "CONTRACTOR": N_("Contractor"),
    "TEMPORARY": N_("Temporary"),
    "INTERN": N_("Internship"),
    "VOLUNTEER": N_("Volunteer"),
    "PER_DIEM": N_("Per diem"),
    "OTHER": N_("Other"),
}


def facets(site: Site, lang: str) -> list[Facet]:
    return [
        Facet("municipality", N_("Municipality"), lambda j: [j.municipality] if j.municipality else [], lambda v: Label("text", site.municipality_name(v) or v)),
        Facet("remote", N_("Remote work possible"), lambda j: ["yes"] if j.remote else [], lambda v: Label("ui", N_("Remote work possible")), flag=True),
        # A company's open jobs are listed on its own page: the filter links there.
        Facet(
            "company",
            N_("Company"),
            lambda j: [j.company],
            lambda v: Label("text", site.companies[v].name),
            elsewhere=lambda v: f"/{lang}/companies/{v}/#jobs-heading",
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
                title=f"{job.title.get_text(lang, site.codes)[0]} – {site.companies[job.company].name}",
                url=urls.absolute(f"/{lang}/{SECTION}/{job.id}/"),
                published=datetime.combine(job.posted, time(8, 0), tzinfo=zone),
                summary=job.description.get_text(lang, site.codes)[0],
            )
            for job in jobs
        ]
        return atom_feed(f"{site.region.name} – jobs ({lang})", urls.absolute(f"/{lang}/{SECTION}/"), urls.absolute(f"/{lang}/{FEED}"), lang, entries)

    return Route(url=f"/{lang}/{FEED}", lang=lang, produce=produce, sitemap=False, search=False)


def _routes(site: Site) -> list[Route]:
    urls = Urls(site.settings.get("SITEURL", ""))
    jobs = sorted(site.jobs.values(), key=job_order)
    routes: list[Route] = []
    for lang in site.codes:
        routes += facet_routes(lang, SECTION, jobs, facets(site, lang), "jobs.html", "jobs", {"employment_types": EMPLOYMENT_TYPES})
        routes.append(_feed(site, lang, sorted(jobs, key=lambda j: (j.posted, j.id), reverse=True), urls))
        for job in jobs:
            url = f"/{lang}/{SECTION}/{job.id}/"
            company = site.companies[job.company]
            updated = site.last_updated("jobs", job.id)
            routes.append(
                Route(
                    url=url,
                    lang=lang,
                    template="job.html",
                    key=("job", job.id),
                    context={
                        "job": job,
                        "company": company,
                        "municipality": site.municipality_name(job.municipality),
                        "employment_type": EMPLOYMENT_TYPES.get(job.employment_type, job.employment_type),
                    },
                    title=f"{job.title.get_text(lang, site.codes)[0]} – {company.name}",
                    description=excerpt(job.description.get_text(lang, site.codes)[0], 180),
                    image=company.logo,
                    jsonld=[job_posting(site, job, lang, url, urls)],
                    source=site.sources.get(("jobs", job.id), ("", 1))[0],
                    updated=updated,
                    last_modified=updated.isoformat() if updated else job.posted.isoformat(),
                    title_lang=job.title.fallback_lang(lang, site.codes),
                )
            )
    return routes


def register() -> None:
    # site_loaded: announce the jobs section and its feed.
    signals.site_loaded.connect(_loaded)
    # collect_routes: the list with facet pages, a page per job, the feed — every language.
    signals.collect_routes.connect(_routes)
