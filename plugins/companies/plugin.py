"""`/<lang>/companies/` with facet pages (sector, municipality, hiring, remote) and
`/<lang>/companies/<id>/`: description, contact, open jobs, events, news, networks."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from homeward import signals
from homeward.facets import Facet, Label, facet_routes
from homeward.items import date_iso
from homeward.render import Urls
from homeward.routes import Route
from homeward.site import N_, Site

from .checks import check_companies
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


class CompanyPages:
    """Everything a company page shows, gathered through the site's cross indexes. What does
    not depend on the language (place, sectors, contact, jobs, upcoming events, networks) is
    gathered once per company, and a news item's link once per language, not once for every
    company it names."""

    def __init__(self, site: Site):
        self.site = site
        self.shared: dict[str, dict[str, Any]] = {}
        # (lang, id of the item: items live as long as `site`) → (date, link)
        self.links: dict[tuple[str, int], tuple[str, dict[str, Any]]] = {}

    def context(self, company: Any, lang: str) -> dict[str, Any]:
        site = self.site
        shared = self.shared.get(company.id)
        if shared is None:
            shared = self.shared[company.id] = {
                "municipality": site.municipality_name(company.municipality),
                "sectors": [sector_label(site, s) for s in company.sectors],
                "contact": site.contacts.get(company.contact or ""),
                "jobs": site.jobs_by_company.get(company.id, []),
                "events": [e for e in site.events_by_company.get(company.id, []) if e.end >= site.now],
                "networks": site.organisations_by_member.get(company.id, []),
            }
        return {
            "company": company,
            "municipality": shared["municipality"],
            "sectors": shared["sectors"],
            "contact": shared["contact"],
            "jobs": shared["jobs"],
            # A company with hundreds of ads lists the newest here and links to its paginated list.
            "jobs_shown": jobs_shown(site),
            "events": shared["events"],
            "news": self.news(company, lang),
            "networks": shared["networks"],
            "stories": [item.best(lang, site.codes) for item in site.stories_by_company.get(company.id, [])],
        }

    def news(self, company: Any, lang: str) -> list[dict[str, Any]]:
        """News and press releases naming the company, newest first."""
        news = []
        for item in self.site.items_by_company.get(company.id, []):
            known = self.links.get((lang, id(item)))
            if known is None:
                entry = item.best(lang, self.site.codes)
                section = "press" if item.kind == "press" else "news"
                link = {"entry": entry, "url": f"/{lang}/{section}/{item.slug}/", "kind": item.kind}
                known = self.links[lang, id(item)] = (date_iso(self.site, entry), link)
            news.append(known)
        news.sort(key=itemgetter(0), reverse=True)  # stable: equal dates keep the index's order
        return [link for _date, link in news]


def jobs_shown(site: Site) -> int:
    """How many jobs a company page lists (COMPANY_JOBS_SHOWN; the jobs plugin agrees)."""
    return int(site.settings.get("COMPANY_JOBS_SHOWN") or 10)


def _loaded(site: Site) -> None:
    site.add_section(40, N_("Companies"), SECTION)


def _routes(site: Site) -> list[Route]:
    urls = Urls(site.settings.get("SITEURL", ""))
    companies = sorted(site.companies.values(), key=lambda c: c.name.lower())
    pages = CompanyPages(site)
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
                    context=pages.context(company, lang),
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
    # check_references: what this plugin's content refers to must exist (at load time).
    signals.check_references.connect(check_companies)
    # site_loaded: announce the directory in the main menu.
    signals.site_loaded.connect(_loaded)
    # collect_routes: the directory, its facet pages and a page per company, every language.
    signals.collect_routes.connect(_routes)
