"""Search without a server: a Pagefind index per language and a search page per language."""

from .plugin import register

__all__ = ["register"]
