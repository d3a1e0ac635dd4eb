"""What job pages and lists show about a job, for hand-written and imported jobs alike."""

from __future__ import annotations

from typing import Any

from homeward.model import JOB_BOARDS
from homeward.site import N_, Site

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

# Where imported ads come from (name, original, terms of use) is part of the content model.
SOURCES = JOB_BOARDS


def employer_name(site: Site, job: Any) -> str:
    """The region company's name, else the employer the ad names."""
    company = site.companies.get(job.company or "")
    return company.name if company else (job.employer or "")


def source_name(job: Any) -> str:
    return SOURCES[job.source]["name"] if job.source in SOURCES else ""


def job_context(site: Site, job: Any) -> dict[str, Any]:
    """What a job page shows around the ad: employer, place, and for an import where it is from."""
    return {
        "job": job,
        "company": site.companies.get(job.company or ""),
        "employer": employer_name(site, job),
        "municipality": site.municipality_name(job.municipality),
        "employment_type": EMPLOYMENT_TYPES.get(job.employment_type, job.employment_type),
        "source": SOURCES.get(job.source or ""),
    }
