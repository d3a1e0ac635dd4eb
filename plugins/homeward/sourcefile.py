"""Reading YAML and front matter while remembering the line of every key.

The C loader (libyaml) is used for speed; mappings and sequences become `LineDict` and
`LineList`, plain containers that also know where each key or item stood, so a validation
error on `sessions[2].start` can point at the line a communicator has to edit.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

try:
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader  # type: ignore[misc]


class SourceError(Exception):
    """A file that cannot be read or parsed; `line` is 1-based."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"{line}: {message}")


class LineDict(dict):
    """A dict that knows the line of each key (`lines`), its column (`cols`, 0-based) and
    its own line (`line`). `written` keeps the text as written of every value YAML turned into
    something else (`+46706752157` → 46706752157, `2026-10-14` → a date, `null` → None), so a
    message can quote what the person typed, not what YAML made of it."""

    line: int = 1
    lines: dict[Any, int]
    cols: dict[Any, int]
    written: dict[Any, str]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lines = {}
        self.cols = {}
        self.written = {}


class LineList(list):
    """A list that knows the line of each item, and the text as written of items YAML
    turned into something else (by index)."""

    line: int = 1
    lines: list[int]
    written: dict[int, str]

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.lines = []
        self.written = {}


POSITIONS = ("line", "lines", "cols", "written")


def copy_positions(source: Any, target: Any) -> Any:
    """Give `target` (a LineDict/LineList made from `source`) the line, columns and written texts of `source`."""
    for name in POSITIONS:
        if hasattr(source, name) and hasattr(target, name):
            value = getattr(source, name)
            setattr(target, name, value.copy() if isinstance(value, (dict, list)) else value)
    return target


# libyaml also ends a line at U+0085, U+2028 and U+2029 (they come with text pasted from web
# pages and PDFs); editors do not, so its line numbers are mapped back to the editor's.
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_YAML_ONLY_BREAKS = "\x85\u2028\u2029"


def _editor_lines(text: str) -> list[int] | None:
    """For each line libyaml counts (0-based), the editor's line; None when they agree."""
    if not any(char in text for char in _YAML_ONLY_BREAKS):
        return None
    lines = [1]
    for match in _YAML_BREAK.finditer(text):
        lines.append(lines[-1] + (match.group() not in _YAML_ONLY_BREAKS))
    return lines


# Content needs a handful of levels (a session's title in one language is four deep); a
# hundred would exhaust Python's recursion limit in the constructor and in validation.
MAX_DEPTH = 20
# Numbers beyond any figure on a site (Python refuses to convert more than 4300 digits, and
# Babel's decimal formatting fails near 1e308).
MAX_DIGITS = 15


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    line_offset = 0  # lines above the text (front matter)
    line_map: list[int] | None = None
    depth = 0  # containers being filled, outermost first
    source_lines: list[str] | None = None  # libyaml's lines, kept when a comment could cut a text
    warnings: list[tuple[int, str]] | None = None  # (line, message): text that builds but may not be what was meant

    def line(self, index: int) -> int:
        """The line a person sees in the file for libyaml's 0-based line `index`."""
        if self.line_map is not None and index < len(self.line_map):
            return self.line_map[index] + self.line_offset
        return index + 1 + self.line_offset


def _enter(loader: _LineLoader, node: yaml.Node) -> None:
    """Count one more level of nesting; refuse content nested deeper than MAX_DEPTH."""
    loader.depth += 1
    if loader.depth > MAX_DEPTH:
        raise SourceError(
            loader.line(node.start_mark.line),
            f"the data is nested more than {MAX_DEPTH} levels deep here; no content needs that many, "
            "check the indentation and that every '[' and '{' is closed where it should be",
        )


