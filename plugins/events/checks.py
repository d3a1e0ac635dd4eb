"""Event mistakes that need more than the event's own file: ids of organisers, companies and
municipalities, the image file, ids that clash with the calendar's own URLs, and offsets that
do not match the event's time zone on that day (summer time forgotten).

They run at load time (signal `check_references`), with the loader's other checks, so every
mistake of a build is reported at once with its file and line.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from homeward.model.fields import offset_mismatch
from homeward.references import References

# `/<lang>/events/<segment>/` pages and `/<lang>/events/calendar.ics` belong to the calendar.
RESERVED_IDS = ("attendance", "calendar", "municipality", "past")


def check_events(refs: References) -> None:
    for event in refs.site.events.values():
        refs.need("events", event.id, "municipality", event.location.municipality, "municipalities", "municipality")
        for org_id in event.organisers:
            refs.need("events", event.id, "organisers", org_id, ("organisations", "companies"), "organisation or company")
        for company_id in event.companies:
            refs.need("events", event.id, "companies", company_id, "companies", "company")
        if event.image:
            refs.file("events", event.id, "src", event.image.src, "image.src")
    check_reserved_ids(refs)
    check_offsets(refs)


def check_reserved_ids(refs: References) -> None:
    """Two outputs must not claim the same URL."""
    for event_id in sorted(set(refs.site.events) & set(RESERVED_IDS)):
        refs.error(
            "events",
            event_id,
            refs.source("events", event_id)[1],
            f"event id '{event_id}' is taken by the calendar's own pages "
            f"({', '.join(RESERVED_IDS)}); give the event another id, e.g. '{event_id}-2027'",
        )


def check_offsets(refs: References) -> None:
    """Warn where an offset is not the zone's offset that day: the time shown would be an hour off."""
    for event in sorted(refs.site.events.values(), key=lambda e: e.id):
        zone_name = event.timezone or refs.site.region.timezone
        zone = ZoneInfo(zone_name)
        values: list[tuple[tuple[str | int, ...], datetime]] = [(("start",), event.start), (("end",), event.end)]
        for index, session in enumerate(event.sessions):
            values.append((("sessions", index, "start"), session.start))
            if session.end is not None:
                values.append((("sessions", index, "end"), session.end))
        for loc, value in values:
            expected = offset_mismatch(value, zone)  # the same rule as press embargoes (homeward/loader.py)
            if expected is None:
                continue
            field = ".".join(str(k) if isinstance(k, str) else f"[{k}]" for k in loc).replace(".[", "[")
            shown = value.astimezone(zone).strftime("%H:%M")
            refs.warn(
                "events",
                event.id,
                refs.line_at("events", event.id, loc),
                f"'{field}' ({value.isoformat()}) does not match {zone_name}, which is at {expected.isoformat()[-6:]} "
                f"on that day, so it is shown as {shown}; write {expected.isoformat()} or correct 'timezone'",
            )
