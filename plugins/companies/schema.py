"""schema.org Organization for a company page."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
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


def organization(site: Site, company: Any, url: str, urls: Urls) -> Callable[[], dict[str, Any]]:
    """The company page's Organization, made when the page is rendered (a producer for
    `Route.jsonld`): what it needs from the Site (the address's country and municipality name,
    the languages) is worked out now, so the producer reads only its arguments."""
    address = postal_address(site, company.address, company.municipality)
    return partial(organization_node, company, url, urls, address, site.default_lang, tuple(site.codes))


def organization_node(company: Any, url: str, urls: Urls, address: dict[str, Any], default_lang: str, codes: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": urls.absolute(url) + "#organization",
        "name": company.name,
        "url": company.website or urls.absolute(url),
        "address": address,
    }
    if company.logo:
        data["logo"] = urls.absolute(company.logo)
    if company.org_number:
        data["taxID"] = company.org_number  # organisasjonsnummer / organisationsnummer
    if company.employees is not None:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": company.employees}
    if company.description:
        data["description"] = company.description.get_text(default_lang, codes)[0]
    return data
