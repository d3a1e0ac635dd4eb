"""A build server for `python -m homeward build --server`, the way Gradle's daemon serves `gradle`.

Why: before a build reads one file, the interpreter spends ~0.3 s of CPU importing Pelican,
pydantic (and our models), Jinja, Markdown, Babel, lxml, PIL... A one-file edit build at
1000 articles x 3 languages takes ~1.1 s, so that is a quarter of it. The server imports all of
that once, then forks a fresh child per build. The child is a real `python -m homeward` run:
the client's argv, environment (TZ re-read), umask, working folder, sys.path, and its very file
descriptors 0/1/2 (passed over the socket), so it writes straight to the user's terminal and its
exit status (or the signal that ended it) becomes the client's. Only its imports were done
before the fork; nothing a build does reaches the next one (each starts from the never-built server).

Lifecycle: `__main__.py` asks `build_through_server` before it imports the command line
(`import homeward` stays cheap). With no server answering, the client builds in its own process
as always and starts a detached server (new session, output to a log next to the socket) for the
next build, saying so in one line on stderr. The server ends after 15 idle minutes
(HOMEWARD_BUILD_SERVER_IDLE seconds), when its socket file is removed or replaced, and when the
code it imported changed: it records a fingerprint of that code at start (the mtimes and sizes
of the homeward package's and its sibling plugin folders' files, the Python executable, the
folders on sys.path) and compares it before every build; if it differs, the client builds itself
and starts a new server. Only with `--server` or HOMEWARD_BUILD_SERVER=1, never with CI set or
HOMEWARD_BUILD_SERVER=0. One build at a time: a second client waits in the socket's queue (builds
of one checkout mostly share an output folder and its lock, and building itself would pay the
imports the server is there to save).

Security: the socket lives in a folder only this user can enter ($XDG_RUNTIME_DIR/homeward or
/tmp/homeward-UID, mode 0700, checked to be ours and not a symlink); the server serves only a
peer of its own uid (SO_PEERCRED), and the client hands its terminal only to a server of its own uid.
The socket's name is a hash of what decides which code runs (Python executable and flags,
sys.path, the homeward package's folder, PYTHON*/LANG/LC_* variables), so one checkout and venv
never talks to another's server.

Prepared builds (prepared.py): after each build it served, before the client hears it is done,
the server forks a standby for the same command, which watches content/ and the settings file.
On a save it builds as far as everything staged and waits; a request for the same command is
handed to it, and it finishes only after checking that nothing it read has changed (else the
server builds as always). `Standbys` keeps the one standby; HOMEWARD_PREPARE=0 in the build's
environment turns it off.

tests/buildserver.py (the test suite's server) becomes a build in a child with `become` too.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import struct
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
IDLE_SECONDS = 15 * 60
# What `python -m homeward build` imports anyway: our core and the libraries (also those the plugins
# use). Not the plugins themselves: Pelican loads those from the settings' PLUGIN_PATHS, which may be
# another checkout's, and takes a module of the same name from sys.modules if one is there.
PRELOAD = (
    "homeward.cli", "homeward.build", "pelican", "pelican.generators", "pelican.readers", "pelican.writers",
    "pelican.settings", "markdown", "jinja2", "babel.dates", "babel.numbers", "babel.support", "pydantic",
    "yaml", "slugify", "lxml.html", "nh3", "PIL.Image", "icalendar", "phonenumbers", "feedgenerator",
    "tinycss2", "rcssmin", "filelock", "weasyprint", "httpx", "docutils.core", "docutils.writers.html4css1",
    # imported during a build (sys.modules after a build of the sample, less the plugins and the settings)
    "homeward.commands", "homeward.prepared", "homeward.facets", "homeward.fileformat", "homeward.generator", "homeward.model.safe_html",
    "homeward.schema", "pelican.plugins.i18n_subsites", "babel.messages.pofile", "babel.messages.mofile",
    "concurrent.futures.thread", "multiprocessing.popen_fork", "multiprocessing.queues", "multiprocessing.synchronize",
    "jinja2.ext", "_strptime", "phonenumbers.data.region_NO", "PIL.JpegImagePlugin", "PIL.PngImagePlugin",
    "PIL.BmpImagePlugin", "PIL.GifImagePlugin", "PIL.PpmImagePlugin",
)
_IN_CHILD = False  # set in a served build: its own `--server` must not ask a server again


def wanted(args: list[str], environ: os._Environ[str] | dict[str, str]) -> bool:
    """A build asks a server only when told to, and never in CI or when switched off."""
    if _IN_CHILD or not args or args[0] != "build" or environ.get("CI") or environ.get("HOMEWARD_BUILD_SERVER") == "0":
        return False
    return "--server" in args or environ.get("HOMEWARD_BUILD_SERVER") == "1"


# --- where the socket is ------------------------------------------------------------------------


def runtime_folder() -> Path | None:
    """This user's private folder for sockets, or None when it is not safely ours."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    folder = Path(base) / "homeward" if base and os.path.isdir(base) else Path("/tmp") / f"homeward-{os.getuid()}"  # noqa: S108
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return None
    import stat

    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None  # a symlink or someone else's folder: no server rather than a borrowed one
    return folder


