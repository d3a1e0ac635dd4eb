"""One build shared by the pytest-xdist workers of a test session.

A module-scoped fixture runs once per worker, so under `-n 2` an expensive build of special
content would be made twice. Here the first worker to arrive builds while holding a lock
file in the session's shared temp folder; the other reads the result (pytest-xdist's
documented pattern, with `fcntl` instead of the `filelock` package).
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Build


def built_once(tmp_path_factory: pytest.TempPathFactory, worker_id: str, name: str, make: Callable[[Path], Build]) -> Build:
    """`make(folder)` once per session; every worker gets the same `Build`."""
    if worker_id == "master":  # not distributed: the temp folder's parent is shared by sessions
        return make(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent / f"shared-{name}"
    root.mkdir(exist_ok=True)
    with open(root / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state = root / "build.json"
        if state.exists():
            data = json.loads(state.read_text())
            return Build(data["returncode"], data["stdout"], data["stderr"], Path(data["output"]))
        build = make(root)
        state.write_text(json.dumps({"returncode": build.returncode, "stdout": build.stdout, "stderr": build.stderr, "output": str(build.output)}))
        return build
