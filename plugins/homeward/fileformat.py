"""One file format for people and the browser CMS: what `invoke fmt` writes, `invoke new`
writes, and the CMS writes when it saves.

The CMS (Decap) rewrites a whole file when it saves: keys in the order of its fields, lists
one item per line, long text folded at 80 columns, no comments, and — with the CMS script
Homeward adds (plugins/cms) — no empty keys. A file already in that form stays byte for
byte the same when it is opened and saved without an edit, so a commit shows only what a
person changed. This module turns any valid file into that form:

- keys in the order of the content model (`model.fields.ordered_fields`), which is also the
  order of the CMS's fields; keys the model does not know stay, last;
- no key without a value (`null`, `""`, `[]`, `{}`) and no `lang:` that the file name gives;
- YAML written by `yamlwriter` (a port of the CMS's own writer).

Values keep their meaning: the result is read back and compared with the original before
anything is written (`format_text` raises `FormatRefused` otherwise).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel

from .model import fields as model_fields
from .model.fields import ordered_fields
from .places import parse_loc, place
from .sourcefile import SourceError, _LineLoader, parse_yaml, split_front_matter

EMPTY = (None, "", [], {})


class FormatRefused(Exception):
    """The canonical form would not mean the same as the file (a bug here): nothing is written."""


@dataclass
class Formatted:
    text: str
    changes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- the shape of a content type


@dataclass(frozen=True)
class Shape:
    """How a value is ordered: a model's keys, a list of such, or language codes."""

    keys: tuple[tuple[str, Shape | None], ...] = ()
    item: Shape | None = None  # for lists of objects
    localized: bool = False


def shape_of(model: type[BaseModel], codes: list[str]) -> Shape:
    return Shape(keys=tuple((key, _value_shape(info.annotation, list(info.metadata), codes)) for key, info in ordered_fields(model)))


def _value_shape(annotation: Any, metadata: list[Any], codes: list[str]) -> Shape | None:
    base, metadata = unwrap(annotation, metadata)
    if any(validator in metadata for validator in model_fields.LocalizedText.__metadata__):
        return Shape(keys=tuple((code, None) for code in codes), localized=True)
    if get_origin(base) is list:
        inner = _value_shape(get_args(base)[0], [], codes)
        return Shape(item=inner) if inner is not None and inner.keys and not inner.localized else None
    if isinstance(base, type) and issubclass(base, BaseModel):
        return shape_of(base, codes)
    return None


def unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """Strip Optional[...] and Annotated[...] down to the base type and its validators."""
    import types
    from typing import Annotated, Union

    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            base, *extra = get_args(annotation)
            annotation, metadata = base, [*extra, *metadata]
        elif origin in (Union, types.UnionType):
            args = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(args) != 1:
                return annotation, metadata
            annotation = args[0]
        else:
            return annotation, metadata


def arrange(value: Any, shape: Shape | None, removed: list[str], where: str = "") -> Any:
    """`value` with keys in the shape's order and without empty values (their names go to `removed`)."""
    if isinstance(value, dict):
        known = [key for key, _ in shape.keys] if shape else []
        shapes = dict(shape.keys) if shape else {}
        order = [key for key in known if key in value] + [key for key in value if key not in known]
        out = {}
        for key in order:
            name = f"{where}.{key}" if where else str(key)
            item = arrange(value[key], shapes.get(key), removed, name)
            if _is_empty(item):
                removed.append(name)
                continue
            out[key] = item
        return out
    if isinstance(value, list):
        item_shape = shape.item if shape else None
        items = [arrange(item, item_shape, removed, f"{where}[{index}]") for index, item in enumerate(value)]
        return [item for item in items if not _is_empty(item)]
    return value


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0)


# ---------------------------------------------------------------- reading values as the CMS reads them

# decap-cms-core's yaml.ts reads a plain `2026-09-18T10:00:00Z` as a JavaScript Date and writes
# it back with toISOString(); every other date stays the text it is.
_DECAP_TIMESTAMP = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2}(\.[0-9]+)?)Z\Z")


class _TextDates(_LineLoader):  # type: ignore[misc,valid-type]
    """The loader of the build, except that dates stay the text they are written as."""


def _timestamp_text(loader: _TextDates, node: yaml.ScalarNode) -> str:
    text = loader.construct_scalar(node)
    if _DECAP_TIMESTAMP.match(text):
        moment = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return text


_TextDates.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_text)


