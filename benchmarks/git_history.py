"""Benchmark: "last updated" dates from git — one `git log` per build against one per file.

Writes the benchmark corpus (benchmarks/corpus.py, about 9,000 files at the default scale)
into a git repository with a made-up history (git fast-import: every file in the first
commit, then `--commits` commits that each change one to three files, an hour apart), and
measures side by side in one run:

1. Homeward's reading: `homeward.history.read_history` (one `git log` over content/);
2. the per-file way (`git log -1 --format=%ct -- FILE`, one process per file) on a sample,
   extrapolated to every file — and checked to give the same dates as (1);
3. a cold `homeward build` of that content with the history, and of the same checkout with
   git unable to find the repository (GIT_CEILING_DIRECTORIES), to show what the dates cost a build.

    .venv/bin/python benchmarks/git_history.py                # scale 1000, 2000 commits, /dev/shm
    .venv/bin/python benchmarks/git_history.py --scale 300 --commits 500 --repeat 3

The report is printed and written to benchmarks/results/git-history.md.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402
from homeward.history import read_history  # noqa: E402

START = int(datetime(2025, 1, 6, 8, 0, tzinfo=UTC).timestamp())
GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def make_repository(where: Path, scale: int, commits: int) -> tuple[Path, int]:
    """The corpus's content/ in a git repository with `commits` commits; returns (content, files)."""
    generated = where / "corpus"
    if not (generated / "content").is_dir():
        corpus.generate(generated, scale=scale)
    repo = where / "repo"
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, env=GIT_ENV, check=True)
    source = generated / "content"
    files = sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())
    current = {rel: (source / rel).read_bytes() for rel in files}
    markdown = [rel for rel in files if rel.endswith((".md", ".yaml"))]
    rng = random.Random(f"git-history:{scale}:{commits}")  # noqa: S311 - a benchmark, not security
    stream = bytearray()
    for number in range(1, commits + 1):
        when = START + (number - 1) * 3600
        stream += b"commit refs/heads/main\nmark :%d\n" % number
        stream += b"committer Bench <bench@example.org> %d +0000\n" % when
        stream += _data(b"commit %d" % number)
        if number == 1:
            changed = files
        else:
            stream += b"from :%d\n" % (number - 1)
            changed = rng.sample(markdown, rng.randint(1, 3))
            for rel in changed:
                current[rel] += b"\n" if rel.endswith(".md") else b"# edited\n"
        for rel in changed:
            stream += b"M 100644 inline content/%s\n" % rel.encode()
            stream += _data(current[rel])
        stream += b"\n"
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=bytes(stream), env=GIT_ENV, check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, env=GIT_ENV, check=True)
    return repo / "content", len(files)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_one_call(content: Path, repeat: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds (git's CPU plus the parsing in this process)."""
    walls, cpus, dated = [], [], 0
    for _ in range(repeat):
        start, cpu, own = time.perf_counter(), _children_cpu(), time.process_time()
        history = read_history(content)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu + time.process_time() - own)
        dated = len(history.committed)
    return statistics.median(walls), statistics.median(cpus), dated


def time_per_file(content: Path, sample: int) -> tuple[float, float, dict[str, int]]:
    """Wall and CPU seconds per file of `git log -1 -- FILE`, over a sample of files."""
    files = sorted(p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file())
    chosen = random.Random("per-file").sample(files, min(sample, len(files)))  # noqa: S311
    seconds: dict[str, int] = {}
    start, cpu = time.perf_counter(), _children_cpu()
    for rel in chosen:
        done = subprocess.run(["git", "log", "-1", "--format=%ct", "--", rel], cwd=content, capture_output=True, check=True)
        seconds[rel] = int(done.stdout)
    return (time.perf_counter() - start) / len(chosen), (_children_cpu() - cpu) / len(chosen), seconds


def time_build(content: Path, where: Path, with_git: bool, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds (the build and every process it waited for, from os.wait4)."""
    times, cpus = [], []
    for run in range(repeat):
        out = where / f"build-{'git' if with_git else 'nogit'}-{run}"
        shutil.rmtree(out, ignore_errors=True)
        env = {**os.environ, "HOMEWARD_CACHE_PATH": str(out / "cache"), "HOMEWARD_IMAGE_CACHE": str(where / "image-cache")}
        if not with_git:
            env["GIT_CEILING_DIRECTORIES"] = str(content.parent)
        command = [sys.executable, "-m", "homeward", "build", "-s", str(ROOT / "pelicanconf.py"), "--content", str(content), "-o", str(out / "output"), "--no-search", "--force"]
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        if status != 0:
            raise SystemExit(f"the build failed: {' '.join(command)}")
    return statistics.median(times), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=int, default=300, help="files timed the per-file way")
    parser.add_argument("--builds", type=int, default=3, help="cold builds per variant (0: none)")
    parser.add_argument("--where", type=Path, default=Path("/dev/shm/homeward-git-bench"))
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results" / "git-history.md")
    args = parser.parse_args()

    where = args.where / f"scale-{args.scale}"
    content, files = make_repository(where, args.scale, args.commits)
    one, one_cpu, dated = time_one_call(content, args.repeat)
    per_file, per_file_cpu, sampled = time_per_file(content, args.sample)
    history = read_history(content)
    mismatches = [rel for rel, seconds in sampled.items() if int(history.committed[rel].timestamp()) != seconds]
    rows = [
        ("one `git log` for all files (Homeward)", f"{one:.2f}", f"{one_cpu:.2f}", f"{dated}"),
        (f"`git log -1` per file ({len(sampled)} timed, × {files})", f"{per_file * files:.0f}", f"{per_file_cpu * files:.0f}", f"{files}"),
    ]
    lines = [
        f"# Dates from git: {files} files, {args.commits} commits",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC in {args.where}, git {subprocess.run(['git', '--version'], capture_output=True, text=True).stdout.split()[-1]}, "
        f"Python {sys.version.split()[0]}; medians of {args.repeat} (one call) and {args.builds} (builds).",
        "",
        "| way | wall s | CPU s | files dated |",
        "| --- | ---: | ---: | ---: |",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
        "",
        f"Ratio: the per-file way takes {per_file * files / one:.0f}× the wall time and {per_file_cpu * files / one_cpu:.0f}× the CPU. "
        "Same dates for every sampled file: "
        f"{'yes' if not mismatches else 'NO: ' + ', '.join(mismatches[:5])}.",
    ]
    if args.builds:
        # Alternated, so a change in the machine's load hits both variants alike.
        runs = {True: [], False: []}
        for _ in range(args.builds):
            for variant in (True, False):
                runs[variant].append(time_build(content, where, variant, 1))
        (git_wall, git_cpu), (no_wall, no_cpu) = (
            tuple(statistics.median(values) for values in zip(*runs[variant], strict=True)) for variant in (True, False)
        )
        lines += [
            "",
            "| cold `homeward build --no-search` | wall s | CPU s |",
            "| --- | ---: | ---: |",
            f"| with the history (dates on every page) | {git_wall:.2f} | {git_cpu:.2f} |",
            f"| git finds no repository (no dates) | {no_wall:.2f} | {no_cpu:.2f} |",
            "",
            f"Difference: {git_wall - no_wall:+.2f} s wall ({(git_wall - no_wall) / no_wall:+.1%}), "
            f"{git_cpu - no_cpu:+.2f} s CPU ({(git_cpu - no_cpu) / no_cpu:+.1%}).",
        ]
    report = "\n".join(lines) + "\n"
    print(report)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(report)
    return 1 if mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
