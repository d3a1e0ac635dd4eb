"""Turning pydantic's validation errors into `path:line: message` for communicators."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import ErrorLog
from .sourcefile import LineDict, LineList

# Extra advice for fields people most often get wrong, shown after pydantic's own message.
FIELD_HINTS = {
    "alt": "describe what the image shows for people who cannot see it, e.g. 'alt: Two people skiing'",
    "title": "add 'title: ...'",
    "slug": "add 'slug: my-item' (lowercase letters, digits, hyphens)",
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


def _loc_text(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _friendly(error: dict[str, Any]) -> str:
    kind = error["type"]
    field = str(error["loc"][-1]) if error["loc"] else ""
    if kind == "missing":
        hint = FIELD_HINTS.get(field, f"add '{field}: ...'")
        return f"'{_loc_text(error['loc'])}' is missing; {hint}"
    message = error["msg"]
    message = re.sub(r"^(Value error|Assertion failed), ", "", message)
    where = _loc_text(error["loc"])
    if kind == "literal_error":
        expected = message.replace("Input should be ", "")
        return f"'{where}' is '{error.get('input')}', but must be one of {expected}"
    if kind in ("bool_parsing", "bool_type"):
        return f"'{where}' must be true or false"
    if kind in ("int_parsing", "int_type", "float_parsing", "float_type", "int_from_float"):
        return f"'{where}' must be a number, without units or spaces (put the unit in 'unit')"
    if kind in ("list_type",):
        return f"'{where}' must be a list, e.g. [a, b] or one '- item' per line"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"'{where}' must be a block of 'key: value' lines"
    if kind in ("string_type",):
        return f"'{where}' must be text"
    if where:
        return f"'{where}': {message}"
    return message


def validate(model: type[BaseModel], raw: Any, path: str, log: ErrorLog, context: dict[str, Any]) -> Any:
    """Validate one raw record; log every error with its line and return the model or None."""
    if not isinstance(raw, dict):
        log.error(path, getattr(raw, "line", 1), f"expected a block of 'key: value' lines for a {model.__name__.lower()}")
        return None
    warn_unknown_keys(model, raw, path, log)
    try:
        return model.model_validate(raw, context=context)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            if not loc:
                match = re.match(r"(?:Value error, )?'(\w+)'", error["msg"])
                if match and isinstance(raw, dict) and match.group(1) in raw:
                    loc = (match.group(1),)
            log.error(path, line_of(raw, loc), _friendly(error))
        return None


def known_keys(model: type[BaseModel]) -> set[str]:
    keys = set()
    for name, field in model.model_fields.items():
        keys.add(field.alias or name)
    return keys


def warn_unknown_keys(model: type[BaseModel], raw: dict[str, Any], path: str, log: ErrorLog) -> None:
    """Unknown keys are usually typos: warn (an error under --strict) with the closest known key."""
    known = known_keys(model)
    for key in raw:
        if key in known:
            continue
        close = difflib.get_close_matches(str(key), sorted(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(sorted(known))}"
        line = raw.lines.get(key, 1) if isinstance(raw, LineDict) else 1
        log.warn(path, line, f"unknown field '{key}' is ignored; {hint}")
