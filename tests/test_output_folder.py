"""Issue 13: the output folder survives concurrency, kills and a hostile machine.

Real builds in subprocesses: two builds into one output (the lock), a build killed with -9
(its staging folder is removed by the next build), a full disk (a small tmpfs), a read-only
disk (a read-only bind mount), missing permissions (a build as another user: root ignores
permission bits). Every problem is one line naming the folder and what to do, found before
the build where possible, and the previous output stays as it was.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import NOW, ROOT, SETTINGS, Build, build_site, copy_content

BUILD_LINE = re.compile(r"^Built \d+ pages")


def tree(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_tree(a: Path, b: Path) -> None:
    left, right = tree(a), tree(b)
    assert sorted(left) == sorted(right)
    assert [rel for rel in left if not filecmp.cmp(left[rel], right[rel], shallow=False)] == []


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The sample built once, alone: what every build in this module must produce. Built from a
    copy, as the builds it is compared with are: a copy has no git history, so no "last updated"."""
    tmp = tmp_path_factory.mktemp("reference")
    result = build_site(tmp / "output", content=copy_content(tmp))
    assert result.returncode == 0, result.stderr
    return result


def start_build(content: Path, output: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "HOMEWARD_NOW": NOW, "HOMEWARD_CACHE_PATH": str(output.parent / ".cache")}
    return subprocess.Popen(
        [sys.executable, "-m", "homeward", "build", "-s", str(SETTINGS), "--content", str(content), "-o", str(output), "--no-search", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".staging-" in p.name or p.name.endswith((".old", ".lock.json")))


# ------------------------------------------------------------------ one build at a time


def test_two_builds_at_once_both_end_well_one_after_the_other(tmp_path: Path, reference: Build) -> None:
    """While a build holds the lock, two more wait (and say for whom); both then build correctly."""
    from homeward.filesystem import OutputLock

    content = copy_content(tmp_path)
    output = tmp_path / "output"
    with OutputLock(output):  # this test process plays the running build
        builds = [start_build(content, output, "--force") for _ in range(2)]
        for build in builds:
            assert build.stderr is not None
            waiting = build.stderr.readline()  # blocks until the build reaches the lock
            assert re.fullmatch(
                rf"Another build \(pid {os.getpid()}, running since \d\d:\d\d:\d\d\) is writing {re.escape(str(output))}/; "
                r"waiting for it to finish…\n",
                waiting,
            ), waiting
    results = [build.communicate(timeout=600) for build in builds]
    for build, (stdout, stderr) in zip(builds, results, strict=True):
        assert build.returncode == 0, stderr
        assert BUILD_LINE.match(stdout), stdout
    assert_same_tree(output, reference.output)
    assert leftovers(tmp_path) == []


def test_a_build_killed_mid_way_leaves_nothing_the_next_build_does_not_clean(tmp_path: Path, reference: Build) -> None:
    content = copy_content(tmp_path)
    output = tmp_path / "output"
    killed = start_build(content, output, "--force")
    staging = tmp_path / f".output.staging-{killed.pid}"
    # Kill it once it is writing pages (polling a condition the build itself creates).
    while not (staging.is_dir() and any(staging.rglob("*.html"))):
        try:
            killed.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            continue
        raise AssertionError(f"the build ended before it could be killed: {killed.communicate()}")
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=60)
    assert killed.returncode == -signal.SIGKILL
    assert staging.is_dir()  # what a killed build leaves behind
    after = build_site(output, content=content)
    assert after.returncode == 0, after.stderr
    assert not staging.exists()
    assert leftovers(tmp_path) == []
    assert_same_tree(output, reference.output)


