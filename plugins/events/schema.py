"""schema.org `Event` for an event page: what search engines show as an event rich result."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from homeward.render import Urls
from homeward.site import Site

from .details import EventInfo, text_in

SCHEMA = "https://schema.org/"
STATUS = {
    "scheduled": "EventScheduled",
    "cancelled": "EventCancelled",
    "postponed": "EventPostponed",
    "moved_online": "EventMovedOnline",
}
ATTENDANCE = {
    "offline": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "mixed": "MixedEventAttendanceMode",
}


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values: validators flag `"name": ""` as an error, a missing key is fine."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def _place(info: EventInfo, region_name: str) -> dict[str, Any]:
    location = info.event.location
    address = _compact(
        {
            "@type": "PostalAddress",
            "streetAddress": location.address,
            "addressLocality": info.municipality.name if info.municipality else None,
            "addressCountry": info.country,
        }
    )
    # A place needs a name; without one the municipality (or region) is the best we know.
    name = location.name or (info.municipality.name if info.municipality else region_name)
    return {"@type": "Place", "name": name, "address": address}


def _organizer(party: Any, lang: str, urls: Urls) -> dict[str, Any]:
    url = party.website or urls.absolute(f"/{lang}/{party.section}/{party.id}/")
    return {"@type": "Organization", "name": party.name, "url": url}


def event_jsonld(info: EventInfo, site: Site, lang: str, page_url: str, urls: Urls) -> Callable[[], dict[str, Any]]:
    """The Event in `lang`, made when its page is rendered (a producer for `Route.jsonld`): what
    it needs from the Site (the region's name, the languages) is given now, so the producer
    reads only its arguments (the event by the digest of its EventInfo's content)."""
    return partial(event_node, info, lang, page_url, urls, site.region.name, tuple(site.codes))


def event_node(info: EventInfo, lang: str, page_url: str, urls: Urls, region_name: str, codes: tuple[str, ...]) -> dict[str, Any]:
    """The Event in `lang`: instants with the offset of the event's own time zone."""
    event = info.event
    locations: list[dict[str, Any]] = []
    if info.on_site:
        locations.append(_place(info, region_name))
    if info.online:
        # Google requires a URL for a virtual location; the page is the fallback.
        online_url = event.location.online_url or event.registration_url or urls.absolute(page_url)
        locations.append({"@type": "VirtualLocation", "url": online_url})
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": text_in(event.title, lang, codes),
            "description": text_in(event.description, lang, codes),
            "startDate": info.start.isoformat(),
            "endDate": info.end.isoformat(),
            "eventStatus": SCHEMA + STATUS[event.status],
            "eventAttendanceMode": SCHEMA + ATTENDANCE[info.attendance],
            "location": locations[0] if len(locations) == 1 else locations,
            "organizer": [_organizer(p, lang, urls) for p in info.organisers],
            "url": urls.absolute(page_url),
            # As NewsArticle does: the published image's absolute address (the original file,
            # published beside its resized variants), a list as Google's Event guide shows it.
            "image": [urls.absolute(event.image.src)] if event.image else None,
        }
    )
