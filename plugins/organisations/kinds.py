"""The kinds of organisation docs/content-model.md lists: how each is named to readers (a UI
msgid, translated in the catalogs) and its schema.org type. Any other `kind` (or none) is a
plain "Organisation"; `checks.py` warns about it, as it is most often a typo."""

from __future__ import annotations

from dataclasses import dataclass

from homeward.site import N_


@dataclass(frozen=True)
class Kind:
    label: str  # UI msgid
    schema_type: str  # schema.org type of the organisation page's JSON-LD


KINDS = {
    "network": Kind(N_("Network"), "Organization"),  # schema.org has no type for a business network
    "public": Kind(N_("Public body"), "GovernmentOrganization"),
    "university": Kind(N_("University"), "CollegeOrUniversity"),
}
OTHER = Kind(N_("Organisation"), "Organization")


def kind_of(value: str | None) -> Kind:
    return KINDS.get(value or "", OTHER)
