"""Fetching: which sources are due, fetch them, and fall back to the last good data loudly.

A source is fetched when its data is older than `refresh_after` (`invoke build`), or
always (`invoke jobs`); never when offline (`invoke check`, the preview server,
`HOMEWARD_OFFLINE=1`, a recorded snapshot). A failure keeps what was fetched before and
becomes a notice printed with the build: the site never loses its jobs because a job
board was down, and `invoke check` fails once the data is older than `max_age_days`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from . import arbetsformedlingen, nav
from .config import ARBETSFORMEDLINGEN, NAV, FeedsConfig, SourceConfig
from .http import Fetcher, FetchError
from .store import State


def due(config: FeedsConfig, state: State, now: datetime) -> list[SourceConfig]:
    if config.offline:
        return []
    if config.force:
        return list(config.sources)
    out = []
    for source in config.sources:
        fetched = state.fetched_at(source.name)
        if fetched is None or (now - fetched).total_seconds() >= config.refresh_after or not config.folder(source).exists():
            out.append(source)
    return out


def refresh(config: FeedsConfig, region: Any, now: datetime, fetcher: Fetcher | None = None) -> list[str]:
    """Fetch every due source; returns messages (progress and failures) for the person building."""
    state = State(config.state)
    sources = due(config, state, now)
    if not sources:
        return []
    messages = []
    own = fetcher is None
    fetcher = fetcher or Fetcher(timeout=config.timeout, retries=config.retries, backoff=config.backoff, max_wait=config.max_wait)
    try:
        for source in sources:
            record = state.of(source.name)
            record["attempted_at"] = now.isoformat()
            folder = config.folder(source)
            try:
                if source.source == NAV:
                    cursor = record.setdefault("cursor", {})
                    summary = nav.refresh(source, folder, cursor, fetcher, region, now)
                elif source.source == ARBETSFORMEDLINGEN:
                    summary = arbetsformedlingen.refresh(source, folder, fetcher, messages)
                else:  # pragma: no cover - config.read_config only lets known sources through
                    raise FetchError(f"unknown source {source.source}")
            except FetchError as exc:
                record["error"] = str(exc)
                messages.append(failure(source, exc, record, now))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:  # a response not in the published format
                record["error"] = f"unexpected response: {type(exc).__name__}: {exc}"
                messages.append(failure(source, record["error"], record, now))
            else:
                record["fetched_at"] = now.isoformat()
                record.pop("error", None)
                messages.append(f"jobs: fetched {source.label} ({source.name}): {summary}")
            finally:
                state.save()
    finally:
        if own:
            fetcher.close()
    return messages


def failure(source: SourceConfig, problem: Any, record: dict[str, Any], now: datetime) -> str:
    """The loud line: what failed, and which data the site shows instead."""
    fetched = record.get("fetched_at")
    if fetched:
        when = datetime.fromisoformat(fetched)
        shown = f"the site keeps the ads fetched {when.astimezone(UTC):%Y-%m-%d %H:%M} UTC ({age_text(now - when)} ago)"
    else:
        shown = "there is no earlier data, so the site shows none of its ads"
    return f"jobs: WARNING: {source.label} ({source.name}) could not be fetched: {problem}; {shown}"


def age_text(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 90:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h"
    return f"{hours // 24} days"
