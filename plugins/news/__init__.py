"""News articles (`content/articles/`): list per language and a page per article."""

from .plugin import register

__all__ = ["register"]
