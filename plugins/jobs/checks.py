"""What a job file refers to: the company that hires and the municipality of the job."""

from __future__ import annotations

from homeward.references import References


def check_jobs(refs: References) -> None:
    for job in refs.site.jobs.values():
        refs.need("jobs", job.id, "company", job.company, "companies", "company")
        refs.need("jobs", job.id, "municipality", job.municipality, "municipalities", "municipality")
