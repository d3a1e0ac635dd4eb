"""Multilingual core: UI catalogs, locale formatting, language switcher data, root chooser."""

from .plugin import register

__all__ = ["register"]
