"""The calendar's lists: upcoming and past relative to build time, months, facet counts.

All of it is computed here so the list template only walks what it is given.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from babel.dates import format_skeleton
from homeward.site import N_, Site

from .details import EventInfo

# Attendance facets: URL segment → UI msgid. A mixed event is in both.
MODES = {"on-site": N_("On site"), "online": N_("Online")}


@dataclass(frozen=True)
class MonthGroup:
    # Made for the one list page that shows it (by_month): pickled in place, not digested one by one (incremental.py).
    digest_in_place: ClassVar[bool] = True

    key: str  # '2027-03': the heading's id
    label: str  # 'Mars 2027', in the page's locale
    events: list[EventInfo]


@dataclass(frozen=True)
class Facet:
    """One filter link: what it shows, how many events, where it goes."""

    key: str
    label: str  # a municipality name, or a UI msgid for the template to translate
    count: int
    url: str


def split(infos: list[EventInfo], now: datetime) -> tuple[list[EventInfo], list[EventInfo]]:
    """(upcoming soonest first, past most recent first); an event still on is upcoming."""
    ordered = sorted(infos, key=lambda i: (i.event.start, i.event.end, i.id))
    upcoming = [i for i in ordered if not i.is_past(now)]
    past = [i for i in reversed(ordered) if i.is_past(now)]
    return upcoming, past


def by_month(infos: list[EventInfo], locale: str, labels: dict[str, str] | None = None) -> list[MonthGroup]:
    """Consecutive events grouped by the month they start in (in their own time zone).

    `labels`: month labels already made in `locale` (a builder's lists share one), by key."""
    labels = {} if labels is None else labels
    groups: list[MonthGroup] = []
    for info in infos:
        start = info.start
        key = f"{start.year:04d}-{start.month:02d}"
        if not groups or groups[-1].key != key:
            label = labels.get(key)
            if label is None:
                label = format_skeleton("yMMMM", start.date().replace(day=1), locale=locale)
                label = labels[key] = label[:1].upper() + label[1:]
            groups.append(MonthGroup(key, label, []))
        groups[-1].events.append(info)
    return groups


def in_mode(info: EventInfo, mode: str) -> bool:
    return info.on_site if mode == "on-site" else info.online


def municipality_counts(upcoming: list[EventInfo]) -> Counter[str]:
    """Upcoming events per municipality id: counted once for all of a language's lists."""
    return Counter(i.municipality.id for i in upcoming if i.municipality is not None)


def municipality_facets(site: Site, upcoming: list[EventInfo], lang: str, current: str | None, counts: Counter[str] | None = None) -> list[Facet]:
    """Municipalities with upcoming events (and the one being shown, even when it has none).
    `counts`: `municipality_counts(upcoming)`, when the caller has it."""
    counts = municipality_counts(upcoming) if counts is None else counts
    facets = []
    for municipality in site.region.municipalities:
        count = counts[municipality.id]
        if count or municipality.id == current:
            url = f"/{lang}/events/municipality/{municipality.id}/"
            facets.append(Facet(municipality.id, municipality.name, count, url))
    return facets


def mode_facets(upcoming: list[EventInfo], lang: str) -> list[Facet]:
    return [
        Facet(mode, label, sum(1 for i in upcoming if in_mode(i, mode)), f"/{lang}/events/attendance/{mode}/")
        for mode, label in MODES.items()
    ]
