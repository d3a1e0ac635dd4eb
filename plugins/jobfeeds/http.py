"""HTTP for the job boards: httpx with timeouts, and retries that respect the server.

A 429 (rate limited), a 5xx or a network error is retried after a pause: the server's
`Retry-After` when it sends one (seconds or an HTTP date), else `backoff` doubled at each
attempt, never longer than `max_wait`. Anything else is returned to the caller.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

RETRY_STATUSES = {429, 500, 502, 503, 504}
USER_AGENT = "Homeward job import (a static region site; polls hourly)"


class FetchError(Exception):
    """A source could not be read; the message says which request and why."""


class Fetcher:
    def __init__(
        self,
        *,
        timeout: float = 20.0,
        retries: int = 4,
        backoff: float = 1.0,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ):
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.requests = 0  # how many requests were sent, retries included (for the summary)
        import httpx  # here, not at the top: a build that fetches nothing does not pay its import

        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=True,
            transport=transport,
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.close()

    def get(self, url: str, *, params: Any = None, headers: dict[str, str] | None = None) -> httpx.Response:
        """GET with retries; returns the last response (any status the caller must judge)."""
        import httpx

        for attempt in range(self.retries + 1):
            self.requests += 1
            try:
                response = self.client.get(url, params=params, headers=headers)
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {exc}"
                wait = self.backoff * 2**attempt
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                problem = f"HTTP {response.status_code}"
                wait = retry_after(response.headers.get("Retry-After"))
                if wait is None:
                    wait = self.backoff * 2**attempt
            if attempt == self.retries:
                raise FetchError(f"{problem} from {_shown(url)} after {attempt + 1} attempts")
            self.sleep(min(max(wait, 0.0), self.max_wait))
        raise AssertionError("unreachable")  # pragma: no cover

    def json(self, url: str, **kwargs: Any) -> Any:
        """GET and decode JSON; any status but 200 is a FetchError."""
        response = self.get(url, **kwargs)
        if response.status_code != 200:
            raise FetchError(f"HTTP {response.status_code} from {_shown(url)}")
        try:
            return response.json()
        except ValueError as exc:
            raise FetchError(f"{_shown(url)} did not return JSON ({exc})") from None


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: `120` or `Wed, 21 Oct 2026 07:28:00 GMT`."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _shown(url: str) -> str:
    """The URL without its query, for messages (queries can be long)."""
    return url.split("?")[0]
