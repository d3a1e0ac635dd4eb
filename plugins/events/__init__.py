"""Events (`content/data/events/`): calendar per language, a page and an .ics per event."""

from .plugin import register

__all__ = ["register"]
