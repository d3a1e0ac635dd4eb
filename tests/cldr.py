"""Expected date strings computed from Babel's own CLDR data, not from Homeward's code.

The exact form of a date range (spaces or thin spaces around the dash, a dot after the
day) is CLDR's business and changes with Babel releases; a Babel upgrade must be a lock
change, not a broken suite. What Homeward defines is stated here: a range of days uses
CLDR's `yMMMd` interval pattern with the month written out in full (wide), and a range
within one day is the long date, a comma, and CLDR's `Hm` time interval.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import format_decimal

# The locale Homeward gives each language code (homeward.languages): en is British English.
LOCALES = {"nb": "nb", "sv": "sv", "en": "en_GB"}


def day_range(start: date, end: date, locale: str) -> str:
    """Babel's `yMMMd` interval with each abbreviated month replaced by its wide name."""
    parsed = Locale.parse(locale)
    text = format_interval(start, end, "yMMMd", locale=parsed)
    short = parsed.months["format"]["abbreviated"]
    wide = parsed.months["format"]["wide"]
    for month in sorted({start.month, end.month}):
        if short[month] != wide[month]:
            text = text.replace(short[month], wide[month])
    return text


def range_text(start: datetime, end: datetime, locale: str) -> str:
    """What an event's date line shows for `start`–`end` (both already in the event's zone)."""
    if start.date() == end.date():
        day = format_date(start.date(), format="long", locale=locale)
        return f"{day}, {format_interval(start.time(), end.time(), 'Hm', locale=locale)}"
    return day_range(start.date(), end.date(), locale)


def month_heading(year: int, month: int, locale: str) -> str:
    """A calendar month heading: CLDR's `yMMMM` ('mars 2027'); Homeward capitalises the first letter."""
    text = format_skeleton("yMMMM", date(year, month, 1), locale=locale)
    return text[:1].upper() + text[1:]


def long_date(day: date, locale: str) -> str:
    return format_date(day, format="long", locale=locale)


def number(value: float, locale: str) -> str:
    """CLDR's decimal format: grouping and decimal signs are the locale's ('12 345,5' in nb)."""
    return format_decimal(value, locale=locale)