def read_values(text: str) -> Any:
    """Parse YAML like the build does (same errors), keeping dates as text."""
    loader = _TextDates(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError:
        parse_yaml(text)  # raises the build's explained SourceError
        raise
    finally:
        loader.dispose()


# ---------------------------------------------------------------- files


def format_data(text: str, model: type[BaseModel], codes: list[str]) -> Formatted:
    """A YAML data file (one company, event, job, contact)."""
    from . import yamlwriter  # here: a build reads only the shapes (the CMS config), not the writer

    values = read_values(text)
    if not isinstance(values, dict):
        return Formatted(text)  # lists of records (contacts.yaml) are not written by the CMS
    removed: list[str] = []
    arranged = arrange(values, shape_of(model, codes), removed)
    new = yamlwriter.dump(arranged) if arranged else ""
    if new == text:
        return Formatted(text)
    _same_meaning(values, arranged, new, removed, front_matter=False)
    return Formatted(new, _changes(text, new, values, arranged, removed))


def format_markdown(text: str, model: type[BaseModel], codes: list[str], lang: str | None) -> Formatted:
    """A Markdown file: YAML front matter (a Pelican `Key: value` header becomes YAML) and its text."""
    from . import yamlwriter

    meta, body, _line = split_front_matter(text)
    yaml_text = _front_matter_text(text)
    values = read_values(yaml_text) if yaml_text is not None else dict(meta)
    values = values if isinstance(values, dict) else {}
    removed: list[str] = []
    if lang is not None and values.get("lang") == lang:
        values = {key: value for key, value in values.items() if key != "lang"}
        removed.append("lang (the file name gives it)")
    arranged = arrange(values, shape_of(model, codes), removed)
    new = yamlwriter.dump_front_matter(arranged, body)
    if new == text:
        return Formatted(text)
    _same_meaning(values, arranged, new, removed, front_matter=True)
    new_yaml = _front_matter_text(new) or ""
    if yaml_text is None:
        changes = ["the 'Key: value' header written as YAML front matter between '---' lines"]
    elif yaml_text == new_yaml:
        changes = ["the end of the text (one line break after it)"]
    else:
        changes = _changes(yaml_text, new_yaml, values, arranged, removed)
    return Formatted(new, changes)


def _front_matter_text(text: str) -> str | None:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]) + "\n"
    return None


def _same_meaning(values: Any, arranged: Any, new: str, removed: list[str], front_matter: bool) -> None:
    """What the new text says must be what the old one said, minus the empty keys."""
    try:
        if front_matter:
            split_front_matter(new)
            again = read_values(_front_matter_text(new) or "") or {}
        else:
            again = read_values(new) if new else {}
    except (SourceError, yaml.YAMLError) as exc:
        raise FormatRefused(f"the new form does not read back ({exc})") from None
    if _plain(again) != _plain(arranged):
        raise FormatRefused("the new form reads back differently")


def _plain(value: Any) -> Any:
    """Nested plain containers (LineDict and friends compare like dicts anyway; order matters here)."""
    if isinstance(value, dict):
        return [(key, _plain(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


# ---------------------------------------------------------------- saying what changed


def _changes(old_yaml: str, new_yaml: str, values: Any, arranged: Any, removed: list[str]) -> list[str]:
    changes: list[str] = []
    comments = comment_lines(old_yaml)
    if comments:
        where = ", ".join(str(line) for line in comments[:5]) + (" …" if len(comments) > 5 else "")
        changes.append(f"comments removed (line {where}): the CMS drops them when it saves; keep notes in the 'note' field")
    if removed:
        changes.append("empty fields removed: " + ", ".join(place(parse_loc(name)) if "[" in name else name for name in removed))
    if _key_order(values) != _key_order(arranged, only=_key_order(values)):
        changes.append("fields put in the order the CMS writes them")
    old_kinds, new_kinds = _layout_kinds(old_yaml), _layout_kinds(new_yaml)
    if old_kinds.get("flow"):
        changes.append("lists and maps in [ ] or { } written one item per line")
    if old_kinds.get(">", 0) + old_kinds.get("|", 0) and (old_kinds.get(">"), old_kinds.get("|")) != (new_kinds.get(">"), new_kinds.get("|")):
        changes.append("text in > or | blocks written as the CMS writes it")
    if not changes:
        changes.append("quotes and line breaks as the CMS writes them (long text is folded at 80 columns)")
    return changes


def _key_order(value: Any, only: list[str] | None = None) -> list[str]:
    """Every key path in document order."""
    out: list[str] = []

    def walk(item: Any, where: str) -> None:
        if isinstance(item, dict):
            for key, child in item.items():
                path = f"{where}.{key}"
                out.append(path)
                walk(child, path)
        elif isinstance(item, list):
            for index, child in enumerate(item):
                walk(child, f"{where}[{index}]")

    walk(value, "")
    return [path for path in out if only is None or path in only]


def comment_lines(text: str) -> list[int]:
    """Lines (1-based) that hold a YAML comment: a '#' outside every value."""
    if "#" not in text:
        return []
    try:
        spans = [(token.start_mark.index, token.end_mark.index) for token in yaml.scan(text, Loader=yaml.SafeLoader) if isinstance(token, yaml.ScalarToken)]
    except yaml.YAMLError:
        return []
    lines = []
    for match in re.finditer(r"(?:^|(?<=[ \t]))#", text, re.M):
        at = match.start()
        if not any(start <= at < end for start, end in spans):
            lines.append(text.count("\n", 0, at) + 1)
    return sorted(set(lines))


def _layout_kinds(text: str) -> dict[str, int]:
    """How many flow collections and > and | blocks the text holds."""
    kinds: dict[str, int] = {}
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
                kinds["flow"] = kinds.get("flow", 0) + 1
            elif isinstance(token, yaml.ScalarToken) and token.style in (">", "|"):
                kinds[token.style] = kinds.get(token.style, 0) + 1
    except yaml.YAMLError:
        pass
    return kinds
