"""`JOB_SOURCES` and `JOB_FEEDS` from the settings file, checked, with the real services as defaults.

```python
JOB_SOURCES = [
    {"source": "nav"},                                  # the region's Norwegian municipalities
    {"source": "arbetsformedlingen", "occupation_fields": ["apaJ_2ja_LuF"]},   # Swedish ones, Data/IT
]
JOB_FEEDS = {"refresh_after": 3600, "max_age_days": 7}
```

Municipalities come from `region.yaml` (`municipalities[].code`, those in the source's
country) unless a source lists its own codes. Mistakes stop the build with a message that
names the setting, like content errors do.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from homeward.errors import BuildFailed, ContentError
from homeward.freshness import fetched_path
from homeward.model import JOB_BOARDS

NAV = "nav"
ARBETSFORMEDLINGEN = "arbetsformedlingen"

# Where each source's API lives and the language its ads are usually written in; who
# publishes them and on what terms is in the content model (JOB_BOARDS).
SOURCES: dict[str, dict[str, str]] = {
    NAV: {**JOB_BOARDS[NAV], "language": "nb", "base_url": "https://pam-stilling-feed.nav.no"},
    ARBETSFORMEDLINGEN: {**JOB_BOARDS[ARBETSFORMEDLINGEN], "language": "sv", "base_url": "https://jobsearch.api.jobtechdev.se"},
}

SOURCE_KEYS = {"source", "name", "municipalities", "occupation_fields", "keywords", "base_url", "token_env", "history_days", "page_size"}
FEED_DEFAULTS: dict[str, Any] = {
    "refresh_after": 3600,  # seconds: `invoke build` fetches again when the data is older
    "max_age_days": 7,  # `invoke check` fails when a source's data is older
    "snapshot": None,  # a folder of recorded responses read instead of the network (the sample region)
    "timeout": 20.0,  # seconds per request
    "retries": 4,  # after the first attempt, on 429, 5xx and network errors
    "backoff": 1.0,  # seconds before the first retry; doubled each time, or the server's Retry-After
    "max_wait": 60.0,  # the longest single wait, whatever Retry-After says
}


@dataclass
class SourceConfig:
    """One entry of JOB_SOURCES, completed with defaults."""

    source: str
    name: str  # the cache folder and the key in messages; the source unless two share it
    municipalities: list[str]  # official codes
    occupation_fields: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    base_url: str = ""
    token_env: str = "NAV_FEED_TOKEN"  # noqa: S105 - the name of an environment variable, not a secret
    history_days: int = 180
    page_size: int = 0

    @property
    def label(self) -> str:
        return SOURCES[self.source]["name"]


@dataclass
class FeedsConfig:
    sources: list[SourceConfig]
    refresh_after: float
    max_age_days: float
    snapshot: Path | None
    timeout: float
    retries: int
    backoff: float
    max_wait: float
    cache: Path  # fetched data: <fetched>/jobs/<source name>/
    state: Path  # cursors and fetch times: not an input of the build, so not in `cache`
    offline: bool  # never fetch (check, preview, HOMEWARD_OFFLINE=1, or a snapshot)
    force: bool  # fetch now whatever the age (`invoke jobs`)
    notices: list[str] = field(default_factory=list)  # sources left out, and why

    def folder(self, source: SourceConfig) -> Path:
        return (self.snapshot or self.cache) / source.name


def _fail(settings: dict[str, Any], message: str) -> BuildFailed:
    return BuildFailed([ContentError(settings.get("HOMEWARD_SETTINGS_FILE", "pelicanconf.py"), 1, message)])


def read_config(settings: dict[str, Any], region: Any) -> FeedsConfig | None:
    """The job feeds this site uses, or None when JOB_SOURCES is empty."""
    raw_sources = settings.get("JOB_SOURCES") or []
    if not raw_sources:
        return None
    feeds = {**FEED_DEFAULTS, **(settings.get("JOB_FEEDS") or {})}
    unknown = set(feeds) - set(FEED_DEFAULTS)
    if unknown:
        raise _fail(settings, f"JOB_FEEDS: unknown key '{sorted(unknown)[0]}'; known keys: {', '.join(FEED_DEFAULTS)}")
    sources = [_source(settings, index, raw, region) for index, raw in enumerate(raw_sources)]
    skipped = [
        f"jobs: warning: {SOURCES[s.source]['name']} ({s.name}) is in JOB_SOURCES, but no municipality in region.yaml has a 'code' "
        f"in {SOURCES[s.source]['country']}, so it is skipped; add the official codes to region.yaml or list them in the source"
        for s in sources
        if not s.municipalities
    ]
    sources = [s for s in sources if s.municipalities]
    names = [s.name for s in sources]
    for name in names:
        if names.count(name) > 1:
            raise _fail(settings, f"JOB_SOURCES: two sources are called '{name}'; give one of them \"name\": \"{name}-2\"")
    cache_root = Path(settings.get("HOMEWARD_CACHE_PATH") or Path(settings["PATH"]).parent / ".homeward-cache")
    snapshot = Path(feeds["snapshot"]) if feeds["snapshot"] else None
    if snapshot is not None and not snapshot.is_absolute():
        base = Path(settings.get("HOMEWARD_SETTINGS_PATH") or settings["PATH"]).parent
        snapshot = base / snapshot
    offline = bool(settings.get("HOMEWARD_OFFLINE")) or os.environ.get("HOMEWARD_OFFLINE", "") not in ("", "0") or snapshot is not None
    return FeedsConfig(
        sources=sources,
        refresh_after=float(feeds["refresh_after"]),
        max_age_days=float(feeds["max_age_days"]),
        snapshot=snapshot,
        timeout=float(feeds["timeout"]),
        retries=int(feeds["retries"]),
        backoff=float(feeds["backoff"]),
        max_wait=float(feeds["max_wait"]),
        cache=fetched_path(settings) / "jobs",
        state=cache_root / "jobs-state.json",
        offline=offline,
        force=bool(settings.get("HOMEWARD_JOBS_FORCE")) and snapshot is None,
        notices=skipped,
    )


def _source(settings: dict[str, Any], index: int, raw: Any, region: Any) -> SourceConfig:
    where = f"JOB_SOURCES[{index}]"
    if not isinstance(raw, dict):
        raise _fail(settings, f"{where}: expected a dict like {{\"source\": \"nav\"}}")
    kind = raw.get("source")
    if kind not in SOURCES:
        raise _fail(settings, f"{where}: 'source' is {kind!r}; use one of {', '.join(repr(s) for s in SOURCES)}")
    unknown = set(raw) - SOURCE_KEYS
    if unknown:
        raise _fail(settings, f"{where}: unknown key '{sorted(unknown)[0]}'; known keys: {', '.join(sorted(SOURCE_KEYS))}")
    country = SOURCES[kind]["country"]
    codes = raw.get("municipalities")
    if codes is None:  # the region's own, in this source's country (none: skipped with a notice)
        codes = [m.code for m in region.municipalities if m.code and (m.country or region.country) == country]
    known = {m.code for m in region.municipalities if m.code}
    for code in codes:
        if str(code) not in known:
            raise _fail(settings, f"{where}: municipality code '{code}' is not the code of any municipality in region.yaml; add it there with its id and name")
    for key in ("occupation_fields", "keywords"):
        if not isinstance(raw.get(key, []), list):
            raise _fail(settings, f"{where}: '{key}' must be a list, e.g. \"{key}\": [\"…\"]")
    return SourceConfig(
        source=kind,
        name=str(raw.get("name") or kind),
        municipalities=[str(c) for c in codes],
        occupation_fields=[str(v) for v in raw.get("occupation_fields", [])],
        keywords=[str(v) for v in raw.get("keywords", [])],
        base_url=str(raw.get("base_url") or SOURCES[kind]["base_url"]).rstrip("/"),
        token_env=str(raw.get("token_env") or "NAV_FEED_TOKEN"),
        history_days=int(raw.get("history_days") or 180),
        page_size=int(raw.get("page_size") or (1000 if kind == NAV else 100)),
    )
