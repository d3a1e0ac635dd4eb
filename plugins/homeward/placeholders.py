"""The texts `invoke new` writes for a person to replace, and finding them where they were left.

`new` (scaffold.py) writes its placeholders from this one list, and the loader looks for the
same list in everything a build publishes, so the two cannot drift: a placeholder left in a
published item is a warning in every build and makes `invoke check` fail (check.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .places import parse_loc, place
from .sourcefile import LineDict, LineList

PLACEHOLDERS: dict[str, str] = {
    # Markdown: the summary and the text of each kind.
    "article_summary": "One or two sentences that lead the article; they show in lists and search results.",
    "press_summary": "One or two sentences that lead the release; journalists read this first.",
    "page_summary": "One sentence that says what this page is for; it shows in search results.",
    "story_summary": "One or two sentences about who moved here and why.",
    "article_body": "Write the article here in Markdown. Start with the news; use ## for headings.",
    "press_body": "Write the press release here in Markdown: what, who, when, where, why.",
    "page_body": "Write the page here in Markdown. Use ## for headings.",
    "story_body": "Write the story here in Markdown: where they came from, why they moved, what surprised them.",
    "stub_body": "Translate the text of {original} here, then remove 'untranslated: true' above.",
    # A story's person.
    "person_name": "Name Surname",
    "person_role": "What they do",
    "person_from": "Where they moved from",
    "story_quote": "One sentence they said that sums up the move.",
    # YAML data.
    "company_description": "Describe the company in a few sentences: what it does and who works there.",
    "event_place": "Where it takes place",
    "event_description": "Describe the event: what happens, who it is for, how to take part.",
    "job_description": "Describe the job: the work, the team, what you offer and what you look for.",
    "web_address": "https://example.org/",
}

# A text `new` copied into another language for translating: "[sv] Testkveld".
LANGUAGE_MARK = "[{code}] "


def marked(text: str, code: str) -> str:
    return LANGUAGE_MARK.format(code=code) + text


@dataclass(frozen=True)
class Found:
    """A placeholder left in a file: the field it is in (`location.name`, `text`), its line, the placeholder."""

    field: str
    line: int
    placeholder: str
    mark: str | None = None  # the language mark, for "[sv] …"

    def message(self) -> str:
        where = place(parse_loc(self.field)) if self.field != "text" else "the text"
        if self.mark is not None:
            return (
                f"{where} still starts with '{self.mark.strip()}', the mark `invoke new` puts on text to translate; "
                "translate it and remove the mark (or delete the line: readers then get the default language's text)"
            )
        shown = self.placeholder if len(self.placeholder) <= 60 else self.placeholder[:59] + "…"
        return f"{where} still holds the placeholder '{shown}' that `invoke new` wrote; replace it with the real text"


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each placeholder as a pattern ({original} stands for any file name). An address is a
    placeholder only as a whole value: example.org in a sentence may be meant."""
    patterns = []
    for text in PLACEHOLDERS.values():
        pattern = re.escape(text).replace(re.escape("{original}"), r"\S+")
        patterns.append((text, re.compile(f"^{pattern}$" if text.startswith("https://") else pattern)))
    return patterns


_PATTERNS = _patterns()

# The quick answer for nearly every text a build looks at (one search instead of 18): a text
# holds none of the placeholders when it holds no literal part of any of them, and no line of it
# is a whole-value placeholder (an address).
_ANY_LITERAL = re.compile(
    "|".join(re.escape(max(text.split("{original}"), key=len).strip()) for text in PLACEHOLDERS.values() if not text.startswith("https://"))
)
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")  # where str.splitlines splits
_WHOLE_LINES = tuple(text for text in PLACEHOLDERS.values() if text.startswith("https://"))


def _on_a_line_of_its_own(literal: str, text: str) -> bool:
    start = text.find(literal)
    while start >= 0:
        end = start + len(literal)
        if (start == 0 or text[start - 1] in _LINE_BREAKS) and (end == len(text) or text[end] in _LINE_BREAKS):
            return True
        start = text.find(literal, start + 1)
    return False


def may_hold(text: str) -> bool:
    """False when `text` (any number of lines) certainly holds no placeholder."""
    if _ANY_LITERAL.search(text) is not None:
        return True
    return any(_on_a_line_of_its_own(literal, text) for literal in _WHOLE_LINES)


def in_text(text: str, codes: list[str]) -> tuple[str, str | None] | None:
    """(placeholder, language mark) for the first placeholder in `text`, else None."""
    if text[:1] == LANGUAGE_MARK[:1]:
        for code in codes:
            mark = LANGUAGE_MARK.format(code=code)
            if text.startswith(mark):
                return (mark.strip(), mark)
    if not may_hold(text):
        return None
    for placeholder, pattern in _PATTERNS:
        if pattern.search(text):
            return (placeholder, None)
    return None


def in_record(raw: Any, codes: list[str], prefix: str = "") -> list[Found]:
    """Placeholders in the values of a YAML record or front matter, with the line of each."""
    found: list[Found] = []
    if isinstance(raw, LineDict):
        items = [(str(key), value, raw.lines.get(key, raw.line)) for key, value in raw.items()]
        for key, value, line in items:
            name = f"{prefix}.{key}" if prefix else key
            found += _in_value(value, line, name, codes)
    elif isinstance(raw, LineList):
        for index, value in enumerate(raw):
            line = raw.lines[index] if index < len(raw.lines) else raw.line
            found += _in_value(value, line, f"{prefix}[{index}]", codes)
    return found


def _in_value(value: Any, line: int, name: str, codes: list[str]) -> list[Found]:
    if isinstance(value, str):
        hit = in_text(value, codes)
        return [Found(name, line, hit[0], hit[1])] if hit else []
    return in_record(value, codes, name)


def in_body(body: str, first_line: int, codes: list[str]) -> list[Found]:
    """Placeholders in a Markdown body, at the line they are on."""
    found = []
    for index, line in enumerate(body.split("\n")):
        hit = in_text(line.strip(), []) if line.strip() else None
        if hit:
            found.append(Found("text", first_line + index, hit[0]))
    return found
