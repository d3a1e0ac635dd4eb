"""`build --server` (plugins/homeward/buildserver.py): real clients, real servers, no mocks.

A served build must be indistinguishable from a direct one (files, messages, exit status), must
never run code older than the files on disk, and the server must go away by itself. Every test
runs its servers in a private runtime folder and ends them afterwards (`servers`).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT, process_environment


@pytest.fixture
def servers() -> Iterator[Path]:
    """A private XDG_RUNTIME_DIR for this test's servers; every server that logged there is ended."""
    runtime = Path(tempfile.mkdtemp(prefix="hw-", dir="/tmp"))  # noqa: S108 (a socket's path must be short)
    yield runtime
    for pid in server_pids(runtime):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    shutil.rmtree(runtime)


def server_pids(runtime: Path) -> list[int]:
    return [int(pid) for log in runtime.rglob("*.log") for pid in re.findall(r"serving .* \(pid (\d+)\)", log.read_text())]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (its parent, the test, has not reaped it) counts as ended.
    return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][:1] != "Z"


def wait_for(condition, timeout: float = 60) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def environment(runtime: Path, **extra: str) -> dict[str, str]:
    env = process_environment({"XDG_RUNTIME_DIR": str(runtime), **extra})
    env.pop("CI", None)
    env.pop("HOMEWARD_BUILD_SERVER", None)  # conftest switches it off for every other test
    return env


def build(folder: Path, env: dict[str, str], *flags: str, root: Path = ROOT, umask: int = 0o022) -> subprocess.CompletedProcess:
    cache = folder / "cache"
    return subprocess.run(
        [sys.executable, "-m", "homeward", "build", *flags, "--output", str(folder / "output"), "--no-search"],
        capture_output=True, text=True, cwd=root, env={**env, "HOMEWARD_CACHE_PATH": str(cache)}, timeout=600, umask=umask,
    )


def modes(folder: Path) -> dict[str, int]:
    return {str(path.relative_to(folder)): path.stat().st_mode for path in folder.rglob("*")}


def same_messages(text: str) -> str:
    """Messages with durations blanked (they differ between any two builds) and without our notice."""
    lines = [line for line in text.splitlines() if not line.startswith("homeward: ")]
    return re.sub(r"\d+\.\d+ s", "N s", "\n".join(lines))


def diff(a: Path, b: Path) -> str:
    return subprocess.run(["diff", "-r", str(a), str(b)], capture_output=True, text=True).stdout


