"""The cold build's shortcuts give the answers of the long way they replace.

Each shortcut (docs/performance.md, "Cold build, 24 November → 2 December") skips work on
the grounds that it cannot change the result: these properties check the grounds, with the
long way written out here as the oracle.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import lxml.html
import pytest
from homeward import markdown_render
from homeward.markdown_render import conversion_problem, nesting_message
from homeward.site import MenuItem, menu_marks
from homeward.trust import html as trusted_html
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Event, Timezone
from lxml import etree

# HTML as Markdown and communicators write it, and as attackers do: unclosed, misnested,
# upper case, comments, a doctype, stray <body>/<html>, attributes with and without values.
PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<a href='x.html'>", "</a>", "<IMG SRC=a.png alt=b>", "<script>", "</script>", "<div>",
        "</div>", "<table><tr><td>", "</td>", "<!-- c -->", "<!doctype html>", "<html>", "<body>", "</body>",
        "<head>", "<title>", "<svg><g>", "<span lang=sv>", "<frameset>", "<b onclick='x'>", "<h2>", "</h2>",
        "text", " ", "\n", "&amp;", "&#11;", "<li>", "<ul>", "<x:y>", "<?php x ?>", "<javascript:alert(1)>",
    ]
)
HTML = st.lists(PIECES, max_size=25).map("".join)


def _shape(element: etree._Element) -> list:
    """Tags and attributes, depth first: what `trust.html.problems` reads."""
    return [(child.tag if isinstance(child.tag, str) else "#", child.items(), _shape(child)) for child in element]


def _parsed(parse: Callable[[str], etree._Element | None], html: str) -> object:
    """The tree's shape, or the error parsing raised (the same error either way)."""
    try:
        root = parse(html)
    except Exception as error:  # noqa: BLE001 - compared, not handled
        return (type(error), re.sub(r" at 0x[0-9a-f]+", "", str(error)))
    return None if root is None else _shape(root)


@given(HTML)
def test_the_sanitizers_parse_sees_the_tree_lxml_html_sees(html: str) -> None:
    if not html.strip():
        assert trusted_html._fragment(html) is None
        return
    expected = _parsed(lambda text: lxml.html.fragment_fromstring(text, create_parent="div"), html)
    found = _parsed(trusted_html._fragment, html)
    if isinstance(expected, tuple):
        # Where lxml.html stops — a control character in text before the first element (the
        # build refuses it at its line: parsing.control_reference), two bodies, no body — the
        # sanitizer reads on: a crash there was an internal error of the build.
        assert isinstance(found, list), found
        return
    assert found == expected


def test_every_body_of_a_text_is_checked() -> None:
    """`</body><body>` in Markdown made lxml.html stop with an AssertionError (the build with an
    internal error); what follows it is checked like the rest."""
    root = trusted_html._fragment("<p>a</p></body><body><script>alert(1)</script><p>b</p>")
    assert root is not None
    assert [element.tag for element in root] == ["p", "script", "p"]
    assert trusted_html._fragment("<!doctype html>") is not None


def _conversion_problem_the_long_way(text: str) -> tuple[int, str] | None:
    """The check before its shortcuts: every bracket scanned, every line measured."""
    problem = markdown_render._bracket_problem(text)
    if problem is not None:
        return problem
    for number, line in enumerate(text.split("\n")):
        if len(line) > markdown_render.MAX_NESTING and line[:1] in (" ", "\t"):
            expanded = line.expandtabs(4)
            if len(expanded) - len(expanded.lstrip()) > 4 * markdown_render.MAX_NESTING:
                return number, nesting_message()
    return None


MARKDOWN = st.lists(st.sampled_from(["[", "]", "\\[", "x", " ", "\t", "    ", "\n", "\n\n", "[a](b)", "*"]), max_size=80).map("".join)


@pytest.mark.parametrize("limit", [3, 40, 2_000_000])
@given(text=MARKDOWN)
def test_the_size_guard_skips_only_what_cannot_fail(limit: int, text: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown_render, "MAX_BRACKET_SCAN", limit)
        patch.setattr(markdown_render, "MAX_NESTING", 4)
        patch.setattr(markdown_render, "_LONG_INDENTED_LINE", markdown_render.re.compile(r"^[ \t][^\n]{4,}", markdown_render.re.M))
        assert conversion_problem(text) == _conversion_problem_the_long_way(text)


URLS = st.sampled_from(["/", "/nb/", "/nb/jobs/", "/nb/jobs/x/", "/nb/news/", "/nb/about/", "/sv/jobs/"])


@given(st.lists(URLS, max_size=5), URLS)
def test_menu_marks_say_what_the_menu_used_to_work_out(urls: list[str], page: str) -> None:
    menu = [MenuItem("Label", url, True) for url in urls]
    expected = tuple(("page" if item.url == page else "true") if item.contains(page) else None for item in menu)
    assert menu_marks(menu, page) == expected


def test_a_calendar_is_the_bytes_of_its_parts() -> None:
    """events/ics.py writes a calendar's parts one by one; icalendar must fold line by line."""
    calendar = Calendar()
    calendar.add("prodid", "-//Homeward//Test//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Arrangementer i Skarvfjell, Åre og omegn — en lang tittel som må brettes over flere linjer")
    zone = Timezone.from_tzid("Europe/Oslo", first_date=date(2026, 1, 1), last_date=date(2028, 1, 1))
    event = Event()
    event.add("uid", "x@y.homeward")
    event.add("dtstart", datetime(2026, 3, 29, 1, 30, tzinfo=UTC))
    event.add("summary", "Næringslivsdag")
    event.add("description", "Lang tekst med æ, ø og å, komma, semikolon; og linjeskift\n\n" * 6)
    head = calendar.to_ical()
    parts = [head.removesuffix(b"END:VCALENDAR\r\n"), zone.to_ical(), event.to_ical(), b"END:VCALENDAR\r\n"]
    calendar.add_component(zone)
    calendar.add_component(event)
    assert b"".join(parts) == calendar.to_ical()
