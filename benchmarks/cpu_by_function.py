"""CPU time of named functions in one build, in one process, without a profiler's overhead.

cProfile and pyinstrument slow Python-heavy code (Markdown, Jinja) far more than C-heavy code
(lxml, nh3, libyaml), so their shares mislead when two versions are compared. This wraps only
the functions named, counts each call's process CPU time (outermost call only, so recursion
is not counted twice) and prints the totals: comparable between checkouts, old or new.

    HOMEWARD_NOW=2026-12-01T12:00:00 HOMEWARD_CACHE_PATH=$(mktemp -d) \\
      .venv/bin/python benchmarks/cpu_by_function.py \\
      homeward.parsing:parse_all homeward.trust.html:problems jinja2.environment:Template.render \\
      -- build --content DIR/content -o DIR/out --no-search

Another checkout's code: run it from that checkout with PYTHONPATH=CHECKOUT/plugins. A name
that checkout lacks is reported and skipped. One process: HOMEWARD_WORKERS=1 and, for code
older than that variable, os.cpu_count() patched to 1.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any


def wrap(spec: str, totals: Counter[str], calls: Counter[str]) -> None:
    """Replace `module:attribute.path` with a wrapper that adds its CPU time to `totals`."""
    module_name, _, path = spec.partition(":")
    try:
        owner: Any = importlib.import_module(module_name)
        *parents, name = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        function: Callable[..., Any] = getattr(owner, name)
    except (ImportError, AttributeError) as missing:
        print(f"skipped {spec}: {missing}", file=sys.stderr)
        return
    active = [0]

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        if active[0]:
            return function(*args, **kwargs)
        active[0] += 1
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[spec] += time.process_time() - started
            calls[spec] += 1
            active[0] -= 1

    setattr(owner, name, timed)


def main(argv: list[str]) -> int:
    if "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    specs, build_args = argv[: argv.index("--")], argv[argv.index("--") + 1 :]
    os.environ["HOMEWARD_WORKERS"] = "1"
    os.cpu_count = lambda: 1  # code from before HOMEWARD_WORKERS
    import homeward.cli as cli

    cli._end_now = lambda code: None  # type: ignore[attr-defined]  # newer code ends the process at once
    totals: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    for spec in specs:
        wrap(spec, totals, calls)
    started = time.process_time()
    code = cli.main(build_args)
    print(f"{time.process_time() - started:8.3f} s CPU  the whole build", file=sys.stderr)
    for spec, seconds in totals.most_common():
        print(f"{seconds:8.3f} s CPU  {calls[spec]:6d} calls  {spec}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
