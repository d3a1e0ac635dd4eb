"""Mutation check of the core: how many small bugs (mutants) the test suite does not notice.

A script, not a test: it copies a revision of the repository to /dev/shm, lets Cosmic Ray
(https://cosmic-ray.readthedocs.io) change one operator at a time in each module in scope
(`==` → `!=`, `and` → `or`, a loop that runs zero times, a number off by one, …) and runs the
real tests that cover that module against the changed file. A mutant that no test notices
"survives". Builds run in subprocesses, so mutants are applied to the files on disk of the
copy and PYTHONPATH points the builds at it.

The full set (~600 mutants of the restricted operators) takes hours on two cores; a fixed,
seeded sample per module keeps a run within about half an hour and makes two runs (before and
after a change to the tests) comparable. Usage:

    .venv/bin/pip install -e '.[mutation]'
    .venv/bin/python tools/mutation.py --rev HEAD --out benchmarks/results/mutation.md
    .venv/bin/python tools/mutation.py --rev 35c8da4 --per-module 20   # an older revision

Results: a table of killed / survived / timed out per module, and every survivor's diff.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Module in scope → the real tests that exercise it (run with -x: the first failure kills).
SCOPE: dict[str, list[str]] = {
    "plugins/homeward/loader.py": ["tests/test_bad_content.py", "tests/test_region_data.py", "tests/test_foundation.py"],
    # The attack corpus too: comments in YAML and front matter are removed here (without_comments).
    "plugins/homeward/validation.py": ["tests/test_bad_content.py", "tests/test_region_data.py", "tests/test_attacks.py"],
    "plugins/homeward/items.py": ["tests/test_foundation.py"],
    # Since the incremental build, render.write_routes decides which pages are rendered again.
    "plugins/homeward/render.py": ["tests/test_foundation.py", "tests/test_deploy.py", "tests/test_incremental.py"],
    "plugins/events/ics.py": ["tests/test_events.py"],
    # The sanitizer (issue 12): the body allowlist, the file gate, image formats, SVG cleaning.
    # The attack corpus is what exercises it: every case is a real build of hostile content.
    # The corpus shows what is kept out; what must get through (a local image and link, with the
    # site's sub-path) is one test of the foundation.
    "plugins/homeward/trust/html.py": ["tests/test_attacks.py", "tests/test_foundation.py::test_links_in_markdown_get_the_site_sub_path"],
    # The gate's messages for a mistaken path ("did you mean …jpg?") are bad-content cases.
    "plugins/homeward/trust/files.py": [
        "tests/test_attacks.py",
        "tests/test_foundation.py::test_links_in_markdown_get_the_site_sub_path",
        "tests/test_bad_content.py",
    ],
    "plugins/homeward/trust/formats.py": ["tests/test_attacks.py"],
    "plugins/homeward/trust/svg.py": ["tests/test_attacks.py"],
}
# What the loader split moved out of loader.py (mutated with the loader's tests): which files
# are content (discovery.py) and the checks of references between records (references.py).
FOLLOWERS = {
    "plugins/homeward/discovery.py": "plugins/homeward/loader.py",
    "plugins/homeward/references.py": "plugins/homeward/loader.py",
}

# Operators that make a different program, not a different spelling of the same one. Left out:
# variable insertion/replacement and exception swaps (mostly equivalent or crash at import),
# decorators, unary operators, and every binary/comparison swap but the plausible slips.
EXCLUDE = [
    "core/VariableInserter",
    "core/VariableReplacer",
    "core/ExceptionReplacer",
    "core/RemoveDecorator",
    "core/ReplaceUnaryOperator_.*",
    "core/ReplaceBinaryOperator_(?!Add_Sub|Sub_Add).*",
    "core/ReplaceComparisonOperator_(?!Eq_NotEq|NotEq_Eq|Lt_GtE|Gt_LtE|LtE_Gt|GtE_Lt|In_NotIn|NotIn_In|Is_IsNot|IsNot_Is).*",
]


def export(rev: str, target: Path) -> None:
    """The tracked files of `rev`, without the work tree's caches or output."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with tempfile.TemporaryFile() as handle:
        subprocess.run(["git", "archive", rev], cwd=ROOT, stdout=handle, check=True)
        handle.seek(0)
        with tarfile.open(fileobj=handle) as archive:
            archive.extractall(target, filter="data")


def config(module: str, tests: list[str], python: str, timeout: float) -> str:
    command = f"{python} -m pytest -x -q -p no:randomly -p no:cacheprovider -n 0 -m 'not browser' " + " ".join(tests)
    excluded = ", ".join(json.dumps(pattern) for pattern in EXCLUDE)
    return (
        "[cosmic-ray]\n"
        f"module-path = {json.dumps(module)}\n"
        f"timeout = {timeout}\nexcluded-modules = []\n"
        f"test-command = {json.dumps(command)}\n"
        '[cosmic-ray.distributor]\nname = "local"\n'
        f"[cosmic-ray.filters.operators-filter]\nexclude-operators = [{excluded}]\n"
    )


