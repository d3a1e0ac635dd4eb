"""Shared fixtures: real builds of real content into temporary folders (no mocked Pelican)."""

from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
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


def run_python(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """This interpreter in a fresh process (a build changes process-wide state: it never runs in
    the test process), with the tests' fixed clock and no way off the machine."""
    environment = {**os.environ, "HOMEWARD_NOW": NOW, **NO_NETWORK, **(env or {})}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=environment, cwd=cwd, timeout=600)


def run_homeward(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`python -m homeward ARGS`: forked from the build server when it can stand in for a new
    interpreter (tests/buildserver.py), a new process otherwise."""
    environment = {**os.environ, "HOMEWARD_NOW": NOW, **NO_NETWORK, **(env or {})}
    done = BUILD_SERVER.run(list(args), environment, cwd)
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
            return subprocess.CompletedProcess(["homeward", *args], reply["returncode"], reply["stdout"], reply["stderr"])
        finally:
            self.busy.release()

    def _start(self) -> None:
        self.env = {**os.environ, "HOMEWARD_NOW": NOW, **NO_NETWORK}
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
def shared_image_variants(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every build of the session (and of both xdist workers) shares one store of image variants:
    they are named by content, so sharing is safe, and a cold build re-encodes every image."""
    os.environ.setdefault("HOMEWARD_IMAGE_CACHE", str(tmp_path_factory.getbasetemp().parent / "image-variants"))


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The sample site, built once per test worker."""
    out = tmp_path_factory.mktemp("sample") / "output"
    result = build_site(out, extra=())
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


# Files whose cases are many independent builds: split across the workers in this many groups
# (round robin) instead of keeping the whole file on one worker, which alone took 250 s.
SPLIT_FILES = {"tests/test_bad_content.py": 6, "tests/test_attacks.py": 2}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`invoke test` runs `--dist loadgroup`: every test file is one group, as with loadfile (its
    module fixtures build once), except SPLIT_FILES. Runs before xdist reads the marks."""
    seen: dict[str, int] = {}
    for item in items:
        path = item.nodeid.split("::")[0]
        if item.get_closest_marker("xdist_group"):
            continue
        index = seen[path] = seen.get(path, -1) + 1
        group = f"{path}#{index % SPLIT_FILES[path]}" if path in SPLIT_FILES else path
        item.add_marker(pytest.mark.xdist_group(group))
