"""Search engines and link previews: canonical, Open Graph, Twitter, JSON-LD, sitemap, robots."""

from .plugin import register

__all__ = ["register"]
