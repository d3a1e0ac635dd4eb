"""Turning pydantic's validation errors into `path:line: message` for communicators."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import ErrorLog
from .keys import a, check_keys, noun
from .places import in_words, parse_loc, place
from .sourcefile import LineDict, LineList, copy_positions, quoted
from .written import describe, read_as_written, value_at, written_at

# How to add a missing field, for the fields people most often forget (default: "add '<field>: ...'").
FIELD_HINTS = {
    "alt": "describe what the image shows for people who cannot see it, e.g. 'alt: Two people skiing'",
    "title": "add 'title: ...'",
    "slug": "add 'slug: my-item' (lowercase letters, digits, hyphens)",
    "id": "add 'id: ...' with lowercase letters a-z, digits and hyphens, e.g. 'id: nordlys-data'",
    "date": "add 'date: 2026-10-14' (or with time and offset: 2026-10-14T10:00:00+02:00)",
    "start": "add 'start: 2027-03-26T09:00:00+01:00'",
    "end": "add 'end: 2027-03-26T16:00:00+01:00'",
}


def line_of(raw: Any, loc: tuple[Any, ...]) -> int:
    """The line of the deepest key of `loc` that exists in the raw YAML tree."""
    node = raw
    line = getattr(raw, "line", 1)
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and part < len(node):
            if part < len(node.lines):
                line = node.lines[part]
            node = node[part]
        else:
            break
    return line


def _field_name(loc: tuple[Any, ...]) -> str:
    """The last named key of `loc` (`members[2]` → 'members'), as the person wrote it."""
    names = [str(part) for part in loc if not isinstance(part, int)]
    return names[-1] if names else ""


def _choices(expected: str) -> list[str]:
    return re.findall(r"'([^']*)'", expected)


def _friendly(error: dict[str, Any], written: Any = None, as_written: str | None = None) -> str:
    """One error as 'what is wrong; how to fix it', in words a communicator uses.

    `written` is the value as it stands in the file (validators may have changed it,
    e.g. upper-cased `employment_type`), so the message quotes what the person typed;
    `as_written` is the text on the line where YAML read it as a number, date or null.
    """
    kind = error["type"]
    loc = tuple(error["loc"])
    field = _field_name(loc)
    where = place(loc)  # "'start' of the 3rd session": positions counted from 1, as people count
    value = error.get("input") if written is None else written
    if kind == "string_type" and as_written is not None:
        fix = quoted(as_written) if loc and isinstance(loc[-1], int) else f"{field}: {quoted(as_written)}"
        if error.get("input") is None:
            return f"{where} is empty, because YAML reads {as_written} as no value; write the text after '{field}:', or put it in quotes: {fix}"
        return f"{where} must be text, but YAML reads {as_written} as {describe(error.get('input'))}; put it in quotes: {fix}"
    if kind == "missing":
        hint = FIELD_HINTS.get(field, f"add '{field}: ...'")
        names = [str(part) for part in loc if not isinstance(part, int)]
        under = f" under '{names[-2]}:'" if len(names) > 1 else ""
        return f"{where} is missing; {hint}{under}"
    message = in_words(re.sub(r"^(Value error|Assertion failed), ", "", error["msg"]).replace("{field}", field))
    if as_written is not None and error.get("input") is not None:
        # The validator saw YAML's reading (14.1); the person wrote 14.10.
        message = message.replace(f"'{error['input']}'", f"'{as_written}'")
    if where and (error.get("input") is None or message == "must not be empty"):
        # `title:` with nothing after it (YAML null), or only spaces.
        return f"{where} is empty; write it after '{field}:'"
    if kind == "literal_error":
        expected = (error.get("ctx") or {}).get("expected") or message.replace("Input should be ", "")
        choices = _choices(expected)
        close = difflib.get_close_matches(str(value).lower(), [c.lower() for c in choices], n=1, cutoff=0.6)
        suggestion = next((c for c in choices if close and c.lower() == close[0]), None)
        if suggestion is not None:
            return f"{where} is '{value}', which is not allowed; did you mean '{suggestion}'? Use one of {expected}"
        return f"{where} is '{value}', which is not allowed; use one of {expected}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{where} must be true or false; write '{field}: true' or '{field}: false'"
    if kind == "int_from_float":
        return f"{where} must be a whole number; write e.g. '{field}: 18'"
    if kind == "int_parsing_size":
        return f"{where} is far too large a number; write e.g. '{field}: 18'"
    if kind == "finite_number":
        return f"{where} must be a real number, not infinity or 'not a number'; write e.g. '{field}: 18'"
    if kind in ("int_parsing", "int_type", "float_parsing", "float_type"):
        unit = " and put the unit in 'unit'" if field == "value" else ""
        return f"{where} must be a number (digits only, no units or spaces); write e.g. '{field}: 18'{unit}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        ctx = error.get("ctx") or {}
        bound = {
            "greater_than_equal": f"{ctx.get('ge')} or more",
            "greater_than": f"more than {ctx.get('gt')}",
            "less_than_equal": f"{ctx.get('le')} or less",
            "less_than": f"less than {ctx.get('lt')}",
        }[kind]
        return f"{where} is {value}, but must be {bound}; correct the number"
    if kind == "list_type":
        return f"{where} must be a list; write it as [a, b] or one '- item' per line"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{where} must be a block of 'key: value' lines; write '{field}:' alone on its line and the fields indented below it"
    if kind == "string_type":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f"{where} must be text; put it in quotes: {field}: \"{value}\""
        return f"{where} must be a single text, not a list or a block; write it on one line: '{field}: ...'"
    if where:
        return f"{where}: {message}"
    return message


_TYPE_TAGS = {"int", "float", "str", "bool", "date", "datetime", "list", "dict", "none"}


def _is_type_tag(raw: Any, loc: tuple[Any, ...]) -> bool:
    """Whether the last part of `loc` is pydantic's name for a member of a union (`float`,
    `function-after[...]`) rather than a key of the file (a field may be called `date`)."""
    part = loc[-1]
    if not isinstance(part, str) or not (part in _TYPE_TAGS or "[" in part):
        return False
    # Under a mapping it is a key (present or missing); under a written value, a union member.
    return not isinstance(value_at(raw, loc[:-1]), dict)


_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def without_comments(raw: Any) -> Any:
    """Every text value without its HTML comments (`<!-- not final -->`): a note to a colleague
    is published nowhere, in YAML and front matter as in Markdown bodies (docs/security.md)."""
    if isinstance(raw, str):
        return _HTML_COMMENT.sub("", raw).strip() if "<!--" in raw else raw
    if isinstance(raw, dict):
        cleaned = type(raw)((key, without_comments(value)) for key, value in raw.items())
    elif isinstance(raw, list):
        cleaned = type(raw)(without_comments(value) for value in raw)
    else:
        return raw
    return copy_positions(raw, cleaned)


def validate(model: type[BaseModel], raw: Any, path: str, log: ErrorLog, context: dict[str, Any]) -> Any:
    """Validate one raw record; log every error with its line and return the model or None."""
    if not isinstance(raw, dict):
        required = [name for name, info in model.model_fields.items() if info.is_required()][:3]
        fields = " and ".join(f"'{name}: ...'" for name in required)
        log.error(
            path,
            getattr(raw, "line", 1),
            f"expected 'key: value' lines for {a(noun(model))}; write one field per line, e.g. {fields}",
        )
        return None
    keys = check_keys(model, raw, path, log, context)
    cleaned = _renamed(without_comments(raw), keys.renames)
    try:
        obj = model.model_validate(cleaned, context=context)
        return None if keys.failed else obj
    except ValidationError as exc:
        errors = _errors(exc, raw)
    if read_as_written(cleaned, raw, errors):
        # Text YAML read as a number or date, where nothing is lost by taking it as written.
        try:
            obj = model.model_validate(cleaned, context=context)
            return None if keys.failed else obj
        except ValidationError as exc:
            errors = _errors(exc, raw)
    _report(errors, raw, path, log, keys.claimed)
    return None


def _renamed(cleaned: Any, renames: dict[tuple[Any, ...], dict[str, str]]) -> Any:
    """`Title:` read as `title:` so its record's other mistakes are found too (it fails anyway)."""
    for loc, names in renames.items():
        block = value_at(cleaned, loc) if loc else cleaned
        if isinstance(block, dict):
            for old, new in names.items():
                block[new] = block.pop(old)
    return cleaned


