"""The `check`, `serve`, `new` and `fmt` subcommands."""

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
    settings = _init_plugins(read_settings(args, HOMEWARD_PREVIEW=True, HOMEWARD_OFFLINE=True, CMS_PROXY_PORT=args.cms_port))
    proxy = None
    if args.cms:
        # The browser CMS's file back end (plugins/cms/proxy.py), started and stopped with the preview.
        from cms.proxy import ProxyProblem, start_proxy, stop_proxy

        try:
            proxy = start_proxy(settings, args.cms_port)
        except ProxyProblem as exc:
            print(f"serve --cms: {exc}", file=sys.stderr)
            return 2
        print(f"CMS on http://{args.bind}:{args.port}/admin/ — it saves into {settings['PATH']} (decap-server on 127.0.0.1:{args.cms_port})", flush=True)
    try:
        serve(settings, args.bind, args.port, watch=not args.no_watch)
    except PortProblem as exc:
        print(f"serve: {exc}", file=sys.stderr)
        return 1
    finally:
        if proxy is not None:
            stop_proxy(proxy)
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


def cmd_fmt(args: argparse.Namespace) -> int:
    from .cli import read_settings
    from .fmt import run_fmt

    settings = read_settings(args)
    return run_fmt(settings, check_only=args.check, only=args.files or None)


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
    serve.add_argument("--cms", action="store_true", help="also start the browser CMS's local back end (decap-server) on 127.0.0.1")
    serve.add_argument("--cms-port", type=int, default=8081, help="decap-server's port (default 8081)")
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

    fmt = sub.add_parser("fmt", help="rewrite content files into the form the browser CMS writes")
    common(fmt)
    fmt.add_argument("--check", action="store_true", help="only list the files that are not in that form (exit 1 if any)")
    fmt.add_argument("files", nargs="*", help="only these files (default: every item under content/)")
    fmt.set_defaults(func=cmd_fmt)
