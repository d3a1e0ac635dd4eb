"""The content digests incremental builds compare (plugins/homeward/incremental.py): equal
content gives equal digests in any process, and any difference in content gives another
digest — whichever way the digest is made (the dispatch table, or the reducer for closures)."""

from __future__ import annotations

import cmath
import dataclasses
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from homeward.incremental import Digester
from homeward.model import Article, Company, Localized
from homeward.render import Urls
from homeward.routes import Route
from homeward.schema import NewsArticleWriter, news_article_node
from homeward.site import Entry, Item
from markupsafe import Markup


@dataclass
class Card:
    title: Any
    held: list[Any] = field(default_factory=list)


def entry(html: str, title: str = "A title", alt: str = "A fjord") -> Entry:
    meta = Article.model_validate(
        {
            "title": title,
            "slug": "a-title",
            "lang": "en",
            "date": datetime(2026, 11, 1, tzinfo=UTC),
            "summary": "Lead.",
            "image": {"src": "images/fjord.jpg", "alt": alt},
        }
    )
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


def test_a_front_matter_held_by_a_page_stands_for_all_its_content() -> None:
    """An entry's front matter is written in place in the entry's digest, its image too, and a
    page holding it (`page` in an article's context) gets a digest made from the entry's. A
    difference anywhere in it, down to the image's alt text, must still reach that page, whether
    the entry or the front matter was digested first; equal entries in another build, the same."""

    def page_digests(first_the_entry: bool) -> list[str | None]:
        digests = []
        for held in (entry("<p>Text.</p>"), entry("<p>Text.</p>", "Another title"), entry("<p>Text.</p>", alt="A boat")):
            digester = Digester()
            if first_the_entry:
                digester.of(Item("articles", "a-title", {"en": held}))
            digests.append(digester.of(Card("page", [held.meta])))
        return digests

    for first_the_entry in (True, False):
        digests = page_digests(first_the_entry)
        assert None not in digests
        assert len(set(digests)) == len(digests), first_the_entry
        assert digests == page_digests(first_the_entry)


def test_times_are_told_apart_by_every_field_fold_and_zone() -> None:
    oslo = ZoneInfo("Europe/Oslo")
    moments = [
        datetime(2026, 10, 25, 2, 30, tzinfo=oslo),
        datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=oslo),  # the same wall time an hour later
        datetime(2026, 10, 25, 2, 30, 0, 1, tzinfo=oslo),
        datetime(2026, 10, 25, 2, 30, tzinfo=ZoneInfo("Europe/Stockholm")),
        datetime(2026, 10, 25, 2, 30, tzinfo=timezone(timedelta(hours=2))),
        datetime(2026, 10, 25, 2, 30, tzinfo=timezone(timedelta(hours=2), "CEST")),  # a name is shown by %Z
        datetime(2026, 10, 25, 2, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 2, 30),
    ]
    digester = Digester()
    digests = [digester.of(Card("when", [moment])) for moment in moments]
    assert None not in digests
    assert len(set(digests)) == len(moments)
    assert digests == [Digester().of(Card("when", [moment])) for moment in moments]


def test_an_object_met_again_after_a_cycle_through_it_stands_for_its_content() -> None:
    """Inside its own digest, an object a closure leads back to stands for "cycle"; anywhere
    after, it must stand for its digest, or what holds it would not change when it does."""

    def digests(text: str) -> tuple[str | None, str | None]:
        card = Card(text)
        card.held.append(lambda: card)  # the card, through a closure it holds
        digester = Digester()
        return digester.of(card), digester.of(Card("page", [card]))

    first, second = digests("A"), digests("B")
    assert None not in first + second
    assert first[1] != second[1]


def test_long_bodies_are_told_apart_by_every_letter() -> None:
    """A long body with Norwegian or Swedish letters is written as Latin-1 bytes, one with other
    letters as pickle writes text: either way one letter makes another digest."""
    body = "<p>" + "Fjorden ligger stille. " * 20 + "{}</p>"
    letters = ["æ", "ø", "å", "ä", "ö", "a", "ā", "ē", "–", "—", "?", "𝔸"]
    digester = Digester()
    digests = [digester.of(Item("articles", "a-title", {"en": entry(body.format(letter))})) for letter in letters]
    assert None not in digests
    assert len(set(digests)) == len(letters)
    assert digests == [Digester().of(Item("articles", "a-title", {"en": entry(body.format(letter))})) for letter in letters]


