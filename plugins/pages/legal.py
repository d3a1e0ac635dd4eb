"""Per-country legal data: what an accessibility statement must name for the region's country
(DIGG's and Uu-tilsynet's guidance): the law, where readers complain, who supervises.

Names are in the law's language (`lang`, marked up so screen readers pronounce them right).
A region in another country adds its country in the settings, in the same form:
`ACCESSIBILITY_LAWS = {"DK": {"lang": "da", "law": "…", "complaints": {"name": …, "url": …},
"supervisor": {"name": …, "url": …}}}`.
"""

from __future__ import annotations

from typing import Any

from homeward.references import References

ACCESSIBILITY_LAWS: dict[str, dict[str, Any]] = {
    "NO": {
        "lang": "nb",
        "law": "likestillings- og diskrimineringsloven § 18 og forskrift om universell utforming av IKT-løsninger",
        "complaints": {"name": "Diskrimineringsnemnda", "url": "https://www.diskrimineringsnemnda.no/"},
        "supervisor": {"name": "Tilsynet for universell utforming av ikt (Uu-tilsynet)", "url": "https://www.uutilsynet.no/"},
    },
    "SE": {
        "lang": "sv",
        "law": "lagen (2018:1937) om tillgänglighet till digital offentlig service",
        "complaints": {"name": "Myndigheten för digital förvaltning (DIGG)", "url": "https://www.digg.se/tdosanmalan"},
        "supervisor": {"name": "Myndigheten för digital förvaltning (DIGG)", "url": "https://www.digg.se/tdosanmalan"},
    },
}


def laws(settings: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The built-in countries, with the settings' ACCESSIBILITY_LAWS added or overriding."""
    return {**ACCESSIBILITY_LAWS, **(settings.get("ACCESSIBILITY_LAWS") or {})}


def accessibility_rules(settings: dict[str, Any], country: str) -> dict[str, Any] | None:
    return laws(settings).get(country)


def check_statement_country(refs: References) -> None:
    """A site with an accessibility statement needs its country's law: never another country's."""
    site = refs.site
    statements = sorted(entry.path for entry in refs.documents("pages") if getattr(entry.meta, "template", None) == "accessibility")
    known = laws(site.settings)
    if statements and site.region.country not in known:
        refs.error(
            "region",
            "region",
            refs.line("region", "region", "country"),
            f"the accessibility statement ({statements[0]}) must name the law and supervisory body of country "
            f"'{site.region.country}', which Homeward does not know (known: {', '.join(sorted(known))}); "
            f"add them as ACCESSIBILITY_LAWS['{site.region.country}'] in {refs.settings_file} (see docs/content-model.md)",
        )
