"""Shared fixtures: real builds of real content into temporary folders (no mocked Pelican)."""

from __future__ import annotations

import atexit
import functools
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SETTINGS = ROOT / "pelicanconf.py"
# A fixed "now" so embargoes, expiry and upcoming/past splits are reproducible.
NOW = "2026-11-24T12:00:00+01:00"
LANGS = ["nb", "sv", "en"]

# Hypothesis: CI draws the same examples on every run (a failure belongs to the commit that
# caused it, not to a later unrelated one); `explore` draws new, many more, for a deliberate
# hunt (HYPOTHESIS_PROFILE=explore pytest tests/test_properties.py). Both skip the deadline:
# the machines are shared and a slow example is not a wrong one.
settings.register_profile("ci", max_examples=100, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))
# Nothing a test builds may leave the machine: every HTTP client that honours the proxy
# variables (httpx does) sends anything not for 127.0.0.1 to a closed port and fails.
NO_NETWORK = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "ALL_PROXY": "http://127.0.0.1:9", "NO_PROXY": "127.0.0.1,localhost"}


@dataclass
class Build:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    def read(self, rel: str) -> str:
        return (self.output / rel).read_text(encoding="utf-8")

    def exists(self, rel: str) -> bool:
        return (self.output / rel).exists()

    def html_files(self) -> list[str]:
        return sorted(p.relative_to(self.output).as_posix() for p in self.output.rglob("*.html"))


def parsed(path: Path, parser: str = "lxml") -> BeautifulSoup:
    """The page at `path`, parsed once per test process while its file stays the same (inode,
    size, time): many tests read every page of the sample. Shared, so never change it."""
    stat = path.stat()
    return _parsed(str(path), (stat.st_ino, stat.st_size, stat.st_mtime_ns), parser)


@functools.lru_cache(maxsize=1200)
def _parsed(path: str, _stamp: tuple[int, int, int], parser: str) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), parser)


def soup(build: Build, rel: str) -> BeautifulSoup:
    """A page of `build`'s output, parsed by lxml (see `parsed`: read only)."""
    return parsed(build.output / rel)


# No test build leaves a background build server behind (`invoke build` asks for one):
# tests/test_build_server.py switches it on for its own builds.
os.environ["HOMEWARD_BUILD_SERVER"] = "0"

# The suite runs a test process per core: a build's own fork pool would only add its
# start-up. Builds render in one process unless a test asks for more; the sample site and the
# incremental tests use two, so the pool's path is what most checks read.
ONE_PROCESS = {"HOMEWARD_WORKERS": os.environ.get("HOMEWARD_WORKERS", "1")}
TWO_PROCESSES = {"HOMEWARD_WORKERS": "2"}


def process_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every build and helper process: the tests' fixed clock, no way off the machine."""
    return {**os.environ, "HOMEWARD_NOW": NOW, **NO_NETWORK, **ONE_PROCESS, **(env or {})}


def run_python(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """This interpreter in a fresh process (a build changes process-wide state: it never runs in
    the test process), with the tests' fixed clock and no way off the machine."""
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=process_environment(env), cwd=cwd, timeout=600)