def test_methods_and_partials_held_are_told_apart_by_what_they_hold() -> None:
    """A bound method or a partial a page holds (an event's .ics producer) is written in place:
    its function, and the object or arguments it carries, still make the difference."""

    @dataclass
    class Calendar:
        name: str

        def ics(self, events: list[str]) -> str:
            return self.name + "".join(events)

        def feed(self, events: list[str]) -> str:
            return self.name

    held = [
        Calendar("a").ics,
        Calendar("b").ics,
        Calendar("a").feed,
        partial(Calendar("a").ics, ["x"]),
        partial(Calendar("a").ics, ["y"]),
        partial(Calendar("b").ics, ["x"]),
    ]
    digester = Digester()
    digests = [digester.of(Card("page", [one])) for one in held]
    assert None not in digests
    assert len(set(digests)) == len(held)


def test_a_json_ld_producer_stands_for_everything_its_node_is_made_from() -> None:
    """A route holds its NewsArticle as `partial(news_article_node, writer, entry, url)`, made only
    when the page is rendered (routes.Route.jsonld). A kept page is only right if its shape changes
    whenever the node would: with the entry (its content), what every article shares (the writer),
    the page's address and another author; and equal content gives an equal shape."""
    urls = Urls("https://example.org")

    def writer(region: str = "Region") -> NewsArticleWriter:
        return NewsArticleWriter(urls, {"@type": "Organization", "name": region}, {"@type": "Organization", "name": region})

    def route(shown: Entry, by: NewsArticleWriter, url: str = "/en/news/a-title/", author: dict[str, str] | None = None) -> Route:
        return Route(url="/en/news/a-title/", lang="en", template="article.html", jsonld=[partial(news_article_node, by, shown, url, author)])

    base = route(entry("<p>Text.</p>"), writer())
    variants = [
        route(entry("<p>Text.</p>", "Another title"), writer()),  # the headline
        route(entry("<p>Text.</p>"), writer("Another region")),  # the publisher and author
        route(entry("<p>Text.</p>"), writer(), url="/en/news/another/"),  # the address
        route(entry("<p>Text.</p>"), writer(), author={"@type": "Organization", "name": "A council"}),
    ]
    digester = Digester()
    assert [node != base.jsonld_nodes for node in (variant.jsonld_nodes for variant in variants)] == [True] * len(variants)
    digests = [digester.of(base), *(digester.of(variant) for variant in variants)]
    assert None not in digests
    assert len(set(digests)) == len(digests)
    assert Digester().of(route(entry("<p>Text.</p>"), writer())) == digests[0]


def _view_objects() -> list[Any]:
    from events.details import Party, SessionInfo
    from events.listing import MonthGroup
    from homeward.facets import FacetValue, Label
    from stories.plugin import Byline

    start = datetime(2027, 3, 1, 9, tzinfo=UTC)
    return [
        FacetValue(Label("text", "Storvoll"), "/en/jobs/municipality/storvoll/", 3),
        Party("skarvfjell-radet", "Skarvfjellrådet", "organisations", "https://skarvfjell.example/"),
        SessionInfo({"en": "Opening"}, start, start + timedelta(hours=1), True, ""),
        MonthGroup("2027-03", "March 2027", [Card("an event")]),
        Byline("Engineer at ", "Nordlys Data", "", False),
    ]


def _another(value: Any) -> Any:
    """Another value of the same kind: what a field might be after an edit."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, datetime):
        return value + timedelta(minutes=5)
    if isinstance(value, (int, str)):
        return value + type(value)(1 if isinstance(value, int) else "x")
    if isinstance(value, dict):
        return {**value, "en": "Changed"}
    if isinstance(value, list):
        return [*value, Card("another event")]
    return dataclasses.replace(value, value="Havnøy")  # a Label


def test_small_view_objects_written_in_place_still_follow_every_field() -> None:
    """Facet values, parties, programme items, month groups and bylines are written in place in
    what holds them (`digest_in_place`, each made for one holder), not digested one by one: a
    change to any of their fields must still change the holder's digest."""
    digester = Digester()
    for view in _view_objects():
        assert getattr(type(view), "digest_in_place", False), type(view)
        base = digester.of(Card("page", [view]))
        assert base is not None
        assert Digester().of(Card("page", [dataclasses.replace(view)])) == base  # equal content, another object
        for field_ in dataclasses.fields(view):
            changed = dataclasses.replace(view, **{field_.name: _another(getattr(view, field_.name))})
            assert digester.of(Card("page", [changed])) != base, (type(view).__name__, field_.name)
