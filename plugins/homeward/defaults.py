"""The defaults of the settings Homeward reads, in one place; pelicanconf.py overrides them."""

from __future__ import annotations

from typing import Any

from .languages import Language, parse_languages

DEFAULT_LANGUAGES = ["nb", "sv", "en"]  # the first is the default language
DEFAULT_TIMEZONE = "Europe/Oslo"  # used only where neither the region nor the settings give one


def languages(settings: dict[str, Any]) -> list[Language]:
    """LANGUAGES from the settings as language records."""
    return parse_languages(settings.get("LANGUAGES") or DEFAULT_LANGUAGES)


def timezone(settings: dict[str, Any]) -> str:
    """TIMEZONE from the settings, for dates written before the region's zone is known."""
    return str(settings.get("TIMEZONE") or DEFAULT_TIMEZONE)
