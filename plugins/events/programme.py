"""When each programme item takes place, written once for the event page and its .ics file.

The page and the calendar file must show the same times: a session across midnight
(20:00–01:00) is 'Friday 12 March 2027 20:00 – Saturday 13 March 2027 01:00' in both.
The text comes in parts so the page can wrap the instants in <time> elements.
"""

from __future__ import annotations

from dataclasses import dataclass

from homeward.languages import Language
from i18n.formatting import fmt_date, fmt_datetime, fmt_time

from .details import SessionInfo


@dataclass(frozen=True)
class Part:
    """A piece of the text; `iso` is set on a part that names an instant."""

    text: str
    iso: str | None = None


def session_when(session: SessionInfo, zone: str, language: Language) -> list[Part]:
    """'onsdag 12. mai 2027, 18:00–19:15 (UTC+2)' on one day; both dates with times across days."""
    context = {"language": language}
    start, end = session.start, session.end
    if session.same_day:
        parts = [Part(f"{fmt_date(context, start, 'full', zone)}, "), Part(fmt_time(context, start, zone), start.isoformat())]
        if end is not None:
            parts += [Part("–"), Part(fmt_time(context, end, zone), end.isoformat())]
        if session.offset:
            parts.append(Part(f" ({session.offset})"))
        return parts
    assert end is not None  # only a session with an end can run over several days
    return [
        Part(fmt_datetime(context, start, "full", zone), start.isoformat()),
        Part(" – "),
        Part(fmt_datetime(context, end, "full", zone), end.isoformat()),
    ]


def as_text(parts: list[Part]) -> str:
    return "".join(part.text for part in parts)