def server_key() -> str:
    """What decides which code a build runs: one server per checkout, venv and interpreter setup."""
    env = sorted((k, v) for k, v in os.environ.items() if k.startswith(("PYTHON", "LC_")) or k == "LANG")
    key = [sys.executable, str(PACKAGE), sys.path[1:], repr(sys.flags), sorted(sys._xoptions.items()), env]
    return hashlib.sha256(json.dumps(key, default=str).encode()).hexdigest()[:20]


def socket_path() -> Path | None:
    """None when there is no safe folder, or its path is too long for a socket (108 bytes on Linux)."""
    folder = runtime_folder()
    path = folder / f"{server_key()}.sock" if folder else None
    return path if path and len(os.fsencode(path)) + 12 < 108 else None  # + the temporary name's suffix


def fingerprint() -> str:
    """The code this process runs, cheaply (~0.5 ms): a change means a served build would run stale code."""
    parts: list[Any] = [sys.executable, _stat(sys.executable), sys.path[1:]]
    roots = [PACKAGE.parent] if PACKAGE.parent.name not in ("site-packages", "dist-packages") else [PACKAGE]
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
            parts.extend((folder, name, _stat(os.path.join(folder, name))) for name in sorted(files) if name.endswith((".py", ".so", ".pth")))
    for entry in sys.path[1:]:
        parts.append((entry, _stat(entry)))  # a folder's mtime changes when pip adds or removes a package
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _stat(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


# --- the client -----------------------------------------------------------------------------------


def build_through_server(args: list[str]) -> int | None:
    """The build's exit status from a server, or None: build in this process (a server is started)."""
    path = socket_path()
    if path is None:
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(str(path))
    except OSError:
        sock.close()
        start_server(path, "started a build server so the next builds start faster")
        return None
    with sock:
        if _peer_uid(sock) != os.getuid():
            return None
        umask = os.umask(0)
        os.umask(umask)
        request = {"args": args, "env": dict(os.environ), "cwd": os.getcwd(), "umask": umask, "path": sys.path}
        body = json.dumps(request).encode()
        try:
            socket.send_fds(sock, [struct.pack("!Q", len(body))], [0, 1, 2])
            sock.sendall(body)
        except OSError:
            return None
        return _await_build(sock, path)


def _await_build(sock: socket.socket, path: Path) -> int | None:
    replies = sock.makefile("r", encoding="utf-8")
    first = _reply(replies)
    if first is None:  # the server ended before it started this build (idle or stale): nothing ran
        return None
    if first.get("stale"):
        start_server(path, "the build server ran older code; this build runs here and a new server starts")
        return None
    pid = first["pid"]

    def forward(signum: int, _frame: Any) -> None:  # Ctrl-C reaches the build and its workers
        try:
            os.killpg(pid, signum)
        except OSError:
            pass

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    last = _reply(replies)
    if last is None:
        print("homeward: the build server stopped during the build (see its log next to " f"{path})", file=sys.stderr)
        return 1
    status = last["status"]
    if status < 0:  # ended by a signal: end the same way, as a direct build would have
        signal.signal(-status, signal.SIG_DFL)
        os.kill(os.getpid(), -status)
    return status


def _reply(replies: Any) -> dict[str, Any] | None:
    try:
        line = replies.readline()
    except OSError:
        return None
    return json.loads(line) if line else None


def _peer_uid(sock: socket.socket) -> int:
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", creds)[1]


def start_server(path: Path, why: str) -> None:
    """A detached server for the next build, with this interpreter, its flags, folder and environment."""
    import subprocess

    log = path.with_suffix(".log")
    try:
        fresh = log.stat().st_size > 1 << 20  # a line per build: started afresh now and then
    except OSError:
        fresh = True
    with open(log, "wb" if fresh else "ab") as out:
        subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, *subprocess._args_from_interpreter_flags(), "-m", "homeward.buildserver", str(path)],  # type: ignore[attr-defined]
            stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True, close_fds=True,
        )
    idle = int(os.environ.get("HOMEWARD_BUILD_SERVER_IDLE", IDLE_SECONDS))
    print(f"homeward: {why} (it stops after {idle // 60 or idle} idle {'minutes' if idle >= 60 else 'seconds'}; HOMEWARD_BUILD_SERVER=0 turns it off)", file=sys.stderr)


