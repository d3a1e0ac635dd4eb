"""What an organisation refers to: its member companies and its logo."""

from __future__ import annotations

from homeward.references import References


def check_organisations(refs: References) -> None:
    for org in refs.site.organisations.values():
        for member in org.members:
            refs.need("organisations", org.id, "members", member, "companies", "company")
        refs.file("organisations", org.id, "logo", org.logo, "logo")
