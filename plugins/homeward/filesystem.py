"""The output folder: one build at a time, nothing left behind by killed builds, and
file-system problems (disk full, read-only, no permission) said in one plain line.

A build writes into `.output.staging-<pid>/` beside `output/` and swaps it in with two
renames (build.swap_in). Two builds into one output would swap each other's folders away,
so a build holds `.output.lock` (the `filelock` package: an OS lock the kernel releases
when the process dies, even on `kill -9`) from the first check to the swap. Holding the
lock also proves that any other staging folder of this output belongs to a dead build.

An incremental build of an output its manifest describes writes only the files that changed
into the staging folder, and, once every page rendered, applies them to `output/` in place
(`apply_changes`): a journal (`.output.apply.json`) names the staging folder and the files to
delete before the first change, so a build killed while applying is finished by the next
one (`remove_leftovers`), which also drops the manifest: the build after that renders everything.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import sys
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

# How long a second build waits for the first before it gives up (HOMEWARD_LOCK_TIMEOUT, seconds).
LOCK_TIMEOUT = 600.0


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file of this process and rename it into place: a build and
    the preview server (or two builds) sharing the cache folder never read half a file, and
    never rename each other's temporary file away."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write a file of the output. A disk that fills up fails the write or the close, and
    Python's error then names no file (only `open` does): name it, so the build's one line
    says which folder filled up."""
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        if exc.filename is None:
            exc.filename = os.fspath(path)
        raise


def store_folder(settings: dict, variable: str, name: str) -> Path | None:
    """A cache that several builds may share: the folder the environment `variable` names, else
    `name` in the build cache (none when the build has no cache folder)."""
    shared = os.environ.get(variable)
    if shared:
        return Path(shared)
    cache = settings.get("HOMEWARD_CACHE_PATH")
    return Path(cache) / name if cache else None


def die_with_parent() -> None:
    """Pool initializer: a worker ends with its build (Linux), even when the build is killed
    with -9; otherwise it would write on into a staging folder and hold the build lock."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: workers end when they next talk to the build
        pass


class FileSystemProblem(Exception):
    """The machine, not the content, stops the build: one line naming the folder and what to do."""


def shown(path: Path) -> str:
    """A folder as a person finds it: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        rel = str(path)
    text = str(path) if rel.startswith("..") else rel
    return text.rstrip("/") + "/" if path.is_dir() or not path.exists() else text


def _size(amount: int) -> str:
    return f"{amount / 1_000_000:.1f} MB" if amount < 10_000_000_000 else f"{amount / 1_000_000_000:.0f} GB"


def explain_os_error(exc: OSError, path: Path | None = None, *, reading: bool = False) -> str | None:
    """What a person does about an OSError from reading or writing `path`; None when the error
    is not about the machine's disks or permissions (then it is a bug and keeps its traceback)."""
    where = shown(path) if path is not None else "the folder"
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"{where}: the disk is full; free some space (or build on another disk with --output), then build again"
    if code == errno.EROFS:
        return f"{where}: the disk is read-only; build into a folder on a writable disk with --output"
    if code in (errno.EACCES, errno.EPERM):
        if reading:
            return f"this user may not read the file; give read access (chmod a+r {where}) or ask the file's owner"
        return f"{where}: this user may not write here; build into a folder you own with --output, or give write access (chmod -R u+w {where})"
    if code in (errno.EMFILE, errno.ENFILE):
        return f"{where}: too many files are open on this machine; close other programs, then build again"
    if code == errno.EIO:
        return f"{where}: the disk reported a read/write error; check the disk, then build again"
    return None


def check_content(content: Path) -> None:
    """Every folder under content/ must be readable, or files in it would be silently missing."""
    if not content.is_dir():
        raise FileSystemProblem(f"{shown(content)}: the content folder does not exist; check --content or PATH in the settings")
    problems: list[OSError] = []
    for _folder, _dirs, _files in os.walk(content, onerror=problems.append):
        if problems:
            break
    if problems or not os.access(content, os.R_OK | os.X_OK):
        folder = Path(problems[0].filename) if problems and problems[0].filename else content
        raise FileSystemProblem(
            f"{shown(folder)}: this user may not read this folder; give read access (chmod -R a+rX {shown(folder)}) or ask its owner"
        )


