"""What a company file refers to: sectors, municipality, contact person, logo; a description
in the default language (the fallback of every other language)."""

from __future__ import annotations

from homeward.references import References


def check_companies(refs: References) -> None:
    site = refs.site
    for company in site.companies.values():
        if site.sectors:  # without data/sectors.yaml, sector ids are free text
            for sector in company.sectors:
                refs.need("companies", company.id, "sectors", sector, "sectors", "sector")
        refs.need("companies", company.id, "municipality", company.municipality, "municipalities", "municipality")
        refs.need("companies", company.id, "contact", company.contact, "contacts", "contact")
        refs.file("companies", company.id, "logo", company.logo, "logo")
        if company.description and site.default_lang not in company.description and "*" not in company.description:
            refs.error(
                "companies",
                company.id,
                refs.line("companies", company.id, "description"),
                f"'description' has no text in the default language '{site.default_lang}'; add '{site.default_lang}: ...'",
            )
