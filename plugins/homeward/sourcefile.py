"""Reading YAML and front matter while remembering the line of every key.

The C loader (libyaml) is used for speed; mappings and sequences become `LineDict` and
`LineList`, plain containers that also know where each key or item stood, so a validation
error on `sessions[2].start` can point at the line a communicator has to edit.
"""

from __future__ import annotations

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
    """A dict that knows the line of each key (`lines`) and of itself (`line`)."""

    line: int = 1
    lines: dict[Any, int]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lines = {}


class LineList(list):
    """A list that knows the line of each item."""

    line: int = 1
    lines: list[int]

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.lines = []


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


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    line_offset = 0  # lines above the text (front matter)
    line_map: list[int] | None = None

    def line(self, index: int) -> int:
        """The line a person sees in the file for libyaml's 0-based line `index`."""
        if self.line_map is not None and index < len(self.line_map):
            return self.line_map[index] + self.line_offset
        return index + 1 + self.line_offset


def _construct_map(loader: _LineLoader, node: yaml.MappingNode):
    data = LineDict()
    data.line = loader.line(node.start_mark.line)
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise SourceError(loader.line(key_node.start_mark.line), "a key must be plain text") from None
        if key in data:
            raise SourceError(
                loader.line(key_node.start_mark.line),
                f"'{key}' is given twice in the same block (first on line {data.lines[key]}); keep one of them",
            )
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines[key] = loader.line(key_node.start_mark.line)


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode):
    data = LineList()
    data.line = loader.line(node.start_mark.line)
    yield data
    for item in node.value:
        data.append(loader.construct_object(item, deep=True))
        data.lines.append(loader.line(item.start_mark.line))


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
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _LineLoader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
    )
_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


_KEY_LINE = re.compile(r"^\s*(?:-\s+)?([^\s:#'\"][^:]*?):\s+(.*?)\s*$")


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
    if "\t" in indent or "'\\t'" in problem:
        return SourceError(loader.line(index), "a tab character is used for indentation; YAML needs spaces, replace the tab with spaces")
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
    if "mapping values are not allowed" in problem:
        match = _KEY_LINE.match(source)
        if match and ": " in match.group(2):
            key, value = match.groups()
            quoted = '"' + value + '"' if '"' not in value else "'" + value.replace("'", "''") + "'"
            return SourceError(
                loader.line(index),
                f"YAML syntax error: the text after '{key}:' contains ': '; put it in quotes: {key}: {quoted}",
            )
        return SourceError(
            loader.line(index),
            "YAML syntax error: this line is indented differently from the lines around it; "
            "line up the keys of one block with spaces",
        )
    hint = "check the indentation (spaces, keys of one block lined up) and put text that contains ': ' or ' #' in quotes"
    return SourceError(loader.line(index), f"YAML syntax error ({problem}); {hint}")


def parse_yaml(text: str, line_offset: int = 0) -> Any:
    """Parse YAML text into LineDict/LineList values; raise SourceError with the right line.

    `line_offset` is the number of lines above `text` in its file (front matter)."""
    loader = _LineLoader(text)
    loader.line_offset = line_offset
    loader.line_map = _editor_lines(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        raise _explain_yaml_error(exc, text, loader) from None
    finally:
        loader.dispose()


MAX_FILE_BYTES = 2_000_000


def read_text(path: Path) -> str:
    """Read a UTF-8 file; a BOM, invalid UTF-8 or a huge file is an explained error."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise SourceError(
            1,
            f"the file is {len(raw) // 1000} kB; the limit is {MAX_FILE_BYTES // 1000} kB — "
            "split it, or move large media to images/",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SourceError(1, "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(line, "the file is not valid UTF-8; save it with UTF-8 encoding") from None


_PELICAN_HEADER = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):[ \t]*(.*)$")


def split_front_matter(text: str) -> tuple[LineDict, str, int]:
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
                meta = parse_yaml("".join(lines[1:index]), line_offset=1)
                if meta is None:
                    meta = LineDict()
                if not isinstance(meta, LineDict):
                    raise SourceError(2, "the front matter must be 'key: value' lines; write e.g. 'title: ...' and 'date: ...' between the '---' lines")
                return meta, "".join(lines[index + 1 :]), index + 2
        raise SourceError(1, "the front matter starting with '---' is never closed; add a line '---' after it")
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
    return value
