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

import json
import os
import tempfile
from pathlib import Path

from homeward.buildserver import become, preload  # the same child as `build --server`


def run_child(request: dict, out: Path, err: Path) -> None:
    """In the forked child: become `python -m homeward ARGS`, its output into two files."""
    stdin = os.open(os.devnull, os.O_RDONLY)
    stdout = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    stderr = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    become(request, (stdin, stdout, stderr))


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
