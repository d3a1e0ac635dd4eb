"""Markdown to HTML, once per source text: one reused parser and a content-hash cache.

Pelican builds a new `Markdown` object per file and re-reads every file on every build;
here the parser is reused (`reset()`) and results are cached by the SHA-1 of the text.
`parsing.parse_all` runs the conversions on every core. What Markdown makes is not yet fit
for a page: `trust.html` judges and cleans it, then `add_heading_ids` names the headings.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from html import unescape
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor
from slugify import slugify

CACHE_VERSION = "md-4"  # 4: in shards (MarkdownCache)


# Extensions are chosen for what communicators write (tables, lists that start where they
# say). Python-Markdown's `toc` and `attr_list` cost a quarter of the parse time; heading
# ids come from `add_heading_ids` instead. Passages in another language are written as
# raw HTML: <span lang="sv">…</span>. Given as classes, not by name ("tables"): Python-Markdown
# finds a name among every installed package's entry points, ~0.02 s for the first parser of
# each process (an edit build's one parse, each parse worker).
EXTENSIONS = [TableExtension, SaneListExtension]

_HEADING = re.compile(r"<h([2-6])>(.*?)</h\1>", re.S)
_TAGS = re.compile(r"<[^>]+>")


@lru_cache(maxsize=8192)
def _heading_slug(inner_html: str) -> str:
    """Headings recur ("Slik går du fram", "Contact"): python-slugify runs once per text."""
    return slugify(unescape(_TAGS.sub("", inner_html))) or "section"


def add_heading_ids(html: str) -> str:
    """`<h2>Slik går du fram</h2>` → `<h2 id="slik-gar-du-fram">…`, unique within the page
    (on sanitized HTML, where a heading never carries attributes of its own)."""
    seen: dict[str, int] = {}

    def replace(match: re.Match[str]) -> str:
        base = _heading_slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        ident = base if count == 0 else f"{base}-{count}"
        return f'<h{match.group(1)} id="{ident}">{match.group(2)}</h{match.group(1)}>'

    return _HEADING.sub(replace, html)


class _AlignAsClass(Treeprocessor):
    """Table alignment (`|:--|`) as `class="align-left"`: a style= attribute is refused by
    the sanitizer and by the Content-Security-Policy."""

    def run(self, root):  # type: ignore[no-untyped-def]
        for cell in root.iter():
            if cell.tag not in ("th", "td"):
                continue
            style = cell.attrib.pop("style", "")
            side = style.replace("text-align:", "").strip(" ;")
            if side in ("left", "center", "right"):
                cell.set("class", f"align-{side}")


class _Alignment(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_AlignAsClass(md), "align_as_class", 0)


def _new_parser() -> markdown.Markdown:
    return markdown.Markdown(extensions=[*(extension() for extension in EXTENSIONS), _Alignment()], output_format="html")


_parser: markdown.Markdown | None = None


def to_html(text: str) -> str:
    """Convert one Markdown text with the process's reused parser (raw HTML passes as written)."""
    global _parser
    if _parser is None:
        _parser = _new_parser()
    return _parser.reset().convert(text)


# Python-Markdown looks for the ']' of every '[' up to the end of its paragraph, so brackets
# that do not pair up into links make a paragraph quadratic (8,000 stray '[' took 40 s) and
# each level of list nesting is a level of recursion (300 levels exhaust Python's stack).
# Text past these limits is refused before conversion, the same way on every machine.
MAX_BRACKET_SCAN = 2_000_000  # characters scanned for ']' in one file: about 2 s
MAX_NESTING = 100  # indentation levels of 4 columns
_BLOCK = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")
_BRACKET = re.compile(r"\\.|[\[\]]")
# An indented line longer than MAX_NESTING characters: the only kind that can nest too deep.
_LONG_INDENTED_LINE = re.compile(rf"^[ \t][^\n]{{{MAX_NESTING},}}", re.M)


def conversion_problem(text: str) -> tuple[int, str] | None:
    """(0-based line in `text`, message) when the text would take too long or nest too deep
    to convert; None for every text a person writes."""
    if _may_scan_too_far(text):
        problem = _bracket_problem(text)
        if problem is not None:
            return problem
    if _LONG_INDENTED_LINE.search(text) is None:
        return None  # no line is long enough to be nested too deep
    for number, line in enumerate(text.split("\n")):
        if len(line) > MAX_NESTING and line[:1] in (" ", "\t"):
            expanded = line.expandtabs(4)
            if len(expanded) - len(expanded.lstrip()) > 4 * MAX_NESTING:
                return number, nesting_message()
    return None



