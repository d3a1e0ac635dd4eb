"""The home page and the 404 page of every language."""

from .plugin import register

__all__ = ["register"]
