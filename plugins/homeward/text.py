"""Plain-text helpers shared by plugins: the one way Homeward shortens a text."""

from __future__ import annotations

import textwrap


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters of whole words, white space collapsed, `…` where it was cut
    (meta descriptions, link previews, schema.org headlines). Jinja's `truncate` does the same
    in templates."""
    return textwrap.shorten(text, width=limit, placeholder="…")