def run_homeward(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`python -m homeward ARGS`: forked from the build server when it can stand in for a new
    interpreter (tests/buildserver.py), a new process otherwise."""
    done = BUILD_SERVER.run(list(args), process_environment(env), cwd)
    return done if done is not None else run_python("-m", "homeward", *args, env=env, cwd=cwd)


class BuildServer:
    """One tests/buildserver.py per test process, started on first use. A build whose process
    would differ from a forked one (another working folder; a preloaded library, Python or
    locale setting in its environment) or that runs while another is in flight (the lock
    tests start builds at once) gets a new interpreter instead. HOMEWARD_TEST_FORK=0 turns the
    server off: every build its own interpreter, as a communicator runs it."""

    # Read once at interpreter start: a fork inherits them, so they must match the server's.
    STARTUP = ("LD_PRELOAD", "FAKETIME", "LANG", "LANGUAGE", "TZ")
    STARTUP_PREFIXES = ("PYTHON", "LC_")

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.env: dict[str, str] = {}
        self.busy = threading.Lock()
        self.cpu = 0.0  # CPU seconds of the builds it ran (HOMEWARD_TEST_TIMELINE)

    def _startup(self, env: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in env.items() if k in self.STARTUP or k.startswith(self.STARTUP_PREFIXES)}

    def run(self, args: list[str], env: dict[str, str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess | None:
        if os.environ.get("HOMEWARD_TEST_FORK") == "0" or Path(cwd).resolve() != ROOT:
            return None
        if not self.busy.acquire(blocking=False):
            return None
        try:
            if self.process is None or self.process.poll() is not None:
                self._start()
            if self._startup(env) != self._startup(self.env):
                return None
            assert self.process is not None and self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.write((json.dumps({"args": args, "env": env, "cwd": str(cwd)}) + "\n").encode())
            self.process.stdin.flush()
            reply = self._read(timeout)
            if reply is None:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
                self.process = None
                raise subprocess.TimeoutExpired(["homeward", *args], timeout)
            self.cpu += reply["cpu"]
            return subprocess.CompletedProcess(["homeward", *args], reply["returncode"], reply["stdout"], reply["stderr"])
        finally:
            self.busy.release()

    def _start(self) -> None:
        self.env = process_environment()
        server = Path(__file__).with_name("buildserver.py")
        self.process = subprocess.Popen([sys.executable, str(server)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=self.env, cwd=ROOT, start_new_session=True)
        assert self._read(120) == {"ready": True}, "the build server did not start (run tests/buildserver.py to see why)"
        atexit.register(self.stop)

    def stop(self) -> None:
        """End the server with the test process, and wait for it (its CPU time is the suite's)."""
        if self.process is not None and self.process.stdin is not None:
            self.process.stdin.close()
            self.process.wait(timeout=30)

    def _read(self, timeout: float) -> dict | None:
        assert self.process is not None and self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.process.stdout.readline()
        assert line, f"the build server ended (exit status {self.process.wait()})"
        return json.loads(line)


BUILD_SERVER = BuildServer()


def build_site(
    output: Path,
    content: Path = CONTENT,
    settings: Path = SETTINGS,
    extra: tuple[str, ...] = ("--no-search",),
    env: dict[str, str] | None = None,
    cache: Path | None = None,
    bug_expected: bool = False,
) -> Build:
    cache_env = {"HOMEWARD_CACHE_PATH": str(cache or output.parent / ".cache")}
    proc = run_homeward("build", "-s", str(settings), "--content", str(content), "-o", str(output), *extra, env={**cache_env, **(env or {})})
    # No content, however broken, may cause an internal error: that is what a bug in the code prints.
    assert bug_expected or "internal error" not in proc.stderr, proc.stderr
    return Build(proc.returncode, proc.stdout, proc.stderr, output)


def copy_content(tmp_path: Path) -> Path:
    """A writable copy of the sample content for tests that change or break it."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture(scope="session", autouse=True)
def shared_stores(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every build of the session (and of every xdist worker) shares one store of image variants,
    one of press-release PDFs, one of compiled templates and one of Markdown's HTML: each is
    named by everything that goes into it, so sharing is safe, and a cold build would re-encode
    every image, run WeasyPrint for every release (1.4 s of CPU per sample build), compile the
    theme in each render worker (0.4 s) and convert every Markdown body (0.07 s, in each of the
    ~150 failing builds of the bad-content corpus too). Tests of those caches and of fresh
    renders opt out."""
    # Under xdist the workers' folders share a parent made for this session; without it the
    # parent holds every session's folder, and a store there would outlive the session.
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    os.environ.setdefault("HOMEWARD_IMAGE_CACHE", str(shared / "image-variants"))
    os.environ.setdefault("HOMEWARD_PDF_CACHE", str(shared / "press-pdf"))
    os.environ.setdefault("HOMEWARD_TEMPLATE_CACHE", str(shared / "templates"))
    os.environ.setdefault("HOMEWARD_MARKDOWN_CACHE", str(shared / "markdown"))


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Build:
    """The sample site (search index included), built once per session and only read by tests."""
    from shared_build import built_once

    result = built_once(
        tmp_path_factory, worker_id, "sample", lambda folder: build_site(folder / "output", extra=(), env=TWO_PROCESSES)
    )
    assert result.returncode == 0, result.stderr
    return result


def require_java() -> None:
    """The Nu HTML checker runs on Java: `invoke test` installs it. Missing in CI is a failure,
    not a skip, so a machine without Java cannot pass without validating the HTML."""
    if shutil.which("java"):
        return
    message = "`java` is not on PATH: the Nu HTML checker cannot run; `invoke test` installs default-jre-headless (as root)"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def java() -> None:
    """Request it before `sample`: without Java the test stops before the site is built."""
    require_java()


# Files whose cases are many independent builds: split across the workers in this many parts
# instead of keeping the whole file on one worker (test_bad_content.py alone took 250 s).
SPLIT_FILES = {"tests/test_bad_content.py": 6, "tests/test_attacks.py": 3}


# Browser tests that read the same visits (tests/browser/conftest.py `reader`: each page loaded
# once per worker, axe-core run on it): the tests of one page run on one worker, so every page
# is loaded and checked once; grouped by the page's language, the three parts run in parallel.
READER_FILES = {f"tests/browser/test_browser_{name}.py" for name in ("accessibility", "privacy_search", "face", "speed")}
# Wall seconds of the longest files on an idle machine (tools/timeline.py prints them): the
# scheduler starts those first. Only an ordering hint; other files count 0.2 s per test.
EXPECTED_SECONDS = {
    "tests/browser (the reader's visits, other)": 25,
    "tests/browser (the reader's visits, nb)": 25,
    "tests/browser (the reader's visits, sv)": 25,
    "tests/browser (the reader's visits, en)": 25,
    "tests/test_build_workflow.py": 45,
    "tests/test_press.py": 40,
    "tests/browser/test_browser_attacks.py": 40,
    "tests/browser/test_browser_cms.py": 40,
    "tests/test_quality.py": 40,
    "tests/test_foundation.py": 35,
    "tests/test_incremental.py": 30,
    "tests/test_events.py": 30,
    "tests/test_output_folder.py": 30,
}


def _expected_seconds(scope: str, tests: int) -> float:
    path, _, part = scope.partition("#")
    return EXPECTED_SECONDS.get(path, 0.2 * tests) if not part else 0.2 * tests


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """`--dist loadfile`, except SPLIT_FILES: each file runs on one worker (its module fixtures
    build once), the corpora's cases in parts on both. Not xdist's loadgroup: with pytest 9 its
    marks no longer reach the scheduler (it renames `item._nodeid`, which pytest 9 dropped)."""
    if config.getvalue("dist") != "loadfile":
        return None
    import zlib

    from xdist.scheduler import LoadScopeScheduling

    class FileScheduling(LoadScopeScheduling):
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::")[0]
            if path in READER_FILES:  # split by the page's language: each part loads its own pages
                lang = re.search(r"-([a-z]{2,3})\]$", nodeid)
                return f"tests/browser (the reader's visits, {lang[1] if lang else 'other'})"
            if path in SPLIT_FILES:
                return f"{path}#{zlib.crc32(nodeid.encode()) % SPLIT_FILES[path]}"
            return path

        def _assign_work_unit(self, node: object) -> None:
            if not self.ordered:  # longest first, so no long file starts last (the suite's tail)
                self.ordered = True
                units = sorted(self.workqueue.items(), key=lambda unit: -_expected_seconds(unit[0], len(unit[1])))
                self.workqueue.clear()
                self.workqueue.update(units)
            super()._assign_work_unit(node)

    return FileScheduling(config, log)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    """HOMEWARD_TEST_TIMELINE=FILE: one JSON line per test (worker, start, end, setup included),
    to see where the suite's time goes (tools/timeline.py sums it per file and per worker)."""
    timeline = os.environ.get("HOMEWARD_TEST_TIMELINE")
    if not timeline:
        return (yield)
    import resource
    import time

    def children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    start, cpu, builds, spawned = time.time(), time.process_time(), BUILD_SERVER.cpu, children()
    try:
        return (yield)
    finally:
        record = {
            "worker": os.environ.get("PYTEST_XDIST_WORKER", "main"),
            "test": item.nodeid,
            "start": start,
            "end": time.time(),
            "cpu": time.process_time() - cpu,  # the test process itself
            "build_cpu": BUILD_SERVER.cpu - builds,  # builds forked by the build server
            "child_cpu": children() - spawned,  # processes it started and waited for (builds, Java, Pagefind)
        }
        with open(timeline, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