def _construct_map(loader: _LineLoader, node: yaml.MappingNode):
    data = LineDict()
    data.line = loader.line(node.start_mark.line)
    yield data
    _enter(loader, node)
    for key_node, _value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise SourceError(
                loader.line(key_node.start_mark.line),
                "'<<' (a YAML merge key) is not supported in content; write the keys out in full",
            )
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise SourceError(loader.line(key_node.start_mark.line), "a key must be plain text; write the field's name before the ':', without [ ] or { }") from None
        if key in data:
            raise SourceError(
                loader.line(key_node.start_mark.line),
                f"'{key}' is given twice in the same block (first on line {data.lines[key]}); keep one of them",
            )
        value = loader.construct_object(value_node, deep=True)
        data[key] = value
        data.lines[key] = loader.line(key_node.start_mark.line)
        data.cols[key] = key_node.start_mark.column
        written = _written(value_node, value)
        if written is not None:
            data.written[key] = written
        _check_comment(loader, f"{key}: ", f"'{key}'", value_node, value)
    loader.depth -= 1


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode):
    data = LineList()
    data.line = loader.line(node.start_mark.line)
    yield data
    _enter(loader, node)
    for index, item in enumerate(node.value):
        value = loader.construct_object(item, deep=True)
        data.append(value)
        data.lines.append(loader.line(item.start_mark.line))
        written = _written(item, value)
        if written is not None:
            data.written[index] = written
        _check_comment(loader, "- ", "this list item", item, value)
    loader.depth -= 1


def _written(node: yaml.Node, value: Any) -> str | None:
    """The text as written of a plain scalar YAML read as something other than text."""
    if isinstance(node, yaml.ScalarNode) and not node.style and not isinstance(value, str) and node.value:
        return node.value
    return None


