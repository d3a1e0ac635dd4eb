"""The parse memo kept between CLI builds: unchanged files are not read or parsed again.

The preview server keeps a `ParseMemo` in memory; a CLI build keeps the same in the cache
folder. A file's entry is reused when its (mtime, size) are the ones it was parsed with.
What a Markdown file becomes also depends on the files it may show or link to (the
content gate's decisions), the code and the site's base path: the memo is dropped as a
whole when any of those changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from .parsing import Parsed, ParseMemo

VERSION = "memo-5"  # 3: parses carry what the loader derived from them; 4: and their links to pages; 5: models as objects
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
        entries.update(_read(cache_dir, number, key) or {})
    return ParseMemo(entries, fresh=True)


def _read(cache_dir: Path, number: int, key: str) -> dict[str, Any] | None:
    try:
        with (_folder(cache_dir) / f"{number:02d}.pickle").open("rb") as handle:
            saved_key, shard = pickle.load(handle)  # noqa: S301 - our own cache folder, written by this build
    except Exception:  # noqa: BLE001 - a missing or corrupt shard is an empty one
        return None
    return shard if saved_key == key else None  # type: ignore[no-any-return]


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
        entries = _as_read(cache_dir, number, key, shards[number], before) if memo.fresh else shards[number]
        data = pickle.dumps((key, {path: _models_unpacked(entries[path]) for path in sorted(entries)}), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomically(_folder(cache_dir) / f"{number:02d}.pickle", data)


def _as_read(cache_dir: Path, number: int, key: str, entries: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    """The entries of a shard with the parses this build took from the memo as they were read
    (the loader changed the models in them: dates set in the region's zone, embargoes shared),
    and what this build added to them (`derived` results it worked out). A parse the shard no
    longer holds as read is left out: that file is parsed again next time."""
    read = _read(cache_dir, number, key) or {}
    out: dict[str, Any] = {}
    for path, known in entries.items():
        if before.get(path) is not known:
            out[path] = known  # parsed by this build: its models are blobs (Loader._validate)
            continue
        original = read.get(path)
        if original is None or original[0] != known[0]:
            continue
        for slot, value in known[1].derived.items():
            original[1].derived.setdefault(slot, value)
        out[path] = original
    return out


def _models_unpacked(entry: tuple[tuple[int, int], Parsed]) -> tuple[tuple[int, int], Parsed]:
    """The entry with every validated model as an object, not a blob: the next build reads them
    with the shard (one pickle; ~0.016 s less at 1000×3 than 4700 small ones)."""
    stat, parsed = entry
    blobs = {slot: value for slot, value in parsed.derived.items() if slot[0] == "validate" and isinstance(value[0], bytes)}
    if not blobs:
        return entry
    copy = dataclasses.replace(parsed)
    copy.derived = {**parsed.derived, **{slot: (pickle.loads(blob), logged) for slot, (blob, logged) in blobs.items()}}  # noqa: S301 - made by this build
    return stat, copy
