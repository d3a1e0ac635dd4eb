"""Markdown to HTML, once per source text: one reused parser and a content-hash cache.

Pelican builds a new `Markdown` object per file and re-reads every file on every build;
here the parser is reused (`reset()`) and results are cached by the SHA-1 of the text.
`parsing.parse_all` runs the conversions on every core. What Markdown makes is not yet fit
for a page: `trust.html` judges and cleans it, then `add_heading_ids` names the headings.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from functools import lru_cache
from html import unescape
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from slugify import slugify

CACHE_VERSION = "md-3"


# Extensions are chosen for what communicators write (tables, lists that start where they
# say). Python-Markdown's `toc` and `attr_list` cost a quarter of the parse time; heading
# ids come from `add_heading_ids` instead. Passages in another language are written as
# raw HTML: <span lang="sv">…</span>.
EXTENSIONS = ["tables", "sane_lists"]

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
    return markdown.Markdown(extensions=[*EXTENSIONS, _Alignment()], output_format="html")


_parser: markdown.Markdown | None = None


def to_html(text: str) -> str:
    """Convert one Markdown text with the process's reused parser (raw HTML passes as written)."""
    global _parser
    if _parser is None:
        _parser = _new_parser()
    return _parser.reset().convert(text)


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class MarkdownCache:
    """HTML by content hash, persisted between builds in the cache folder."""

    def __init__(self, folder: Path | None):
        self.path = folder / f"{CACHE_VERSION}.pickle" if folder else None
        self.entries: dict[str, str] = {}
        self.dirty = False
        if self.path and self.path.exists():
            try:
                with self.path.open("rb") as handle:
                    self.entries = pickle.load(handle)
            except Exception:  # a corrupt cache is just a cold cache
                self.entries = {}

    def add(self, key: str, html: str) -> None:
        if key not in self.entries:
            self.entries[key] = html
            self.dirty = True

    def save(self, keep: set[str] | None = None) -> None:
        if not self.path or not self.dirty:
            return
        if keep is not None:
            self.entries = {k: v for k, v in self.entries.items() if k in keep}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(self.entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(self.path)
