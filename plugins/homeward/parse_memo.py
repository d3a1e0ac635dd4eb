"""The parse memo kept between CLI builds: unchanged files are not read or parsed again.

The preview server keeps a `ParseMemo` in memory; a CLI build keeps the same in the cache
folder. A file's entry is reused when its (mtime, size) are the ones it was parsed with.
What a Markdown file becomes also depends on the files it may show or link to (the
content gate's decisions), the code and the site's base path: the memo is dropped as a
whole when any of those changed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from .parsing import ParseMemo

VERSION = "memo-1"
TEXT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")


def memo_key(content: Path, code: str, base: str) -> str:
    """Code, base path, and every content file that is not a text the memo holds."""
    digest = hashlib.sha1(f"{VERSION}\0{code}\0{base}\0{content}\n".encode())
    for folder, dirs, files in os.walk(content):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(TEXT_SUFFIXES):
                continue
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except OSError:
                st = os.lstat(path)
            digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _path(cache_dir: Path) -> Path:
    return cache_dir / f"{VERSION}.pickle"


def load(cache_dir: Path, key: str) -> ParseMemo:
    """The memo saved under `key`, or an empty one."""
    try:
        with _path(cache_dir).open("rb") as handle:
            saved_key, entries = pickle.load(handle)
    except Exception:  # noqa: BLE001 - a missing or corrupt memo is an empty memo
        return ParseMemo()
    return ParseMemo(entries) if saved_key == key else ParseMemo()


def save(cache_dir: Path, key: str, memo: ParseMemo, keep: Any) -> None:
    """Keep the entries of files that still exist (`keep`: their paths)."""
    from .filesystem import write_atomically

    entries = {path: known for path, known in memo.entries.items() if path in keep}
    for _stat, parsed in entries.values():
        parsed.markdown_html = None  # in the Markdown cache already
    write_atomically(_path(cache_dir), pickle.dumps((key, entries), protocol=pickle.HIGHEST_PROTOCOL))