def test_a_swap_cut_in_half_gets_the_previous_output_back(tmp_path: Path, reference: Build) -> None:
    """Killed between the swap's two renames: `output.old` exists and `output` does not. The next
    build restores it first, so a failing build still leaves the previous output in place."""
    content = copy_content(tmp_path)
    shutil.copytree(reference.output, tmp_path / "output.old")
    (tmp_path / ".output.staging-4194304" / "nb").mkdir(parents=True)  # a dead build's (pid beyond pid_max)
    broken = content / "data" / "companies" / "kodverket.yaml"
    broken.write_text(broken.read_text().replace("employees: 18", "employees: many"))
    result = build_site(tmp_path / "output", content=content)
    assert result.returncode == 1, result.stderr
    assert_same_tree(tmp_path / "output", reference.output)
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------------ disks and permissions


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another user can enter (pytest's own temp folder is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="homeward-fs-"))
    folder.chmod(0o755)
    yield folder
    subprocess.run(["chmod", "-R", "u+rwX", str(folder)], check=False)
    shutil.rmtree(folder, ignore_errors=True)


def as_other_user(folder: Path) -> list[str]:
    """Run as a user permission bits apply to: `nobody` when the tests run as root."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permission bits cannot be tested")
    subprocess.run(["chown", "-R", "nobody:nogroup", str(folder)], check=True)
    prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    # The other user must be able to run Homeward at all: a checkout inside a private folder
    # (mktemp -d is 0700) cannot be read by it, and every build would fail for that reason alone.
    if subprocess.run([*prefix, sys.executable, "-c", "import homeward"], capture_output=True, cwd="/").returncode != 0:
        pytest.skip(f"'nobody' cannot read this checkout ({ROOT}); clone it where other users may read")
    return prefix


def homeward(prefix: list[str], content: Path, output: Path, *, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOMEWARD_NOW": NOW, "HOMEWARD_CACHE_PATH": str(output.parent / "cache")}
    command = [sys.executable, "-m", "homeward", "build", "-s", str(SETTINGS), "--content", str(content), "-o", str(output), "--no-search"]
    return subprocess.run([*prefix, *command], capture_output=True, text=True, env=env, cwd=cwd, timeout=600)


def assert_one_line(result: subprocess.CompletedProcess, expected: str) -> None:
    """Exit 1, the expected line and the closing line, nothing else (no traceback, no summary)."""
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if "browser CMS" not in line]
    assert lines == [expected, "Build stopped; nothing was written."], result.stderr
    assert result.stdout == ""


def test_an_output_folder_this_user_may_not_write_is_refused_before_the_build(shared_folder: Path) -> None:
    content = copy_content(shared_folder)
    parent = shared_folder / "site"
    parent.mkdir()
    prefix = as_other_user(shared_folder)
    parent.chmod(0o555)
    result = homeward(prefix, content, parent / "output")
    assert_one_line(
        result,
        f"{parent}/: this user may not create files here; build into a folder you own with --output, or give write access (chmod u+w {parent}/)",
    )


def test_a_read_only_output_folder_is_refused_before_the_build(shared_folder: Path, reference: Build) -> None:
    content = copy_content(shared_folder)
    output = shared_folder / "output"
    shutil.copytree(reference.output, output)
    prefix = as_other_user(shared_folder)
    output.chmod(0o555)
    result = homeward(prefix, content, output)
    assert_one_line(
        result,
        f"{output}/: the folder is read-only, so a new build cannot replace it; make it writable (chmod -R u+w {output}/) or build elsewhere with --output",
    )
    assert_same_tree(output, reference.output)


def test_a_cache_folder_this_user_may_not_write_is_refused_before_the_build(shared_folder: Path) -> None:
    content = copy_content(shared_folder)
    prefix = as_other_user(shared_folder)
    cache = shared_folder / "cache"  # where homeward() points HOMEWARD_CACHE_PATH
    cache.mkdir(mode=0o555)
    result = homeward(prefix, content, shared_folder / "output")
    assert_one_line(
        result,
        f"{cache}/: this user may not write the build cache here; give write access (chmod -R u+w {cache}/) "
        "or set HOMEWARD_CACHE_PATH to a folder you own",
    )


def test_an_unreadable_content_file_is_a_path_line_error(shared_folder: Path) -> None:
    content = copy_content(shared_folder)
    prefix = as_other_user(shared_folder)
    company = content / "data" / "companies" / "kodverket.yaml"
    company.chmod(0o000)
    result = homeward(prefix, content, shared_folder / "output")
    assert result.returncode == 1, result.stderr
    assert (
        "content/data/companies/kodverket.yaml:1: this user may not read the file; "
        f"give read access (chmod a+r {company}) or ask the file's owner"
    ) in result.stderr.splitlines()
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_an_unreadable_content_folder_is_refused_before_the_build(shared_folder: Path) -> None:
    content = copy_content(shared_folder)
    prefix = as_other_user(shared_folder)
    folder = content / "data" / "companies"
    folder.chmod(0o000)
    result = homeward(prefix, content, shared_folder / "output")
    assert_one_line(result, f"{folder}/: this user may not read this folder; give read access (chmod -R a+rX {folder}/) or ask its owner")


def in_mount_namespace(script: str, *, cwd: Path) -> subprocess.CompletedProcess:
    """Run a shell script as root of a private mount namespace (unprivileged users too, where
    user namespaces are allowed): tmpfs and bind mounts there do not touch the machine."""
    if not shutil.which("unshare") or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode != 0:
        pytest.skip("no mount namespaces here (unshare -rm): a full or read-only disk cannot be made")
    env = {**os.environ, "HOMEWARD_NOW": NOW}
    return subprocess.run(["unshare", "-rm", "sh", "-ec", script], capture_output=True, text=True, env=env, cwd=cwd, timeout=600)


def build_command(content: Path, output: Path, cache: Path) -> str:
    return f"HOMEWARD_CACHE_PATH={cache} {sys.executable} -m homeward build -s {SETTINGS} --content {content} -o {output} --no-search"


def disk_usage_kb(folder: Path) -> int:
    return int(subprocess.run(["du", "-sk", str(folder)], capture_output=True, text=True, check=True).stdout.split()[0])


def test_a_full_disk_is_refused_before_the_build(tmp_path: Path, reference: Build) -> None:
    """A disk 1.5 times the size of the previous output: not enough for the next build beside it."""
    disk = tmp_path / "disk"
    disk.mkdir()
    used = disk_usage_kb(reference.output)
    script = (
        f"mount -t tmpfs -o size={used * 3 // 2}k tmpfs {disk}\n"
        f"cp -r {reference.output} {disk}/output\n"
        f"{build_command(ROOT / 'content', disk / 'output', tmp_path / 'cache')}"
    )
    result = in_mount_namespace(script, cwd=ROOT)
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if "browser CMS" not in line]
    assert len(lines) == 2 and lines[1] == "Build stopped; nothing was written.", result.stderr
    assert re.fullmatch(
        rf"{re.escape(str(disk))}/: the disk is full \(\d+\.\d MB free, a build needs about \d+\.\d MB\); "
        r"free some space or build on another disk with --output, then build again",
        lines[0],
    ), lines[0]


def test_a_disk_that_fills_up_during_the_build_stops_it_with_one_line(tmp_path: Path, reference: Build) -> None:
    """No previous output: the check lets the build start (the disk has twice the content's
    size), and the disk fills while pages are written. One line, the staging folder removed,
    nothing half-written left as output."""
    disk = tmp_path / "disk"
    disk.mkdir()
    size = 2 * disk_usage_kb(ROOT / "content") + 512
    assert size < disk_usage_kb(reference.output), "the sample's output now fits on the disk: make the test's disk smaller"
    script = (
        f"mount -t tmpfs -o size={size}k tmpfs {disk}\n"
        f"{build_command(ROOT / 'content', disk / 'site' / 'output', tmp_path / 'cache')} && exit 0 || status=$?\n"
        f"ls -A {disk}/site; exit $status"
    )
    result = in_mount_namespace(script, cwd=ROOT)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if "browser CMS" not in line]
    assert lines[-2:] == [
        f"{disk}/site/output/: the disk is full; free some space (or build on another disk with --output), then build again",
        "Build stopped; nothing was written.",
    ], result.stderr
    assert len(lines) == 2, result.stderr
    assert result.stdout.split() == [".output.lock"], result.stdout  # no output, no staging folder


def test_a_read_only_disk_is_refused_before_the_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    script = f"mount --bind {site} {site}\nmount -o remount,bind,ro {site}\n{build_command(ROOT / 'content', site / 'output', tmp_path / 'cache')}"
    result = in_mount_namespace(script, cwd=ROOT)
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if "browser CMS" not in line]
    assert lines == [
        f"{site}/: the disk is read-only; build into a folder on a writable disk with --output",
        "Build stopped; nothing was written.",
    ], result.stderr


# ------------------------------------------------------------------ real bugs keep their traceback

BUGGY_PLUGIN = '''
from homeward import signals


def _explode(site, **_):
    return 1 / 0


def register():
    signals.site_loaded.connect(_explode)
'''


def test_a_real_bug_is_an_internal_error_and_homeward_debug_shows_its_traceback(tmp_path: Path) -> None:
    """Content never causes an `internal error`; a bug in code does, and HOMEWARD_DEBUG=1 shows where."""
    (tmp_path / "buggy").mkdir()
    (tmp_path / "buggy" / "__init__.py").write_text(BUGGY_PLUGIN)
    settings = tmp_path / "buggyconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
        f"PLUGIN_PATHS = PLUGIN_PATHS + [{str(tmp_path)!r}]\nPLUGINS = PLUGINS + ['buggy']\n"
    )
    plain = build_site(tmp_path / "plain" / "output", settings=settings, bug_expected=True)
    assert plain.returncode == 2
    assert "internal error: ZeroDivisionError: division by zero" in plain.stderr
    assert "Traceback" not in plain.stderr
    debug = build_site(tmp_path / "debug" / "output", settings=settings, env={"HOMEWARD_DEBUG": "1"}, bug_expected=True)
    assert debug.returncode != 0
    assert "Traceback (most recent call last)" in debug.stderr
    assert re.search(r'File ".*buggy/__init__.py", line 6, in _explode', debug.stderr), debug.stderr
