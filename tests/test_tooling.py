"""The test command's own set-up: what `invoke test` installs on a machine that lacks it, and
when the build may fork. The installers are checked with a PATH that has no `java`, as on a
fresh machine (removing Java from a shared machine is not an option)."""

from __future__ import annotations

import importlib.util
import os
import stat
from pathlib import Path

import pytest
from conftest import ROOT


def _tasks():
    spec = importlib.util.spec_from_file_location("homeward_tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Recorder:
    """An invoke context that records the commands instead of running them."""

    def __init__(self) -> None:
        self.commands: list[str] = []

    def run(self, command: str, **_: object) -> None:
        self.commands.append(command)


def _fake_tool(folder: Path, name: str) -> None:
    tool = folder / name
    tool.write_text("#!/bin/sh\nexit 0\n")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="the installer runs only as root")
def test_invoke_test_installs_java_where_it_is_missing(tmp_path, monkeypatch):
    tasks = _tasks()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_tool(bin_dir, "apt-get")
    _fake_tool(bin_dir, "chromium")
    _fake_tool(bin_dir, "faketime")
    monkeypatch.setenv("PATH", str(bin_dir))  # a Debian machine without Java
    missing = Recorder()
    tasks.ensure_test_tools(missing)
    assert missing.commands == [
        "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null"
    ]
    _fake_tool(bin_dir, "java")  # once it is there, nothing is installed
    present = Recorder()
    tasks.ensure_test_tools(present)
    assert present.commands == []


def test_invoke_test_runs_the_java_installer_before_the_suite(monkeypatch):
    tasks = _tasks()
    calls: list[str] = []
    monkeypatch.setattr(tasks, "ensure_test_tools", lambda c: calls.append("tools"))
    recorder = Recorder()
    tasks.test.body(recorder)
    assert calls == ["tools"] and "pytest" in recorder.commands[-1]


def test_without_java_in_ci_the_html_check_fails_instead_of_skipping(tmp_path):
    """The Nu checker test, run with a PATH that has no java and CI=true, fails loudly."""
    from conftest import run_python

    env = {"PATH": str(tmp_path), "CI": "true"}
    proc = run_python("-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", str(ROOT / "tests" / "test_validity.py"), "-k", "nu_html_checker", env=env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "`java` is not on PATH" in proc.stdout and "skipped" not in proc.stdout, proc.stdout
    assert "1 error" in proc.stdout or "1 failed" in proc.stdout, proc.stdout


# In a fresh interpreter: the test process itself has threads (xdist, the browser tests' server).
THREADED = """
import threading
from homeward import parallel
alone = parallel.workers(1000, 10, 2)
stop = threading.Event()
thread = threading.Thread(target=stop.wait)
thread.start()
print("WORKERS", alone, parallel.workers(1000, 10, 2), parallel.workers(5, 10, 2))
stop.set()
thread.join()
"""


def test_no_fork_pool_while_another_thread_runs():
    """The preview server has threads: parsing and rendering then stay in the process."""
    from conftest import run_python

    proc = run_python("-c", THREADED)
    assert proc.returncode == 0, proc.stderr
    alone = 2 if hasattr(os, "fork") else 1
    assert f"WORKERS {alone} 1 1" in proc.stdout, proc.stdout  # two cores alone; one with a thread, or for little work


def test_homeward_workers_sets_the_processes_and_a_wrong_value_is_one_plain_line(tmp_path):
    """HOMEWARD_WORKERS=N: at most N processes (a shared CI runner); anything else is named, not a traceback."""
    from conftest import build_site, run_python

    counted = "from homeward import parallel; print('CORES', parallel.cores(), parallel.workers(1000, 10))"
    assert "CORES 3 3" in run_python("-c", counted, env={"HOMEWARD_WORKERS": "3"}).stdout
    assert "CORES 1 1" in run_python("-c", counted, env={"HOMEWARD_WORKERS": "1"}).stdout
    for wrong in ("0", "two", "-1"):
        result = build_site(tmp_path / wrong / "output", env={"HOMEWARD_WORKERS": wrong})
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.strip().splitlines()[-1] == (
            f"HOMEWARD_WORKERS={wrong!r}: write a whole number of processes, 1 or more, or unset it to use every core"
        )
        assert not (tmp_path / wrong / "output").exists()
