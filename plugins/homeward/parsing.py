"""Reading source files in parallel: front matter, YAML, Markdown and line-based checks.

Every file is parsed once per build, on every core (a fork pool: workers inherit the
Markdown cache and return only what they made; see parallel.py for when it is not used). The results are plain data; validation
against the content model happens afterwards in the main process, where it is cheap.
The preview server keeps a `ParseMemo` so a reload re-parses only files that changed.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any

from . import parallel
from .markdown_render import MarkdownCache, add_heading_ids, conversion_problem, nesting_message, text_key, to_html
from .sourcefile import CONTROL, SourceError, describe_control, parse_yaml, read_text, split_front_matter
from .trust import html as trusted_html
from .trust.files import ContentFiles

PARALLEL_THRESHOLD = 200

# Pelican's {filename}/articles/x.md (a link to another source file) too: read as the path it
# names, it gets the gate's message ("link to the page it belongs to") instead of a dead link.
_PELICAN_STATIC = re.compile(r"\{(?:static|attach|filename)\}/?")


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
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, message): builds, but may not be what was meant
    files: list[str] = field(default_factory=list)  # content files the body shows or links to
    # The body's links to pages of the site, (address as written, line): checked once the routes
    # are known (build.check_body_links).
    links: list[tuple[str, int]] = field(default_factory=list)
    markdown_html: str | None = None  # what Markdown made, before cleaning (the cache keeps this)
    # What the loader worked out from this file alone (its validated model pickled, with the
    # messages validation logged; the placeholders in it), by what else it depended on (the
    # model, the configured languages): kept with the parse in the memo, so an unchanged file
    # is not validated or searched again (loader.Loader._derived).
    derived: dict[Any, Any] = field(default_factory=dict)


def parse_markdown(path: str, content_root: str, cached: dict[str, str], base: str = "", files: ContentFiles | None = None) -> Parsed:
    """Front matter and body; the body's HTML is judged and cleaned by `trust.html` (its
    problems carry the Markdown line), local addresses become site paths under `base`."""
    result = Parsed(path=path, kind="markdown")
    try:
        meta, body, body_line = split_front_matter(read_text_path(path), result.warnings)
    except SourceError as exc:
        result.problems.append((exc.line, exc.message))
        return result
    result.raw, result.body_line = meta, body_line
    # Pelican's `{static}/images/x.jpg` is the content-relative `images/x.jpg` here.
    body = _PELICAN_STATIC.sub("", body)
    key = text_key(body)
    html = cached.get(key)
    if html is None:
        html, problem = convert(body)
        if problem is not None:
            result.problems.append((body_line + problem[0], problem[1]))
            return result
    context = trusted_html.Context(files or ContentFiles(Path(content_root)), Path(path).parent, base)
    problems = trusted_html.problems(html, context)
    seen: dict[tuple[str, ...], int] = {}
    for problem in problems:
        nth = seen.get(problem.key, 0)
        seen[problem.key] = nth + 1
        line = trusted_html.first_line(body, body_line, to_html, lambda h: trusted_html.problems(h, context), problem, nth)
        result.problems.append((line, _address_as_written(problem, body, line - body_line)))
    if not result.problems:
        result.body_key = key
        cleaned, result.files, pages = trusted_html.clean(html, context)
        result.links = link_lines(body, body_line, pages, context)
        reference = control_reference(body, cleaned)
        if reference is not None:
            result.problems.append((body_line + reference[0], reference[1]))
            result.body_key = None
            return result
        result.html = add_heading_ids(cleaned)
        result.markdown_html = html
    return result


def link_lines(body: str, body_line: int, links: list[str], context: trusted_html.Context) -> list[tuple[str, int]]:
    """Each link with the line it is written on: the n-th link to an address is on the line of
    the n-th time the address is written (a reference-style definition used twice: the last
    time it is written). An address the text does not hold as written (`&#47;` for '/') is
    found as the sanitizer's problems are, by rendering ever longer parts of the text.
    Linear in the text and the links: each address is searched on from where it was last found."""
    if not links:
        return []
    starts = [m.start() for m in re.finditer("\n", body)] if len(links) > 1 else None
    found: list[tuple[str, int]] = []
    last: dict[str, int] = {}  # where each address was last found (-1: not yet)
    seen: dict[str, int] = {}
    for link in links:
        nth = seen.get(link, 0)
        seen[link] = nth + 1
        at = last.get(link, -1)
        following = body.find(link, at + 1) if at >= 0 or nth == 0 else -1
        if following >= 0:
            at = last[link] = following
        if at >= 0:
            line = bisect.bisect_left(starts, at) if starts is not None else body.count("\n", 0, at)
            found.append((link, body_line + line))
            continue

        def page_links(html: str) -> list[trusted_html.Problem]:
            return [trusted_html.Problem(("link", value), "") for value in trusted_html.clean(html, context)[2]]

        line = trusted_html.first_line(body, body_line, to_html, page_links, trusted_html.Problem(("link", link), ""), nth)
        found.append((link, line))
    return found


def _address_as_written(problem: trusted_html.Problem, body: str, index: int) -> str:
    """An address in angle brackets (`<data:text/html;base64,…>`) is read by the HTML parser as
    an element named up to its first '/' ('data:text'): quote it from the line as written."""
    kind, name = problem.key[0], problem.key[1] if len(problem.key) > 1 else ""
    if kind != "element" or ":" not in name:
        return problem.message
    lines = body.split("\n")
    source = lines[index] if 0 <= index < len(lines) else ""
    found = re.search("<(" + re.escape(name) + r"[^>\s]*)>?", source, re.IGNORECASE)
    if found is None:
        return problem.message
    address = found.group(1)
    shown = address if len(address) <= 60 else address[:59] + "…"
    return problem.message.replace(f"'<{name[:40]}>'", f"'<{shown}>'", 1)


_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX][0-9a-fA-F]+|[0-9]+);")


def _referenced(reference: str) -> str:
    """The character an HTML parser makes of `&#…;` (html.unescape drops control characters
    instead, so it cannot tell which reference made one)."""
    digits = reference[2:-1]
    code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
    if code in (0x80, *range(0x82, 0x8D), 0x8E, *range(0x91, 0x9D), 0x9E, 0x9F):
        return unescape(reference)  # Windows-1252 characters, as browsers read them
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def control_reference(body: str, html: str) -> tuple[int, str] | None:
    """(0-based line, message) for a character reference such as `&#11;` that the HTML
    parser turns into an invisible control character: no page or feed may hold one (the feed
    writer stopped the build with UnserializableContentError)."""
    if not CONTROL.search(html):
        return None
    for match in _NUMERIC_REFERENCE.finditer(body):
        char = _referenced(match.group())
        if CONTROL.fullmatch(char):
            return body.count("\n", 0, match.start()), (
                f"'{match.group()}' stands for an invisible control character ({describe_control(char)}), "
                "which no page or feed may contain; delete it"
            )
    return 0, "the text makes an invisible control character, which no page or feed may contain; delete it"


def convert(body: str) -> tuple[str, None] | tuple[None, tuple[int, str]]:
    """Markdown → HTML, or (None, (line in body, message)) for text that would take minutes
    or exhaust the stack (markdown_render.conversion_problem)."""
    problem = conversion_problem(body)
    if problem is None:
        try:
            return to_html(body), None
        except RecursionError:  # the limits should make this unreachable
            problem = (0, nesting_message())
    return None, problem


def parse_yaml_file(path: str) -> Parsed:
    result = Parsed(path=path, kind="yaml")
    try:
        result.raw = parse_yaml(read_text_path(path), warnings=result.warnings)
    except SourceError as exc:
        result.problems.append((exc.line, exc.message))
    return result


def read_text_path(path: str) -> str:
    from pathlib import Path

    return read_text(Path(path))


_JOB: dict[str, Any] = {}


def outside_content(kind: str, path: str, root: str) -> Parsed | None:
    """A Markdown or YAML file that is a symlink (or lies in a symlinked folder) leading out of
    content/ is refused before a byte of it is read: the build would publish, or quote in its
    messages, whatever file the link names (a key, another project's notes). Images are held to
    the same rule by the gate (trust/files.py)."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    if real == top or real.startswith(top.rstrip(os.sep) + os.sep):
        return None
    refused = Parsed(path=path, kind=kind)
    refused.problems.append((1, "the file is a link to a file outside the content folder; copy the file into content/ instead of linking to it"))
    return refused


def _parse_one(task: tuple[str, str]) -> Parsed:
    kind, path = task
    refused = outside_content(kind, path, _JOB["root"])
    if refused is not None:
        return refused
    if kind == "markdown":
        if "files" not in _JOB:  # one gate per process: its decisions are reused for every file
            _JOB["files"] = ContentFiles(Path(_JOB["root"]))
        return parse_markdown(path, _JOB["root"], _JOB["cached"], _JOB.get("base", ""), _JOB["files"])
    return parse_yaml_file(path)


def _parse_chunk(tasks: list[tuple[str, str]]) -> list[Parsed]:
    return [_parse_one(t) for t in tasks]


@dataclass
class ParseMemo:
    """Parsed files by path with the (mtime, size) they had: the preview server's memory."""

    entries: dict[str, tuple[tuple[int, int], Parsed]] = field(default_factory=dict)
    # Paths whose `derived` results this build added to a parse it took from the memo.
    touched: set[str] = field(default_factory=set)


def parse_all(
    tasks: list[tuple[str, str]], content_root: str, cache: MarkdownCache, memo: ParseMemo | None = None, workers: int = 0, base: str = ""
) -> list[Parsed]:
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
    workers = parallel.workers(len(todo), PARALLEL_THRESHOLD, workers)
    if workers > 1:
        cache.read_all()  # once, before the fork, rather than once in each worker
    _JOB.update(root=content_root, cached=cache.entries, base=base)
    try:
        if workers > 1:
            size = max(1, (len(todo) + workers * 8 - 1) // (workers * 8))
            chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
            with parallel.fork_pool(workers) as pool:
                parsed = [p for chunk in pool.map(_parse_chunk, chunks) for p in chunk]
        else:
            parsed = _parse_chunk(todo)
    finally:
        _JOB.clear()
    for item in parsed:
        results[item.path] = item
        if item.body_key and item.markdown_html is not None:
            cache.add(item.body_key, item.markdown_html)
        if memo is not None:
            memo.entries[item.path] = (stats[item.path], item)
    if memo is not None:  # forget files that are gone: the preview's memory holds this build's files only
        memo.entries = {path: memo.entries[path] for _kind, path in tasks if path in memo.entries}
    return [results[path] for _kind, path in tasks]
