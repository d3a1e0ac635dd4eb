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
from collections.abc import Callable
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
            saved_key, shard = _read(_folder(cache_dir) / f"{number:02d}.pickle")
        except Exception:  # noqa: BLE001, S112 - a missing or corrupt shard is an empty one
            continue
        if saved_key == key:
            entries.update(shard)
    return ParseMemo(entries)


# The build server (buildserver.py) reads the shards again after each build it served, while the
# person edits, so the forked child of the next build finds them unpickled (~0.08 s of an edit
# build at 1000×3). Each is kept with the identity of the file it was read from (device, inode,
# size, modification and change times): a shard written since, by any build, is read again. The
# child's copies are its own (copy on write), so what a build changes never reaches the next.
_WARM: dict[str, tuple[tuple[int, ...], Any]] = {}
# Set by the build server in its child: told the cache folder once the memo is saved.
on_saved: Callable[[Path], None] | None = None


def _identity(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _read(path: Path) -> Any:
    known = _WARM.get(str(path))
    if known is not None and known[0] == _identity(os.stat(path)):
        return known[1]
    with path.open("rb") as handle:
        return pickle.load(handle)  # noqa: S301 - our own cache folder, written by this build


# The validated models the shards hold as pickles (loader.Loader._validate), unpickled by the build
# server too: by the id of their pickle, which the shard kept in memory holds.
_MODELS: dict[int, tuple[bytes, Any]] = {}


def warm(cache_dir: Path, stop: Callable[[], bool] | None = None) -> None:
    """Read every shard of `cache_dir` into memory, and unpickle the validated models of the core
    it holds (the build server, between builds). `stop`: asked between shards, True ends the
    reading early (a standby whose content changed builds at once; what it read is used)."""
    _WARM.clear()
    _MODELS.clear()
    for number in range(SHARDS):
        if stop is not None and stop():
            return
        path = _folder(cache_dir) / f"{number:02d}.pickle"
        try:
            with path.open("rb") as handle:
                identity = _identity(os.fstat(handle.fileno()))  # of exactly the file read
                _WARM[str(path)] = (identity, pickle.load(handle))  # noqa: S301 - as load()
        except Exception:  # noqa: BLE001, S112 - as load(): read by the build then
            continue
    for _identity_of, (_key, shard) in _WARM.values():
        if stop is not None and stop():
            return
        for _stat, parsed in shard.values():
            for slot, value in getattr(parsed, "derived", {}).items():
                # Only the core's models: a plugin's classes are the ones Pelican loads in the build.
                if slot[0] == "validate" and str(slot[2]).startswith("homeward.") and isinstance(value[0], bytes):
                    try:
                        _MODELS[id(value[0])] = (value[0], pickle.loads(value[0]))  # noqa: S301 - as load()
                    except Exception:  # noqa: BLE001, S112 - the build unpickles it, and says why
                        continue


def model_of(blob: bytes) -> Any:
    """The model pickled in `blob`, a copy of its own for the build: the build server's, made in
    advance (the child's memory is its own), the first time it is asked for; else unpickled now."""
    known = _MODELS.pop(id(blob), None)
    if known is not None and known[0] is blob:
        return known[1]
    return pickle.loads(blob)  # noqa: S301 - made by this build or an earlier one, kept in our cache


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
    if on_saved is not None:
        on_saved(cache_dir)
