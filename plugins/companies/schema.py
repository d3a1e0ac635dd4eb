"""schema.org Organization for a company page."""

from __future__ import annotations

from typing import Any

from homeward.render import Urls
from homeward.site import Site


def postal_address(site: Site, street: str | None, municipality: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": site.country_of(municipality)}
    if street:
        data["streetAddress"] = street
    name = site.municipality_name(municipality)
    if name:
        data["addressLocality"] = name
    return data


def organization(site: Site, company: Any, url: str, urls: Urls) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": urls.absolute(url) + "#organization",
        "name": company.name,
        "url": company.website or urls.absolute(url),
        "address": postal_address(site, company.address, company.municipality),
    }
    if company.logo:
        data["logo"] = urls.absolute(company.logo)
    if company.org_number:
        data["taxID"] = company.org_number  # organisasjonsnummer / organisationsnummer
    if company.employees is not None:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": company.employees}
    if company.description:
        data["description"] = company.description.get_text(site.default_lang, site.codes)[0]
    return data
