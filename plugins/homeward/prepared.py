"""Prepared builds: the build server starts the next build when content is saved, and finishes it
when `build` is asked.

Why: most of an edit build (~0.9 s at 1000 articles x 3 languages: loading, routes, the plan, the
staged pages) happens before a byte of the output is touched, and a person who saves a file and
then types `invoke build` leaves a second or more in between. So after each build it serves, the
build server (buildserver.py) forks a *standby* child for the same command (arguments, folder,
environment, umask). It waits for a change in content/ or in the settings file (inotify); on one it
runs the build as far as `hold` — everything staged, nothing of the output changed, the output's
lock released — and waits for the request.

When `build` is asked with the same command, the server hands the standby the client's terminal.
The standby takes the lock again and checks that nothing the build read has changed since it began:
the fingerprint a build with nothing to do trusts (freshness.py: every file under content/, the
theme, the plugins, the settings file, the git commit, HOMEWARD_*/SITEURL variables, the options),
the fetched data, the output folder and its manifest, its own staging folder, and the clock (no
embargo lifted, no event or job went past since: `next_change`). Only then does it apply the staged
files, show what the build said meanwhile (warnings, timings) and its summary, timed from the
request. Anything else — another command, a change since, a standby that saw no change yet — and
it declines: the server builds as always. A change while it waits makes it start again.

Nothing here runs outside a standby child: `hold` returns at once in every other build.
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import socket
import struct
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# inotify(7): what wakes a standby. Writes (a save), attributes (touch), and entries made, moved or removed.
_IN_MODIFY, _IN_ATTRIB, _IN_CLOSE_WRITE = 0x2, 0x4, 0x8
_IN_MOVED_FROM, _IN_MOVED_TO, _IN_CREATE, _IN_DELETE = 0x40, 0x80, 0x100, 0x200
_IN_DELETE_SELF, _IN_MOVE_SELF, _IN_Q_OVERFLOW, _IN_ISDIR = 0x400, 0x800, 0x4000, 0x40000000
_MASK = _IN_MODIFY | _IN_ATTRIB | _IN_CLOSE_WRITE | _IN_MOVED_FROM | _IN_MOVED_TO | _IN_CREATE | _IN_DELETE | _IN_DELETE_SELF | _IN_MOVE_SELF
_IN_NONBLOCK, _IN_CLOEXEC = 0o4000, 0o2000000
_EVENT = struct.Struct("iIII")  # wd, mask, cookie, len (then the name, padded)


class Watch:
    """Changes under folders (recursively, new folders included) and to single files, as a file
    descriptor `select` can wait on: no thread, so the standby may fork render workers."""

    def __init__(self, folders: list[str], files: list[str]):
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self.trees: dict[int, str] = {}
        self.files: dict[int, set[str]] = {}  # folder watch → the names in it that count
        for folder in folders:
            self._add_tree(folder)
        for path in files:
            wd = self._add(os.path.dirname(path) or ".")
            self.files.setdefault(wd, set()).add(os.path.basename(path))

    def fileno(self) -> int:
        return self.fd

    def _add(self, folder: str) -> int:
        wd = self.libc.inotify_add_watch(self.fd, os.fsencode(folder), _MASK)
        if wd < 0:
            raise OSError(ctypes.get_errno(), f"inotify_add_watch {folder} failed")
        return wd

    def _add_tree(self, root: str) -> None:
        for folder, _dirs, _files in os.walk(root, followlinks=True):
            self.trees[self._add(folder)] = folder

    def changed(self) -> bool:
        """Read what is pending; True when any of it counts (folders made meanwhile are watched too)."""
        counts = False
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return counts
            offset = 0
            while offset < len(data):
                wd, mask, _cookie, size = _EVENT.unpack_from(data, offset)
                name = data[offset + _EVENT.size : offset + _EVENT.size + size].rstrip(b"\0").decode("utf-8", "surrogateescape")
                offset += _EVENT.size + size
                if mask & _IN_Q_OVERFLOW or wd in self.trees:
                    counts = True
                    if mask & _IN_ISDIR and mask & (_IN_CREATE | _IN_MOVED_TO) and wd in self.trees:
                        try:
                            self._add_tree(os.path.join(self.trees[wd], name))
                        except OSError:
                            pass  # gone again, or out of watches: the fingerprint still sees it
                elif name in self.files.get(wd, ()):
                    counts = True

    def settle(self, quiet: float = 0.02, longest: float = 2.0) -> None:
        """Wait until nothing changed for `quiet` seconds (an editor's save is several events)."""
        deadline = time.monotonic() + longest
        while time.monotonic() < deadline and select.select([self.fd], [], [], quiet)[0]:
            self.changed()

    def close(self) -> None:
        os.close(self.fd)


@dataclass
class Standby:
    """What the build server gave its standby child: the channel to it and the watch."""

    channel: socket.socket
    watch: Watch

    def tell(self, message: str) -> None:
        try:
            self.channel.sendall(json.dumps({"standby": message}).encode() + b"\n")
        except OSError:
            pass  # the server is gone; this child ends with it

    def receive(self) -> list[int] | None:
        """The client's file descriptors 0/1/2, or None when the server is gone."""
        try:
            _data, fds, _flags, _addr = socket.recv_fds(self.channel, 8, 3)
        except OSError:
            return None
        return fds if len(fds) == 3 else None


_STANDBY: Standby | None = None
# Set by the build server in the child of a build: told what a standby for the same command watches.
on_settings: Callable[[dict[str, Any]], None] | None = None


def standing_by() -> bool:
    return _STANDBY is not None


def watched(settings: dict[str, Any]) -> dict[str, list[str]]:
    """What a standby watches: content/, the settings file and what it imported (the theme, the plugins and the rest
    are in the fingerprint it checks: a change there is seen when the build is asked, not before)."""
    settings_file = settings.get("HOMEWARD_SETTINGS_PATH")
    files = ([str(settings_file)] if settings_file else []) + list(settings.get("HOMEWARD_SETTINGS_IMPORTS", []))
    return {"folders": [str(settings["PATH"])], "files": files}


def wait_for_change(standby: Standby) -> bool:
    """Before a build: True when content changed, False when the build was asked first (declined:
    nothing was prepared, the server builds)."""
    while True:
        ready = select.select([standby.channel, standby.watch], [], [])[0]
        if standby.watch in ready and standby.watch.changed():
            standby.watch.settle()
            return True
        if standby.channel in ready:
            return False


@dataclass
class Held:
    """What a prepared build must find unchanged when it is asked for (see the module's docstring)."""

    fingerprint: Callable[[], str]
    stamp: str
    fetched: Callable[[], str]
    identity: Callable[[], Any]
    next_change: Any
    now: Callable[[], Any]
    release: Callable[[], None]  # the output's lock, while the standby waits
    reacquire: Callable[[], None]


def hold(held: Held) -> float | None:
    """In a standby: wait for the request and return when it is the client's build to finish (the
    time it was asked); end this process when it is not. Anywhere else: None at once."""
    standby = _STANDBY
    if standby is None:
        return None
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    fetched, identity = held.fetched(), held.identity()
    held.release()
    standby.tell("ready")
    while True:
        ready = select.select([standby.channel, standby.watch], [], [])[0]
        if standby.watch in ready and standby.watch.changed():
            standby.watch.settle()
            if held.fingerprint() != held.stamp:  # changed since the build began: begin again
                standby.tell("restart")
                os._exit(0)
            continue
        if standby.channel in ready:
            break
    stdio = standby.receive()
    if stdio is None:
        os._exit(0)
    asked = time.perf_counter()
    held.reacquire()
    current = (
        held.fingerprint() == held.stamp
        and held.fetched() == fetched
        and held.identity() == identity
        and (held.next_change is None or held.now() < held.next_change)
    )
    if not current:
        standby.tell("declined")
        os._exit(0)
    standby.tell("taken")
    _hand_over(stdio)
    return asked


def _hand_over(stdio: list[int]) -> None:
    """What the build printed so far goes to the client's terminal, then the client's 0/1/2 become ours."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    for own, theirs in ((2, stdio[2]), (1, stdio[1])):
        os.lseek(own, 0, os.SEEK_SET)
        while chunk := os.read(own, 1 << 16):
            view = memoryview(chunk)
            while view:
                view = view[os.write(theirs, view) :]
    for target, fd in enumerate(stdio):
        os.dup2(fd, target)
    for fd in set(stdio) - {0, 1, 2}:
        os.close(fd)
    sys.stdout.reconfigure(line_buffering=os.isatty(1))  # type: ignore[union-attr] (as Python sets it at start)


def output_identity(output: Path, manifest: Path | None, staging: Path, journal: Path) -> tuple[Any, ...]:
    """The output folder, its manifest and the staging folder, as the standby left them (another
    build in between changes at least one), and whether an in-place change is half done."""

    def of(path: Path | None) -> tuple[int, ...] | None:
        try:
            st = os.stat(path) if path is not None else None
        except OSError:
            return None
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) if st is not None else None

    return of(output), of(manifest), of(staging), journal.exists()


def start(channel: socket.socket, watch: dict[str, list[str]]) -> Standby | None:
    """In the standby child: the watch, made before it waits (None when inotify cannot watch)."""
    global _STANDBY
    try:
        _STANDBY = Standby(channel, Watch(watch["folders"], watch["files"]))
    except OSError:
        return None
    return _STANDBY


def memory_file(name: str) -> int:
    """Where the standby's output goes until the client's terminal is there."""
    return os.memfd_create(name, os.MFD_CLOEXEC)
