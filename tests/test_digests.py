"""The content digests incremental builds compare (plugins/homeward/incremental.py): equal
content gives equal digests in any process, and any difference in content gives another
digest — whichever way the digest is made (the dispatch table, or the reducer for closures)."""

from __future__ import annotations

import cmath
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import partial
from typing import Any

from homeward.incremental import Digester
from homeward.model import Article, Company, Localized
from homeward.site import Entry, Item
from markupsafe import Markup


@dataclass
class Card:
    title: Any
    held: list[Any] = field(default_factory=list)


def entry(html: str, title: str = "A title") -> Entry:
    meta = Article.model_validate({"title": title, "slug": "a-title", "lang": "en", "date": datetime(2026, 11, 1, tzinfo=UTC), "summary": "Lead."})
    return Entry(meta=meta, html=html, path="content/articles/a-title.en.md", kind="articles")


def test_equal_content_in_other_objects_gives_the_same_digest() -> None:
    first, second = Digester(), Digester()
    built = [Item("articles", "a-title", {"en": entry("<p>Text.</p>")}), Card(Markup("<b>x</b>"), [Localized(en="Hi", nb="Hei")])]
    again = [Item("articles", "a-title", {"en": entry("<p>Text.</p>")}), Card(Markup("<b>x</b>"), [Localized(en="Hi", nb="Hei")])]
    assert first.of(built) is not None
    assert first.of(built) == second.of(again)


def test_a_difference_anywhere_gives_another_digest() -> None:
    digester = Digester()
    base = Card(entry("<p>Text.</p>"), [Localized(en="Hi"), datetime(2026, 1, 1, tzinfo=UTC)])
    variants = [
        Card(entry("<p>Text!</p>"), [Localized(en="Hi"), datetime(2026, 1, 1, tzinfo=UTC)]),  # the body
        Card(entry("<p>Text.</p>", "Another title"), [Localized(en="Hi"), datetime(2026, 1, 1, tzinfo=UTC)]),  # a field of the model
        Card(entry("<p>Text.</p>"), [Localized(en="Hello"), datetime(2026, 1, 1, tzinfo=UTC)]),  # a label held in place
        Card(entry("<p>Text.</p>"), [Localized(en="Hi"), datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=1)))]),  # a time zone
        Card(Markup("<p>Text.</p>"), [Localized(en="Hi"), datetime(2026, 1, 1, tzinfo=UTC)]),  # another type
    ]
    digests = {digester.of(base), *(digester.of(variant) for variant in variants)}
    assert None not in digests
    assert len(digests) == len(variants) + 1


def test_classes_and_functions_are_told_apart_by_name() -> None:
    digester = Digester()
    assert digester.of([Article]) != digester.of([Company])  # pydantic classes: another metaclass than `type`
    assert digester.of({"f": math.sqrt}) != digester.of({"f": cmath.sqrt})  # built-ins of the same name
    assert digester.of([Card]) != digester.of([Entry])


def test_closures_are_their_code_and_what_they_hold() -> None:
    def make(value: str) -> Any:
        return lambda: value

    digester = Digester()
    assert digester.of(Card("x", [make("a")])) == Digester().of(Card("x", [make("a")]))
    assert digester.of(Card("x", [make("a")])) != digester.of(Card("x", [make("b")]))
    assert digester.of(partial(make, "a")) != digester.of(partial(make, "b"))


def test_what_cannot_be_pickled_has_no_digest() -> None:
    digester = Digester()
    with open(__file__, encoding="utf-8") as handle:  # an open file: pickle refuses it
        assert digester.of(Card("x", [handle])) is None


def test_an_entry_digest_covers_what_its_page_body_is_made_from_and_not_the_rewriters_caches() -> None:
    """`entry.page_html` is made when a page shows it (build.page_bodies only hands the entry its
    rewrites): the entry's digest must change with the image sizes a body image gets, and must not
    change as the body-image rewriter fills its caches while pages are rendered."""
    from images.body import BodyImages
    from images.variants import ImageInfo

    def with_body_image(height: int) -> Entry:
        shown = entry('<p><img src="/images/a.jpg" alt="A"></p>')
        shown.files = ["images/a.jpg"]
        infos = {"images/a.jpg": ImageInfo(src="/images/a.jpg", width=800, height=height, variants=[(480, "/v/a-480w.jpg")])}
        shown.page_rewrites = (BodyImages(infos, "").rewrite,)
        return shown

    before = Digester().of(with_body_image(600))
    assert before is not None
    assert Digester().of(with_body_image(500)) != before
    rendered = with_body_image(600)
    assert 'height="600"' in rendered.page_html  # the rewriter's caches are filled now
    assert Digester().of(rendered) == before
