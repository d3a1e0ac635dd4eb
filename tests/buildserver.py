"""`python -m homeward` for the tests, without paying Python's start-up on every build.

A build must never run in the test process (it changes process-wide state), so every test
build used to start a new interpreter: about 0.5 s of CPU each to import Pelican, Babel, lxml,
pydantic, WeasyPrint and our core before reading a single file, over some 450 builds per suite. This
server imports all of that once, then forks a fresh child for each build: the child is a real
`python -m homeward` run (runpy, the same argv, environment, working folder and exit status, its
output captured from file descriptors 1 and 2), only its imports were done before the fork.
Nothing a build does can reach the next one: each starts from the pristine, never-built server.

Protocol: one JSON request per line on stdin ({"args", "env", "cwd"}), one JSON reply per line
({"returncode", "stdout", "stderr", "cpu"}). The server has one thread, so forking is safe (the
build's own fork pool forks again from the child). It ends when its stdin closes.
"""

from __future__ import annotations

import importlib
import json
import os
import runpy
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What `python -m homeward build` imports anyway: our core (as `-m homeward` does, from the
# installed checkout) and the libraries. Not the other plugins: Pelican loads those from the
# settings' PLUGIN_PATHS, which may be another checkout's (tests/test_build_workflow.py).
PRELOAD = (
    "homeward.cli", "homeward.build", "pelican", "pelican.generators", "pelican.readers", "pelican.writers",
    "pelican.settings", "markdown", "jinja2", "babel.dates", "babel.numbers", "babel.support", "pydantic",
    "yaml", "slugify", "lxml.html", "nh3", "PIL.Image", "icalendar", "phonenumbers", "feedgenerator",
    "tinycss2", "rcssmin", "filelock", "weasyprint", "httpx",
)


def preload() -> None:
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except (ImportError, OSError):  # e.g. WeasyPrint without Pango: the build itself says so
            sys.modules.pop(name, None)
    from babel import Locale

    for code in ("nb", "sv", "en"):
        Locale.parse(code).date_formats  # noqa: B018 (CLDR data, read-only, loaded once)
    assert threading.active_count() == 1, "an import started a thread: forking would be unsafe"


def run_child(request: dict, out: Path, err: Path) -> None:
    """In the forked child: become `python -m homeward ARGS` in the request's folder and environment."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        stdin = os.open(os.devnull, os.O_RDONLY)
        os.dup2(stdin, 0)
        os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 1)
        os.dup2(os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()
        main = ROOT / "plugins" / "homeward" / "__main__.py"
        sys.argv = [str(main), *request["args"]]
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


def serve() -> None:
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(null, fd)  # a child writes to its own files; nothing reaches the protocol pipe
    preload()
    from homeward.filesystem import die_with_parent

    die_with_parent()  # ends with the test process, as a build's pool workers end with the build
    scratch = Path(tempfile.mkdtemp(prefix="buildserver-"))
    replies.write('{"ready": true}\n')
    replies.flush()
    for line in requests:
        request = json.loads(line)
        out, err = scratch / "stdout", scratch / "stderr"
        pid = os.fork()
        if pid == 0:
            run_child(request, out, err)
        _, status, usage = os.wait4(pid, 0)
        reply = {
            "returncode": os.waitstatus_to_exitcode(status),
            "cpu": usage.ru_utime + usage.ru_stime,  # the build's own (its pool workers are in it)
            "stdout": out.read_bytes().decode("utf-8", "replace"),
            "stderr": err.read_bytes().decode("utf-8", "replace"),
        }
        replies.write(json.dumps(reply) + "\n")
        replies.flush()
    for path in scratch.iterdir():
        path.unlink()
    scratch.rmdir()


if __name__ == "__main__":
    serve()
