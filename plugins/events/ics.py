"""iCalendar files: one per event and one per language with every upcoming event.

The `icalendar` library does escaping, line folding and VTIMEZONE. Output is
deterministic (same content → same bytes): UID comes from the ids, DTSTAMP from the
event's own start, and components are written in a fixed order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from homeward.site import N_, Site
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent
from icalendar.prop import vText

from .details import EventInfo, SessionInfo, text

PRODID = "-//Homeward//Events//EN"
STATUS_PREFIX = {"cancelled": N_("Cancelled"), "postponed": N_("Postponed"), "moved_online": N_("Moved online")}
PROGRAMME, JOIN, REGISTRATION, MORE = N_("Programme"), N_("Join online"), N_("Registration"), N_("More information")
# A local build of a site without PUBLIC_URL knows the page's path only (docs/maintainers.md).
ONCE_PUBLISHED = N_("on the website, once it is published")

Translate = Callable[[str], str]
# The text of when a programme item takes place, the same as on the event page (events/programme.py).
When = Callable[[EventInfo, SessionInfo], str]


def uid(info: EventInfo, site: Site) -> str:
    """The same in every build and language, so calendar apps update instead of duplicating."""
    return f"{info.id}@{site.region.id}.homeward"


def dtstamp(info: EventInfo) -> datetime:
    """DTSTAMP must be UTC and should not move between builds: the start is fixed by the data."""
    return info.event.start.astimezone(UTC)


def location_text(info: EventInfo) -> str:
    if info.on_site and info.place_lines:
        return ", ".join(info.place_lines)
    return info.event.location.online_url or ""


def vevent(info: EventInfo, site: Site, lang: str, page_url: str, translate: Translate, when: When) -> VEvent:
    """One VEVENT in `lang`; times are written with the TZID of the event's own time zone."""
    event = info.event
    title = text(event.title, lang, site)
    if event.status in STATUS_PREFIX:
        title = f"{translate(STATUS_PREFIX[event.status])}: {title}"
    parts = [text(event.description, lang, site)]
    if info.sessions:
        lines = [translate(PROGRAMME) + ":"]
        for session in info.sessions:
            lines.append(f"- {when(info, session)}: {text(session.title, lang, site)}")
        parts.append("\n".join(lines))
    if info.online and event.location.online_url:
        parts.append(f"{translate(JOIN)}: {event.location.online_url}")
    if event.registration_url and event.status != "cancelled":
        parts.append(f"{translate(REGISTRATION)}: {event.registration_url}")
    published = page_url.startswith(("https://", "http://"))
    parts.append(f"{translate(MORE)}: {page_url}" + ("" if published else f" ({translate(ONCE_PUBLISHED)})"))

    component = VEvent()
    component.add("uid", uid(info, site))
    component.add("dtstamp", dtstamp(info))
    component.add("dtstart", info.start)
    component.add("dtend", info.end)
    component.add("summary", title)
    component.add("description", "\n\n".join(p for p in parts if p))
    location = location_text(info)
    if location:
        component.add("location", location)
    if published:
        component.add("url", page_url)
    component.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    return component


def _fix_gap_onset(timezone: Timezone, zone: ZoneInfo) -> None:
    """Spring-forward onsets must be written in the old offset (02:00, RFC 5545 §3.6.5).

    icalendar 7.3 writes the first wall-clock time after the gap (03:00). Only values that
    exist in the new offset are moved back, so a fixed icalendar is left alone.
    """
    for observance in timezone.walk("DAYLIGHT") + timezone.walk("STANDARD"):
        step = observance.TZOFFSETTO - observance.TZOFFSETFROM
        if step <= timedelta(0):
            continue
        onset = observance.DTSTART
        if onset.replace(tzinfo=zone).utcoffset() != observance.TZOFFSETTO:
            continue
        observance.DTSTART = onset - step
        rdates = observance.get("RDATE")
        if rdates is not None:
            values = [d.dt for r in (rdates if isinstance(rdates, list) else [rdates]) for d in r.dts]
            del observance["RDATE"]
            observance.add("RDATE", [d - step for d in values])


@lru_cache(maxsize=64)
def vtimezone(zone: str, first: date, last: date) -> Timezone:
    """A VTIMEZONE covering [first, last): short files, and every client gets the same rules.

    Computing the transitions is the slowest part of writing a calendar, and every event
    of a year shares the result: it is made once per (zone, years) and only read after.
    """
    timezone = Timezone.from_tzid(zone, first_date=first, last_date=last)
    _fix_gap_onset(timezone, ZoneInfo(zone))
    return timezone


@lru_cache(maxsize=64)
def vtimezone_ical(zone: str, first: date, last: date) -> bytes:
    """The VTIMEZONE's lines, as they appear in every calendar of that zone and years."""
    return vtimezone(zone, first, last).to_ical()


_END = b"END:VCALENDAR\r\n"


def calendar(
    infos: Iterable[EventInfo],
    site: Site,
    lang: str,
    name: str,
    page_url: Callable[[EventInfo], str],
    translate: Translate,
    when: When,
    subscription: bool = False,
) -> bytes:
    """A VCALENDAR: one VTIMEZONE per zone used, then the events in the order given.

    A `subscription` calendar tells apps how often to fetch it again.
    """
    infos = list(infos)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # NAME and X-WR-CALNAME are TEXT, but icalendar only escapes values it knows as text:
    # without vText a title with a comma is written raw and one with a line break crashes.
    cal.add("name", vText(name))
    cal.add("x-wr-calname", vText(name))
    if subscription:
        cal.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT12H")
    # A component's lines are the same alone as inside the calendar (icalendar folds line by
    # line), so the parts are written one by one and joined: the VTIMEZONE, half of every
    # event's file, is written once per zone and years instead of once per file.
    head = cal.to_ical()
    parts = [head.removesuffix(_END)]
    if infos:
        first = date(min(i.start.year for i in infos), 1, 1)
        last = date(max(i.end.year for i in infos) + 1, 1, 1)
        parts += [vtimezone_ical(zone, first, last) for zone in sorted({i.zone for i in infos})]
    parts += [vevent(info, site, lang, page_url(info), translate, when).to_ical() for info in infos]
    return b"".join([*parts, _END])
