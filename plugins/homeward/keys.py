"""Field names a model does not know: a typo, a capital letter, or a line indented wrongly.

An unknown key is usually a typo (`titel:`) and is a warning naming the closest field. Two
kinds of unknown key lose content silently, so they are errors that say where the line belongs:

- a line meant to be inside the block above it but not indented under it
  (`role:` then `sv: Projektledare` at the same indentation): the Swedish role would be lost;
- a field name with a capital letter (`Title:` in front matter): the title would be missing.
"""

from __future__ import annotations

import difflib
import re
import types
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from .errors import ErrorLog
from .model.fields import Localized
from .places import place
from .sourcefile import LineDict, LineList


@dataclass
class KeyFindings:
    """What the key check found: keys to read under their lowercase name for validation, the
    fields whose errors are already explained (`claimed`), and whether the record failed."""

    renames: dict[tuple[Any, ...], dict[str, str]] = field(default_factory=dict)
    claimed: set[tuple[Any, ...]] = field(default_factory=set)
    failed: bool = False


@lru_cache(maxsize=512)  # asked for every key of every record: once per model (read-only)
def known_keys(model: type[BaseModel]) -> dict[str, str]:
    """Key as written in files → field name (`from` → `from_`)."""
    return {info.alias or name: name for name, info in model.model_fields.items()}


def a(noun: str) -> str:
    """'an event', 'a company'."""
    return ("an " if noun[:1] in "aeio" else "a ") + noun


def noun(model: type[BaseModel]) -> str:
    """'press release' for PressRelease: how a person calls the record."""
    return re.sub(r"(?<!^)([A-Z])", r" \1", model.__name__).lower()


def _inner(annotation: Any) -> tuple[str, Any] | None:
    """What a field holds: ('localized', None), ('model', M) or ('list', M) for lists of models."""
    if annotation is Localized:
        return ("localized", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation)
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin in (list, tuple) and args:
        inner = _inner(args[0])
        return ("list", inner[1]) if inner and inner[0] == "model" else None
    if origin in (Union, types.UnionType) or (origin is not None and args):
        for arg in args:
            found = _inner(arg)
            if found:
                return found
    return None


@lru_cache(maxsize=4096)
def holds(model: type[BaseModel], key: str) -> tuple[str, Any] | None:
    """What the field `key` (as written) of `model` holds, when it is a block of its own."""
    name = known_keys(model).get(key)
    return _inner(model.model_fields[name].annotation) if name else None


def check_keys(model: type[BaseModel], raw: Any, path: str, log: ErrorLog, context: dict[str, Any]) -> KeyFindings:
    findings = KeyFindings()
    _check(model, raw, (), path, log, context, findings)
    return findings


