"""Static pages (`content/pages/`), including the accessibility statement and privacy page."""

from .plugin import register

__all__ = ["register"]
