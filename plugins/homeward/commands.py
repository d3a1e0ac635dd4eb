"""The `check`, `serve` and `new` subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def _init_plugins(settings: dict[str, Any]) -> dict[str, Any]:
    """Create a Pelican object so plugins register and adjust settings, without running it."""
    from pelican import Pelican

    return Pelican(settings).settings


def cmd_check(args: argparse.Namespace) -> int:
    from .check import run_check
    from .cli import _quiet_pelican, read_settings

    _quiet_pelican()
    # Offline: `check` judges the data the build has (fetched data included), it fetches nothing.
    settings = _init_plugins(read_settings(args, HOMEWARD_SEARCH=False, HOMEWARD_OFFLINE=True))
    return run_check(settings, strict=args.strict)


def cmd_serve(args: argparse.Namespace) -> int:
    import sys

    from .cli import _quiet_pelican, read_settings
    from .preview import PortProblem, serve

    _quiet_pelican()
    # Offline: a rebuild on every save must not wait for job boards (`invoke jobs` refreshes).
    settings = _init_plugins(read_settings(args, HOMEWARD_PREVIEW=True, HOMEWARD_OFFLINE=True))
    try:
        serve(settings, args.bind, args.port, watch=not args.no_watch)
    except PortProblem as exc:
        print(f"serve: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_jobs(args: argparse.Namespace) -> int:
    """Fetch every job source now (JOB_SOURCES), then load and validate the site with the new data."""
    from .build import load_site
    from .cli import _quiet_pelican, read_settings

    _quiet_pelican()
    settings = _init_plugins(read_settings(args, HOMEWARD_SEARCH=False, HOMEWARD_JOBS_FORCE=True))
    if not settings.get("JOB_SOURCES"):
        print("JOB_SOURCES is empty in the settings: there is nothing to fetch (see docs/maintainers.md, 'Live jobs')")
        return 0
    site = load_site(settings)
    for notice in site.notices:
        print(notice)
    failed = [n for n in site.notices if n.startswith("jobs: WARNING")]
    imported = sum(1 for job in site.jobs.values() if job.source)
    print(f"jobs: {imported} imported ads are on the site now" + (f"; {len(failed)} source(s) failed" if failed else ""))
    return 1 if failed else 0


def cmd_new(args: argparse.Namespace) -> int:
    from .cli import _quiet_pelican, read_settings
    from .scaffold import scaffold

    _quiet_pelican()
    settings = _init_plugins(read_settings(args))
    return scaffold(settings, args.kind, args.title, args.lang)


def add_subcommands(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    check = sub.add_parser("check", help="validate, check links, report missing translations")
    common(check)
    check.add_argument("--strict", action="store_true", help="warnings and missing translations fail the check")
    check.set_defaults(func=cmd_check)

    serve = sub.add_parser("serve", help="preview server that reloads on save")
    common(serve)
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--bind", default="127.0.0.1")
    serve.add_argument("--no-watch", action="store_true", help=argparse.SUPPRESS)
    serve.set_defaults(func=cmd_serve)

    jobs = sub.add_parser("jobs", help="fetch the job boards in JOB_SOURCES now (needs the network)")
    common(jobs)
    jobs.set_defaults(func=cmd_jobs)

    new = sub.add_parser("new", help="scaffold a new item")
    common(new)
    new.add_argument("kind", choices=["article", "press", "event", "company", "job", "story", "page"])
    new.add_argument("--title", required=True)
    new.add_argument("--lang", help="language of the first version (default: the default language)")
    new.set_defaults(func=cmd_new)
