"""Property tests: front matter round-trips with the right lines, slugs, localized dates.

Hypothesis generates the inputs a communicator might produce (any text in any field, titles
full of æ, ø, å, ä, ö, any date); each test runs ~100 examples in well under a few seconds.
"""

from __future__ import annotations

import locale
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_time
from cldr import day_range
from cldr import long_date as cldr_long_date
from homeward.errors import BuildFailed
from homeward.items import item_url
from homeward.languages import parse_languages
from homeward.loader import Loader, _slug_from_name
from homeward.model.fields import ID_PATTERN
from homeward.scaffold import ScaffoldError, make_slug
from homeward.sourcefile import CONTROL, SourceError, parse_yaml, split_front_matter
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from yaml_writing import dump

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- YAML and front matter

# Any text content may hold (not lone surrogates, not the invisible control characters the
# loader refuses), including U+2028/U+2029 that libyaml counts as line breaks and editors do
# not. NEL (U+0085) is left out: PyYAML's emitter writes it raw inside a quoted scalar, where
# YAML folds it into a space, so the dump itself does not round-trip.
REFUSED = "".join(chr(code) for code in [*range(0xA0), 0xFFFE, 0xFFFF] if CONTROL.match(chr(code)))
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x85" + REFUSED), max_size=40)
KEY = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)
# Numbers as content has them: finite and below 10^15 (larger ones are refused with a message).
NUMBER = st.floats(allow_nan=False, allow_infinity=False, min_value=-9.99e14, max_value=9.99e14)
SCALAR = st.one_of(TEXT, st.integers(-(10**12), 10**12), st.booleans(), st.none(), NUMBER)
VALUE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEY, inner, max_size=4), max_leaves=12)
MAPPING = st.dictionaries(KEY, VALUE, min_size=1, max_size=8)




def _dump_with_lines(data: dict[str, Any], first_line: int) -> tuple[str, dict[str, int]]:
    """YAML text for `data` and the line each top-level key is written on (1-based)."""
    text, lines, line = "", {}, first_line
    for key, value in data.items():
        chunk = dump({key: value}, width=60)
        lines[key] = line
        text += chunk
        line += chunk.count("\n")
    return text, lines


@FAST
@given(MAPPING, TEXT)
def test_front_matter_round_trips_with_the_line_of_every_key(data: dict[str, Any], body: str) -> None:
    text, lines = _dump_with_lines(data, first_line=2)
    meta, rest, body_line = split_front_matter("---\n" + text + "---\n" + body)
    assert meta == data
    assert meta.lines == lines
    assert rest == body
    assert body_line == 2 + text.count("\n") + 1


@FAST
@given(MAPPING)
def test_data_yaml_round_trips_with_the_line_of_every_key(data: dict[str, Any]) -> None:
    text, lines = _dump_with_lines(data, first_line=1)
    loaded = parse_yaml(text)
    assert loaded == data
    assert loaded.lines == lines


@FAST
@given(st.text(max_size=300) | st.text(st.sampled_from("[]{}&*!<>:-,? \n\t\"'#|\\0123456789.eE+xa\x0b\x00"), max_size=300))
def test_any_text_is_data_or_a_source_error_never_a_crash(text: str) -> None:
    """Whatever a file holds, the loader returns data or a `line: message` with a fix — never
    another exception (RecursionError, ValueError, MemoryError were the old outcomes)."""
    try:
        parse_yaml(text)
    except SourceError as exc:
        assert exc.line >= 1 and "; " in exc.message, exc.message


@FAST
@given(st.sampled_from(["NO", "No", "no", "yes", "Yes", "on", "off", "y", "n", "SE"]))
def test_only_true_and_false_are_booleans(word: str) -> None:
    """YAML 1.1 would turn Norway's country code into false; the loader keeps it a string."""
    assert parse_yaml(f"country: {word}\n") == {"country": word}


# ---------------------------------------------------------------- slugs

NORDIC = "æøåäöÆØÅÄÖ"
WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz" + NORDIC + " -"), min_size=1, max_size=30)
TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "Æ": "Ae", "Ø": "O", "Å": "A", "Ä": "A", "Ö": "O"})


@FAST
@given(TEXT)
def test_a_slug_is_lowercase_ascii_or_the_build_refuses_it(name: str) -> None:
    """File names become slugs; a name with no letter or digit is kept, and then fails validation."""
    from homeward.model.fields import _check_id

    slug = _slug_from_name(name)
    if not ID_PATTERN.fullmatch(slug):
        assert slug == name
        with pytest.raises(ValueError, match="is not a valid id"):
            _check_id(slug)


@FAST
@given(WORD)
def test_nordic_letters_are_transliterated_and_slugs_are_stable(name: str) -> None:
    slug = _slug_from_name(name)
    assert _slug_from_name(slug) == slug  # stable: a slug is its own slug
    assert _slug_from_name(name) == slug  # and the same in every build
    if any(c.isalpha() for c in name):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        assert slug == _slug_from_name(name.translate(TRANSLITERATION))  # æ→ae, ø→o, å→a, ä→a, ö→o
        for lang, section in (("nb", "news"), ("sv", "stories"), ("en", "")):
            url = item_url(lang, section, slug)  # the item's URL needs no escaping anywhere
            assert re.fullmatch(r"/(nb|sv|en)/([a-z]+/)?[a-z0-9]+(-[a-z0-9]+)*/", url) and url == quote(url), url


@FAST
@given(WORD)
def test_scaffolding_slugs_match_the_loader_or_refuse(title: str) -> None:
    """`homeward new` names files like the loader would, and refuses titles without letters."""
    try:
        slug = make_slug(title)
    except ScaffoldError:
        assert not any(c.isalnum() for c in title)
        return
    assert ID_PATTERN.fullmatch(slug) and len(slug) <= 80
    assert _slug_from_name(slug) == slug