def _may_scan_too_far(text: str) -> bool:
    """Each '[' adds at most the text's length to the scan: a text whose '[' count times its
    length stays under the limit (every text a person writes) need not be scanned bracket by bracket."""
    return text.count("[") * len(text) > MAX_BRACKET_SCAN


def _bracket_problem(text: str) -> tuple[int, str] | None:
    scanned = 0
    for block in _BLOCK.finditer(text):
        open_at: list[int] = []
        first = None
        for match in _BRACKET.finditer(text, block.start(), block.end()):
            char = match.group()
            if char == "[":
                open_at.append(match.start())
                first = match.start() if first is None else first
            elif char == "]" and open_at:
                scanned += match.start() - open_at.pop()
        scanned += sum(block.end() - start for start in open_at)
        if scanned > MAX_BRACKET_SCAN and first is not None:
            return text.count("\n", 0, first), (
                "the '[' characters from this line on do not pair up into links, which makes the text too slow "
                "to convert; write links as [text](https://…) and remove stray '[' (or write it as \\[)"
            )
    return None


def nesting_message() -> str:
    return (
        f"the text is indented more than {MAX_NESTING} levels deep here (lists inside lists); "
        "no page needs that many, remove the extra indentation"
    )


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class MarkdownCache:
    """HTML by content hash, persisted between builds in the cache folder, in shards read when a
    key of theirs is first asked for: a build that converts one file reads and rewrites one
    shard, not the HTML of every text (~13 MB at 1000 articles per language)."""

    SHARDS = 32
    # HOMEWARD_MARKDOWN_CACHE names a folder that several builds may share (the test suite): the
    # HTML is a function of the text alone. A shared store is never pruned (other sites' texts).
    SHARED_STORE = "HOMEWARD_MARKDOWN_CACHE"

    def __init__(self, folder: Path | None, shared: bool = False):
        self.folder = folder / CACHE_VERSION if folder else None
        self.shared = shared
        self.entries = _Shards(self)
        self.loaded: dict[int, dict[str, str]] = {}
        self.dirty: set[int] = set()

    @classmethod
    def for_build(cls, settings: dict) -> MarkdownCache:
        """The shared store HOMEWARD_MARKDOWN_CACHE names, else the build cache's (none without one)."""
        from .filesystem import store_folder

        return cls(store_folder(settings, cls.SHARED_STORE, ""), shared=bool(os.environ.get(cls.SHARED_STORE)))

    @classmethod
    def shard(cls, key: str) -> int:
        return int(key[:4], 16) % cls.SHARDS if key[:4].isalnum() else 0

    def part(self, number: int) -> dict[str, str]:
        found = self.loaded.get(number)
        if found is None:
            found = {}
            if self.folder is not None:
                try:
                    entries = json.loads((self.folder / f"{number:02d}.json").read_text(encoding="utf-8"))
                    found = entries if isinstance(entries, dict) else {}
                except (OSError, ValueError):  # a missing or corrupt shard is a cold one
                    found = {}
            self.loaded[number] = found
        return found

    def read_all(self) -> None:
        for number in range(self.SHARDS):
            self.part(number)

    def add(self, key: str, html: str) -> None:
        number = self.shard(key)
        part = self.part(number)
        if key not in part:
            part[key] = html
            self.dirty.add(number)

    def save(self, keep: set[str] | None = None, gone: set[str] | None = None) -> None:
        """Write the shards this build added to. With `keep` (the keys of every text that still
        exists), entries not in it are dropped from those shards and from the shards of `gone`
        (keys of texts that changed or went); `gone=None`: from every shard."""
        if not self.folder:
            return
        touched = set(self.dirty)
        if keep is not None and not self.shared:
            numbers = range(self.SHARDS) if gone is None else {self.shard(key) for key in gone if key not in keep}
            for number in numbers:
                part = self.part(number)
                stale = [key for key in part if key not in keep]
                for key in stale:
                    del part[key]
                if stale:
                    touched.add(number)
        if not touched:
            return
        from .filesystem import write_atomically

        self.folder.mkdir(parents=True, exist_ok=True)
        for number in sorted(touched):
            data = json.dumps(self.loaded[number], ensure_ascii=False, sort_keys=True).encode("utf-8")
            write_atomically(self.folder / f"{number:02d}.json", data)
        self.dirty.clear()


class _Shards:
    """`cache.entries`: the read side of a MarkdownCache (the parse workers' `get`)."""

    def __init__(self, cache: MarkdownCache):
        self.cache = cache

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.cache.part(MarkdownCache.shard(key)).get(key, default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self.cache.part(MarkdownCache.shard(key))
