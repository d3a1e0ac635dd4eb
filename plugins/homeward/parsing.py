"""Reading source files in parallel: front matter, YAML, Markdown and line-based checks.

Every file is parsed once per build, on every core (a fork pool: workers inherit the
Markdown cache and return only what they made). The results are plain data; validation
against the content model happens afterwards in the main process, where it is cheap.
The preview server keeps a `ParseMemo` so a reload re-parses only files that changed.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from dataclasses import dataclass, field
from typing import Any

from .filesystem import die_with_parent
from .markdown_render import MarkdownCache, conversion_problem, nesting_message, text_key, to_html
from .sourcefile import SourceError, parse_yaml, read_text, split_front_matter

PARALLEL_THRESHOLD = 200

# (pattern, message): the message names what was found, `{0}` being the pattern's group.
_UNSAFE_MARKDOWN = [
    (re.compile(r"\]\(\s*<?\s*(javascript|vbscript|data):", re.I), "a link uses a '{0}:' address, which can run code in the reader's browser; use an https:// address"),
    (re.compile(r"(?:href|src)\s*=\s*[\"']?\s*(javascript|vbscript):", re.I), "a link uses a '{0}:' address, which can run code in the reader's browser; use an https:// address"),
    (re.compile(r"<\s*(script|iframe|object|embed|style)\b", re.I), "raw <{0}> is not allowed in content; remove it (to show a video, map or form, link to it instead)"),
    (re.compile(r"<[^>]+\s(on[a-z]+)\s*=", re.I), "the HTML attribute '{0}=' runs scripts and is not allowed in content; remove it"),
]
_PELICAN_STATIC = re.compile(r"\{(?:static|attach)\}/?")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)")


@dataclass
class Parsed:
    """What one file holds, before validation. `problems` are (line, message) errors."""

    path: str
    kind: str  # "markdown" or "yaml"
    raw: Any = None
    body_line: int = 1
    html: str | None = None
    body_key: str | None = None
    problems: list[tuple[int, str]] = field(default_factory=list)


def parse_markdown(path: str, content_root: str, cached: dict[str, str]) -> Parsed:
    result = Parsed(path=path, kind="markdown")
    try:
        meta, body, body_line = split_front_matter(read_text_path(path))
    except SourceError as exc:
        result.problems.append((exc.line, exc.message))
        return result
    result.raw, result.body_line = meta, body_line
    # Pelican's `{static}/images/x.jpg` is the content-relative `images/x.jpg` here.
    body = _PELICAN_STATIC.sub("", body)
    for pattern, message in _UNSAFE_MARKDOWN:
        for match in pattern.finditer(body):
            result.problems.append((body_line + body.count("\n", 0, match.start()), message.format(match.group(1).lower())))
    for match in _MD_IMAGE.finditer(body):
        line = body_line + body.count("\n", 0, match.start())
        if not match.group(1).strip():
            result.problems.append((line, "an image has no alt text; write what it shows between the brackets: ![Two people skiing](...)"))
        src = match.group(2)
        if re.match(r"^(?:https?:)?//", src, re.I):
            result.problems.append(
                (line, f"image '{src}' is on another website; download it into content/images/ and write its path, e.g. ![…](images/photo.jpg)")
            )
            continue
        beside = os.path.normpath(os.path.join(os.path.dirname(path), src))  # `../images/x.jpg` from the file
        if (
            not re.match(r"^https?://", src)
            and not os.path.isfile(os.path.join(content_root, src.lstrip("/")))
            and not (beside.startswith(os.path.normpath(content_root) + os.sep) and os.path.isfile(beside))
        ):
            result.problems.append((line, f"image '{src}' does not exist; put the file in content/{src.lstrip('/')} or correct the path"))
    if not result.problems:
        key = text_key(body)
        result.body_key = key
        result.html = cached.get(key)
        if result.html is None:
            _convert(result, body, body_line)
    return result


def _convert(result: Parsed, body: str, body_line: int) -> None:
    """Markdown → HTML, refusing text that would take minutes or exhaust the stack."""
    problem = conversion_problem(body)
    if problem is None:
        try:
            result.html = to_html(body)
            return
        except RecursionError:  # the limits above should make this unreachable
            problem = (0, nesting_message())
    result.problems.append((body_line + problem[0], problem[1]))
    result.body_key = None


def parse_yaml_file(path: str) -> Parsed:
    result = Parsed(path=path, kind="yaml")
    try:
        result.raw = parse_yaml(read_text_path(path))
    except SourceError as exc:
        result.problems.append((exc.line, exc.message))
    return result


def read_text_path(path: str) -> str:
    from pathlib import Path

    return read_text(Path(path))


_JOB: dict[str, Any] = {}


def _parse_one(task: tuple[str, str]) -> Parsed:
    kind, path = task
    if kind == "markdown":
        return parse_markdown(path, _JOB["root"], _JOB["cached"])
    return parse_yaml_file(path)


def _parse_chunk(tasks: list[tuple[str, str]]) -> list[Parsed]:
    return [_parse_one(t) for t in tasks]


@dataclass
class ParseMemo:
    """Parsed files by path with the (mtime, size) they had: the preview server's memory."""

    entries: dict[str, tuple[tuple[int, int], Parsed]] = field(default_factory=dict)


def parse_all(tasks: list[tuple[str, str]], content_root: str, cache: MarkdownCache, memo: ParseMemo | None = None, workers: int = 0) -> list[Parsed]:
    """Parse every (kind, path) task, in order, on all cores when there are many."""
    results: dict[str, Parsed] = {}
    todo = []
    stats: dict[str, tuple[int, int]] = {}
    for kind, path in tasks:
        if memo is not None:
            st = os.stat(path)
            stats[path] = (st.st_mtime_ns, st.st_size)
            known = memo.entries.get(path)
            if known is not None and known[0] == stats[path]:
                results[path] = known[1]
                continue
        todo.append((kind, path))
    workers = workers or (os.cpu_count() or 1)
    _JOB.update(root=content_root, cached=cache.entries)
    try:
        if workers > 1 and len(todo) >= PARALLEL_THRESHOLD:
            size = max(1, (len(todo) + workers * 8 - 1) // (workers * 8))
            chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
            with multiprocessing.get_context("fork").Pool(workers, initializer=die_with_parent) as pool:
                parsed = [p for chunk in pool.map(_parse_chunk, chunks) for p in chunk]
        else:
            parsed = _parse_chunk(todo)
    finally:
        _JOB.clear()
    for item in parsed:
        results[item.path] = item
        if item.body_key and item.html is not None:
            cache.add(item.body_key, item.html)
        if memo is not None:
            memo.entries[item.path] = (stats[item.path], item)
    return [results[path] for _kind, path in tasks]
