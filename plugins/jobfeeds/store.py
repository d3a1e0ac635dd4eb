"""The job boards' responses on disk, and when each source was last fetched.

`<fetched>/jobs/<source>/` holds the responses (JSON, sorted keys, so the same data is the
same bytes and the build's fingerprint only changes when an ad does). A file is rewritten
only when its content changed. `jobs-state.json` in the cache folder holds fetch times
and the NAV feed's cursor: they change at every refresh and are not an input of the pages.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def write_json(path: Path, data: Any) -> bool:
    """Write atomically, and only when the bytes differ; True when the file changed."""
    text = dumps(data)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def replace_folder(target: Path, staged: Path) -> None:
    """Swap a fully written `staged` folder in for `target` (two renames)."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    staged.rename(target)
    shutil.rmtree(old, ignore_errors=True)


class State:
    """Per source: `fetched_at` (last complete fetch), `attempted_at`, `error`, and a cursor."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.data: dict[str, dict[str, Any]] = read_json(path)
        except (OSError, ValueError):
            self.data = {}

    def of(self, name: str) -> dict[str, Any]:
        return self.data.setdefault(name, {})

    def fetched_at(self, name: str) -> datetime | None:
        value = self.data.get(name, {}).get("fetched_at")
        return datetime.fromisoformat(value) if value else None

    def save(self) -> None:
        write_json(self.path, self.data)
