"""The company directory (filterable without JavaScript) and a page per company."""

from .plugin import register

__all__ = ["register"]
