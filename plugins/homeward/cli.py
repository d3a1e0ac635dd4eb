"""`homeward build|check|serve|new`: the commands communicators and CI run (tasks.py wraps them).

A build writes into a staging folder next to the output and swaps it in only when every
step succeeded; content errors are printed as `path:line: message`, a full disk or a
read-only folder as one line naming the folder, never as a traceback. One build at a time
writes an output folder (filesystem.OutputLock).
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import re
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

# Pelican first, as when Pelican loads Homeward: its logger class is then that of every logger
# made after it (the libraries'). `import homeward` alone does not import Pelican.
import pelican  # noqa: F401

from .errors import BuildFailed
from .filesystem import FileSystemProblem, shown

ROOT = Path(__file__).resolve().parents[2]


def read_settings(args: argparse.Namespace, **extra: Any) -> dict[str, Any]:
    from pelican.settings import read_settings as pelican_read_settings

    overrides: dict[str, Any] = {}
    if getattr(args, "content", None):
        overrides["PATH"] = str(Path(args.content).resolve())
    if getattr(args, "siteurl", None) is not None:
        overrides["SITEURL"] = args.siteurl
    overrides.update(extra)
    settings_file = Path(args.settings).resolve()
    old_cwd = os.getcwd()
    os.chdir(settings_file.parent)  # relative paths in settings are relative to the file
    imported_before = set(sys.modules)
    try:
        settings = pelican_read_settings(str(settings_file), override=overrides)
    except Exception as exc:
        os.chdir(old_cwd)  # the message names the file as seen from where the command was run
        problem = settings_problem(settings_file, exc)
        if problem is None:
            raise
        raise problem from exc
    finally:
        os.chdir(old_cwd)
    if os.environ.get("HOMEWARD_CACHE_PATH"):
        settings["HOMEWARD_CACHE_PATH"] = os.environ["HOMEWARD_CACHE_PATH"]
    settings.setdefault("HOMEWARD_CACHE_PATH", str(Path(settings["PATH"]).parent / ".homeward-cache"))
    settings["HOMEWARD_SETTINGS_FILE"] = settings_file.name
    settings["HOMEWARD_SETTINGS_PATH"] = str(settings_file)
    settings["HOMEWARD_SETTINGS_IMPORTS"] = settings_imports(imported_before)
    return settings


def settings_imports(before: set[str]) -> list[str]:
    """The Python files a settings file imported that are not installed libraries: a region's
    settings built on another (`from pelicanconf import *`). Inputs of the build like the settings
    file itself (freshness.py fingerprints them; a standby of the build server watches them)."""
    import sysconfig

    installed = tuple({os.path.join(sysconfig.get_paths()[key], "") for key in ("stdlib", "platstdlib", "purelib", "platlib")})
    found = set()
    for name in set(sys.modules) - before:
        path = getattr(sys.modules.get(name), "__file__", None)
        if path and path.endswith(".py") and not os.path.realpath(path).startswith(installed) and not path.startswith(installed):
            found.add(os.path.abspath(path))
    return sorted(found)


class SettingsProblem(FileSystemProblem):
    """The settings file (Python a maintainer writes) stops with an error at one of its lines:
    `path:line: what Python says; what to do`, not an internal error of Homeward."""


def settings_problem(settings_file: Path, exc: BaseException) -> SettingsProblem | None:
    """The error as `settings file:line: …` when it happened in the settings file itself."""
    import traceback

    line = None
    if isinstance(exc, SyntaxError) and exc.filename and Path(exc.filename).resolve() == settings_file:
        line = exc.lineno
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve() == settings_file:
            line = frame.lineno
    if line is None:
        return None
    hint = "correct that line (the settings file is Python: every name it uses must be defined or imported above it)"
    if isinstance(exc, SyntaxError):
        hint = "correct that line (the settings file is Python: brackets and quotes must close, lines of a block line up)"
    try:
        text = settings_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    if re.search(rf"^\s*(?:from|import)\s+{re.escape(settings_file.stem)}\b", text, re.MULTILINE):
        hint = (
            f"the file imports '{settings_file.stem}', which is its own name, so it imports itself instead of the settings "
            f"it builds on; give it another name (e.g. region{settings_file.suffix}) and build with -s"
        )
    return SettingsProblem(f"{shown(settings_file)}:{line}: the settings file stops with {type(exc).__name__}: {exc}; {hint}")


def _quiet_pelican() -> None:
    from pelican.log import console

    console.quiet = True
    logging.getLogger("pelican").setLevel(logging.ERROR)


def _held(settings: dict[str, Any], options: dict[str, Any], stamp: str, output: Path, lock: Any) -> Any:
    """In a standby of the build server: what its prepared build must find unchanged when it is
    asked for, made from the build once it is staged (prepared.Held)."""
    from . import freshness, prepared
    from .build import manifest_path
    from .filesystem import journal_path, staging_folder

    def identity() -> Any:
        manifest = manifest_path(settings.get("HOMEWARD_CACHE_PATH"), output)
        return prepared.output_identity(output, manifest, staging_folder(output.resolve()), journal_path(output))

    def held(build: Any) -> prepared.Held:
        return prepared.Held(
            fingerprint=lambda: freshness.fingerprint(settings, options),
            stamp=stamp,
            fetched=lambda: freshness.fetched_fingerprint(settings),
            identity=identity,
            next_change=build.site.next_change,
            now=lambda: freshness.build_time(settings),
            release=lambda: lock.__exit__(None, None, None),
            reacquire=lock.__enter__,
        )

    return held


def run_build(settings: dict[str, Any], output: Path, *, strict: bool = False, preview: bool = False, held: Any = None) -> dict[str, Any]:
    """Build into a staging folder and swap it in; raise BuildFailed on content errors.

    `held`: in a standby of the build server, what `prepared.hold` checks before the output is
    touched (it waits there for the request)."""
    from pelican import Pelican

    from .filesystem import staging_folder

    output = output.resolve()
    staging = staging_folder(output)
    if staging.exists():
        shutil.rmtree(staging)
    try:
        staging.mkdir(parents=True)
    except OSError as exc:
        raise _file_system_problem(exc, staging, output) from exc
    settings = dict(settings)
    search = settings.get("HOMEWARD_SEARCH", True) and not preview  # the search index reads the whole output
    settings.update(
        OUTPUT_PATH=str(staging),
        HOMEWARD_PREVIOUS_OUTPUT=str(output) if output.exists() else None,
        HOMEWARD_PREVIEW=preview,
        HOMEWARD_STRICT=strict,
        HOMEWARD_RESULT={},  # filled by the generator: this run's build and written files
        # Stage only the changed files and apply them to the output in place (build.write_site
        # decides, knowing whether the manifest describes the output); --force starts afresh.
        HOMEWARD_PATCH=output.exists() and not search and not settings.get("HOMEWARD_FULL_RENDER"),
    )
    result = settings["HOMEWARD_RESULT"]
    start = time.perf_counter()
    from .build import manifest_path, swap_in, write_manifest
    from .filesystem import apply_changes, finish_changes, journal_path

    try:
        _quiet_pelican()
        Pelican(settings).run()
        build = result["build"]
        warnings = list(getattr(build.site, "warnings", []))
        if strict and warnings:
            raise BuildFailed([_as_error(w) for w in warnings])
        if held is not None:
            from . import prepared

            asked = prepared.hold(held(build))
            if asked is not None:
                start = asked  # the time the client waited for, from its request
                result["prepared"] = True
        if build.patch:
            ours = set(result.get("written", {})) | set(build.assets)  # every route and asset of this build
            changed = apply_changes(staging, output, ours, manifest_path(settings.get("HOMEWARD_CACHE_PATH"), output), build.output_files)
            if os.environ.get("HOMEWARD_TIMINGS"):
                print(f"  applied to {output.name}/: {changed} files written or deleted", file=sys.stderr)
        else:
            swap_in(staging, output)
        build.timings.mark("apply" if build.patch else "swap")
    except OSError as exc:
        if not journal_path(output).exists():  # else the next build finishes the change from it
            shutil.rmtree(staging, ignore_errors=True)
        raise _file_system_problem(exc, staging, output) from exc
    except BaseException:
        if not journal_path(output).exists():
            shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        write_manifest(settings.get("HOMEWARD_CACHE_PATH"), output, result.get("written", {}), build.render_record)
    except OSError as exc:
        # The new output is in place; only the next build's shortcut (hard links) is lost.
        print(f"warning: {_file_system_problem(exc, staging, output)}", file=sys.stderr)
    if build.patch:
        finish_changes(staging, output)
    per_lang = Counter(r.lang for r in build.routes if r.is_html and r.lang)
    return {
        "seconds": time.perf_counter() - start,
        "pages": {code: per_lang.get(code, 0) for code in build.site.codes},
        "files": len(result.get("written", {})),
        "warnings": warnings,
        "notices": list(getattr(build.site, "notices", [])),
        "build": build,
        "prepared": bool(result.get("prepared")),
    }


def _file_system_problem(exc: OSError, staging: Path, output: Path) -> BaseException:
    """An OSError about disks or permissions as one plain line; any other OSError is a bug."""
    from .filesystem import explain_os_error

    # shutil.copyfile names the source first and the file it was writing second.
    written = exc.filename2 if isinstance(exc.filename2, str) else exc.filename
    # A write() that fills the disk names no file (open() does): the build was writing into its
    # staging folder, which the person knows as the output folder.
    folder = Path(written).parent if isinstance(written, str) else staging
    if folder == staging or staging in folder.parents:
        folder = output  # the staging folder is ours; the person knows the output folder
    message = explain_os_error(exc, folder)
    return FileSystemProblem(message) if message else exc


def _as_error(warning: Any) -> Any:
    from .errors import ContentError

    return ContentError(warning.path, warning.line, warning.message + " (an error under --strict)")


def summary_line(result: dict[str, Any]) -> str:
    pages = ", ".join(f"{lang} {count}" for lang, count in result["pages"].items())
    return (
        f"Built {sum(result['pages'].values())} pages ({pages}), {result['files']} files ({result['build'].rendered} rendered), "
        f"{len(result['warnings'])} warning{'' if len(result['warnings']) == 1 else 's'} in {result['seconds']:.2f} s"
        + (" (prepared by the build server when the content changed)" if result.get("prepared") else "")
    )


def report_failure(exc: BuildFailed) -> int:
    errors = [e for e in exc.errors if not e.warning]
    for error in exc.errors:
        print(str(error), file=sys.stderr)
    print(f"Build stopped: {len(errors)} error(s); nothing was written.", file=sys.stderr)
    return 1


def report_file_system_problem(exc: FileSystemProblem) -> int:
    print(str(exc), file=sys.stderr)
    print("Build stopped; nothing was written.", file=sys.stderr)
    return 1


def cmd_build(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    # A build allocates millions of short-lived objects and few cycles: the cyclic GC
    # would spend ~10% of the time finding nothing (measured in docs/performance.md).
    # Switched on again afterwards for whoever called us in-process (its first collection
    # goes through every object the build left: not worth it when the process ends now).
    gc.disable()
    try:
        return _build(args, start)
    finally:
        if not getattr(args, "exiting", False):
            gc.enable()


def _build(args: argparse.Namespace, start: float) -> int:
    from . import freshness
    from .filesystem import OutputLock, check_cache, check_content, check_output, check_space, remove_leftovers

    _quiet_pelican()
    settings = read_settings(args, HOMEWARD_SEARCH=not args.no_search)
    from . import prepared

    if prepared.on_settings is not None:  # a served build: the server's standby watches what it reads
        prepared.on_settings(settings)
    output = Path(args.output or settings.get("OUTPUT_PATH") or "output").resolve()
    # Before any work: a read-only or full disk is found now, not after the whole build.
    check_content(Path(settings["PATH"]))
    check_output(output)
    check_cache(Path(settings["HOMEWARD_CACHE_PATH"]))
    with OutputLock(output) as lock:
        remove_leftovers(output)
        state_dir = Path(settings["HOMEWARD_CACHE_PATH"])
        options = {"output": str(output), "strict": args.strict, "drafts": args.drafts, "search": not args.no_search}
        stamp = freshness.fingerprint(settings, options)
        fetched = freshness.fetched_fingerprint(settings)
        if not args.force and freshness.is_fresh(state_dir, f"{stamp}:{fetched}", output, freshness.build_time(settings)):
            previous = freshness.last_summary(state_dir)
            print(f"Nothing changed since the last build: {output.name}/ is up to date ({previous.get('line', '')}; checked in {time.perf_counter() - start:.2f} s)")
            return 0
        # Imported only now: a build with nothing to do does not load the core (~0.1 s).
        from .build import read_manifest

        # Applied in place (cli.run_build's HOMEWARD_PATCH, when the manifest describes the output):
        # only the changed files are staged.
        search = not args.no_search and not args.drafts
        in_place = output.exists() and not search and not args.force and bool(read_manifest(settings.get("HOMEWARD_CACHE_PATH"), output))
        check_space(output, Path(settings["PATH"]), in_place=in_place)
        if os.environ.get("HOMEWARD_TIMINGS"):
            print(f"  {'start-up, settings, checks':<24} {time.perf_counter() - start:6.3f} s  ({time.process_time():6.3f} s CPU since the process started)", file=sys.stderr)
        try:
            # --force: the person doubts the output; nothing is taken from the previous one.
            held = _held(settings, options, stamp, output, lock) if prepared.standing_by() else None
            result = run_build({**settings, "HOMEWARD_FULL_RENDER": args.force}, output, strict=args.strict, preview=args.drafts, held=held)
        except BuildFailed as exc:
            return report_failure(exc)
        for warning in result["warnings"]:
            print(str(warning), file=sys.stderr)
        for notice in result["notices"]:
            print(notice, file=sys.stderr)
        line = summary_line(result)
        # The fetched data as this build left it (it may have fetched), the rest as it started.
        fetched = freshness.fetched_fingerprint(settings)
        try:
            freshness.record(state_dir, f"{stamp}:{fetched}", output, result["build"].site.next_change, {"line": line})
        except OSError as exc:
            print(f"warning: the build is done, but its record for skipping unchanged builds could not be written: {exc}", file=sys.stderr)
        print(line)
        return 0


def report_crash(exc: BaseException) -> int:
    """No traceback for communicators: a template error names the template and line."""
    import traceback

    if os.environ.get("HOMEWARD_DEBUG"):
        raise exc
    where = ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            where = f"{os.path.relpath(frame.filename, ROOT)}:{frame.lineno}: "
            break
    remote = str(getattr(exc, "__cause__", "") or "")  # a worker's traceback, as text
    if not where and remote:
        import re

        found = re.findall(r'File "([^"]+\.(?:html|xml|txt))", line (\d+)', remote)
        if found:
            where = f"{os.path.relpath(found[-1][0], ROOT)}:{found[-1][1]}: "
    lineno = getattr(exc, "lineno", None)
    if not where and getattr(exc, "filename", None) and lineno:
        where = f"{exc.filename}:{lineno}: "  # type: ignore[attr-defined]
    kind = "template error" if where else "internal error"
    print(f"{where}{kind}: {type(exc).__name__}: {exc}", file=sys.stderr)
    print("Build stopped; nothing was written. Run with HOMEWARD_DEBUG=1 for the full traceback.", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None, *, exiting: bool = False) -> int:
    """The command line. `exiting` (`python -m homeward`): the process ends when this returns,
    so a build ends it at once (see `_end_now`)."""
    if str(ROOT / "plugins") not in sys.path:  # `python -m homeward` from a checkout
        sys.path.insert(0, str(ROOT / "plugins"))
    parser = argparse.ArgumentParser(prog="homeward", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--settings", "-s", default=str(ROOT / "pelicanconf.py"), help="settings file")
        p.add_argument("--content", help="content folder (default: PATH in the settings)")
        p.add_argument("--siteurl", help="override SITEURL")

    build = sub.add_parser("build", help="build the site into the output folder")
    common(build)
    build.add_argument("--output", "-o", help="output folder (default: output/)")
    build.add_argument("--no-search", action="store_true", help="skip the search index (faster previews)")
    build.add_argument("--strict", action="store_true", help="warnings fail the build")
    build.add_argument("--drafts", action="store_true", help="include drafts and embargoed items (preview only)")
    build.add_argument("--force", action="store_true", help="build and render every file, even when nothing changed since the last build")
    build.add_argument("--server", action="store_true", help="run in a background build server that keeps the libraries imported (buildserver.py; HOMEWARD_BUILD_SERVER=0 turns it off)")
    build.set_defaults(func=cmd_build)

    from . import commands

    commands.add_subcommands(sub, common)
    args = parser.parse_args(argv)
    args.exiting = exiting and args.command == "build"
    try:
        code = args.func(args)
    except BuildFailed as exc:
        code = report_failure(exc)
    except FileSystemProblem as exc:
        code = report_file_system_problem(exc)
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        code = report_crash(exc)
    if args.exiting:
        _end_now(code)
    return code


def _end_now(code: int) -> None:
    """End the process without tearing the interpreter down: a build leaves ~200 MB of objects
    (the site, routes, digests), and freeing them one by one at exit, with the collection
    Python runs then, took ~0.5 s of a one-file edit build's ~2.5 s. Everything the build
    writes is written and closed by now (the output, the cache, the lock released); only
    the standard streams are flushed here. No thread or pool of the build is left running."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)