# --- the child: one build -------------------------------------------------------------------------


def become(request: dict[str, Any], stdio: tuple[int, int, int]) -> None:
    """In a forked child: become `python -m homeward ARGS` with the request's folder, environment,
    umask and sys.path, on the given file descriptors 0/1/2; never returns (the exit status is the build's)."""
    global _IN_CHILD
    import runpy
    import time
    import traceback

    _IN_CHILD = True
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_DFL)
        for target, fd in enumerate(stdio):
            if fd != target:
                os.dup2(fd, target)
        for fd in set(stdio) - {0, 1, 2}:
            os.close(fd)
        sys.stdout.reconfigure(line_buffering=os.isatty(1))  # type: ignore[union-attr] (as Python sets it at start)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()
        if "umask" in request:
            os.umask(request["umask"])
        sys.argv = [str(PACKAGE / "__main__.py"), *request["args"]]
        if "path" in request:
            sys.path[:] = request["path"]
        else:
            sys.path[0] = os.getcwd()  # what `-m` puts first
        try:
            runpy.run_module("homeward", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as exc:
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=sys.stderr)
                code = 1
        except KeyboardInterrupt:  # outside the command line's own handling: end as Python would
            traceback.print_exc()
            sys.stderr.flush()
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
        except BaseException:
            traceback.print_exc()
            code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: S110 (the exit status is what matters now)
                pass
        os._exit(code)


# --- the server -----------------------------------------------------------------------------------


def preload() -> None:
    """Import what every build imports, once; no thread may be left (the server forks)."""
    import importlib
    import threading

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except (ImportError, OSError):  # e.g. WeasyPrint without Pango: the build itself says so
            sys.modules.pop(name, None)
    from babel import Locale

    for code in ("nb", "sv", "en"):
        Locale.parse(code).date_formats  # noqa: B018 (CLDR data, read-only, loaded once)
    assert threading.active_count() == 1, "an import started a thread: forking would be unsafe"


def serve(path: Path) -> None:
    """Serve builds on `path` until idle, replaced, stale or told to stop."""
    import gc

    server = os.getpid()
    known: list[os.stat_result] = []  # the socket this server made, once made

    def retire() -> None:
        if known and _still_ours(path, known[0]):
            path.unlink(missing_ok=True)

    def stop(_signum: int, _frame: Any) -> None:
        # `kill PID`: the socket goes with it. Ended here, not by raising SystemExit, which code
        # run by an import that catches everything (preload) could swallow. A build child resets
        # the handler; until then it leaves the server's socket alone.
        if os.getpid() == server:
            retire()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    code = fingerprint()  # before importing: a change while it imports makes it stale, never missed
    listener = _listen(path)
    mine = os.stat(path)
    known.append(mine)

    try:
        preload()
        gc.freeze()  # what the imports made is never collected (as __main__.py does)
        idle = float(os.environ.get("HOMEWARD_BUILD_SERVER_IDLE", IDLE_SECONDS))
        _log(f"serving {path} (pid {os.getpid()})")
        _serve_until_done(listener, path, mine, code, idle, retire)
    finally:
        retire()


