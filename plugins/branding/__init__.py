"""Region branding from settings alone: colours (checked for WCAG AA contrast), logo, hero."""

from .plugin import register

__all__ = ["register"]
