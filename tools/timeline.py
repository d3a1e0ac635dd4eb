"""Where the test suite's wall time goes: per file and per worker, from a timeline file.

    HOMEWARD_TEST_TIMELINE=/tmp/timeline.jsonl .venv/bin/invoke test
    .venv/bin/python tools/timeline.py /tmp/timeline.jsonl
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict


def main(path: str) -> None:
    records = [json.loads(line) for line in open(path, encoding="utf-8")]
    start = min(r["start"] for r in records)
    per_file: Counter[str] = Counter()
    cpu: Counter[str] = Counter()
    per_worker: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        per_file[r["test"].split("::")[0]] += r["end"] - r["start"]
        cpu[r["test"].split("::")[0]] += r.get("cpu", 0) + r.get("build_cpu", 0) + r.get("child_cpu", 0)
        per_worker[r["worker"]].append(r)
    print("wall s  CPU s (test process, server builds, processes it waited for; not browsers)  file")
    for name, seconds in per_file.most_common():
        print(f"{seconds:6.1f}  {cpu[name]:5.1f}  {name}")
    print("\nworker  busy s  last test ends at s  idle before its end s")
    for worker, rs in sorted(per_worker.items()):
        busy = sum(r["end"] - r["start"] for r in rs)
        end = max(r["end"] for r in rs) - start
        print(f"{worker:6}  {busy:6.1f}  {end:19.1f}  {end - busy:6.1f}")
    print("\nslowest tests")
    for r in sorted(records, key=lambda r: r["start"] - r["end"])[:25]:
        print(f"{r['end'] - r['start']:6.1f}  {r['worker']}  at {r['start'] - start:6.1f}  {r['test'][:140]}")


if __name__ == "__main__":
    main(sys.argv[1])