def _serve_until_done(
    listener: socket.socket, path: Path, mine: os.stat_result, code: str, idle: float, retire: Callable[[], None]
) -> None:
    import time

    last = time.monotonic()
    standbys = Standbys(listener, _note_of(path), _watch_note_of(path))
    try:
        while True:
            if not _still_ours(path, mine):
                _log("socket removed or replaced: stopping")
                return
            if time.monotonic() - last > idle:
                _log("idle: stopping")
                return
            if not _readable(listener, min(1.0, idle), standbys):
                continue
            try:
                conn, _ = listener.accept()
            except OSError as exc:  # the client gave up while queued
                _log(f"accept: {exc}")
                continue
            with conn:
                try:
                    if not _handle(conn, listener, code, retire, _note_of(path), standbys):
                        return
                except OSError as exc:  # one client's broken connection never ends the server
                    _log(f"client: {exc}")
            standbys.start()  # when none is there yet (after a build it was started already)
            last = time.monotonic()
    finally:
        standbys.end()


def _listen(path: Path) -> socket.socket:
    """Bound under a temporary name, then renamed over `path`: an older server sees its socket replaced."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    temporary = path.with_name(f".{path.stem}.{os.getpid()}")
    temporary.unlink(missing_ok=True)
    listener.bind(str(temporary))
    os.chmod(temporary, 0o600)
    listener.listen(16)
    os.replace(temporary, path)
    return listener


def _still_ours(path: Path, mine: os.stat_result) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def _readable(sock: socket.socket, timeout: float, standbys: Standbys) -> bool:
    """True when a client waits; meanwhile, what the standby says (prepared.py) is handled."""
    import select

    waiting = [sock] + ([standbys.current.channel] if standbys.current else [])
    ready = select.select(waiting, [], [], timeout)[0]
    if standbys.current and standbys.current.channel in ready:
        standbys.heard()
    return sock in ready


def _watch_note_of(path: Path) -> Path:
    """Where a served build notes what a standby for the same command watches (prepared.watched)."""
    return path.with_name(f".{path.stem}.watch")


class _Child:
    """A standby child: its process, the server's end of its channel, the command it prepares."""

    def __init__(self, pid: int, channel: socket.socket, request: dict[str, Any]):
        self.pid = pid
        self.channel = channel
        self.request = request
        self.replies = channel.makefile("r", encoding="utf-8")
        self.state = "watching"  # then "preparing" (content changed), "ready" (at prepared.hold)

    def reply(self) -> str | None:
        try:
            line = self.replies.readline()
        except OSError:
            return None
        return json.loads(line).get("standby") if line else None


