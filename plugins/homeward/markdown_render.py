"""Markdown to HTML, once per source text: one reused parser, a content-hash cache, two cores.

Pelican builds a new `Markdown` object per file and re-reads every file on every build;
here the parser is reused (`reset()`), results are cached by the SHA-1 of the text, and
large uncached batches are converted in a process pool.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import re
from collections.abc import Iterable
from functools import lru_cache
from html import unescape
from pathlib import Path

import markdown
from slugify import slugify

CACHE_VERSION = "md-2"
PARALLEL_THRESHOLD = 300


# Extensions are chosen for what communicators write (tables, lists that start where they
# say). Python-Markdown's `toc` and `attr_list` cost a quarter of the parse time; heading
# ids come from `_add_heading_ids` instead. Passages in another language are written as
# raw HTML: <span lang="sv">…</span>.
EXTENSIONS = ["tables", "sane_lists"]

_HEADING = re.compile(r"<h([2-6])>(.*?)</h\1>", re.S)
_TAGS = re.compile(r"<[^>]+>")


@lru_cache(maxsize=8192)
def _heading_slug(inner_html: str) -> str:
    """Headings recur ("Slik går du fram", "Contact"): python-slugify runs once per text."""
    return slugify(unescape(_TAGS.sub("", inner_html))) or "section"


def _add_heading_ids(html: str) -> str:
    """`<h2>Slik går du fram</h2>` → `<h2 id="slik-gar-du-fram">…`, unique within the page."""
    seen: dict[str, int] = {}

    def replace(match: re.Match[str]) -> str:
        base = _heading_slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        ident = base if count == 0 else f"{base}-{count}"
        return f'<h{match.group(1)} id="{ident}">{match.group(2)}</h{match.group(1)}>'

    return _HEADING.sub(replace, html)


def _new_parser() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, output_format="html")


_parser: markdown.Markdown | None = None


def to_html(text: str) -> str:
    """Convert one Markdown text with the process's reused parser."""
    global _parser
    if _parser is None:
        _parser = _new_parser()
    return _add_heading_ids(_parser.reset().convert(text))


def _convert_batch(texts: list[str]) -> list[str]:
    return [to_html(t) for t in texts]


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

    def convert_all(self, texts: Iterable[str], workers: int = 0) -> list[str]:
        """Convert texts, in order; only the ones not seen before are parsed."""
        texts = list(texts)
        keys = [text_key(t) for t in texts]
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in self.entries:
                missing.setdefault(key, text)
        if missing:
            todo_keys = list(missing)
            todo = [missing[k] for k in todo_keys]
            workers = workers or (os.cpu_count() or 1)
            if workers > 1 and len(todo) >= PARALLEL_THRESHOLD:
                size = (len(todo) + workers * 4 - 1) // (workers * 4)
                chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
                with multiprocessing.get_context("fork").Pool(workers) as pool:
                    results = [h for batch in pool.map(_convert_batch, chunks) for h in batch]
            else:
                results = _convert_batch(todo)
            self.entries.update(zip(todo_keys, results, strict=True))
            self.dirty = True
        return [self.entries[k] for k in keys]

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