def _tree_size(folder: Path) -> int:
    """Bytes the files take on disk (whole blocks, as `du` counts)."""
    total = 0
    pending = [os.fspath(folder)]
    while pending:
        try:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                        continue
                    try:
                        total += entry.stat(follow_symlinks=False).st_blocks * 512
                    except OSError:
                        pass
        except OSError:
            pass
    return total


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_output(output: Path) -> None:
    """Before any work: the output's parent is writable and the output can be replaced."""
    existing = _nearest_existing(output.parent)
    if output.exists() and not output.is_dir():
        raise FileSystemProblem(f"{shown(output)}: this is a file, not a folder; remove it or choose another --output")
    stats = os.statvfs(existing)
    if stats.f_flag & os.ST_RDONLY:
        raise FileSystemProblem(f"{shown(existing)}: the disk is read-only; build into a folder on a writable disk with --output")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise FileSystemProblem(
            f"{shown(existing)}: this user may not create files here; build into a folder you own with --output, "
            f"or give write access (chmod u+w {shown(existing)})"
        )
    if output.exists() and not os.access(output, os.W_OK | os.X_OK):
        # Replacing a folder renames it, which needs write access to the folder itself.
        raise FileSystemProblem(
            f"{shown(output)}: the folder is read-only, so a new build cannot replace it; "
            f"make it writable (chmod -R u+w {shown(output)}) or build elsewhere with --output"
        )


def check_space(output: Path, content: Path, in_place: bool = False) -> None:
    """Room for a new build beside the old one: about the old one's size, or twice the content
    folder's for a first build (images are copied, pages written).

    `in_place`: the build stages only the files that differ from the output and moves them in
    (build.write_site, apply_changes); how many that is is known only once they are rendered, so
    nothing is measured (walking a 9000-file output took ~0.1 s of a one-file edit build). A
    disk that fills up while they are written still stops the build with one line, the output
    as it was."""
    if in_place:
        return
    existing = _nearest_existing(output.parent)
    stats = os.statvfs(existing)
    free = stats.f_bavail * stats.f_frsize
    needed = _tree_size(output) if output.exists() else 2 * _tree_size(content)
    if free < needed:
        raise FileSystemProblem(
            f"{shown(existing)}: the disk is full ({_size(free)} free, a build needs about {_size(needed)}); "
            "free some space or build on another disk with --output, then build again"
        )


def check_cache(cache: Path) -> None:
    """The cache (Markdown, image variants, PDFs, the last build's record) must be writable too."""
    existing = _nearest_existing(cache)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise FileSystemProblem(
            f"{shown(existing)}: this user may not write the build cache here; give write access "
            f"(chmod -R u+w {shown(existing)}) or set HOMEWARD_CACHE_PATH to a folder you own"
        )


def _staging_prefix(output: Path) -> str:
    return f".{output.name}.staging-"


def staging_folder(output: Path) -> Path:
    return output.with_name(f"{_staging_prefix(output)}{os.getpid()}")


def journal_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.apply.json")


def files_under(folder: Path, regular: set[str] | None = None) -> set[str]:
    """Every file (and symbolic link) under `folder`, as a relative path with '/' (the file
    types come with the directory listing: no `stat` per file); `regular` receives those that are
    regular files."""
    found: set[str] = set()
    pending = [(os.fspath(folder), "")]
    while pending:
        path, prefix = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                else:
                    found.add(prefix + entry.name)
                    if regular is not None and entry.is_file(follow_symlinks=False):
                        regular.add(prefix + entry.name)
    return found


class OutputFiles:
    """One walk of the output an edit build changes in place: its files, and which of them are
    regular files. The build keeps an unchanged file when it is there (render._Keeper), and
    `apply_changes` deletes the files this build does not make: both read this walk, where each
    kept file cost an `lstat` besides apply's own walk (~16 ms for 9000 files). Taken before the
    files are sorted out; nothing writes into the output until `apply_changes` (a build writes
    into its staging folder, and holds the output's lock)."""

    def __init__(self, folder: Path):
        self.regular: set[str] = set()
        self.all = files_under(folder, self.regular)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size or not b.is_file() or b.is_symlink():
            return False
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def apply_changes(staging: Path, output: Path, routes: set[str], manifest: Path | None, present: OutputFiles | None = None) -> int:
    """Make `output` the new build: the files in `staging` (the changed ones) move in, files
    that are neither a file of this build (`routes`: its routes and assets) nor staged are deleted. Returns how many
    files changed. A failure before the journal is written leaves `output` untouched. `present`:
    the build's walk of `output`, else it is walked now."""
    staged = files_under(staging)
    wanted = routes | staged
    for rel in sorted(staged - routes):
        # Files every build writes again (assets, images): an identical one stays as it is.
        if _same_file(staging / rel, output / rel):
            os.unlink(staging / rel)
    deletions = sorted((files_under(output) if present is None else present.all) - wanted)
    write_atomically(journal_path(output), json.dumps({"staging": str(staging), "delete": deletions, "manifest": str(manifest) if manifest else None}).encode())
    if manifest is not None:
        manifest.unlink(missing_ok=True)  # it describes the output as it was: no longer true
    return _apply(staging, output, deletions)