class Standbys:
    """The build server's one standby child (prepared.py): made after each build for the same
    command, started again when content changed while it waited, handed a matching request."""

    def __init__(self, listener: socket.socket, warm_note: Path, watch_note: Path):
        self.listener = listener
        self.warm_note = warm_note
        self.watch_note = watch_note
        self.current: _Child | None = None
        self.last: tuple[dict[str, Any], dict[str, list[str]]] | None = None

    def hooks(self) -> None:
        """In the child of a build (served or prepared): it tells the server what to warm and to watch."""
        from . import parse_memo, prepared

        parse_memo.on_saved = lambda folder: self.warm_note.write_text(str(folder.resolve()), encoding="utf-8")
        prepared.on_settings = lambda settings: self.watch_note.write_text(json.dumps(prepared.watched(settings)), encoding="utf-8")

    def noted(self, request: dict[str, Any]) -> None:
        """After a build: what its command watches (the build wrote it down), for the next standby."""
        try:
            watch = json.loads(self.watch_note.read_text(encoding="utf-8"))
            self.watch_note.unlink()
        except (OSError, ValueError):
            self.last = None  # it stopped before reading its settings: nothing to prepare
            return
        self.last = (request, watch)

    def start(self, now: bool = False, close: tuple[socket.socket, ...] = (), warm: Path | None = None) -> None:
        """A standby for the last build's command, unless one is there, once it watches (a save
        right after the build is seen); `now`: content changed already, prepare at once. `close`:
        sockets the child must not keep (the client's connection)."""
        import select

        if self.current is not None or self.last is None:
            return
        request, watch = self.last
        if request.get("env", {}).get("HOMEWARD_PREPARE") == "0":  # the build's own environment says no
            return
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            ours.close()
            self.listener.close()
            for sock in close:
                sock.close()
            self.hooks()
            _stand_by(request, watch, theirs, now, warm)  # never returns
        theirs.close()
        child = _Child(pid, ours, request)
        said = child.reply() if select.select([ours], [], [], 10)[0] else "silent"
        if said == "watching":
            self.current = child
        else:  # no inotify here, or no room for more watches: builds as always
            _log(f"standby {pid}: {said or 'ended'} before it watched; no build is prepared")
            self._stop(child)

    def heard(self) -> None:
        """The standby spoke while no client waited: it is ready, it starts again (content changed
        since it began), or it ended (its build failed: a new one waits for the fix)."""
        child = self.current
        assert child is not None
        said = child.reply()
        if said in ("preparing", "ready"):
            child.state = said
            if said == "ready":
                _log(f"standby {child.pid}: prepared")
            return
        self.end()
        if said == "restart":
            _log(f"standby {child.pid}: content changed after it began; preparing again")
            self.start(now=True)
        elif child.state == "preparing":  # its build stopped (a mistake in the content): the next waits for the fix
            _log(f"standby {child.pid}: its build ended before it was ready (a mistake in the content?); another waits for changes")
            self.start()

    def hand_over(self, request: dict[str, Any], fds: list[int]) -> int | None:
        """The pid of the standby that takes this build, or None: the server builds as always."""
        child, self.current = self.current, None
        if child is None:
            return None
        if _command(child.request) != _command(request):
            _log(f"standby {child.pid}: prepared another command ({_difference(child.request, request)}); building as always")
            self._stop(child)
            return None
        try:
            socket.send_fds(child.channel, [b"go"], fds)
        except OSError:
            self._stop(child)
            return None
        while (said := child.reply()) in ("preparing", "ready"):
            continue
        if said == "taken":
            _log(f"standby {child.pid}: takes the build")
            child.channel.close()
            return child.pid
        _log(f"standby {child.pid}: {said or 'ended'}; building as always")
        self._stop(child)
        return None

    def end(self) -> None:
        child, self.current = self.current, None
        if child is not None:
            self._stop(child)

    @staticmethod
    def _stop(child: _Child) -> None:
        child.channel.close()
        _kill(child.pid)
        try:
            os.waitpid(child.pid, 0)
        except ChildProcessError:
            pass


