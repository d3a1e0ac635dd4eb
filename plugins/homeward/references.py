"""Cross-references: every id, file and value that one record points at must exist.

The loader validates each file on its own; what needs the whole site (a job's company, an
event's organisers, a release's contacts) is checked here, at load time, before anything is
written. The core checks what every content type shares (contacts, the region, the fields of
every Markdown document); each feature plugin checks its own content on the
`check_references` signal with the helpers below, so a feature's rules live in its folder.
All errors of a build are collected and reported together as `path:line: message`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ContentError, ErrorLog
from .keys import a
from .model.fields import ID_PATTERN
from .site import Entry, Site
from .sourcefile import LineDict, LineList
from .validation import line_of


@dataclass
class Cause:
    """One mistake the loader knows makes references fail: an empty data file, a record in a
    file the build does not read, an id that differs from its file's name. The references it
    breaks are not reported one by one ("unknown company" eleven times, with a hint to create
    a company that exists): the cause is said once, at its line, with how many it breaks."""

    collection: str
    ids: set[str] | None  # the ids it hides; None: every id of the collection
    path: str  # as the log shows it
    line: int
    what: str  # what is wrong: "the file is empty"
    fix: str  # how to fix it, when references wait for it
    noun: str  # "company"
    replaces: ContentError | None = None  # the message it stands for once references fail
    refs: list[tuple[str, int, str]] = field(default_factory=list)  # (path, line, id) that fail

    def covers(self, collection: str, value: str) -> bool:
        return collection == self.collection and (self.ids is None or value in self.ids)

    def message(self) -> str:
        count = len(self.refs)
        ids = sorted({value for _path, _line, value in self.refs})
        named = f"{self.noun} '{ids[0]}'" if len(ids) == 1 else f"{self.collection} ({', '.join(ids[:4])}{', …' if len(ids) > 4 else ''})"
        path, line, value = min(self.refs)
        first = f"{path}:{line}" if len(ids) == 1 else f"'{value}' in {path}:{line}"
        refs = "1 reference" if count == 1 else f"{count} references"
        fail = "fails" if count == 1 else "fail"
        return f"{self.what}, so {refs} to {named} {fail} (the first: {first}); {self.fix}"


@dataclass
class References:
    """What a reference check needs: the site, where each record was written, and the log."""

    site: Site
    log: ErrorLog
    raw: dict[tuple[str, str], Any]  # (kind, key) → the record as read, with line numbers
    failed: dict[str, set[str]]  # ids of records that failed validation (already reported)
    hidden: list[Entry]  # drafts and embargoed documents: left out of the site, still checked
    check_file: Callable[[Path | str, int | Callable[[], int], str | None, str], None]  # the loader's file gate (line: or a function giving it)
    settings_file: str = "pelicanconf.py"
    causes: list[Cause] = field(default_factory=list)  # mistakes that make references fail (Cause)
    _repeats: set[tuple[str, str, str, str]] = field(default_factory=set)
    # What each kind's fields refer to, as the checks asked (kind, field) → (collections, what):
    # the references of a record with a mistake are checked by the same rules (check_unvalidated).
    _asked: dict[tuple[str, str], tuple[str | tuple[str, ...], str]] = field(default_factory=dict)
    _known: dict[str, set[str]] = field(default_factory=dict)
    _pools: dict[str | tuple[str, ...], set[str]] = field(default_factory=dict)  # known ids of one or more collections

    # ------------------------------------------------------------ where things are written
    def source(self, kind: str, key: str) -> tuple[str, int]:
        """(path, line) of a record: `("events", id)`, `("press", "slug.lang")`, `("region", "region")`."""
        return self.site.sources.get((kind, key), ("content", 1))

    def line(self, kind: str, key: str, field: str, value: Any = None) -> int:
        """The line where `field` holding `value` is written in the record (searched depth-first),
        else the line of the first `field`, else the record's own line."""
        return find_value_line(self.raw.get((kind, key)), field, value)

    def line_at(self, kind: str, key: str, loc: tuple[str | int, ...]) -> int:
        """The line of a path into the record, e.g. ("sessions", 2, "start")."""
        return line_of(self.raw.get((kind, key)), loc)

    # ------------------------------------------------------------ what exists
    def known(self, collection: str) -> set[str]:
        """Ids of a data collection; those whose record failed validation count as known (their
        error is reported already, and every reference to them would only repeat it)."""
        if collection not in self._known:
            if collection == "municipalities":
                ids = {m.id for m in self.site.region.municipalities}
            else:
                ids = set(getattr(self.site, collection)) | self.failed.get(collection, set())
            self._known[collection] = ids
        return self._known[collection]

    def documents(self, kind: str) -> Iterable[Entry]:
        """Every document of a kind, published or not (an embargoed release must not fail the
        build on the morning its embargo lifts)."""
        published = [entry for item in self.site.kind(kind) for entry in item.entries.values()]
        return published + [entry for entry in self.hidden if entry.kind == kind]

    # ------------------------------------------------------------ checks
    def need(self, kind: str, key: str, field: str, value: str | None, collections: str | tuple[str, ...], what: str) -> None:
        """An error unless `value` is an id of one of `collections`; names the closest known id,
        or the kind of thing the id belongs to when it is another kind's, or where to add it."""
        self._asked.setdefault((kind, field), (collections, what))
        if value is None:
            return
        self._repeated_in_list(kind, key, field, value)
        pool = self._pools.get(collections)
        if pool is None:  # the union once per build, not once per reference (~10,000 at 1000×3)
            pool = self._pools[collections] = set().union(*(self.known(name) for name in ((collections,) if isinstance(collections, str) else collections)))
        if value in pool:
            return
        path, line = self.source(kind, key)[0], self.line(kind, key, field, value)
        names = (collections,) if isinstance(collections, str) else collections
        cause = next((c for c in self.causes for name in names if c.covers(name, value)), None)
        if cause is not None:
            cause.refs.append((path, line, value))  # said once, at the cause (finish)
            return
        other = next((name for name, collection in ID_KINDS.items() if name not in what and value in self.known(collection)), None)
        if other is not None:
            self.log.error(path, line, wrong_kind(field, value, other, what, kind))
        else:
            self.log.error(path, line, unknown_id(field, value, pool, what, self.where_to_add(what, value)))

    def _repeated_in_list(self, kind: str, key: str, field: str, value: str) -> None:
        """A warning at the repeat of an id listed twice (`companies: [kodverket, kodverket]`):
        it builds, but one of them was probably meant to be another id."""
        if (kind, key, field, value) in self._repeats:
            return
        listed = _list_holding(self.raw.get((kind, key)), field, value)
        if listed is None or listed.count(value) < 2:  # no repeat (the usual case, counted in C)
            return
        at = [index for index, item in enumerate(listed) if item == value]
        if len(at) < 2 or at[1] >= len(listed.lines):
            return
        self._repeats.add((kind, key, field, value))
        first, repeat = listed.lines[at[0]], listed.lines[at[1]]
        also = f" (also on line {first})" if first != repeat else ""
        times = "twice" if len(at) == 2 else f"{len(at)} times"
        self.warn(kind, key, repeat, f"'{field}' lists '{value}' {times}{also}; delete the repeat, or write the id that was meant")

    def where_to_add(self, what: str, value: str) -> str | None:
        """For a municipality: the line to add to region.yaml, lined up with the list there."""
        if what != "municipality":
            return None
        raw = self.raw.get(("region", "region"))
        region = self.source("region", "region")[0]
        listed = raw.get("municipalities") if isinstance(raw, LineDict) else None
        if not isinstance(listed, LineList) or not listed or not isinstance(listed[-1], LineDict) or not listed[-1].cols:
            return f"add it to {region} under 'municipalities:', e.g. '  - {{id: {value}, name: …}}'"
        indent = " " * max(0, min(listed[-1].cols.values()) - 2)
        name = value.replace("-", " ").title()
        return (
            f"add it to {region} after line {raw.lines['municipalities']} ('municipalities:') "
            f"with its name as written, e.g. '{indent}- {{id: {value}, name: {name}}}'"
        )

    def file(self, kind: str, key: str, field: str, src: str | None, label: str, within: Any = None) -> None:
        """An error unless `src` is a file of the content folder (through the loader's one gate).
        `within` narrows the line search to a part of the record (e.g. `image:`)."""
        if not src:
            return
        line = find_value_line(within, field, src) if within is not None else self.line(kind, key, field, src)
        self.check_file(self.source(kind, key)[0], line, src, label)

    def check_unvalidated(self, records: list[tuple[str, str, Any]]) -> None:
        """The references of records that were read but have a mistake (not in the site): an
        unknown id in them is named in the same build as the mistake, not in the next one.
        Each field is checked as the checks of its kind checked it in the valid records."""
        for number, (kind, path, raw) in enumerate(records):
            key = f"\0unvalidated-{number}"  # not a slug or id: never another record's
            self.site.sources[(kind, key)] = (path, getattr(raw, "line", 1))
            self.raw[(kind, key)] = raw
            try:
                for (asked_kind, name), (collections, what) in list(self._asked.items()):
                    if asked_kind != kind:
                        continue
                    for value in _values_of(raw, name):
                        self.need(kind, key, name, value, collections, what)
            finally:
                del self.site.sources[(kind, key)], self.raw[(kind, key)]

    def finish(self) -> None:
        """Each cause that broke references: one error at its line, in place of its own message
        (an unread file's warning, a file name's warning, the empty file's error)."""
        for cause in self.causes:
            if not cause.refs:
                continue
            if cause.replaces is not None and cause.replaces in self.log.items:
                self.log.items.remove(cause.replaces)
            self.log.error(cause.path, cause.line, cause.message())

    def error(self, kind: str, key: str, line: int, message: str) -> None:
        self.log.error(self.source(kind, key)[0], line, message)

    def warn(self, kind: str, key: str, line: int, message: str) -> None:
        self.log.warn(self.source(kind, key)[0], line, message)