def _apply(staging: Path, output: Path, deletions: list[str]) -> int:
    """Idempotent, so that a build killed half-way through is finished by the next one."""
    moves = sorted(files_under(staging))
    made: set[str] = set()
    for rel in moves:  # folders first: the step that needs room on the disk
        parent = os.path.dirname(os.path.join(output, rel))
        if parent not in made:
            try:
                os.makedirs(parent, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                continue  # a file of the old output stands there: deleted below, then made
            made.add(parent)
    for rel in deletions:
        try:
            os.unlink(output / rel)
        except FileNotFoundError:
            pass
    kill_after = int(os.environ.get("HOMEWARD_TEST_KILL_DURING_APPLY", "-1"))  # tests: a kill half-way through
    for count, rel in enumerate(moves):
        if count == kill_after:
            os.kill(os.getpid(), signal.SIGKILL)
        target = output / rel
        if str(target.parent) not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(str(target.parent))
        try:
            os.replace(staging / rel, target)
        except IsADirectoryError:
            shutil.rmtree(target)  # a folder of the old output: everything in it was deleted above
            os.replace(staging / rel, target)
    for rel in deletions:  # folders the deletions emptied: a cold build has none
        folder = (output / rel).parent
        while folder != output:
            try:
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent
    return len(moves) + len(deletions)


def finish_changes(staging: Path, output: Path) -> None:
    """After the manifest of the changed output is written: the journal and staging folder go."""
    journal_path(output).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def _finish_interrupted_changes(output: Path) -> str | None:
    journal = journal_path(output)
    try:
        note = json.loads(journal.read_text())
    except FileNotFoundError:
        return None
    except ValueError:
        note = {}  # written atomically: cannot happen, but then the manifest below cannot be named
    staging = Path(note.get("staging") or "")
    if note and staging.is_dir() and output.is_dir():
        _apply(staging, output, list(note.get("delete") or []))
    if note.get("manifest"):
        Path(note["manifest"]).unlink(missing_ok=True)  # the next build renders everything
    journal.unlink(missing_ok=True)
    return journal.name


def remove_leftovers(output: Path) -> list[str]:
    """Remove staging folders of killed builds and finish a swap or an in-place change a kill
    interrupted.

    Called while holding the lock: no other build of this output is running, so every other
    staging folder is a dead build's (a reused pid cannot keep one alive). Returns their names.
    """
    removed = []
    finished = _finish_interrupted_changes(output)
    if finished:
        removed.append(finished)
    own = staging_folder(output)
    for folder in sorted(output.parent.glob(f"{_staging_prefix(output)}*")):
        if folder != own and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    old = output.with_name(output.name + ".old")
    if old.is_dir():
        if not output.exists():
            old.rename(output)  # killed between the swap's two renames: the previous output is back
        else:
            shutil.rmtree(old, ignore_errors=True)
            removed.append(old.name)
    return removed


class OutputLock:
    """Held from the first check to the swap; a second build waits and says who it waits for."""

    def __init__(self, output: Path, timeout: float | None = None):
        self.output = output
        self.path = output.with_name(f".{output.name}.lock")
        self.info = output.with_name(f".{output.name}.lock.json")
        self.timeout = timeout if timeout is not None else float(os.environ.get("HOMEWARD_LOCK_TIMEOUT", LOCK_TIMEOUT))
        self.lock = FileLock(str(self.path))

    def holder(self) -> str:
        """'pid 1234, since 12:03:04' from the holder's note, or 'another build'."""
        try:
            note = json.loads(self.info.read_text())
            started = datetime.fromisoformat(note["started"])
            return f"pid {note['pid']}, running since {started.strftime('%H:%M:%S')}"
        except (OSError, ValueError, KeyError, TypeError):
            return "its process id is not known yet"

    def __enter__(self) -> OutputLock:
        try:
            self.lock.acquire(timeout=0)
        except Timeout:
            print(
                f"Another build ({self.holder()}) is writing {shown(self.output)}; waiting for it to finish…",
                file=sys.stderr,
                flush=True,
            )
            try:
                self.lock.acquire(timeout=self.timeout)
            except Timeout:
                raise FileSystemProblem(
                    f"{shown(self.output)}: another build ({self.holder()}) has been writing here for more than "
                    f"{self.timeout:.0f} s; wait for it or stop it, then build again"
                ) from None
        note = {"pid": os.getpid(), "started": datetime.now().astimezone().isoformat(timespec="seconds")}
        tmp = self.info.with_name(f"{self.info.name}.{os.getpid()}")
        tmp.write_text(json.dumps(note))
        tmp.replace(self.info)
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.info.unlink()
        except OSError:
            pass
        self.lock.release()