def quoted(text: str) -> str:
    """`text` as a YAML quoted scalar a person can copy: double quotes, or single quotes when
    the text holds a double quote or a backslash (no escapes to get wrong)."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


# After a plain value: blanks, then '#' — YAML's comment. `#IEC2020` (no blank after '#') is a
# hashtag that YAML silently cut off; `# i Sverige` after one blank may be text too.
_COMMENT_AFTER = re.compile(r"^([ \t]+)#(.*)$")
_ID_LIKE = re.compile(r"^[a-z0-9]+(?:[-_./:][a-z0-9]+)*/?$")


def _check_comment(loader: _LineLoader, prefix: str, name: str, node: yaml.Node, value: Any) -> None:
    """A ' #' after plain text starts a YAML comment, so the text is silently cut there.

    `summary: Följ oss på #IEC2020` (a hashtag: '#' right before a word) is an error: the text
    is certainly cut. `title: Vi är bäst # i Sverige` (one blank before '# ') is a warning: it
    may be a note. A comment lined up with two or more blanks, as docs and samples write them
    (`credit: Kari Nordmann    # shown as "Foto: …"`), is a comment.
    """
    lines = loader.source_lines
    if lines is None or not isinstance(node, yaml.ScalarNode) or node.style:
        return
    if not (value is None or isinstance(value, str)):
        return
    end = node.end_mark
    if end.line >= len(lines):
        return
    comment = _COMMENT_AFTER.match(lines[end.line][end.column :])
    if comment is None:
        return
    blanks, after = comment.groups()
    hashtag = bool(after) and after[0] not in " \t#"
    text = (value or "").strip() if isinstance(value, str) or value is None else ""
    if not hashtag and (blanks != " " or not text or _ID_LIKE.match(text)):
        return
    full = f"{text} #{after}".strip() if text else f"#{after}".rstrip()
    one_line = node.start_mark.line == end.line
    fix = f"put it in quotes: {prefix}{quoted(full)}" if one_line else "put the whole text in quotes"
    line = loader.line(end.line)
    if not text:
        message = f"{name} is empty, because YAML reads ' #' as the start of a comment; {fix}"
    else:
        cut = f"#{after}".rstrip()
        shown = cut if len(cut) <= 40 else cut[:39] + "…"
        message = f"the text of {name} stops before '{shown}', because YAML reads ' #' as the start of a comment; "
        message += fix if hashtag else f"if it belongs to the text, {fix}; if it is a note, put it on a line of its own"
    if hashtag:
        raise SourceError(line, message)
    if loader.warnings is not None:
        loader.warnings.append((line, message))


def _too_big(loader: _LineLoader, node: yaml.ScalarNode) -> SourceError:
    shown = node.value if len(node.value) <= 24 else f"{node.value[:12]}…{node.value[-6:]}"
    return SourceError(
        loader.line(node.start_mark.line),
        f"the number {shown} has more than {MAX_DIGITS} digits, more than any figure needs; "
        "write a smaller number, or put it in quotes if it is a code",
    )


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode) -> int:
    if sum(char.isdigit() for char in node.value) > MAX_DIGITS:
        raise _too_big(loader, node)
    return loader.construct_yaml_int(node)


def _construct_float(loader: _LineLoader, node: yaml.ScalarNode) -> float:
    value = loader.construct_yaml_float(node)
    if not math.isfinite(value):
        raise SourceError(
            loader.line(node.start_mark.line),
            f"'{node.value}' is not a number a page can show (it means infinity or 'not a number'); "
            "write a number like 2.5, or put it in quotes if it is text",
        )
    if abs(value) >= 10**MAX_DIGITS:
        raise _too_big(loader, node)
    return value


def _construct_str(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    """Quoted text can hold escapes (`"\\0"`, `"\\f"`): control characters are refused here too."""
    value = loader.construct_scalar(node)
    found = CONTROL.search(value)
    if found:
        raise SourceError(
            loader.line(node.start_mark.line),
            f"the quoted text holds an invisible control character ({describe_control(found.group())}), "
            "written with a backslash escape; remove the escape",
        )
    if "\n" in value and node.style in ("", None, ">", "'"):
        # In folded (`>-`), plain and single-quoted text YAML turns a blank line into one line
        # break and joins the other lines: a break there IS a blank line, a new paragraph.
        # Written as two, every text means the same thing whatever style it was written in.
        value = _FOLDED_BREAK.sub("\n\n", value)
    return value


_FOLDED_BREAK = re.compile(r"\n+")


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    """Keep the offset YAML gives (PyYAML would silently convert to UTC or drop it)."""
    text = loader.construct_scalar(node)
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace(" ", "T", 1) if "T" not in text else text)
    except ValueError:
        return text


# YAML 1.2 booleans only: with YAML 1.1 rules `country: NO` (Norway!) or `answer: yes`
# silently became true/false. Only true/false (any case) are booleans here.
# Numbers too: YAML 1.1 reads `1:30` as 90 (base 60) and `0150` (an Oslo postcode) as 104
# (octal). Here a number is written in decimal without leading zeros, anything else is text.
_YAML_1_1_ONLY = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _YAML_1_1_ONLY]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _LineLoader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
    )
_DECIMAL_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_DECIMAL_FLOAT = re.compile(  # PyYAML's, without base 60
    r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
for _first in "-+0123456789":
    _LineLoader.yaml_implicit_resolvers.setdefault(_first, []).append(("tag:yaml.org,2002:int", _DECIMAL_INT))
for _first in "-+0123456789.":
    _LineLoader.yaml_implicit_resolvers.setdefault(_first, []).append(("tag:yaml.org,2002:float", _DECIMAL_FLOAT))
_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_LineLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)


# Where YAML could see an anchor (&), alias (*) or tag (!): at the start of a value or key.
# Only texts with such a character there are scanned event by event (the scan costs a third
# of a parse; few files need it).
_MAYBE_PROPERTY = re.compile(r"(?:^|[\s\[\]{},:])[&*!]", re.M)
_PROPERTY_KINDS = {
    "&": "an anchor",
    "*": "an alias",
    "!": "a tag",
}


def _refuse_properties(text: str, loader: _LineLoader) -> None:
    """Refuse YAML anchors, aliases and tags: communicators never need them, and each is a way
    in for trouble (an alias bomb grows to gigabytes; `title: &Co AB` silently loses '&Co';
    `!!binary` and `!!python/...` make values no field expects)."""
    scanner = yaml.CSafeLoader(text) if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader(text)
    try:
        while scanner.check_event():
            event = scanner.get_event()
            written = None
            if isinstance(event, yaml.AliasEvent):
                written = f"*{event.anchor}"
            elif getattr(event, "anchor", None):
                written = f"&{event.anchor}"
            elif getattr(event, "tag", None) is not None:
                tag = event.tag
                written = "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
            if written is not None:
                kind = _PROPERTY_KINDS[written[0]]
                raise SourceError(
                    loader.line(event.start_mark.line),
                    f"'{written}' is {kind} in YAML (a value that starts with '{written[0]}'), which content does not use; "
                    f"write the value out in full, or put text that starts with '{written[0]}' in quotes",
                )
    finally:
        scanner.dispose()


# Characters no editor shows and no page or feed may contain (XML 1.0 forbids the C0 controls;
# libyaml refuses the C1 ones). Tab, line feed and carriage return are ordinary text. U+0085
# (NEL) is refused too: YAML ends a line at it (a field's text was cut there), and in a body it
# reached pages and feeds as an invisible control; it is what a Windows '…' (byte 0x85) becomes
# when a file is converted from Latin-1 instead of Windows-1252.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CONTROL_NAMES = {0x00: "NUL", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "escape", 0x7F: "delete", 0x85: "next line"}


def describe_control(char: str) -> str:
    code = ord(char)
    name = _CONTROL_NAMES.get(code)
    return f"U+{code:04X}, {name}" if name else f"U+{code:04X}"


def control_fix(char: str) -> str:
    """How to fix an invisible control character: a C1 control (U+0080–U+009F) is nearly always
    a Windows-1252 character ('…', '–', '’') garbled by a conversion, so the fix names it."""
    code = ord(char)
    if 0x80 <= code <= 0x9F:
        try:
            meant = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            meant = None
        if meant is not None:
            return f"it is probably a '{meant}' garbled by a program that saved the text in another encoding; write '{meant}' in its place"
    return "delete it (it often comes with text pasted from another program)"


# `key: value` on one line, also as a list item (`- text: …`).
_KEY_LINE = re.compile(r"^\s*(?:-\s+)?([^\s:#'\"\[\]{},][^:]*?):[ \t]+(\S.*?)\s*$")
_CLOSERS = {'"': '"', "'": "'", "[": "]", "{": "}"}


def _value_problem(problem: str, context: str, source: str, column: int | None) -> str | None:
    """A text value YAML cannot read as text, with the line written so it can: the fix quotes
    exactly what was typed (`text: "Smörjmedel" – …`, `title: Välkommen:`, `title: @home`)."""
    match = _KEY_LINE.match(source)
    if match is None or (column is not None and column < match.start(2)):
        return None
    key, value = match.groups()
    first = value[0]
    why = None
    if first in _CLOSERS and ("expected key" in problem or "expected <block end>" in problem):
        end = value.find(_CLOSERS[first], 1)
        start = value[: end + 1] if end > 0 else value
        if first in "\"'":
            why = f"starts with a quote, so YAML reads only {start} as the text and cannot place the rest"
        else:
            what = "a list" if first == "[" else "a block of fields"
            why = f"starts with '{first}', so YAML reads {start} as {what}, not as text"
    elif first in "@`%" and "cannot start any token" in problem:
        why = f"starts with '{first}', which YAML does not allow at the start of a text"
    elif value[:2] in ("- ", "? ") and "not allowed in this context" in problem:
        why = f"starts with '{first} ', which YAML reads as the start of {'a list' if first == '-' else 'a key'}"
    elif first in ">|" and "block scalar" in context:
        why = f"starts with '{first}', YAML's sign for a block of text on the lines below"
    elif "mapping values are not allowed" in problem and value.endswith(":"):
        why = "ends with ':', which YAML reads as the start of a block"
    elif "mapping values are not allowed" in problem and ": " in value:
        why = "contains ': '"
    if why is None:
        return None
    return f"YAML syntax error: the text after '{key}:' {why}; put it in quotes: {key}: {quoted(value)}"


_SEPARATOR_NAMES = {"\x85": "U+0085, next line", "\u2028": "U+2028, line separator", "\u2029": "U+2029, paragraph separator"}


def _separator_before(text: str, mark: Any, loader: _LineLoader) -> SourceError | None:
    """A syntax error just after a character that YAML reads as the end of a line and editors do
    not show (U+2028, pasted from a web page or PDF): the line a person sees is the one to fix."""
    if mark is None or loader.line_map is None:
        return None
    end = min(mark.index, len(text))
    # From the start of the editor's line before the error's, to the error.
    start = text.rfind("\n", 0, max(0, text.rfind("\n", 0, end)))
    found = re.compile("[\x85\u2028\u2029]").search(text, start + 1, end)
    if found is None:
        return None
    at = found.start()
    line = text.count("\n", 0, at) + 1 + loader.line_offset
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return SourceError(
        line,
        f"there is an invisible line break ({_SEPARATOR_NAMES[found.group()]}) at column {column}, which YAML reads as the end "
        "of the line, so the rest of the text is on a line of its own; replace it with a space (it comes with text pasted from a web page or PDF)",
    )


def _document_marker(problem: str, lines: list[str], index: int, loader: _LineLoader) -> SourceError | None:
    """Mistakes libyaml names by its grammar ("but found another document", "did not find
    expected <document start>"): a second '---' in a data file, text after a '...' line, or a
    first line indented by a space, which makes every line after it look wrong."""
    if "found another document" in problem:
        at = next((i for i in range(min(index, len(lines) - 1), -1, -1) if lines[i].rstrip() == "---"), index)
        return SourceError(
            loader.line(at),
            "the line '---' starts a second document, but a data file holds one; delete the '---' line "
            "(to keep several records in one file, write each as a list item: '- id: ...')",
        )
    if "expected <document start>" not in problem and "expected <block end>" not in problem:
        return None
    dots = next((i for i in range(min(index, len(lines) - 1), -1, -1) if lines[i].rstrip() == "..."), None)
    if dots is not None and "expected <document start>" in problem:
        return SourceError(loader.line(dots), "the line '...' ends the YAML, so the lines after it cannot be read; delete the '...' line")
    content = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
    if not content or index >= len(lines):
        return None
    first = content[0]
    width = len(lines[first]) - len(lines[first].lstrip(" "))
    here = len(lines[index]) - len(lines[index].lstrip(" "))
    if width > 0 and here < width and index > first:
        spaces = "a space" if width == 1 else f"{width} spaces"
        key = lines[first].strip().split(":", 1)[0][:40]
        return SourceError(
            loader.line(first),
            f"this line starts with {spaces}, and the lines below it do not; delete the {'space' if width == 1 else 'spaces'} "
            f"before '{key}:' (fields start at the left edge of the line)",
        )
    return None


def _explain_yaml_error(exc: yaml.YAMLError, text: str, loader: _LineLoader) -> SourceError:
    """Say in plain words what is wrong on the line, and how to write it instead.

    libyaml's own wording ("mapping values are not allowed in this context", "found character
    that cannot start any token") names parser states, not the mistake; the line itself
    usually shows which mistake it is.
    """
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    mark = problem_mark or context_mark
    index = mark.line if mark else 0
    lines = _YAML_BREAK.split(text)
    source = lines[index] if index < len(lines) else ""
    indent = source[: len(source) - len(source.lstrip())]
    separator = _separator_before(text, mark, loader)
    if separator is not None:
        return separator
    if "maximum nesting depth" in problem:
        return SourceError(
            loader.line(index),
            f"the data is nested more than {MAX_DEPTH} levels deep here; no content needs that many, "
            "check the indentation and that every '[' and '{' is closed where it should be",
        )
    document = _document_marker(problem, lines, index, loader)
    if document is not None:
        return document
    if "\t" in indent or "'\\t'" in problem:
        return SourceError(loader.line(index), "a tab character is used for indentation; YAML needs spaces, replace the tab with spaces")
    scanning = re.search(r"while scanning an? (alias|anchor|tag)", context)
    if scanning:
        kind = scanning.group(1)
        mark_char = {"alias": "*", "anchor": "&", "tag": "!"}[kind]
        return SourceError(
            loader.line(index),
            f"YAML syntax error: a value that starts with '{mark_char}' is read by YAML as {'an' if kind != 'tag' else 'a'} {kind}; "
            f"put the whole value in quotes",
        )
    if "escape" in problem:
        return SourceError(
            loader.line(index),
            "YAML syntax error: a backslash '\\' in text between double quotes starts an escape YAML does not know; "
            "write the backslash twice (\\\\), or put the text in single quotes instead",
        )
    if "quoted scalar" in context and context_mark is not None:
        return SourceError(
            loader.line(context_mark.line),
            "YAML syntax error: the quoted text that starts here is never closed; add the closing quote at its end",
        )
    if "flow sequence" in context and context_mark is not None:
        return SourceError(
            loader.line(context_mark.line),
            "YAML syntax error: the list that starts with '[' here is never closed; add ']' at its end",
        )
    about_value = _value_problem(problem, context, source, problem_mark.column if problem_mark is not None else None)
    if about_value is not None:
        return SourceError(loader.line(index), about_value)
    if "mapping values are not allowed" in problem:
        above = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")), None)
        width = len(source) - len(source.lstrip(" "))
        match = _KEY_LINE.match(above or "")
        if above is not None and match is not None and width > len(above) - len(above.lstrip(" ")):
            more = width - (len(above) - len(above.lstrip(" ")))
            spaces = "one more space" if more == 1 else f"{more} more spaces"
            key = match.group(1)
            return SourceError(
                loader.line(index),
                f"this line starts with {spaces} than '{key}:' above it, but '{key}:' has its value on the same line, "
                f"so nothing can be indented under it; line this line up with '{key}:'",
            )
        return SourceError(
            loader.line(index),
            "YAML syntax error: this line is indented differently from the lines around it; "
            "line up the keys of one block with spaces",
        )
    hint = "check the indentation (spaces, keys of one block lined up) and put text that contains ': ' or ' #' in quotes"
    return SourceError(loader.line(index), f"YAML syntax error ({problem}); {hint}")


def parse_yaml(text: str, line_offset: int = 0, warnings: list[tuple[int, str]] | None = None) -> Any:
    """Parse YAML text into LineDict/LineList values; raise SourceError with the right line.

    `line_offset` is the number of lines above `text` in its file (front matter); `warnings`
    collects (line, message) for text that parses but may not say what was meant."""
    loader = _LineLoader(text)
    loader.line_offset = line_offset
    loader.line_map = _editor_lines(text)
    loader.warnings = warnings
    if "#" in text:
        loader.source_lines = _YAML_BREAK.split(text)
    try:
        if _MAYBE_PROPERTY.search(text):
            _refuse_properties(text, loader)
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        raise _explain_yaml_error(exc, text, loader) from None
    finally:
        loader.dispose()


MAX_FILE_BYTES = 2_000_000


def read_text(path: Path) -> str:
    """Read a UTF-8 file; a BOM, invalid UTF-8, a control character or a huge file is an explained error."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        from .filesystem import explain_os_error

        reason = explain_os_error(exc, path, reading=True)
        raise SourceError(1, reason or f"the file cannot be read ({exc.strerror}); check that it is an ordinary file, then build again") from None
    if len(raw) > MAX_FILE_BYTES:
        raise SourceError(
            1,
            f"the file is {len(raw) // 1000} kB; the limit is {MAX_FILE_BYTES // 1000} kB — "
            "split it, or move large media to images/",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SourceError(1, "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(line, "the file is not valid UTF-8; save it with UTF-8 encoding") from None
    found = CONTROL.search(text)
    if found:
        # Lines as an editor counts them: '\n' ends a line, a vertical tab or form feed does not.
        start = found.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        raise SourceError(
            line,
            f"there is an invisible control character ({describe_control(found.group())}) at column {column}, "
            f"which no page or feed may contain; {control_fix(found.group())}",
        )
    if "\r" in text:
        # Old Mac line endings (a lone CR): editors show lines, YAML reads them as lines, but the
        # front matter's '---' was not found and every line number after it was 1. CRLF stays.
        text = _LONE_CR.sub("\n", text)
    return text


_LONE_CR = re.compile("\r(?!\n)")


_PELICAN_HEADER = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):[ \t]*(.*)$")
# A line meant as '---' that is not: four or more hyphens, spaced hyphens, or a dash a word
# processor made of them ('—', '–').
_NOT_THREE_DASHES = re.compile(r"^(?:-{4,}|-{1,2}|(?:- ?){2,}-|[—–]{1,3}-*|-*[—–]+-*)$")


def _dashes(line: str) -> str:
    if "—" in line or "–" in line:
        return f"'{line}' is written with a long dash, which a program made of the hyphens"
    hyphens = line.count("-")
    if " " in line:
        return f"'{line}' has spaces between the hyphens"
    return f"'{line}' has {hyphens} hyphens"


def _unclosed(lines: list[str]) -> SourceError:
    """The front matter is never closed: at a line that was probably meant to close it
    ('----', '—'), else at its start."""
    for index in range(1, len(lines)):
        line = lines[index].rstrip()
        if line.strip() in ("---", "...") and line != line.strip():
            return SourceError(index + 1, f"the line '{line.strip()}' that ends the front matter starts with a space; delete the space")
        if _NOT_THREE_DASHES.match(line) and line != "-":
            return SourceError(index + 1, f"{_dashes(line.strip())}; the front matter ends with a line of exactly three hyphens: ---")
    return SourceError(1, "the front matter starting with '---' is never closed; add a line '---' after it")


def split_front_matter(text: str, warnings: list[tuple[int, str]] | None = None) -> tuple[LineDict, str, int]:
    """Split a Markdown file into (metadata, body, body's first line).

    YAML between `---` lines is what browser CMSs write; Pelican's `Key: value` header
    (ended by a blank line) is accepted too so existing Pelican content keeps working.
    """
    # Lines end at '\n' only, as in editors (str.splitlines also breaks at \x0c, U+2028…).
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    if lines and lines[0].rstrip() == "---":
        for index in range(1, len(lines)):
            if lines[index].rstrip() in ("---", "..."):
                meta = parse_yaml("".join(lines[1:index]), line_offset=1, warnings=warnings)
                if meta is None:
                    meta = LineDict()
                if not isinstance(meta, LineDict):
                    raise SourceError(2, "the front matter must be 'key: value' lines; write e.g. 'title: ...' and 'date: ...' between the '---' lines")
                return meta, "".join(lines[index + 1 :]), index + 2
        raise _unclosed(lines)
    if not text.strip():
        raise SourceError(
            1,
            "the file is empty; write the front matter (a line '---', 'title: ...' and the other fields, another line '---') "
            "and the text below it, or delete the file",
        )
    if lines and lines[0].strip() == "---":  # ' ---': the whole front matter indented, pasted from a document
        raise SourceError(1, "the front matter is indented: its line '---' starts with a space; delete the spaces at the start of its lines ('---' and the fields start at the left edge)")
    if lines and _NOT_THREE_DASHES.match(lines[0].rstrip()):
        raise SourceError(1, f"{_dashes(lines[0].strip())}; the front matter starts with a line of exactly three hyphens: ---")
    meta = LineDict()
    index = 0
    for index, line in enumerate(lines):
        if not line.strip():
            break
        match = _PELICAN_HEADER.match(line.rstrip("\r\n"))
        if not match:
            if index == 0:
                raise SourceError(
                    1,
                    "the file has no front matter; start it with a '---' line, then "
                    "'title: ...' and the other fields, then another '---' line",
                )
            raise SourceError(index + 1, "this header line is not 'Key: value'; end the header with a blank line")
        key = match.group(1).lower()
        meta[key] = _pelican_value(key, match.group(2).strip())
        meta.lines[key] = index + 1
    else:
        index = len(lines)
    if not meta:
        raise SourceError(1, "the file has no front matter; start it with '---', the fields, and '---'")
    return meta, "".join(lines[index + 1 :]), index + 2


def _pelican_value(key: str, value: str) -> Any:
    if key in ("tags", "companies", "contacts"):
        return LineList(v.strip() for v in value.split(",") if v.strip())
    if key in ("pdf",):
        return value.lower() in ("true", "yes", "1")
    if key == "untranslated" and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value
