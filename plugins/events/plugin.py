"""Events: the calendar per language, a page and an .ics per event, and a subscribable calendar.

URLs (every language):
    /<lang>/events/                          upcoming, soonest first, by month
    /<lang>/events/past/                     the archive, most recent first
    /<lang>/events/municipality/<id>/        upcoming events in one municipality
    /<lang>/events/attendance/<mode>/        upcoming events on site / online
    /<lang>/events/calendar.ics              every upcoming event (subscribe)
    /<lang>/events/<id>/  and  <id>.ics      one event
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import get_timezone_location
from homeward import signals
from homeward.languages import Language
from homeward.render import Urls
from homeward.routes import Route
from homeward.site import N_, Site
from homeward.text import excerpt
from i18n.catalogs import load_translations
from slugify import slugify

from .checks import check_events
from .details import EventInfo, describe, text, utc_offset, zone_country
from .listing import MODES, by_month, in_mode, mode_facets, municipality_counts, municipality_facets, split
from .programme import as_text, session_when
from .schema import event_jsonld

SECTION = "events"
DESCRIPTION_LENGTH = 180  # characters of the description in link previews and search results
TITLES = {
    "upcoming": N_("Events"),
    "past": N_("Past events"),
    "municipality": N_("Events in %(place)s"),
    "on-site": N_("Events on site"),
    "online": N_("Online events"),
}


def event_url(lang: str, event_id: str) -> str:
    return f"/{lang}/{SECTION}/{event_id}/"


def ics_url(lang: str, event_id: str) -> str:
    return f"/{lang}/{SECTION}/{event_id}.ics"


def calendar_url(lang: str) -> str:
    return f"/{lang}/{SECTION}/calendar.ics"


@dataclass(frozen=True)
class IcsFileName:
    """The name an event's .ics is saved as from its page ('nature-day.ics'), made when the page
    is rendered: python-slugify takes ~10 µs a title, and an edit build renders few of the event
    pages it routes. It holds all it is made from (a route's shape covers the name)."""

    # One per event page, held by that page alone: pickled in place, not digested one by one (incremental.py).
    digest_in_place: ClassVar[bool] = True

    title: str
    event_id: str

    def __str__(self) -> str:
        return f"{slugify(self.title) or self.event_id}.ics"


def _loaded(site: Site) -> None:
    site.add_section(30, N_("Events"), SECTION)


class _Builder:
    """Routes for one language: holds what every route of that language shares."""

    def __init__(
        self,
        site: Site,
        language: Language,
        urls: Urls,
        gettext: Callable[[str], str],
        upcoming: list[EventInfo],
        past: list[EventInfo],
    ):
        self.site = site
        self.lang = language.code
        self.locale = language.locale
        self.urls = urls
        self.upcoming = upcoming
        self.past = past
        self.gettext = gettext
        self.language = language
        # webcal:// makes calendar apps subscribe instead of importing once; it needs a host.
        address = urls.absolute(calendar_url(self.lang))
        self.subscribe_url = "webcal://" + address.split("://", 1)[1] if "://" in address else urls.url(calendar_url(self.lang))
        # The same for every list of the language: worked out once, not per list.
        self.municipality_counts = municipality_counts(upcoming)
        self.mode_facets = mode_facets(upcoming, self.lang)
        self.month_labels: dict[str, str] = {}
        self.country_names: dict[str, str] = {}

    def country_name(self, zone: str) -> str:
        """The name of the zone's country in this language, else the zone's city (once per zone)."""
        name = self.country_names.get(zone)
        if name is None:
            country = zone_country(zone)
            if country:
                name = Locale.parse(self.locale).territories.get(country, country)
            else:
                name = get_timezone_location(ZoneInfo(zone), locale=self.locale, return_city=True)
            self.country_names[zone] = name
        return name

    def translate(self, message: str, **variables: Any) -> str:
        """UI text for titles and .ics files (not called `_`: extraction reads the msgids at N_)."""
        text = self.gettext(message)
        return text % variables if variables else text

    def event_page(self, info: EventInfo) -> list[Route]:
        event, lang, site = info.event, self.lang, self.site
        url = event_url(lang, event.id)
        is_past = info.is_past(site.now)
        updated = site.last_updated("events", event.id)
        title = text(event.title, lang, site)
        page = Route(
            url=url,
            lang=lang,
            template="event.html",
            key=("event", event.id),
            context={
                "info": info,
                "event": event,
                "is_past": is_past,
                # "Local time in Norway (UTC+1)": the country, not CLDR's "tidssone for Norge".
                "zone_country": self.country_name(info.zone),
                "zone_offset": utc_offset(info.start),
                "ics_download": IcsFileName(title, event.id),
                "show_registration": bool(event.registration_url) and not is_past and event.status != "cancelled",
                "show_add_to_calendar": not is_past and event.status != "cancelled",
                "ics_url": ics_url(lang, event.id),
                "events_url": f"/{lang}/{SECTION}/",
                "when": partial(session_when, zone=info.zone, language=self.language),
            },
            title=title,
            description=excerpt(text(event.description, lang, site), DESCRIPTION_LENGTH),
            image=event.image.src if event.image else None,
            jsonld=[event_jsonld(info, site, lang, url, self.urls)],
            source=site.sources.get(("events", event.id), ("", 1))[0],
            updated=updated,
            last_modified=updated.isoformat() if updated else None,
            title_lang=event.title.fallback_lang(lang, site.codes),
            status=event.status if event.status != "scheduled" else None,
        )
        produce = partial(self.ics, [info], title)
        file = Route(url=ics_url(lang, event.id), lang=lang, produce=produce, sitemap=False, search=False)
        return [page, file]

    def ics(self, infos: list[EventInfo], name: str, subscription: bool = False) -> bytes:
        from . import ics  # icalendar: imported by the build that writes a calendar, not by every build

        # A calendar file is read in a calendar app: its links go to the published site.
        page = lambda info: self.urls.public(event_url(self.lang, info.id)) or self.urls.absolute(event_url(self.lang, info.id))  # noqa: E731
        when = lambda info, session: as_text(session_when(session, info.zone, self.language))  # noqa: E731 - one use
        return ics.calendar(infos, self.site, self.lang, name, page, self.translate, when, subscription)

    def _list(self, url: str, key: tuple[str, ...], view: str, infos: list[EventInfo], title: str, current: str | None = None) -> Route:
        return Route(
            url=url,
            lang=self.lang,
            template="events_list.html",
            key=key,
            title=title,
            search=False,
            listed=view in ("upcoming", "past"),  # the filter views are not pages of their own
            context={
                "view": view,
                "groups": by_month(infos, self.locale, self.month_labels),
                "municipality_facets": municipality_facets(self.site, self.upcoming, self.lang, current, self.municipality_counts),
                "mode_facets": self.mode_facets,
                "upcoming_count": len(self.upcoming),
                "past_count": len(self.past),
                "upcoming_url": f"/{self.lang}/{SECTION}/",
                "past_url": f"/{self.lang}/{SECTION}/past/",
                "calendar_ics": calendar_url(self.lang),
                "subscribe_url": self.subscribe_url,
            },
        )

    def lists(self) -> list[Route]:
        lang, base = self.lang, f"/{self.lang}/{SECTION}/"
        routes = [
            self._list(base, ("events",), "upcoming", self.upcoming, self.translate(TITLES["upcoming"])),
            self._list(f"{base}past/", ("events", "past"), "past", self.past, self.translate(TITLES["past"])),
        ]
        in_municipality: dict[str, list[EventInfo]] = {}
        for info in self.upcoming:
            if info.municipality is not None:
                in_municipality.setdefault(info.municipality.id, []).append(info)
        for municipality in self.site.region.municipalities:
            here = in_municipality.get(municipality.id, [])
            title = self.translate(TITLES["municipality"], place=municipality.name)
            key = ("events", "municipality", municipality.id)
            routes.append(self._list(f"{base}municipality/{municipality.id}/", key, "municipality", here, title, municipality.id))
        for mode in MODES:
            here = [i for i in self.upcoming if in_mode(i, mode)]
            routes.append(self._list(f"{base}attendance/{mode}/", ("events", "attendance", mode), mode, here, self.translate(TITLES[mode])))
        name = f"{self.site.region.name} – {self.translate(TITLES['upcoming'])}"
        produce = partial(self.ics, self.upcoming, name, subscription=True)
        routes.append(Route(url=calendar_url(lang), lang=lang, produce=produce, sitemap=False, search=False))
        return routes


def _routes(site: Site) -> list[Route]:
    urls = Urls.of(site.settings)
    infos = [describe(site, event) for event in site.events.values()]
    upcoming, past = split(infos, site.now)
    translations = load_translations(site.settings, site.codes)  # UI text in .ics files
    routes: list[Route] = []
    for language in site.languages:
        builder = _Builder(site, language, urls, translations[language.code].gettext, upcoming, past)
        for info in upcoming + past:
            routes += builder.event_page(info)
        routes += builder.lists()
    return routes


def register() -> None:
    # check_references: ids, files, reserved ids and offsets, with the loader's other errors.
    signals.check_references.connect(check_events)
    # site_loaded: the menu entry.
    signals.site_loaded.connect(_loaded)
    # collect_routes: event pages, calendar lists and facets, .ics files, in every language.
    signals.collect_routes.connect(_routes)
