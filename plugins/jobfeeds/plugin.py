"""Imported job ads enter the site as `Job`s, beside the hand-written ones.

On `data_loaded` (before references, expiry and indexes): fetch the sources that are due
(`refresh.py`), read every stored response into validated jobs (`imports.py`), link them to
companies by organisation number and drop duplicates. On `check_requested`: data older than
`max_age_days` fails `invoke check`.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homeward import signals
from homeward.loader import DataContext

from .config import FeedsConfig, read_config
from .store import State

if TYPE_CHECKING:
    from .imports import Imported


def _shown_path(settings: dict[str, Any]) -> Any:
    """Paths in messages relative to the site folder, like content errors (string work only:
    thousands of ads share a few hundred files, and resolving each path is slow)."""
    root = os.path.abspath(Path(settings["PATH"]).parent) + os.sep

    @cache
    def shown(path: Path) -> str:
        text = os.path.abspath(path)
        return text[len(root) :] if text.startswith(root) else text

    return shown


def _imported(context: DataContext) -> dict[str, list[tuple[Any, str]]]:
    config = read_config(context.settings, context.region)
    if config is None:
        return {}
    context.notices += config.notices
    if not config.sources:
        return {}
    # Imported here, so a region without job sources does not load the sources' readers and
    # fetchers on every build.
    from . import imports, refresh

    context.notices += refresh.refresh(config, context.region, context.now)
    found = imports.load(config, context.region, _shown_path(context.settings))
    context.notices += found.skipped
    imports.link_companies((job for job, _where in found.jobs), context.collections["companies"])
    kept, duplicates = imports.drop_duplicates(context.collections["jobs"], found.jobs, context.collections["companies"])
    context.notices.append(_summary(config, found, duplicates, context.now))
    context.time_boundaries += _next_refresh(config, context.now)
    return {"jobs": kept}


def _summary(config: FeedsConfig, found: Imported, duplicates: int, now: datetime) -> str:
    from .refresh import age_text

    state = State(config.state)
    parts = []
    for source in config.sources:
        fetched = state.fetched_at(source.name)
        when = f"fetched {age_text(now - fetched)} ago" if fetched and not config.snapshot else "not fetched yet"
        if config.snapshot:
            when = "recorded snapshot"
        parts.append(f"{found.per_source.get(source.name, 0)} from {source.label} ({when})")
    same = f"; {duplicates} duplicate(s) shown once" if duplicates else ""
    return f"jobs: {', '.join(parts)}{same}"


def _next_refresh(config: FeedsConfig, now: datetime) -> list[datetime]:
    """When the data is due again, so an unchanged build is not skipped past that moment; a
    source due already (its fetch failed, or `refresh_after` is 0) makes the next build run."""
    if config.offline:
        return []
    state = State(config.state)
    out = []
    for source in config.sources:
        fetched = state.fetched_at(source.name)
        out.append(fetched + timedelta(seconds=config.refresh_after) if fetched else now)
    return out


def _check(build: Any) -> list[tuple[str, str]]:
    """Old data is an error: the site would show ads that may be long filled."""
    site = build.site
    config = read_config(site.settings, site.region)
    if config is None or config.snapshot:
        return []
    from .refresh import age_text

    state = State(config.state)
    found = []
    for source in config.sources:
        fetched = state.fetched_at(source.name)
        if fetched is None:
            found.append(("error", f"jobs: {source.label} ({source.name}) was never fetched; run `invoke jobs` (it needs the network)"))
            continue
        age = site.now - fetched
        problem = state.of(source.name).get("error")
        why = f"; the last attempt failed: {problem}" if problem else ""
        if age > timedelta(days=config.max_age_days):
            found.append(
                (
                    "error",
                    f"jobs: the {source.label} ads were fetched {age_text(age)} ago ({fetched.astimezone(UTC):%Y-%m-%d %H:%M} UTC), "
                    f"more than JOB_FEEDS['max_age_days'] = {config.max_age_days:g}{why}; run `invoke jobs` and see docs/maintainers.md",
                )
            )
        elif problem:
            found.append(("reminder", f"jobs: {source.label} data is {age_text(age)} old{why}"))
    return found


def register() -> None:
    # data_loaded: imported ads join the hand-written jobs before validation of references,
    # expiry and the company indexes, so every plugin sees one list of jobs.
    signals.data_loaded.connect(_imported)
    # check_requested: `invoke check` fails when a source's data is too old.
    signals.check_requested.connect(_check)
