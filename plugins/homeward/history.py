"""When each content file last changed, read from git in ONE `git log` per build.

A page's "last updated" is the author's `modified` when written, else the committer date of
the last commit that touched its file. Committer dates make it reproducible: the same commit
gives the same dates on any machine, in any full clone, whenever it is built. The file's
mtime is never used (a checkout sets it to the moment of the checkout).

- No git, not a repository, or git fails: no dates (nothing is shown); the build goes on.
- A file never committed: no date until it is committed.
- A file with uncommitted changes: its last commit's date until the change is committed
  (the site shows what is committed; the preview shows the same date as the site will).
- A shallow clone (`--depth N`): its oldest commit stands for all earlier history, so files
  last changed before it get no date rather than a wrong one, and the build warns.

Why one process: asking git once per file (`git log -1 -- FILE`) costs a process and a
history walk per file — minutes for a region with thousands of files (see docs/performance.md).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path

# \x01 starts a commit: its committer time (seconds, UTC) and its decorations, where "grafted"
# marks the boundary of a shallow clone. -z: paths as written (no quoting of å, ø, spaces).
# --no-renames: a moved file counts from its move, and git needs no file contents — rename
# detection would fetch every blob one by one in a blobless clone (Netlify clones that way).
# --relative, run in content/: only files under it, named relative to it. No pathspec: with
# one, git simplifies history per commit, which costs twice the CPU (benchmarks/git_history.py);
# commits that touch nothing under content/ just list no files.
GIT_LOG = (
    "git",
    "-c",
    "log.showSignature=false",
    "log",
    "--format=%x01%ct%x09%D",
    "--name-only",
    "--no-renames",
    "--relative",
    "--no-color",
    "-z",
)


@dataclass
class ContentHistory:
    """The committer time of the last commit of every committed file under content/."""

    committed: dict[str, datetime] = field(default_factory=dict)  # content-relative POSIX path → UTC time
    shallow_files: int = 0  # files seen only in a shallow clone's boundary commit: no date
    problem: str | None = None  # why git gave no history (None: not a repository, or fine)

    def time_of(self, path: str) -> datetime | None:
        return self.committed.get(path)


def parse_log(output: bytes) -> ContentHistory:
    """Parse `GIT_LOG`'s output: the newest committer time per path (git lists newest first,
    but the maximum is taken, so clock skew between committers cannot reorder anything)."""
    latest: dict[str, int] = {}
    boundary: set[str] = set()
    stamp: int | None = None
    grafted = False
    for token in output.split(b"\0"):
        if b"\x01" in token:
            before, _, header = token.partition(b"\x01")
            _remember(before.strip(b"\n"), stamp, grafted, latest, boundary)
            seconds, _, refs = header.partition(b"\t")
            stamp = int(seconds) if seconds.strip().isdigit() else None
            grafted = b"grafted" in (ref.strip() for ref in refs.split(b","))
            continue
        _remember(token.lstrip(b"\n"), stamp, grafted, latest, boundary)
    committed = {path: datetime.fromtimestamp(seconds, UTC) for path, seconds in latest.items()}
    return ContentHistory(committed, shallow_files=len(boundary - latest.keys()))


def _remember(raw: bytes, stamp: int | None, grafted: bool, latest: dict[str, int], boundary: set[str]) -> None:
    if not raw or stamp is None:
        return
    path = os.fsdecode(raw)
    if grafted:  # the boundary of a shallow clone shows every file as new: its date says nothing
        boundary.add(path)
    elif stamp > latest.get(path, -1):
        latest[path] = stamp


class PendingHistory:
    """`git log` started at once, read when the loader needs the dates, so git walks the
    history while the Markdown is being parsed."""

    def __init__(self, content: Path):
        self.content = content
        self.process: subprocess.Popen | None = None
        self.problem: str | None = None
        if not content.is_dir():
            return
        try:
            self.process = subprocess.Popen(
                GIT_LOG,
                cwd=content,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env={**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"},
            )
        except OSError as exc:  # no git installed
            self.problem = f"git is not available ({exc.strerror})"

    def result(self) -> ContentHistory:
        if self.process is None:
            return ContentHistory(problem=self.problem)
        output, errors = self.process.communicate()
        if self.process.returncode != 0:
            message = errors.decode("utf-8", "replace").strip().splitlines()
            first = message[0] if message else f"exit status {self.process.returncode}"
            # Content outside any repository (a copy, a test) or a repository without a commit
            # yet is normal: no dates, no warning.
            quiet = "not a git repository" in first or "does not have any commits yet" in first
            return ContentHistory(problem=None if quiet else f"`git log` failed: {first}")
        return parse_log(output)


def notice(history: ContentHistory | None) -> str | None:
    """What a maintainer should hear about the dates (printed by the build), or None."""
    if history is None:
        return None
    if history.problem:
        return f"warning: no \"last updated\" dates from git: {history.problem}"
    if history.shallow_files:
        return (
            f"warning: the git history is shallow (a clone with --depth), so {history.shallow_files} content file(s) show no "
            "\"last updated\" date; fetch the whole history (GitHub Actions: `fetch-depth: 0`; see docs/maintainers.md)"
        )
    return None


def revision(content: Path) -> str:
    """The commit checked out (and whether the clone is shallow), for the "nothing changed"
    check: a commit changes dates without changing a file. '' without git or a repository."""
    try:
        done = subprocess.run(
            ("git", "rev-parse", "HEAD", "--is-shallow-repository"),
            cwd=content, capture_output=True, stdin=subprocess.DEVNULL, timeout=30, env={**os.environ, "LC_ALL": "C"},
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.decode("ascii", "replace").strip() if done.returncode == 0 else ""


def read_history(content: Path) -> ContentHistory:
    return PendingHistory(content).result()


@dataclass(frozen=True)
class LastUpdated:
    """When a page's content last changed, and whether a time of day is known (the author may
    write `modified: 2026-11-13`, which names a day, not midnight)."""

    when: datetime  # timezone-aware, in the region's zone
    day_only: bool = False
    source: str = "git"  # "modified" (the author's field), "git" (the file's last commit) or "published"

    def isoformat(self) -> str:
        return self.when.date().isoformat() if self.day_only else self.when.isoformat()


def moment(value: date | datetime | None, zone: tzinfo, day_only: bool = False, source: str = "modified") -> LastUpdated | None:
    """A date field as a LastUpdated: a plain date (or one the loader gave the region's
    midnight, `day_only`) names a day; a naive time is read in the region's zone."""
    if value is None:
        return None
    return LastUpdated(_aware(value, zone), day_only=day_only or not isinstance(value, datetime), source=source)


def last_updated(
    modified: LastUpdated | None, committed: datetime | None, published: LastUpdated | None, zone: tzinfo
) -> LastUpdated | None:
    """The author's `modified` when given; else the last commit, but never before the page was
    published (a release committed before its embargo lifted was not updated before it went out)."""
    if modified is not None:
        return modified
    if committed is None:
        return None
    when = committed.astimezone(zone)
    if published is not None and published.when > when:
        return LastUpdated(published.when, day_only=published.day_only, source="published")
    return LastUpdated(when)


def _aware(value: date | datetime, zone: tzinfo) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone)
    return datetime.combine(value, time(0, 0), tzinfo=zone)
