"""Dates, numbers and localized text for templates, with Babel — never the OS locale."""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_time, match_skeleton, parse_pattern
from babel.numbers import format_decimal
from homeward.text import excerpt
from markupsafe import Markup, escape


@lru_cache(maxsize=64)
def _parse_locale(name: str) -> Locale:
    return Locale.parse(name)


def locale_of(context: Any) -> Locale:
    """The page's Babel Locale, parsed once per language (Babel re-parses strings on every call)."""
    return _parse_locale(locale_name(context))


def locale_name(context: Any) -> str:
    language = context.get("language")
    return language.locale if language is not None else "en_GB"


@lru_cache(maxsize=256)
def _language_name(locale: str, page_locale: str) -> str | None:
    try:
        return Locale(Locale.parse(locale).language).get_display_name(_parse_locale(page_locale))
    except (UnknownLocaleError, ValueError):
        return None


def language_name(context: Any, code: str) -> str:
    """The name of language `code` in the page's language ("Norwegian Bokmål" on an English page,
    "norsk bokmål" on a Norwegian one): to say which language a text is in. Babel's CLDR names,
    so a language added to LANGUAGES needs no catalog entry; else its configured label."""
    record = next((language for language in context.get("languages") or () if language.code == code), None)
    name = _language_name(record.locale if record is not None else code, locale_name(context))
    return name or (record.label if record is not None else code)


# The same dates and numbers appear on many pages (an event on every company page that
# takes part, in every list): Babel's formatting is the hottest part of rendering, so
# results are memoised per (value, format, locale).
@lru_cache(maxsize=8192)
def _date_text(value: date, format: str, locale: str) -> str:
    return format_date(value, format=format, locale=_parse_locale(locale))


@lru_cache(maxsize=8192)
def _range_text(start: datetime, end: datetime, tz: str | None, locale: str) -> str:
    zone = ZoneInfo(tz) if tz else start.tzinfo
    start_local, end_local = start.astimezone(zone), end.astimezone(zone)
    parsed = _parse_locale(locale)
    if start_local.date() == end_local.date():
        day = format_date(start_local.date(), format="long", locale=parsed)
        return f"{day}, {format_interval(start_local.time(), end_local.time(), 'Hm', locale=parsed)}"
    return _day_interval(start_local.date(), end_local.date(), parsed)


@lru_cache(maxsize=8192)
def _number_text(value: float | int, digits: int | None, locale: str) -> str:
    if digits is not None:
        return format_decimal(value, format=f"#,##0.{'0' * digits}" if digits else "#,##0", locale=_parse_locale(locale))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return format_decimal(value, locale=_parse_locale(locale))


def fmt_date(context: Any, value: date | datetime | None, format: str = "long", tz: str | tzinfo | None = None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        if tz is not None:
            value = value.astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)
        value = value.date()
    return _date_text(value, format, locale_name(context))


def fmt_datetime(context: Any, value: datetime, format: str = "long", tz: str | None = None) -> str:
    zone = ZoneInfo(tz) if tz else value.tzinfo
    local = value.astimezone(zone)
    day = format_date(local.date(), format=format, locale=locale_of(context))
    return f"{day} {format_time(local, format='short', locale=locale_of(context))}"


def fmt_time(context: Any, value: datetime, tz: str | None = None) -> str:
    zone = ZoneInfo(tz) if tz else value.tzinfo
    return format_time(value.astimezone(zone), format="short", locale=locale_of(context))


def fmt_range(context: Any, start: datetime, end: datetime, tz: str | None = None) -> str:
    """'12.–16. oktober 2020' in nb, '12–16 oktober 2020' in sv; times when on one day."""
    return _range_text(start, end, tz, locale_name(context))


def _widen_months(pattern: str) -> str:
    """MMM → MMMM outside quoted literals (TR35 asks for this width adjustment; Babel skips it)."""
    parts = pattern.split("'")
    for index in range(0, len(parts), 2):
        parts[index] = re.sub(r"(?<![ML])([ML])\1\1(?![ML])", r"\1\1\1\1", parts[index])
    return "'".join(parts)


def _day_interval(start: date, end: date, locale: Locale | str) -> str:
    """Two different days with the month written out: '12.–16. oktober 2020', '30 October – 2 November 2020'.

    Most locales only have a `yMMMd` interval pattern ('12.–16. okt. 2020'); Babel's fuzzy
    match returns it unchanged, so the month is widened here in the same pattern.
    """
    formats = Locale.parse(locale).interval_formats
    skeleton = "yMMMMd" if "yMMMMd" in formats else match_skeleton("yMMMMd", formats)
    if not skeleton or skeleton not in formats:
        return format_interval(start, end, "yMMMMd", locale=locale)
    field = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    patterns = formats[skeleton].get(field)
    if not patterns:
        return format_interval(start, end, "yMMMMd", locale=locale)
    return "".join(
        parse_pattern(_widen_months(pattern)).apply(day, locale) for pattern, day in zip(patterns, (start, end), strict=True)
    )


def fmt_number(context: Any, value: float | int | None, digits: int | None = None) -> str:
    if value is None:
        return ""
    return _number_text(value, digits, locale_name(context))


def localize(context: Any, value: Any, inline: bool = True, limit: int | None = None) -> Markup:
    """Text in the page's language; text in a fallback language is wrapped with its `lang`.

    `limit`: shortened to that many characters (homeward.text.excerpt), for cards and lists.
    """
    if value is None:
        return Markup("")
    if not isinstance(value, dict):
        if limit:
            return escape(excerpt(str(value), limit))
        return escape(value) if inline else _paragraphs(str(value))
    site = context.get("site")
    lang = context.get("lang")
    order = site.codes if site is not None else []
    text, text_lang = value.get_text(lang, order) if hasattr(value, "get_text") else (value.get(lang, ""), lang)
    if limit:
        text = excerpt(text, limit)
    body = escape(text) if inline else _paragraphs(text)
    if text_lang is None or text_lang == lang:
        return body
    tag = "span" if inline else "div"
    return Markup(f'<{tag} lang="{escape(text_lang)}">{body}</{tag}>')  # noqa: S704 - both parts escaped


def _paragraphs(text: str) -> Markup:
    """Blank lines in YAML text separate paragraphs, whatever style the text is written in (the
    loader writes a folded `>-` text's blank line as a blank line too, see homeward/sourcefile.py).
    Other line breaks are spaces, as in Markdown."""
    parts = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    return Markup("".join(f"<p>{escape(p)}</p>" for p in parts))  # noqa: S704 - escaped


def plain(context: Any, value: Any) -> str:
    """Localized text without markup, for attributes, titles and JSON-LD."""
    if value is None:
        return ""
    if not isinstance(value, dict):
        return str(value)
    site = context.get("site")
    order = site.codes if site is not None else []
    if hasattr(value, "get_text"):
        return value.get_text(context.get("lang"), order)[0]
    return str(value.get(context.get("lang"), ""))