def check_core(refs: References) -> None:
    """What every site has, whichever plugins it uses: the region, contacts, and the fields
    every Markdown document shares (`companies`, `image`)."""
    site = refs.site
    refs.need("region", "region", "relocation_contact", site.region.relocation_contact, "contacts", "contact")
    for contact in site.contacts.values():
        refs.need("contacts", contact.id, "organisation", contact.organisation, ("organisations", "companies"), "organisation or company")
        refs.file("contacts", contact.id, "photo", contact.photo, "photo")
    for kind in site.items.keys() | {entry.kind for entry in refs.hidden}:
        for entry in refs.documents(kind):
            key = f"{entry.slug}.{entry.lang}"
            for company_id in entry.meta.companies:
                refs.need(kind, key, "companies", company_id, "companies", "company")
            if entry.meta.region is not None and entry.meta.region != site.region.id:
                # One region per site: `region` names it (the field is for sites that will hold several).
                region_file = refs.source("region", "region")[0]
                refs.error(
                    kind,
                    key,
                    refs.line(kind, key, "region", entry.meta.region),
                    f"'region' refers to unknown region '{entry.meta.region}'; this site's region is "
                    f"'{site.region.id}' ({region_file}), so write region: {site.region.id}, or remove the line",
                )
            if entry.meta.image:
                refs.check_file(entry.path, lambda kind=kind, key=key: _image_line(refs.raw.get((kind, key))), entry.meta.image.src, "image.src")