def _command(request: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two requests the same build: arguments, folder, environment, umask, sys.path."""
    return (request.get("args"), request.get("cwd"), request.get("env"), request.get("umask"), request.get("path"))


def _difference(prepared: dict[str, Any], asked: dict[str, Any]) -> str:
    """What differs between two commands, for the log (variable names, not their values)."""
    names = [name for name in ("args", "cwd", "umask", "path") if prepared.get(name) != asked.get(name)]
    theirs, ours = prepared.get("env", {}), asked.get("env", {})
    changed = sorted(k for k in set(theirs) | set(ours) if theirs.get(k) != ours.get(k))
    return ", ".join(names + [f"${k}" for k in changed[:5]]) or "nothing"


def _stand_by(request: dict[str, Any], watch: dict[str, list[str]], channel: socket.socket, now: bool, warm: Path | None) -> None:
    """The standby child: wait for a change (reading the parse memo `warm` meanwhile, as the server
    does for its next children), then build as far as prepared.hold; never returns."""
    code = 0
    try:
        os.setpgid(0, 0)
        from . import prepared
        from .filesystem import die_with_parent

        die_with_parent()
        standby = prepared.start(channel, watch)
        if standby is None:
            os._exit(0)
        standby.tell("watching")
        if not now:
            import select

            _warm(warm, stop=lambda: bool(select.select([standby.watch], [], [], 0)[0]))  # a save ends it: build at once
        if not (now or prepared.wait_for_change(standby)):
            standby.tell("declined")
            os._exit(0)
        standby.tell("preparing")
        devnull = os.open(os.devnull, os.O_RDONLY)
        become(request, (devnull, prepared.memory_file("stdout"), prepared.memory_file("stderr")))
    except BaseException:  # noqa: BLE001 - a standby that fails is only a build not prepared
        code = 1
    os._exit(code)


def _note_of(path: Path) -> Path:
    """Where a served build notes its cache folder, for the server to warm the parse memo from."""
    return path.with_name(f".{path.stem}.warm")


def _handle(conn: socket.socket, listener: socket.socket, code: str, retire: Callable[[], None], note: Path, standbys: Standbys) -> bool:
    """One build; False when the server must stop (its code is stale)."""
    if _peer_uid(conn) != os.getuid():
        _log(f"refused a client of uid {_peer_uid(conn)}")
        return True
    try:
        request, fds = _receive(conn)
    except (OSError, ValueError) as exc:
        _log(f"bad request: {exc}")
        return True
    try:
        if fingerprint() != code:
            # Checked here rather than in a child: no fork is spent, and no exit status of a real build
            # can be mistaken for "stale".
            _log("code changed since start: stopping")
            retire()  # before the reply: the server the client starts now must find the name free
            try:
                conn.sendall(b'{"stale": true}\n')
            except OSError:
                pass
            return False
        pid = standbys.hand_over(request, fds)  # prepared when content changed, if it was
        if pid is None:
            pid = os.fork()
        if pid == 0:
            listener.close()
            conn.close()
            os.setpgid(0, 0)  # its own group: Ctrl-C in the client reaches the build and its workers
            from .filesystem import die_with_parent

            die_with_parent()  # a server killed mid-build takes its build along, as a killed client would
            standbys.hooks()
            become(request, (fds[0], fds[1], fds[2]))
    finally:
        for fd in fds:
            os.close(fd)
    try:
        conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    except OSError:  # the client is gone already (Ctrl-C while it waited its turn)
        _kill(pid)
    status, cpu = _wait(pid, conn)
    _log(f"build {pid}: status {status}, {cpu:.3f} s CPU (the build and its workers)")
    # The next standby watches before the client hears the build is done, so a save right after
    # is seen; it reads the parse memo this build saved itself, while it prepares.
    standbys.noted(request)
    saved = _memo_saved(note)
    standbys.start(close=(conn,), warm=saved)  # it reads the memo too, while it waits for a change
    try:
        conn.sendall(json.dumps({"status": status, "cpu": cpu}).encode() + b"\n")
    except OSError:
        pass
    _warm(saved)
    return True


def _memo_saved(note: Path) -> Path | None:
    """The cache folder whose parse memo the build saved (it notes it), or None."""
    try:
        folder = Path(note.read_text(encoding="utf-8"))
        note.unlink()
    except OSError:
        return None  # the build saved no memo (it failed first, or keeps none)
    return folder


def _warm(folder: Path | None, stop: Callable[[], bool] | None = None) -> None:
    """After a build, while the person edits: the parse memo it saved, read into memory for the
    next build's child (parse_memo.warm says why that is safe; `stop` as there)."""
    import gc

    from . import parse_memo

    if folder is None:
        return
    parse_memo.warm(folder, stop)
    gc.freeze()  # as after the imports: the children never collect it


def _receive(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    head, fds, _, _ = socket.recv_fds(conn, 8, 3)
    if len(fds) != 3 or len(head) != 8:
        for fd in fds:
            os.close(fd)
        raise ValueError("expected a length and three file descriptors")
    size = struct.unpack("!Q", head)[0]
    body = bytearray()
    while len(body) < size:
        chunk = conn.recv(min(size - len(body), 1 << 20))
        if not chunk:
            break
        body += chunk
    try:
        return json.loads(body), fds
    except ValueError:
        for fd in fds:
            os.close(fd)
        raise


def _wait(pid: int, conn: socket.socket) -> tuple[int, float]:
    """Wait for the build; a client gone (killed, terminal closed) ends it as it would a direct build."""
    import select

    pidfd = os.pidfd_open(pid)
    try:
        while True:
            ready = select.select([pidfd, conn], [], [])[0]
            if pidfd in ready:
                break
            if conn in ready and _gone(conn):
                _kill(pid)
                break
    finally:
        os.close(pidfd)
    _, status, usage = os.wait4(pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime


def _gone(conn: socket.socket) -> bool:
    try:
        return not conn.recv(1)
    except OSError:
        return True


def _kill(pid: int) -> None:
    """The build and its workers, as closing a terminal ends a direct build."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


def _log(message: str) -> None:
    import time

    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":  # `python -m homeward.buildserver SOCKET`, as start_server runs it
    from homeward import buildserver  # the module a served build's `__main__.py` sees, not this copy

    buildserver.serve(Path(sys.argv[1]))
