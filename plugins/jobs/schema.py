"""schema.org JobPosting with the properties Google requires (and remote work marked)."""

from __future__ import annotations

from typing import Any

from homeward.render import Urls
from homeward.site import Site


def job_posting(site: Site, job: Any, lang: str, url: str, urls: Urls) -> dict[str, Any]:
    company = site.companies[job.company]
    title = job.title.get_text(lang, site.codes)[0]
    description = job.description.get_text(lang, site.codes)[0]
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": site.country_of(job.municipality or company.municipality)}
    locality = site.municipality_name(job.municipality or company.municipality)
    if locality:
        address["addressLocality"] = locality
    if company.address and (job.municipality in (None, company.municipality)):
        address["streetAddress"] = company.address
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": title,
        "description": description,
        "datePosted": job.posted.isoformat(),
        "validThrough": f"{job.valid_through.isoformat()}T23:59:59",
        "employmentType": job.employment_type,
        "hiringOrganization": {"@type": "Organization", "name": company.name, "sameAs": company.website or urls.absolute(f"/{lang}/companies/{company.id}/")},
        "jobLocation": {"@type": "Place", "address": address},
        "url": urls.absolute(url),
        "directApply": False,
        "inLanguage": lang,
    }
    if company.logo:
        data["hiringOrganization"]["logo"] = urls.absolute(company.logo)
    if job.remote:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = [
            {"@type": "Country", "name": country} for country in sorted({site.region.country, *(m.country or site.region.country for m in site.region.municipalities)})
        ]
    return data