# The kinds of id a field can take → the collection that defines them (for "that id is a …").
ID_KINDS = {
    "municipality": "municipalities",
    "contact": "contacts",
    "company": "companies",
    "organisation": "organisations",
    "sector": "sectors",
    "event": "events",
}

# Where each kind of id is defined, for "add it there".
DEFINED_IN = {
    "contact": "content/data/contacts.yaml",
    "company": "content/data/companies/",
    "organisation": "content/data/organisations.yaml",
    "sector": "content/data/sectors.yaml",
    "municipality": "content/data/region.yaml under 'municipalities:'",
    "event": "content/data/events/",
}


def unknown_id(field: str, value: str, pool: set[str], what: str, add: str | None = None) -> str:
    """'<field>' refers to unknown <what> '<value>'; the closest known id, or the known ids
    and where to add a new one."""
    known = sorted(pool)
    close = closest_id(value, known)
    choices = ", ".join(known[:8]) + (", …" if len(known) > 8 else "")
    if close:
        return f"'{field}' refers to unknown {what} '{value}'; did you mean '{close}'? (known: {choices})"
    where = add or (f"add it to {DEFINED_IN[what]}" if what in DEFINED_IN else "add it")
    if what == "company" and add is None:
        where = "create it with `invoke new company`"
    if not known:
        return f"'{field}' refers to unknown {what} '{value}'; none is defined yet: {where}"
    return f"'{field}' refers to unknown {what} '{value}'; use a known id ({choices}), or {where}"


