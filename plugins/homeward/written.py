"""Values as the person wrote them, where YAML read them as something else.

YAML reads `phone: +46706752157` as the number 46706752157 (the '+' is gone), `title:
2026-10-14` as a date and `name: true` as a yes/no value. The loader keeps the text as written
next to such values (`LineDict.written`); here it is used two ways:

- where a field wants text and the text as written is exactly what YAML's value prints as
  (`org_number: 5566778899`, `title: 2026`), the text is taken as written: nothing changes;
- otherwise the message quotes what was typed, never what YAML made of it, and its fix
  (`put it in quotes: phone: "+46706752157"`) publishes exactly that.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

# pydantic's error type for "a text was expected" (our validators raise it too, see model/fields.py).
TEXT_EXPECTED = "string_type"


def value_at(raw: Any, loc: tuple[Any, ...]) -> Any:
    """The raw value at `loc`, or None where the path does not exist in the file."""
    node = raw
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return None
    return node


def written_at(raw: Any, loc: tuple[Any, ...]) -> str | None:
    """The text as written at `loc` when YAML read it as something other than text."""
    if not loc:
        return None
    table = getattr(value_at(raw, loc[:-1]), "written", None)
    return table.get(loc[-1]) if table else None


def reads_the_same(value: Any, written: str) -> bool:
    """Whether the text as written is exactly what YAML's value prints as (nothing was lost)."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, int):
        return str(value) == written
    if isinstance(value, float):
        return repr(value) == written
    if isinstance(value, (date, datetime)):
        return value.isoformat() == written
    return False


def describe(value: Any) -> str:
    """What YAML made of a value, in plain words."""
    if value is None:
        return "no value"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, datetime):
        return "a date and time"
    if isinstance(value, date):
        return "a date"
    return "something other than text"


def read_as_written(cleaned: Any, raw: Any, errors: list[dict[str, Any]]) -> bool:
    """Put the text as written where a text is expected and nothing would change; True when
    anything was put back (the record is then validated again)."""
    changed = False
    for error in errors:
        if error["type"] != TEXT_EXPECTED:
            continue
        loc = tuple(error["loc"])
        written = written_at(raw, loc)
        parent = value_at(cleaned, loc[:-1]) if loc else None
        if written is None or parent is None or not reads_the_same(value_at(cleaned, loc), written):
            continue
        parent[loc[-1]] = written
        changed = True
    return changed
