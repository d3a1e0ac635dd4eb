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
from collections.abc import Iterable
from pathlib import Path

import markdown
from slugify import slugify

CACHE_VERSION = "md-1"
PARALLEL_THRESHOLD = 300


def _slug_id(value: str, separator: str) -> str:
    return slugify(value, separator=separator) or "section"


def _new_parser() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["extra", "sane_lists", "toc"],
        extension_configs={"toc": {"slugify": _slug_id, "permalink": False}},
        output_format="html",
    )


_parser: markdown.Markdown | None = None


def to_html(text: str) -> str:
    """Convert one Markdown text with the process's reused parser."""
    global _parser
    if _parser is None:
        _parser = _new_parser()
    html = _parser.reset().convert(text)
    return html


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
