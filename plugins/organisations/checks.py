"""What an organisation refers to: its member companies and its logo; and a `kind` the site
has no label for (shown as a plain "Organisation"), reported as a warning."""

from __future__ import annotations

import difflib

from homeward.references import References

from .kinds import KINDS


def check_organisations(refs: References) -> None:
    for org in refs.site.organisations.values():
        for member in org.members:
            refs.need("organisations", org.id, "members", member, "companies", "company")
        refs.file("organisations", org.id, "logo", org.logo, "logo")
        if org.kind is not None and org.kind not in KINDS:
            close = difflib.get_close_matches(org.kind, list(KINDS), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            choices = ", ".join(f"'{kind}'" for kind in KINDS)
            refs.warn(
                "organisations",
                org.id,
                refs.line("organisations", org.id, "kind", org.kind),
                f"'kind' is '{org.kind}', which the site has no label for, so the page calls it an "
                f"organisation; {hint}use one of {choices}, or leave 'kind' out",
            )
