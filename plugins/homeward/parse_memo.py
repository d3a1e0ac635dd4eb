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

VERSION = "memo-4"  # 3: parses carry what the loader derived from them; 4: and their links to pages
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


SHARDS = 32  # a build after a one-file edit rewrites one shard (~0.5 MB at 1000×3), not 18 MB


def _shard(path: str) -> int:
    return int(hashlib.sha1(path.encode("utf-8", "surrogateescape")).hexdigest()[:4], 16) % SHARDS


def _folder(cache_dir: Path) -> Path:
    return cache_dir / VERSION


def load(cache_dir: Path, key: str) -> ParseMemo:
    """The entries saved under `key` (a shard saved under another key is left out)."""
    entries: dict[str, Any] = {}
    for number in range(SHARDS):
        try:
            with (_folder(cache_dir) / f"{number:02d}.pickle").open("rb") as handle:
                saved_key, shard = pickle.load(handle)  # noqa: S301 - our own cache folder, written by this build
        except Exception:  # noqa: BLE001, S112 - a missing or corrupt shard is an empty one
            continue
        if saved_key == key:
            entries.update(shard)
    return ParseMemo(entries)


def save(cache_dir: Path, key: str, memo: ParseMemo, before: dict[str, Any], keep: set[str]) -> None:
    """Write the shards whose entries differ from what was loaded (`before`); only files
    that still exist (`keep`) are kept."""
    from .filesystem import write_atomically

    shards: list[dict[str, Any]] = [{} for _ in range(SHARDS)]
    dirty: set[int] = {_shard(path) for path in set(before) - keep}
    dirty |= {_shard(path) for path in memo.touched & keep}  # derived results added to a kept parse
    memo.touched.clear()
    for path in keep:
        known = memo.entries.get(path)
        if known is None:
            continue
        number = _shard(path)
        shards[number][path] = known
        if before.get(path) is not known:
            dirty.add(number)
            known[1].markdown_html = None  # in the Markdown cache already
    _folder(cache_dir).mkdir(parents=True, exist_ok=True)
    for number in sorted(dirty):
        data = pickle.dumps((key, dict(sorted(shards[number].items()))), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomically(_folder(cache_dir) / f"{number:02d}.pickle", data)
