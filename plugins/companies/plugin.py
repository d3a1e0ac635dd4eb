"""`/<lang>/companies/` with facet pages (sector, municipality, hiring, remote) and
`/<lang>/companies/<id>/`: description, contact, open jobs, events, news, networks."""

from __future__ import annotations

from typing import Any

from homeward import signals
from homeward.facets import Facet, Label, facet_routes
from homeward.render import Urls
from homeward.routes import Route
from homeward.site import N_, Site

from .schema import organization

SECTION = "companies"


def sector_label(site: Site, sector: str) -> Label:
    """Sector names come from data/sectors.yaml when present, else from the id itself."""
    if sector in site.sectors:
        return Label("loc", site.sectors[sector].label)
    return Label("text", sector.replace("-", " ").capitalize())


def facets(site: Site) -> list[Facet]:
    names = {m.id: m.name for m in site.region.municipalities}
    return [
        Facet("sector", N_("Sector"), lambda c: c.sectors, lambda v: sector_label(site, v)),
        Facet("municipality", N_("Municipality"), lambda c: [c.municipality] if c.municipality else [], lambda v: Label("text", names.get(v, v))),
        # Companies with open jobs on this site: the same companies the jobs board lists.
        Facet("hiring", N_("Hiring now"), lambda c: ["yes"] if site.hiring_state(c.id) == "jobs" else [], lambda v: Label("ui", N_("Hiring now")), flag=True),
        Facet("remote", N_("Remote-friendly"), lambda c: ["yes"] if c.remote_friendly else [], lambda v: Label("ui", N_("Remote-friendly")), flag=True),
    ]


def company_context(site: Site, company: Any, lang: str) -> dict[str, Any]:
    """Everything a company page shows, gathered through the site's cross indexes."""
    news = []
    for item in site.items_by_company.get(company.id, []):
        entry = item.best(lang, site.codes)
        section = "press" if item.kind == "press" else "news"
        news.append({"entry": entry, "url": f"/{lang}/{section}/{item.slug}/", "kind": item.kind})
    news.sort(key=lambda n: n["entry"].meta.date.isoformat(), reverse=True)
    events = [e for e in site.events_by_company.get(company.id, []) if e.end >= site.now]
    return {
        "company": company,
        "municipality": site.municipality_name(company.municipality),
        "sectors": [sector_label(site, s) for s in company.sectors],
        "contact": site.contacts.get(company.contact or ""),
        "jobs": site.jobs_by_company.get(company.id, []),
        # A company with hundreds of ads lists the newest here and links to its paginated list.
        "jobs_shown": jobs_shown(site),
        "events": events,
        "news": news,
        "networks": site.organisations_by_member.get(company.id, []),
        "stories": [item.best(lang, site.codes) for item in site.stories_by_company.get(company.id, [])],
    }


def jobs_shown(site: Site) -> int:
    """How many jobs a company page lists (COMPANY_JOBS_SHOWN; the jobs plugin agrees)."""
    return int(site.settings.get("COMPANY_JOBS_SHOWN") or 10)


def _loaded(site: Site) -> None:
    site.add_section(40, N_("Companies"), SECTION)


def _routes(site: Site) -> list[Route]:
    urls = Urls(site.settings.get("SITEURL", ""))
    companies = sorted(site.companies.values(), key=lambda c: c.name.lower())
    routes: list[Route] = []
    for lang in site.codes:
        routes += facet_routes(lang, SECTION, companies, facets(site), "companies.html", "companies", {}, title="")
        for company in companies:
            url = f"/{lang}/{SECTION}/{company.id}/"
            updated = site.last_updated("companies", company.id)
            description = company.description.get_text(lang, site.codes)[0] if company.description else ""
            routes.append(
                Route(
                    url=url,
                    lang=lang,
                    template="company.html",
                    key=("company", company.id),
                    context=company_context(site, company, lang),
                    title=company.name,
                    description=description,
                    image=company.logo,
                    jsonld=[organization(site, company, url, urls)],
                    source=site.sources.get(("companies", company.id), ("", 1))[0],
                    updated=updated,
                    last_modified=updated.isoformat() if updated else None,
                )
            )
    return routes


def register() -> None:
    # site_loaded: announce the directory in the main menu.
    signals.site_loaded.connect(_loaded)
    # collect_routes: the directory, its facet pages and a page per company, every language.
    signals.collect_routes.connect(_routes)
