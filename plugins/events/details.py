"""What every output needs to know about one event, resolved once per build.

The page, the lists, the JSON-LD and the .ics all ask the same questions (which time zone,
where, on site or online, who organises it); answering them here keeps the answers the
same everywhere and keeps the templates free of lookups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

from babel.core import get_global
from homeward.model import Event, Municipality
from homeward.site import Site


@dataclass(frozen=True)
class Party:
    """An organiser or a participating company, and the section its page lives in."""

    # Made for the one EventInfo that holds it: pickled in place there, not digested one by one (incremental.py).
    digest_in_place: ClassVar[bool] = True

    id: str
    name: str
    section: str  # "organisations" or "companies"
    website: str | None = None


@dataclass(frozen=True)
class SessionInfo:
    """One programme item; `same_day` lets the template show 'day, 09:00–16:00'."""

    # Made for the one EventInfo that holds it: pickled in place there, not digested one by one (incremental.py).
    digest_in_place: ClassVar[bool] = True

    title: dict
    start: datetime
    end: datetime | None
    same_day: bool
    offset: str = ""  # 'UTC+2' when the clocks changed since the event began, else empty


@dataclass(frozen=True)
class ClockChange:
    """The event spans a switch to or from summer time: the local day it happens on."""

    day: date
    to_summer: bool


def utc_offset(moment: datetime) -> str:
    """'UTC+1', 'UTC+2', 'UTC+5:30', 'UTC' — how readers everywhere write an offset."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign, minutes = ("+" if minutes > 0 else "−"), abs(minutes)
    hours, rest = divmod(minutes, 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_country(zone: str) -> str | None:
    """The ISO country of an IANA zone (Europe/Oslo → NO), from CLDR as Babel ships it."""
    return get_global("zone_territories").get(zone)


def clock_change(start: datetime, end: datetime) -> ClockChange | None:
    """The switch between standard and summer time between `start` and `end`, if any."""
    if start.utcoffset() == end.utcoffset():
        return None
    zone = start.tzinfo
    low, high = start.astimezone(UTC), end.astimezone(UTC)
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == start.utcoffset():
            low = middle
        else:
            high = middle
    after = high.astimezone(zone)
    return ClockChange(after.date(), (after.dst() or timedelta(0)) > (start.dst() or timedelta(0)))


@dataclass
class EventInfo:
    event: Event
    zone: str  # IANA name: the event's own, else the region's
    municipality: Municipality | None
    country: str  # ISO code of the municipality's country, else the region's
    on_site: bool
    online: bool
    # Start and end in the event's own time zone (the offset shown to readers and in JSON-LD):
    # made once here, read by every list, page and JSON-LD of every language.
    start: datetime
    end: datetime
    organisers: list[Party] = field(default_factory=list)
    companies: list[Party] = field(default_factory=list)
    sessions: list[SessionInfo] = field(default_factory=list)
    place_lines: list[str] = field(default_factory=list)  # name, address, municipality
    place_short: str = ""  # for lists: the place's name (or address) and municipality
    clock_change: ClockChange | None = None  # summer time begins or ends during the event

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def attendance(self) -> str:
        """'offline', 'online' or 'mixed' as it is now: an event moved online is online."""
        if self.on_site and self.online:
            return "mixed"
        return "online" if self.online else "offline"

    def is_past(self, now: datetime) -> bool:
        """Past once it has ended: an event that is on right now is still upcoming."""
        return self.event.end < now


def _party(site: Site, party_id: str, prefer_organisation: bool) -> Party:
    organisation = site.organisations.get(party_id)
    company = site.companies.get(party_id)
    if organisation is not None and (prefer_organisation or company is None):
        return Party(party_id, organisation.name, "organisations", organisation.website)
    assert company is not None  # the loader has checked every reference
    return Party(party_id, company.name, "companies", company.website)


def describe(site: Site, event: Event) -> EventInfo:
    """Resolve time zone, place, attendance and the people involved for one event."""
    zone = event.timezone or site.region.timezone
    tz = ZoneInfo(zone)
    location = event.location
    municipality = next((m for m in site.region.municipalities if m.id == location.municipality), None)
    moved_online = event.status == "moved_online"
    place_lines = [line for line in (location.name, location.address) if line]
    if municipality is not None and not any(municipality.name in line for line in place_lines):
        place_lines.append(municipality.name)
    short = [line for line in (location.name or location.address,) if line]
    if municipality is not None and not any(municipality.name in line for line in short):
        short.append(municipality.name)
    start, end = event.start.astimezone(tz), event.end.astimezone(tz)
    first_offset = start.utcoffset()
    sessions = [
        SessionInfo(
            title=s.title,
            start=s.start.astimezone(tz),
            end=s.end.astimezone(tz) if s.end else None,
            same_day=s.end is None or s.start.astimezone(tz).date() == s.end.astimezone(tz).date(),
            offset="" if s.start.astimezone(tz).utcoffset() == first_offset else utc_offset(s.start.astimezone(tz)),
        )
        for s in sorted(event.sessions, key=lambda s: s.start)
    ]
    return EventInfo(
        event=event,
        zone=zone,
        municipality=municipality,
        country=(municipality.country if municipality and municipality.country else site.region.country),
        on_site=event.attendance in ("offline", "mixed") and not moved_online,
        online=event.attendance in ("online", "mixed") or moved_online,
        start=start,
        end=end,
        organisers=[_party(site, pid, prefer_organisation=True) for pid in event.organisers],
        companies=[_party(site, cid, prefer_organisation=False) for cid in event.companies],
        sessions=sessions,
        place_lines=place_lines,
        place_short=", ".join(short),
        clock_change=clock_change(start, end),
    )


def text(value: dict | None, lang: str, site: Site) -> str:
    """Localized YAML text as plain text in `lang` (falling back like the `loc` filter)."""
    return text_in(value, lang, site.codes)


def text_in(value: dict | None, lang: str, codes: Sequence[str]) -> str:
    """`text`, with the site's language codes given."""
    if not value:
        return ""
    return value.get_text(lang, codes)[0] if hasattr(value, "get_text") else str(value.get(lang, ""))
