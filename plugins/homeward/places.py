"""Where in a record a value is, in the words people use: "the 3rd session", counted from 1.

pydantic and our validators name a place inside a record as a path (`sessions[2].start`,
counted from 0, as programmers count); every message shows it through `place`, the one place
locations are put into words ("'start' of the 3rd session"). Validators name locations in the
path form (`'sessions[2].end' (…) is …`) so the message can point at the line; `in_words`
turns such paths in a message into words.
"""

from __future__ import annotations

import re
from typing import Any

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
# A quoted path with a list position in a message: 'sessions[2].end', 'quotes[1]'.
_QUOTED_PATH = re.compile(r"'([A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*\[\d+\](?:\.[\w-]+|\[\d+\])*)'")


def parse_loc(text: str) -> tuple[Any, ...]:
    """'sessions[1].end' → ('sessions', 1, 'end'): the inverse of loc_text."""
    return tuple(int(index) if index else name for name, index in _PART.findall(text))


def loc_text(loc: tuple[Any, ...]) -> str:
    """('sessions', 1, 'end') → 'sessions[1].end', the path form validators write."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + str(part)
    return text


def ordinal(number: int) -> str:
    """1 → '1st', 2 → '2nd', 11 → '11th', 23 → '23rd'."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


_IRREGULAR = {"people": "person", "children": "child", "data": None, "news": None, "address": None, "status": None}


def singular(name: str) -> str | None:
    """'sessions' → 'session', 'companies' → 'company'; None when it is no English plural."""
    if name in _IRREGULAR:
        return _IRREGULAR[name]
    if name.endswith("ies") and len(name) > 4:
        return name[:-3] + "y"
    if name.endswith(("sses", "shes", "ches", "xes")):
        return name[:-2]
    if name.endswith("s") and not name.endswith("ss") and len(name) > 3:
        return name[:-1]
    return None


def place(loc: tuple[Any, ...]) -> str:
    """A place in a record in words, quoted where it is a field name:
    ('title',) → "'title'", ('sessions', 2, 'start') → "'start' of the 3rd session",
    ('tags', 1) → "the 2nd tag", ('location', 'links', 0) → "item 1 of 'location.links'"."""
    if not loc:
        return ""
    positions = [index for index, part in enumerate(loc) if isinstance(part, int)]
    if not positions:
        return "'" + ".".join(str(part) for part in loc) + "'"
    at = positions[-1]
    number = loc[at] + 1
    container, rest = loc[:at], loc[at + 1 :]
    names = []
    while container and not isinstance(container[-1], int):
        names.insert(0, str(container[-1]))
        container = container[:-1]
    noun = singular(names[-1]) if len(names) == 1 else None
    if noun is not None:
        item = f"the {ordinal(number)} {noun}"
    elif names:
        item = f"item {number} of '{'.'.join(names)}'"
    else:
        item = f"item {number}"
    if container:
        item += " of " + place(container)
    if rest:
        return "'" + ".".join(str(part) for part in rest) + "' of " + item
    return item


def in_words(message: str) -> str:
    """Every quoted path with a list position in `message` put into words."""
    return _QUOTED_PATH.sub(lambda found: place(parse_loc(found.group(1))), message)