def _errors(exc: ValidationError, raw: Any) -> list[dict[str, Any]]:
    """pydantic's errors, each once, at the field as the person wrote it."""
    found = []
    seen: set[tuple[Any, ...]] = set()
    for error in exc.errors():
        # A union (`value: float | int`) fails once per member, tagged 'float', 'int':
        # the person wrote one value, so report it once, at the field's own name.
        while error["loc"] and _is_type_tag(raw, tuple(error["loc"])):
            error["loc"] = error["loc"][:-1]
        language = (error.get("ctx") or {}).get("language")
        if error["type"] == "string_type" and language is not None:
            error["loc"] = (*error["loc"], language)  # `title: {nb: 2026}`: the error is at 'nb'
            error["input"] = value_at(raw, tuple(error["loc"]))
        if tuple(error["loc"]) in seen and error["loc"]:
            continue
        seen.add(tuple(error["loc"]))
        found.append(error)
    return found


def _report(errors: list[dict[str, Any]], raw: Any, path: str, log: ErrorLog, claimed: set[tuple[Any, ...]]) -> None:
    for error in errors:
        loc = tuple(error["loc"])
        if any(loc[: len(prefix)] == prefix for prefix in claimed):
            continue  # a misplaced line below it is already reported, with the fix
        named = re.match(r"(?:Value error, )?'([^']+)'", error["msg"])
        if not loc and named:
            # A whole-record check names the field it is about: "'sessions[1].end' (…) is …".
            parts = parse_loc(named.group(1))
            if isinstance(raw, dict) and value_at(raw, parts) is not None:
                loc = parts
        line = line_of(raw, loc)
        node = value_at(raw, loc)
        if named and isinstance(node, LineDict) and named.group(1) in node.lines:
            # "'de' is not a configured language": point at the 'de:' line itself.
            line = node.lines[named.group(1)]
        written = node if isinstance(node, (str, int, float)) and error["loc"] else None
        log.error(path, line, _friendly(error, written, written_at(raw, tuple(error["loc"]))))
