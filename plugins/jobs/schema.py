"""schema.org JobPosting with the properties Google requires (and remote work marked).

An imported ad follows Google's rules for job postings shown on a site other than the
one where they were published: the original is the posting's `url` and `sameAs`, the
board's id is its `identifier`, and `directApply` is false (the reader applies there).
`description` is the ad's own HTML (cleaned by the allowlist) where it has one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from homeward.render import Urls
from homeward.site import Site

from .view import employer_name, source_name


def job_posting(site: Site, job: Any, lang: str, url: str, urls: Urls) -> dict[str, Any]:
    return JobPostings(site, urls).of(job, lang, url)()


class JobPostings:
    """JobPosting JSON-LD for the jobs of one build. A job's place is the same in every
    language and the countries a remote job may be done from are the region's: each made once
    and shared (JSON-LD is only read once made)."""

    def __init__(self, site: Site, urls: Urls):
        self.site = site
        self.urls = urls
        self.codes = site.codes
        self.addresses: dict[str, dict[str, Any]] = {}
        self.countries = [
            {"@type": "Country", "name": country} for country in sorted({site.region.country, *(m.country or site.region.country for m in site.region.municipalities)})
        ]
        self.writer = JobPostingWriter(urls, self.codes, self.countries)

    def address(self, job: Any, company: Any) -> dict[str, Any]:
        known = self.addresses.get(job.id)
        if known is not None:
            return known
        site = self.site
        where = job.municipality or (company.municipality if company else None)
        address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": site.country_of(where)}
        locality = site.municipality_name(where)
        if locality:
            address["addressLocality"] = locality
        if company and company.address and (job.municipality in (None, company.municipality)):
            address["streetAddress"] = company.address
        self.addresses[job.id] = address
        return address

    def of(self, job: Any, lang: str, url: str) -> Callable[[], dict[str, Any]]:
        """The job's JobPosting, made when its page is rendered (a producer for `Route.jsonld`):
        what it needs from the Site (the employer, the place) is worked out now, so the producer
        reads only its arguments."""
        site, urls = self.site, self.urls
        company = site.companies.get(job.company or "")
        organization: dict[str, Any] = {"@type": "Organization", "name": employer_name(site, job)}
        if company:
            organization["sameAs"] = company.website or urls.absolute(f"/{lang}/companies/{company.id}/")
            if company.logo:
                organization["logo"] = urls.absolute(company.logo)
        return partial(job_posting_node, self.writer, job, lang, url, organization, self.address(job, company))


class JobPostingWriter:
    """What every job's JobPosting shares, worked out from the Site when routes are made: the
    addresses' base, the languages and the countries a remote job may be done from."""

    def __init__(self, urls: Urls, codes: list[str], countries: list[dict[str, Any]]):
        self.urls = urls
        self.codes = codes
        self.countries = countries


def job_posting_node(writer: JobPostingWriter, job: Any, lang: str, url: str, organization: dict[str, Any], address: dict[str, Any]) -> dict[str, Any]:
    """A JobPosting from the job, its page and what was worked out from the Site when routes were
    made (employer, place, what `writer` holds). It never reads the Site, so a route's shape, which
    digests the `partial` of this function as its name and arguments (the job and the writer by
    the digest of their content), covers all it reads."""
    title = job.title.get_text(lang, writer.codes)[0]
    description = job.description_html or job.description.get_text(lang, writer.codes)[0]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": title,
        "description": description,
        "datePosted": job.posted.isoformat(),
        "validThrough": f"{job.valid_through.isoformat()}T23:59:59",
        "employmentType": job.employment_type,
        "hiringOrganization": organization,
        "jobLocation": {"@type": "Place", "address": address},
        "url": writer.urls.absolute(url),
        "directApply": False,
        "inLanguage": job.language or lang,
    }
    if job.original_url:
        # Aggregated: the original ad is the posting; this page points at it.
        data["url"] = job.original_url
        data["sameAs"] = job.original_url
    if job.source_id:
        data["identifier"] = {"@type": "PropertyValue", "name": source_name(job), "value": job.source_id}
    if job.remote:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = writer.countries
    return data
