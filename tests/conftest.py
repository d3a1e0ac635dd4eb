"""Shared fixtures: real builds of real content into temporary folders (no mocked Pelican)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SETTINGS = ROOT / "pelicanconf.py"
# A fixed "now" so embargoes, expiry and upcoming/past splits are reproducible.
NOW = "2026-11-24T12:00:00+01:00"
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


def run_homeward(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    environment = {**os.environ, "HOMEWARD_NOW": NOW, **NO_NETWORK, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "homeward", *args], capture_output=True, text=True, env=environment, cwd=cwd, timeout=600
    )


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


@pytest.fixture(scope="session")
def languages() -> list[str]:
    return ["nb", "sv", "en"]