def _check(model: type[BaseModel], raw: Any, loc: tuple[Any, ...], path: str, log: ErrorLog, context: dict[str, Any], found: KeyFindings) -> None:
    if not isinstance(raw, dict):
        return
    known = known_keys(model)
    languages = set(context.get("languages") or [])
    lines = raw.lines if isinstance(raw, LineDict) else {}
    for key in raw:
        if key in known:
            inner = holds(model, key)
            value = raw[key]
            if inner and inner[0] == "model":
                _check(inner[1], value, (*loc, key), path, log, context, found)
            elif inner and inner[0] == "list" and isinstance(value, list):
                for index, item in enumerate(value):
                    _check(inner[1], item, (*loc, key, index), path, log, context, found)
            continue
        line = lines.get(key, getattr(raw, "line", 1))
        where = place((*loc, key))
        if isinstance(key, str) and key.lower() in known and key.lower() not in raw:
            found.renames.setdefault(loc, {})[key] = key.lower()
            found.failed = True
            written = log.source_line(path, line).strip()
            fix = key.lower() + written[len(key) :] if written.startswith(key) else f"{key.lower()}: ..."
            log.error(path, line, f"'{key}' is written with a capital letter, but field names are lowercase; write it as: {fix}")
            continue
        english = NORDIC_FIELD_NAMES.get(str(key).lower())
        if english in known and english not in raw:
            found.renames.setdefault(loc, {})[key] = english
            found.failed = True
            written = log.source_line(path, line).strip()
            fix = english + written[len(key) :] if written.startswith(key) else f"{english}: ..."
            log.error(path, line, f"'{key}' is the field '{english}' in Norwegian or Swedish, but field names are English; write it as: {fix}")
            continue
        owner = _owner(model, raw, key, languages)
        if owner is not None:
            found.claimed.add((*loc, owner))
            found.failed = True
            log.error(path, line, _misplaced(model, raw, key, owner, line, path, log, languages))
            continue
        close = difflib.get_close_matches(str(key), sorted(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(sorted(known))}"
        log.warn(path, line, f"unknown field {where} is ignored; {hint}")


# Field names as a Norwegian or Swedish writer may translate them (`tittel:`, `rubrik:`): the
# build said "'title' is missing" at line 1 and "unknown field 'rubrik'" with no hint.
NORDIC_FIELD_NAMES = {
    "tittel": "title", "rubrik": "title", "titel": "title", "overskrift": "title",
    "navn": "name", "namn": "name",
    "dato": "date", "datum": "date",
    "sammendrag": "summary", "ingress": "summary", "sammanfattning": "summary",
    "bilde": "image", "bild": "image",
    "bilder": "images",
    "beskrivelse": "description", "beskrivning": "description",
    "språk": "lang", "sprak": "lang",
    "stikkord": "tags", "emneknagger": "tags", "taggar": "tags", "etiketter": "tags",
    "slutt": "end", "slut": "end",
    "sted": "location", "plats": "location",
    "kommune": "municipality", "kommun": "municipality",
    "bedrift": "company", "selskap": "company", "företag": "company", "foretag": "company",
    "bedrifter": "companies", "företagen": "companies",
    "kontakt": "contact", "kontakter": "contacts",
    "nettside": "website", "hjemmeside": "website", "webbplats": "website", "hemsida": "website",
    "telefon": "phone", "epost": "email", "e-post": "email",
    "arrangør": "organisers", "arrangører": "organisers", "arrangörer": "organisers",
    "sitater": "quotes", "citat": "quotes",
    "meny": "menu",
}  # fmt: skip


def _fits(model: type[BaseModel], owner: str, key: Any, languages: set[str]) -> bool:
    """Whether `key` could be a line of the block `owner:` (a language of a text, a field of a block)."""
    inner = holds(model, owner)
    if inner is None:
        return False
    if inner[0] == "localized":
        return key in languages
    return key in known_keys(inner[1])


def _owner(model: type[BaseModel], raw: dict[str, Any], key: Any, languages: set[str]) -> str | None:
    """The block above `key` it was probably meant to be indented under: the nearest key above
    that could hold it, with only such stray lines between the two."""
    if not isinstance(raw, LineDict) or key not in raw.lines:
        return None
    known = known_keys(model)
    above = sorted((raw.lines[k], k) for k in raw if k in raw.lines and raw.lines[k] < raw.lines[key])
    for _line, candidate in reversed(above):
        if candidate in known and _fits(model, candidate, key, languages):
            return candidate
        if candidate in known or not any(_fits(model, k, candidate, languages) for k in known if k in raw):
            return None  # a field of its own, or an unrelated line, stands between them
    return None


def _misplaced(model: type[BaseModel], raw: LineDict, key: str, owner: str, line: int, path: str, log: ErrorLog, languages: set[str]) -> str:
    inner = holds(model, owner)
    assert inner is not None
    what = f"the '{key}' text of '{owner}'" if inner[0] == "localized" else f"a field of '{owner}'"
    start = f"'{key}' is not a field of {a(noun(model))}; it looks like {what} (line {raw.lines[owner]}), but it is not indented under '{owner}:'"
    value = raw[owner]
    if isinstance(value, LineList) and value and isinstance(value[-1], LineDict) and value[-1].cols:
        indent = min(value[-1].cols.values())
    elif isinstance(value, LineDict) and value.cols:
        indent = min(value.cols.values())
    elif value is None:
        indent = raw.cols.get(owner, 0) + 2
    else:
        return f"{start}; write '{owner}:' alone on its line, with each of its lines indented below it"
    written = log.source_line(path, line).strip()
    if not written.startswith(str(key)):
        return f"{start}; indent it by {indent} spaces, like the lines under '{owner}:'"
    return f"{start}; indent it like this: '{' ' * indent}{written}'"