def _loader_for(root: Path, files: dict[str, str]) -> Loader:
    """A Loader over a minimal region with these article files (no build: ~5 ms)."""
    content = root / "content"
    (content / "data").mkdir(parents=True)
    (content / "data" / "region.yaml").write_text("id: r\nname: R\ncountry: NO\n", encoding="utf-8")
    (content / "articles").mkdir()
    for name, text in files.items():
        (content / "articles" / name).write_text(text, encoding="utf-8")
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    return Loader(content, parse_languages(["nb", "sv", "en"]), {"TIMEZONE": "Europe/Oslo"}, now)


@FAST
@given(
    st.text(st.sampled_from("abcdefgh "), min_size=1, max_size=6),
    # Half the slots swap letters that transliterate alike (ø/ö → o, å/ä → a), half any two.
    st.lists(
        st.one_of(st.sampled_from([("ø", "ö"), ("ö", "ø"), ("å", "ä"), ("ä", "å"), ("æ", "æ")]), st.tuples(st.sampled_from("æøåäö"), st.sampled_from("æøåäö"))),
        min_size=1,
        max_size=3,
    ),
)
def test_names_that_differ_only_in_nordic_letters_never_collide_silently(stem: str, slots: list[tuple[str, str]]) -> None:
    """'brød' and 'bröd' both become 'brod': the build must say so, not keep one of them."""
    names = [stem + "".join(a for a, _b in slots), stem + "".join(b for _a, b in slots)]
    if names[0] == names[1]:
        return
    article = "---\ntitle: {}\ndate: 2026-11-01\n---\nText.\n"
    collide = _slug_from_name(names[0]) == _slug_from_name(names[1])
    event("same slug" if collide else "different slugs")
    with tempfile.TemporaryDirectory(prefix="slugs-") as tmp:
        loader = _loader_for(Path(tmp), {f"{names[0]}.nb.md": article.format("A"), f"{names[1]}.nb.md": article.format("B")})
        if not collide:
            assert len(loader.load().items["articles"]) == 2
            return
        with pytest.raises(BuildFailed) as failed:
            loader.load()
    messages = [str(e) for e in failed.value.errors]
    assert any(f"'{_slug_from_name(names[0])}' in language 'nb' is also written in" in m for m in messages), messages


# ---------------------------------------------------------------- localized dates


@contextmanager
def c_locale() -> Iterator[None]:
    """LC_ALL=C for the process, as on a bare CI runner: Babel must not depend on it."""
    saved_env = os.environ.get("LC_ALL")
    saved = locale.setlocale(locale.LC_ALL)
    os.environ["LC_ALL"] = "C"
    locale.setlocale(locale.LC_ALL, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_ALL, saved)
        if saved_env is None:
            os.environ.pop("LC_ALL", None)
        else:
            os.environ["LC_ALL"] = saved_env


LANGUAGES = {lang.code: lang for lang in parse_languages(["nb", "sv", "en"])}


def _months(code: str) -> dict[int, str]:
    from babel import Locale

    return dict(Locale.parse(LANGUAGES[code].locale).months["format"]["wide"])


MONTHS = {code: _months(code) for code in LANGUAGES}


def _long_date(code: str) -> Callable[[date], str]:
    """CLDR's long date for the language's locale (Babel's output: its form is CLDR's business)."""
    return lambda day: cldr_long_date(day, LANGUAGES[code].locale)


LONG_DATE = {code: _long_date(code) for code in LANGUAGES}
DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))


def test_month_names_are_the_localized_ones() -> None:
    assert MONTHS["nb"][10] == "oktober" and MONTHS["sv"][5] == "maj" and MONTHS["en"][2] == "February"


@FAST
@given(DATES)
def test_long_dates_follow_each_language_whatever_the_os_locale(day: date) -> None:
    from i18n.formatting import fmt_date

    with c_locale():
        for code, expected in LONG_DATE.items():
            assert fmt_date({"language": LANGUAGES[code]}, day) == expected(day)


@FAST
@given(DATES, st.integers(1, 400), st.integers(0, 23), st.integers(0, 59))
def test_date_ranges_name_both_ends_in_each_language(start: date, days: int, hour: int, minute: int) -> None:
    from i18n.formatting import fmt_range

    zone = ZoneInfo("Europe/Oslo")
    first = datetime(start.year, start.month, start.day, hour, minute, tzinfo=zone)
    last = first + timedelta(days=days)
    with c_locale():
        for code in LANGUAGES:
            text = fmt_range({"language": LANGUAGES[code]}, first, last)
            end = last.astimezone(zone).date()
            months = MONTHS[code]
            assert months[end.month] in text and str(end.year) in text, text
            if (first.year, first.month) != (end.year, end.month):
                assert months[first.month] in text, text
            if first.year != end.year:
                assert str(first.year) in text, text
            assert text == day_range(first.date(), end, LANGUAGES[code].locale), text


@FAST
@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)))
def test_date_and_time_are_shown_in_the_event_time_zone(moment: datetime) -> None:
    from i18n.formatting import fmt_datetime

    local = moment.astimezone(ZoneInfo("Europe/Oslo"))
    with c_locale():
        for code, long_date in LONG_DATE.items():
            text = fmt_datetime({"language": LANGUAGES[code]}, moment, tz="Europe/Oslo")
            # Homeward's form: the long date, a space, CLDR's short time, both in the event's zone.
            assert text == f"{long_date(local.date())} {format_time(local, format='short', locale=LANGUAGES[code].locale)}", text
