"""When a build may use every core: a fork pool, only from a process with no other thread.

Forking copies only the calling thread; a lock another thread held at that moment (the
preview server's HTTP threads and file watcher, logging, a C library) stays locked forever in
the child, so the pool could hang. A process with other threads parses and renders in-process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.pool import Pool

WORKERS_VARIABLE = "HOMEWARD_WORKERS"


def cores() -> int:
    """The processes a build may use: HOMEWARD_WORKERS (a CI runner or a machine shared with other
    jobs, like `make -j`), else every core."""
    wanted = os.environ.get(WORKERS_VARIABLE, "").strip()
    if not wanted:
        return os.cpu_count() or 1
    if not wanted.isdigit() or int(wanted) < 1:
        raise SystemExit(f"{WORKERS_VARIABLE}={wanted!r}: write a whole number of processes, 1 or more, or unset it to use every core")
    return int(wanted)


def workers(jobs: int, threshold: int, wanted: int = 0) -> int:
    """How many processes to use for `jobs` pieces of work: 1 below `threshold`, on one core,
    or wherever forking is unsafe."""
    count = wanted or cores()
    if count <= 1 or jobs < threshold or threading.active_count() > 1 or not hasattr(os, "fork"):
        return 1
    return count


def fork_pool(count: int) -> Pool:
    """Workers that inherit the parent's memory (the Jinja environment, the Markdown cache),
    and end with their build (filesystem.die_with_parent)."""
    from .filesystem import die_with_parent

    assert threading.active_count() == 1, "never fork from a process with other threads"
    return multiprocessing.get_context("fork").Pool(count, initializer=die_with_parent)
