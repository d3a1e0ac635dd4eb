"""The region in figures: every fact with its source and year; series drawn as SVG charts."""

from .plugin import register

__all__ = ["register"]