def closest_id(value: str, known: list[str]) -> str | None:
    """The id a person most likely meant: the same once folded as ids are (`Östra` → `ostra`),
    a near spelling, or the one id that begins with what was written (`ostra` for
    `ostra-harjedalsfjallen`) or has it as a whole part (`harjedalsfjallen`)."""
    from slugify import slugify  # only when an id is wrong

    folded = slugify(value)
    if folded in known:
        return folded
    close = difflib.get_close_matches(folded or value, known, n=1, cutoff=0.6)
    if close:
        return close[0]
    if len(folded) < 3:
        return None
    for matches in ([k for k in known if k.startswith(folded + "-")], [k for k in known if folded in k.split("-")]):
        if len(matches) == 1:
            return matches[0]
    return None


def wrong_kind(field: str, value: str, other: str, what: str, kind: str) -> str:
    """An id that exists, but names another kind of thing than the field takes."""
    hint = f"use {a(what.split(' or ')[0])} id here"
    if kind == "events" and field == "companies" and other == "organisation":
        hint = "an organisation that runs the event goes under 'organisers:'"
    return f"'{field}' refers to '{value}', which is {a(other)} (in {DEFINED_IN[other]}), not {a(what)}; {hint}"


def _image_line(raw: Any) -> int:
    """The line of a document's `image: src:` (for a message about the file it names)."""
    image = raw.get("image") if isinstance(raw, dict) else None
    return find_value_line(image, "src", None) if image else 1


def find_value_line(raw: Any, field: str, value: Any) -> int:
    """The line where `field` holding `value` is written (searched depth-first), else the
    line of the first `field`, else the record's own line."""
    if raw is None:
        return 1
    return _search_line(raw, field, value) or _search_line(raw, field, None) or getattr(raw, "line", 1)


def _values_of(raw: Any, field: str) -> list[str]:
    """Every id written under `field` in a record (depth-first), each once: `companies: [a, b]`,
    `person: x` in each quote."""
    found: list[str] = []
    if isinstance(raw, LineDict):
        for key, value in raw.items():
            if key == field:
                values = value if isinstance(value, list) else [value]
                found += [v for v in values if isinstance(v, str) and ID_PATTERN.match(v)]
            else:
                found += _values_of(value, field)
    elif isinstance(raw, LineList):
        for item in raw:
            found += _values_of(item, field)
    return list(dict.fromkeys(found))


def _list_holding(raw: Any, field: str, value: Any) -> LineList | None:
    """The list under `field` that holds `value` (searched depth-first), or None."""
    if isinstance(raw, LineDict):
        inner = raw.get(field)
        if isinstance(inner, LineList) and value in inner:
            return inner
        children = list(raw.values())
    elif isinstance(raw, LineList):
        children = list(raw)
    else:
        return None
    for child in children:
        found = _list_holding(child, field, value)
        if found is not None:
            return found
    return None


def _search_line(raw: Any, field: str, value: Any) -> int:
    """Depth-first search for `field` holding `value` (any value when None); 0 when not found."""
    if isinstance(raw, LineDict):
        if field in raw:
            inner = raw[field]
            if isinstance(inner, LineList) and value is not None:
                for index, item in enumerate(inner):
                    if item == value and index < len(inner.lines):
                        return inner.lines[index]
            if value is None or inner == value:
                return raw.lines.get(field, raw.line)
        children = list(raw.values())
    elif isinstance(raw, LineList):
        children = list(raw)
    else:
        return 0
    for child in children:
        line = _search_line(child, field, value)
        if line:
            return line
    return 0
