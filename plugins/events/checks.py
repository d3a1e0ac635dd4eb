"""Event mistakes the model cannot see alone: ids that clash with the calendar's own URLs,
and offsets that do not match the event's time zone on that day (summer time forgotten).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from homeward.errors import BuildFailed, ContentError
from homeward.model.fields import offset_mismatch
from homeward.site import Site
from homeward.sourcefile import LineDict, LineList, SourceError, parse_yaml, read_text

# `/<lang>/events/<segment>/` pages and `/<lang>/events/calendar.ics` belong to the calendar.
RESERVED_IDS = ("attendance", "calendar", "municipality", "past")


def check_reserved_ids(site: Site) -> None:
    """Stop the build before two outputs claim the same URL."""
    errors = []
    for event_id in sorted(set(site.events) & set(RESERVED_IDS)):
        path, line = site.sources.get(("events", event_id), ("content", 1))
        errors.append(
            ContentError(
                path,
                line,
                f"event id '{event_id}' is taken by the calendar's own pages "
                f"({', '.join(RESERVED_IDS)}); give the event another id, e.g. '{event_id}-2027'",
            )
        )
    if errors:
        raise BuildFailed(errors)


def _record(site: Site, event_id: str) -> Any:
    """The raw YAML of one event, with line numbers (a file may hold one event or a list)."""
    rel, _line = site.sources.get(("events", event_id), ("", 1))
    path = Path(site.settings["PATH"]).resolve().parent / rel
    try:
        raw = parse_yaml(read_text(path))
    except (OSError, SourceError):
        return None
    if isinstance(raw, LineList):
        return next((r for r in raw if isinstance(r, LineDict) and r.get("id") == event_id), None)
    return raw


def _line(raw: Any, keys: tuple[str | int, ...]) -> int:
    node, line = raw, getattr(raw, "line", 1)
    for key in keys:
        if isinstance(node, LineDict) and key in node:
            line, node = node.lines.get(key, line), node[key]
        elif isinstance(node, LineList) and isinstance(key, int) and key < len(node.lines):
            line, node = node.lines[key], node[key]
        else:
            break
    return line


def offset_warnings(site: Site) -> list[ContentError]:
    """Warn where an offset is not the zone's offset that day: the time shown would be an hour off."""
    warnings = []
    for event in sorted(site.events.values(), key=lambda e: e.id):
        zone_name = event.timezone or site.region.timezone
        zone = ZoneInfo(zone_name)
        values: list[tuple[tuple[str | int, ...], datetime]] = [(("start",), event.start), (("end",), event.end)]
        for index, session in enumerate(event.sessions):
            values.append((("sessions", index, "start"), session.start))
            if session.end is not None:
                values.append((("sessions", index, "end"), session.end))
        raw = None
        for keys, value in values:
            expected = offset_mismatch(value, zone)  # the same rule as press embargoes (homeward/loader.py)
            if expected is None:
                continue
            if raw is None:
                raw = _record(site, event.id)
            path, _ = site.sources.get(("events", event.id), ("content", 1))
            field = ".".join(str(k) if isinstance(k, str) else f"[{k}]" for k in keys).replace(".[", "[")
            shown = value.astimezone(zone).strftime("%H:%M")
            warnings.append(
                ContentError(
                    path,
                    _line(raw, keys),
                    f"'{field}' ({value.isoformat()}) does not match {zone_name}, which is at {expected.isoformat()[-6:]} "
                    f"on that day, so it is shown as {shown}; write {expected.isoformat()} or correct 'timezone'",
                    warning=True,
                )
            )
    return warnings
