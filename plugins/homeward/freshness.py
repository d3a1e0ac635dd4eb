"""Skip a build whose inputs have not changed since the last successful one (like make).

The fingerprint covers every file under content/, the theme, the plugins, the data that
plugins fetched from outside (job ads, under `fetched_path`), the settings file with the Python
files it imported (a region's settings built on pelicanconf.py), the git commit checked out (it
dates "last updated"), the command's options and HOMEWARD_*/SITEURL variables. Output
also depends on time (embargoes lift, jobs expire, events become past): each build
records the next instant at which that happens, and a build after it runs in full.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .history import revision

STATE = "build-state.json"


def _walk(root: Path, digest: Any) -> None:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", ".git"))
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except OSError:  # a broken or looping symlink: the build will say what is wrong with it
                st = os.lstat(path)
            digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))


def build_time(settings: dict[str, Any]) -> datetime:
    """'Now' for embargo, expiry and upcoming events; fixed by HOMEWARD_NOW for tests and reproducible builds."""
    fixed = os.environ.get("HOMEWARD_NOW") or settings.get("HOMEWARD_NOW")
    if fixed:
        value = datetime.fromisoformat(str(fixed))
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.now(UTC).replace(microsecond=0)


def fetched_path(settings: dict[str, Any]) -> Path:
    """Where plugins keep data fetched from outside (job boards): an input of the build like
    content/, kept in the cache folder because it is not written by people."""
    configured = os.environ.get("HOMEWARD_FETCHED_PATH") or settings.get("HOMEWARD_FETCHED_PATH")
    if configured:
        return Path(configured)
    cache = settings.get("HOMEWARD_CACHE_PATH") or Path(settings["PATH"]).parent / ".homeward-cache"
    return Path(cache) / "fetched"


def fingerprint(settings: dict[str, Any], options: dict[str, Any]) -> str:
    return code_fingerprint(settings, options, content=True)


def code_fingerprint(settings: dict[str, Any], options: dict[str, Any], content: bool = False) -> str:
    """Everything but content/ (with `content`, content/ too): the incremental build's global key."""
    digest = hashlib.sha1()
    roots = [Path(settings["PATH"])] if content else []
    roots += [Path(settings["THEME"]), *[Path(p) for p in settings.get("PLUGIN_PATHS", [])]]
    # Recorded job ads, read instead of fetching: when they change, everything renders again.
    snapshot = (settings.get("JOB_FEEDS") or {}).get("snapshot")
    if snapshot:
        roots.append(Path(settings.get("HOMEWARD_SETTINGS_PATH") or settings["PATH"]).parent / snapshot)
    roots += [Path(p) for p in settings.get("I18N_CATALOGS", [])]
    if settings.get("THEME_OVERRIDES"):
        roots.append(Path(settings["THEME_OVERRIDES"]))
    for root in roots:
        if root.exists():
            _walk(root, digest)
    # Files published from npm packages (the CMS): `npm ci` after a build must rebuild.
    npm_lock = Path(settings["PATH"]).parent / "node_modules" / ".package-lock.json"
    if npm_lock.exists():
        st = npm_lock.stat()
        digest.update(f"{npm_lock}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    if content and Path(settings["PATH"]).is_dir():
        # The dates "last updated" come from; an incremental build reads them from the Site.
        digest.update(revision(Path(settings["PATH"])).encode())
    settings_file = settings.get("HOMEWARD_SETTINGS_PATH")
    if settings_file and os.path.exists(settings_file):
        digest.update(Path(settings_file).read_bytes())
    # The files the settings file imported (a region's settings built on pelicanconf.py: cli.settings_imports).
    for imported in settings.get("HOMEWARD_SETTINGS_IMPORTS", []):
        try:
            digest.update(f"{imported}\0".encode("utf-8", "surrogateescape") + Path(imported).read_bytes())
        except OSError:
            digest.update(f"{imported}\0gone".encode("utf-8", "surrogateescape"))
    env = {k: v for k, v in os.environ.items() if k.startswith("HOMEWARD_") or k == "SITEURL"}
    env.pop("HOMEWARD_NOW", None)  # time is handled by `next_change`
    env.pop("HOMEWARD_TIMINGS", None)  # only prints how long each phase took
    digest.update(json.dumps([options, env], sort_keys=True, default=str).encode())
    return digest.hexdigest()


def fetched_fingerprint(settings: dict[str, Any]) -> str:
    """The data plugins fetched (job ads), apart: a build may fetch, so what it used is taken
    after it ran, while the rest is taken before (an edit during a build is still seen)."""
    digest = hashlib.sha1()
    root = fetched_path(settings)
    if root.exists():
        _walk(root, digest)
    return digest.hexdigest()


def output_stamp(output: Path) -> list[int]:
    st = os.stat(output)
    return [st.st_ino, st.st_mtime_ns]


def is_fresh(state_dir: Path, print_: str, output: Path, now: datetime) -> bool:
    path = state_dir / STATE
    if not path.exists() or not output.exists():
        return False
    try:
        state = json.loads(path.read_text())
    except ValueError:
        return False
    if state.get("fingerprint") != print_ or state.get("output") != output_stamp(output):
        return False
    next_change = state.get("next_change")
    return next_change is None or now < datetime.fromisoformat(next_change)


def record(state_dir: Path, print_: str, output: Path, next_change: datetime | None, summary: dict[str, Any]) -> None:
    from .filesystem import write_atomically

    state = {
        "fingerprint": print_,
        "output": output_stamp(output),
        "next_change": next_change.isoformat() if next_change else None,
        "summary": summary,
    }
    write_atomically(state_dir / STATE, json.dumps(state, sort_keys=True).encode())


def last_summary(state_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((state_dir / STATE).read_text()).get("summary", {})
    except (OSError, ValueError):
        return {}
