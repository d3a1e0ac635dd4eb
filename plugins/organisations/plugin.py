"""`/<lang>/organisations/` and `/<lang>/organisations/<id>/`."""

from __future__ import annotations

from homeward import signals
from homeward.render import Urls
from homeward.routes import Route
from homeward.site import N_, Site
from i18n.catalogs import load_translations

from .checks import check_organisations
from .kinds import kind_of

SECTION = "organisations"


def _routes(site: Site) -> list[Route]:
    urls = Urls(site.settings.get("SITEURL", ""))
    organisations = sorted(site.organisations.values(), key=lambda o: o.name.lower())
    routes = []
    translations = load_translations(site.settings, site.codes)  # the list's title, for the site map
    for lang in site.codes:
        title = translations[lang].gettext(N_("Networks and organisations"))
        routes.append(
            Route(url=f"/{lang}/{SECTION}/", lang=lang, template="organisations.html", key=("organisations",), context={"organisations": organisations}, title=title)
        )
        for org in organisations:
            url = f"/{lang}/{SECTION}/{org.id}/"
            members = sorted((site.companies[m] for m in org.members), key=lambda c: c.name.lower())
            kind = kind_of(org.kind)
            jsonld = {"@context": "https://schema.org", "@type": kind.schema_type, "name": org.name, "url": org.website or urls.absolute(url)}
            if members:
                jsonld["member"] = [{"@type": "Organization", "name": c.name, "url": urls.absolute(f"/{lang}/companies/{c.id}/")} for c in members]
            routes.append(
                Route(
                    url=url,
                    lang=lang,
                    template="organisation.html",
                    key=("organisation", org.id),
                    context={
                        "org": org,
                        "kind_label": kind.label,  # a UI msgid: "Network", "Public body", …
                        "members": members,
                        "contacts": [c for c in site.contacts.values() if c.organisation == org.id],
                        # Upcoming events it organises or takes part in, cancelled ones included (marked).
                        "events": [e for e in site.events_by_company.get(org.id, []) if e.end >= site.now],
                    },
                    title=org.name,
                    description=org.about.get_text(lang, site.codes)[0] if org.about else "",
                    jsonld=[jsonld],
                    source=site.sources.get(("organisations", org.id), ("", 1))[0],
                )
            )
    return routes


def register() -> None:
    # check_references: what this plugin's content refers to must exist (at load time).
    signals.check_references.connect(check_organisations)
    # collect_routes: the organisations list and a page each, in every language.
    signals.collect_routes.connect(_routes)
