"""JSON-LD that cannot break out of its <script>: Jinja's `htmlsafe_json_dumps` writes `<`, `>`,
`&` and `'` as \\u escapes (the same escaping as its `tojson` filter)."""

from __future__ import annotations

from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

# Compact and stable: the same data gives the same bytes (dates and the like as text).
JSON_OPTIONS: dict[str, Any] = {"ensure_ascii": False, "sort_keys": True, "separators": (",", ":"), "default": str}


def script(data: Any) -> Markup:
    return Markup('<script type="application/ld+json">') + htmlsafe_json_dumps(data, **JSON_OPTIONS) + Markup("</script>")
