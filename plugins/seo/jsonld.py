"""JSON-LD that cannot break out of its <script>: `<`, `>` and `&` are written as \\u escapes."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup


def dumps(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def script(data: Any) -> Markup:
    return Markup(f'<script type="application/ld+json">{dumps(data)}</script>')  # noqa: S704 - escaped by dumps


def drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out keys whose value is None, '' or an empty list (validators flag empty values)."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}