def sample(session: Path, size: int, seed: str) -> int:
    """Skip all but `size` of the pending mutants, chosen by a seeded shuffle of their identity."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    with use_db(str(session), WorkDB.Mode.open) as db:
        pending = list(db.pending_work_items)
        key = lambda item: json.dumps([(m.operator_name, m.occurrence, m.definition_name) for m in item.mutations])  # noqa: E731
        pending.sort(key=key)
        random.Random(seed).shuffle(pending)
        for item in pending[size:]:
            db.set_result(item.job_id, WorkResult(output="not in the sample", worker_outcome=WorkerOutcome.SKIPPED))
        return min(size, len(pending))


def run_module(copy: Path, module: str, tests: list[str], size: int, seed: str, timeout: float, resume: bool = False) -> list[dict]:
    name = module.replace("/", "_").removesuffix(".py")
    cfg, session = copy / f"{name}.toml", copy / f"{name}.sqlite"
    cfg.write_text(config(module, tests, sys.executable, timeout), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{copy / 'plugins'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    bin_dir = Path(sys.executable).parent
    if not (resume and session.exists()):
        subprocess.run([str(bin_dir / "cosmic-ray"), "init", str(cfg), str(session)], cwd=copy, env=env, check=True, capture_output=True)
        subprocess.run([str(bin_dir / "cr-filter-operators"), str(session), str(cfg)], cwd=copy, env=env, check=True, capture_output=True)
        chosen = sample(session, size, seed)
        print(f"{module}: {chosen} mutants, tests: {' '.join(tests)}", flush=True)
    else:
        print(f"{module}: resuming, tests: {' '.join(tests)}", flush=True)
    subprocess.run([str(bin_dir / "cosmic-ray"), "exec", str(cfg), str(session)], cwd=copy, env=env, check=True, capture_output=True)
    dump = subprocess.run([str(bin_dir / "cosmic-ray"), "dump", str(session)], cwd=copy, env=env, check=True, capture_output=True, text=True)
    found = []
    for line in dump.stdout.splitlines():
        item, result = json.loads(line)
        if result is None or result["worker_outcome"] == "skipped":
            continue
        mutation = item["mutations"][0]
        found.append(
            {
                "module": module,
                "operator": mutation["operator_name"].removeprefix("core/"),
                "where": f"{mutation['definition_name']}:{mutation['start_pos'][0]}",
                "outcome": result["test_outcome"] or result["worker_outcome"],
                "diff": result.get("diff") or "",
            }
        )
    return found


def report(results: list[dict], rev: str, seconds: float) -> str:
    lines = [f"# Mutation check at {rev}", "", f"{len(results)} mutants in {seconds / 60:.0f} min (tools/mutation.py).", ""]
    lines += ["| module | mutants | killed | survived | other |", "| --- | --- | --- | --- | --- |"]
    for module in dict.fromkeys(r["module"] for r in results):
        mine = [r for r in results if r["module"] == module]
        killed = sum(r["outcome"] == "killed" for r in mine)
        survived = sum(r["outcome"] == "survived" for r in mine)
        lines.append(f"| {module} | {len(mine)} | {killed} | {survived} | {len(mine) - killed - survived} |")
    total = len(results)
    killed = sum(r["outcome"] == "killed" for r in results)
    survived = sum(r["outcome"] == "survived" for r in results)
    lines.append(f"| **all** | {total} | {killed} | {survived} | {total - killed - survived} |")
    lines += ["", "## Survivors", ""]
    for r in results:
        if r["outcome"] != "killed":
            lines += [f"### {r['module']} {r['where']} {r['operator']} ({r['outcome']})", "", "```diff", r["diff"].strip(), "```", ""]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rev", default="HEAD", help="git revision to test (default HEAD: commit first)")
    parser.add_argument("--work", default="/dev/shm/homeward-mutation", help="where the copy lives (RAM: mutants write files)")  # noqa: S108 - a folder of our own
    parser.add_argument("--per-module", type=int, default=12, help="mutants sampled per module")
    parser.add_argument("--seed", default="homeward", help="sample seed: the same seed picks the same mutants")
    parser.add_argument("--timeout", type=float, default=480.0, help="seconds before a mutant's tests count as timed out")
    parser.add_argument("--only", default="", help="comma-separated module paths (default: all in scope)")
    parser.add_argument("--out", default="", help="write the report here (default: print it)")
    parser.add_argument("--resume", action="store_true", help="go on with an interrupted run in the same --work folder")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    copy = Path(args.work) / args.rev.replace("/", "_")
    if not (args.resume and copy.exists()):
        export(args.rev, copy)
    scope = dict(SCOPE)
    for follower, leader in FOLLOWERS.items():
        if (copy / follower).exists():
            scope[follower] = SCOPE[leader]
    if args.only:
        scope = {m: t for m, t in scope.items() if m in args.only.split(",")}
    results: list[dict] = []
    for module, tests in scope.items():
        if (copy / module).exists():
            results += run_module(copy, module, tests, args.per_module, args.seed, args.timeout, args.resume)
    text = report(results, args.rev, time.perf_counter() - start)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