def test_served_builds_equal_direct_builds(tmp_path: Path, servers: Path) -> None:
    env = environment(servers)
    direct = build(tmp_path / "direct", {**env, "HOMEWARD_BUILD_SERVER": "0"}, "--server")
    first = build(tmp_path / "first", env, "--server")  # no server yet: builds itself, starts one
    assert "homeward: started a build server" in first.stderr
    # Served with another clock, time zone and umask than the server started with: the build sees the client's.
    other = {**env, "HOMEWARD_NOW": "2031-06-01T12:00:00+02:00", "TZ": "America/New_York"}
    direct_other = build(tmp_path / "direct-other", {**other, "HOMEWARD_BUILD_SERVER": "0"}, umask=0o027)
    second = build(tmp_path / "second", other, "--server", umask=0o027)
    assert "homeward: " not in second.stderr
    pids = server_pids(servers)
    assert len(pids) == 1
    log = next(servers.rglob("*.log")).read_text()
    assert len(re.findall(r"build \d+: status 0", log)) == 1, log  # the second build was served
    for done, reference in ((first, direct), (second, direct_other)):
        assert reference.returncode == 0
        assert (done.returncode, same_messages(done.stdout), same_messages(done.stderr)) == (
            reference.returncode, same_messages(reference.stdout), same_messages(reference.stderr)
        )
    assert diff(tmp_path / "direct" / "output", tmp_path / "first" / "output") == ""
    assert diff(tmp_path / "direct-other" / "output", tmp_path / "second" / "output") == ""
    assert diff(tmp_path / "direct" / "output", tmp_path / "direct-other" / "output") != ""  # the clock shows
    assert modes(tmp_path / "direct-other" / "output") == modes(tmp_path / "second" / "output")
    assert modes(tmp_path / "direct" / "output") != modes(tmp_path / "second" / "output")  # the umask shows

    # A content error: the same status and `file:line: message` through the server.
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    event = content / "data" / "events" / "job-fair-2026.yaml"
    event.write_text(re.sub(r"title:\n(  .*\n)+", 'title: "  "\n', event.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    broken_direct = build(tmp_path / "broken-direct", {**env, "HOMEWARD_BUILD_SERVER": "0"}, "--content", str(content))
    broken_served = build(tmp_path / "broken-served", env, "--server", "--content", str(content))
    assert broken_direct.returncode == 1
    assert "job-fair-2026.yaml:2:" in broken_direct.stderr
    assert (broken_served.returncode, broken_served.stdout, broken_served.stderr) == (
        broken_direct.returncode, broken_direct.stdout, broken_direct.stderr
    )
    assert len(re.findall(r"build \d+: status 1", next(servers.rglob("*.log")).read_text())) == 1


def test_served_edit_builds_with_the_memo_kept_in_memory_equal_cold_builds(tmp_path: Path, servers: Path) -> None:
    """The server reads the parse memo a served build saved (parse_memo.warm); the next child takes
    the shards from memory. After edits, served and direct builds taking turns on one output folder
    and cache, each output equals a cold build of the same content."""
    env = environment(servers)
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    texts = sorted((content / "articles").glob("*.md"))
    edited = tmp_path / "edited"
    # Step 0 starts the server; 1 is served (the server then keeps the memo); 2 is direct (it
    # rewrites a shard the server keeps); 3 is served, from memory and from that shard.
    for step, flags in enumerate((("--server",), ("--server",), (), ("--server",))):
        if step:
            with texts[step % len(texts)].open("a", encoding="utf-8") as handle:
                handle.write(f"\nA paragraph added in step {step}.\n")
        ways = {**env, "HOMEWARD_BUILD_SERVER": "1" if flags else "0"}
        done = build(edited, ways, *flags, "--content", str(content))
        assert done.returncode == 0, done.stderr
        if step >= 2:
            cold = build(tmp_path / f"cold-{step}", {**env, "HOMEWARD_BUILD_SERVER": "0"}, "--content", str(content))
            assert cold.returncode == 0, cold.stderr
            assert diff(tmp_path / f"cold-{step}" / "output", edited / "output") == "", f"step {step}"
            shutil.rmtree(tmp_path / f"cold-{step}")
    log = next(servers.rglob("*.log")).read_text()
    assert len(re.findall(r"build \d+: status 0", log)) == 2, log  # steps 1 and 3 were served


def server_log(servers: Path) -> str:
    return "".join(log.read_text() for log in servers.rglob("*.log"))


def wait_for_log(servers: Path, text: str, count: int = 1) -> bool:
    return wait_for(lambda: server_log(servers).count(text) >= count, 90)


def without_prepared(text: str) -> str:
    """Messages as a cold build says them: no note that the build was prepared, no count of the pages rendered."""
    text = text.replace(" (prepared by the build server when the content changed)", "")
    return same_messages(re.sub(r"\(\d+ rendered\)", "(N rendered)", text))


def test_builds_prepared_when_content_changed_equal_cold_builds(tmp_path: Path, servers: Path) -> None:
    """After a served build, a standby child of the server prepares the same command when content
    changes (prepared.py) and finishes it when asked: the bytes and messages of a cold build, with
    `prepared` in the summary. A change after it prepared, or another command, is built as always."""
    env = environment(servers)
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    texts = sorted((content / "articles").glob("*.md"))
    edited = tmp_path / "edited"

    def cold(name: str) -> subprocess.CompletedProcess:
        done = build(tmp_path / name, {**env, "HOMEWARD_BUILD_SERVER": "0"}, "--content", str(content))
        assert done.returncode == 0, done.stderr
        assert diff(tmp_path / name / "output", edited / "output") == "", name
        shutil.rmtree(tmp_path / name)
        return done

    for _ in range(2):  # starts the server, then served: a standby waits for changes
        assert build(edited, env, "--server", "--content", str(content)).returncode == 0
    assert wait_for_log(servers, "build ")

    with texts[0].open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph the standby sees.\n")
    assert wait_for_log(servers, ": prepared"), server_log(servers)
    prepared = build(edited, env, "--server", "--content", str(content))
    assert prepared.returncode == 0, prepared.stderr
    assert "(prepared by the build server when the content changed)" in prepared.stdout
    assert "takes the build" in server_log(servers)
    reference = cold("cold-1")
    assert (without_prepared(prepared.stdout), same_messages(prepared.stderr)) == (without_prepared(reference.stdout), same_messages(reference.stderr))

    # Changed again after the standby prepared: it starts again or declines; the bytes are the new content's.
    with texts[1].open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph before the standby is ready.\n")
    assert wait_for_log(servers, ": prepared", 2)
    with texts[2].open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph after the standby was ready.\n")
    done = build(edited, env, "--server", "--content", str(content))
    assert done.returncode == 0, done.stderr
    cold("cold-2")

    # Another command (another output folder) than the one prepared: built as always.
    with texts[3].open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph for another output.\n")
    assert wait_for_log(servers, ": prepared", 3)
    other = build(tmp_path / "other", env, "--server", "--content", str(content))
    assert other.returncode == 0, other.stderr
    assert "prepared by the build server" not in other.stdout
    assert diff(tmp_path / "other" / "output", edited / "output") != ""  # edited/ has not seen texts[3] yet
    done = build(edited, env, "--server", "--content", str(content))  # the standby was for `other` now
    assert done.returncode == 0, done.stderr
    cold("cold-3")


def test_a_prepared_build_is_not_taken_once_an_embargo_lifted_since(tmp_path: Path, servers: Path) -> None:
    """Output depends on the clock: a release prepared while under embargo, asked for after the
    embargo lifted, is built again (the standby checks `next_change`); a content error while it
    prepares is reported by the build asked for, and a fix is prepared again."""
    env = environment(servers)
    env.pop("HOMEWARD_NOW")  # the real clock, which passes the embargo
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    edited = tmp_path / "edited"
    for _ in range(2):
        assert build(edited, env, "--server", "--content", str(content)).returncode == 0
    assert wait_for_log(servers, "build ")
    lifts = time.time() + 7  # after the standby has prepared (an edit build of the sample takes 1-3 s)
    moment = datetime.fromtimestamp(int(lifts), ZoneInfo("Europe/Oslo")).isoformat()  # the region's offset, as the build asks
    releases = sorted((content / "press").glob("border-service-office.*.md"))
    for release in releases:
        text = release.read_text(encoding="utf-8")
        text = re.sub(r"^embargo: .*$", f"embargo: {moment}", text, count=1, flags=re.MULTILINE)
        release.write_text(re.sub(r"^date: .*$", "date: 2026-01-05T09:00:00+01:00", text, count=1, flags=re.MULTILINE), encoding="utf-8")
    assert wait_for_log(servers, ": prepared"), server_log(servers)
    assert time.time() < lifts, "the standby prepared too late for this test"
    time.sleep(lifts - time.time() + 1)
    done = build(edited, env, "--server", "--content", str(content))
    assert done.returncode == 0, done.stderr
    assert "prepared by the build server" not in done.stdout
    assert "declined" in server_log(servers)
    assert list((edited / "output").glob("*/press/border-service-office/index.html"))
    reference = build(tmp_path / "cold", {**env, "HOMEWARD_BUILD_SERVER": "0"}, "--content", str(content))
    assert diff(tmp_path / "cold" / "output", edited / "output") == ""

    # A mistake while the standby prepares: the build asked for reports it as a direct build does.
    article = sorted((content / "articles").glob("*.md"))[0]
    original = article.read_text(encoding="utf-8")
    article.write_text(original.replace("title:", "title_typo:", 1), encoding="utf-8")
    assert wait_for_log(servers, "another waits for changes"), server_log(servers)
    broken = build(edited, env, "--server", "--content", str(content))
    direct = build(tmp_path / "broken", {**env, "HOMEWARD_BUILD_SERVER": "0"}, "--content", str(content))
    assert (broken.returncode, broken.stdout, broken.stderr) == (direct.returncode, direct.stdout, direct.stderr)
    assert broken.returncode == 1
    article.write_text(original, encoding="utf-8")
    assert wait_for_log(servers, ": prepared", 2)
    fixed = build(edited, env, "--server", "--content", str(content))
    assert fixed.returncode == 0, fixed.stderr
    assert "prepared by the build server" in fixed.stdout
    assert reference.returncode == 0


def test_no_server_without_the_flag_in_ci_or_when_switched_off(tmp_path: Path, servers: Path) -> None:
    env = environment(servers)
    for name, flags, extra in (
        ("plain", (), {}), ("ci", ("--server",), {"CI": "true"}), ("off", ("--server",), {"HOMEWARD_BUILD_SERVER": "0"})
    ):
        done = build(tmp_path / name, {**env, **extra}, *flags)
        assert done.returncode == 0, done.stderr
        assert "homeward: " not in done.stderr
    assert list(servers.iterdir()) == []


def test_a_server_with_stale_code_is_not_used(tmp_path: Path, servers: Path) -> None:
    """The plugins changed after the server imported them: the build runs the new code itself."""
    checkout = tmp_path / "checkout"
    ignored = shutil.ignore_patterns(".venv", "node_modules", ".git", "__pycache__", "output*", ".homeward-cache", "*.egg-info")
    shutil.copytree(ROOT, checkout, ignore=ignored)
    env = environment(servers, PYTHONPATH=str(checkout / "plugins"))
    first = build(tmp_path / "first", env, "--server", root=checkout)
    assert first.returncode == 0, first.stderr
    assert wait_for(lambda: len(server_pids(servers)) == 1 and list(servers.rglob("*.sock")))
    (old,) = server_pids(servers)
    cli = checkout / "plugins" / "homeward" / "cli.py"
    cli.write_text(cli.read_text(encoding="utf-8") + '\nprint("new code", file=sys.stderr)\n', encoding="utf-8")
    second = build(tmp_path / "second", env, "--server", root=checkout)
    assert second.returncode == 0, second.stderr
    assert "new code" in second.stderr
    assert "the build server ran older code" in second.stderr
    assert wait_for(lambda: not alive(old), 30)
    assert wait_for(lambda: len(server_pids(servers)) == 2)  # the new server, for the next build


def start_server(path: Path, **extra: str) -> subprocess.Popen:
    env = environment(path.parent, **extra)
    return subprocess.Popen([sys.executable, "-m", "homeward.buildserver", str(path)], env=env, cwd=ROOT, stderr=subprocess.DEVNULL)


def test_the_server_ends_when_idle(servers: Path) -> None:
    path = servers / "idle.sock"
    server = start_server(path, HOMEWARD_BUILD_SERVER_IDLE="2")
    try:
        assert wait_for(path.exists)
        assert server.wait(timeout=60) == 0
        assert not path.exists()
    finally:
        server.kill()


def test_the_server_ends_when_its_socket_is_removed(servers: Path) -> None:
    path = servers / "removed.sock"
    server = start_server(path)
    try:
        assert wait_for(path.exists)
        path.unlink()
        assert server.wait(timeout=30) == 0
    finally:
        server.kill()


def test_a_server_told_to_stop_takes_its_socket_along(servers: Path) -> None:
    path = servers / "stopped.sock"
    server = start_server(path)
    try:
        assert wait_for(path.exists)
        time.sleep(0.5)  # still importing is fine too: the socket goes either way
        server.terminate()
        assert server.wait(timeout=30) == 0
        assert not path.exists()
    finally:
        server.kill()


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and setpriv to be another user")
def test_a_client_of_another_user_is_refused(servers: Path) -> None:
    # A folder everyone may enter and a socket everyone may open: only the server's own check is left.
    folder = Path(tempfile.mkdtemp(prefix="homeward-test-", dir="/tmp"))  # noqa: S108
    folder.chmod(0o755)
    path = folder / "open.sock"
    log = folder / "server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "homeward.buildserver", str(path)], env=environment(servers), cwd=ROOT, stderr=out)
    try:
        assert wait_for(lambda: "serving" in log.read_text())
        path.chmod(0o666)
        client = (
            "import socket, struct, sys\ns = socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\n"
            "try:\n    socket.send_fds(s, [struct.pack('!Q', 2)], [0, 1, 2]); s.sendall(b'{}'); print(s.recv(100) or 'closed')\n"
            "except (BrokenPipeError, ConnectionResetError):\n    print('closed')\n"
        )
        done = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", client, str(path)],
            capture_output=True, text=True, timeout=60,
        )
        assert done.stdout.strip() == "closed", done.stderr
        assert "refused a client of uid 65534" in log.read_text()
        assert "build " not in log.read_text()
        with socket.socket(socket.AF_UNIX) as own:  # the server goes on serving its own user
            own.connect(str(path))
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(folder)
