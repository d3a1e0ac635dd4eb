"""Issue 6: page weight, image loading and the print stylesheet, measured in the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .conftest import VIEWPORT, Reader
from .pages import TARGETS, Target

pytestmark = pytest.mark.browser

IDS = [t.id for t in TARGETS]
PAGE_BUDGET = 50 * 1024  # bytes of HTML, CSS, JS and fonts of one article page (images not counted)
SMALLEST_VARIANT = 480  # plugins/images/variants.py WIDTHS[0]: larger images must offer a srcset


def transferred(page: Page, url: str) -> dict[str, int]:
    """Bytes of every response the page loads, by URL (raw: our test server does not compress)."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="load")  # the HTML, its stylesheets, scripts and images are in
    page.evaluate("document.fonts.ready.then(() => true)")  # and every font the layout asked for
    return {response.url: len(response.body()) for response in responses if response.request.resource_type != "image"}


@pytest.mark.parametrize("kind", ["article", "release"])
def test_an_article_page_weighs_under_50_kb_without_images(fresh_page: Page, site_url: str, kind: str):
    targets = [t for t in TARGETS if t.kind == kind]
    if not targets:
        pytest.skip(f"no {kind} page type in this site (plugin not enabled)")
    sizes = transferred(fresh_page, site_url + targets[0].path)
    assert any(url.endswith(".css") for url in sizes) and any(url.endswith("/") for url in sizes), sizes
    total = sum(sizes.values())
    assert total < PAGE_BUDGET, f"{targets[0].path}: {total} bytes: {sizes}"


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_images_below_the_fold_are_lazy_and_large_images_offer_a_srcset(reader: Reader, target: Target):
    for image in reader.visit(target).facts["images"]:
        if image["top"] > VIEWPORT["height"]:
            assert image["loading"] == "lazy", f"{target.path}: {image['src']} is below the fold but not lazy"
        if (
            image["in_main"]
            and image["width"]
            and int(image["width"]) > SMALLEST_VARIANT
            and not image["src"].endswith(".svg")
        ):
            assert image["srcset"], f"{target.path}: {image['src']} ({image['width']} px wide) has no srcset"


PRINTED = [t for t in TARGETS if t.kind in {"article", "release"} and t.lang == TARGETS[1].lang]


@pytest.mark.parametrize("target", PRINTED, ids=[t.id for t in PRINTED])
def test_printing_an_article_leaves_out_the_site_furniture(fresh_page: Page, site_url: str, target: Target):
    page = fresh_page
    page.goto(site_url + target.path, wait_until="load")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => [".main-menu", ".lang-switcher", ".search-link", ".site-footer", ".skip-link", ".share"]
        .filter(sel => document.querySelector(sel).checkVisibility())"""
    )
    assert hidden == [], f"printed although it is of no use on paper: {hidden}"
    colours = page.evaluate(
        """() => ["h1", ".body p", ".brand"].map(sel => getComputedStyle(document.querySelector(sel)).color)"""
    )
    assert all(colour in ("rgb(0, 0, 0)",) for colour in colours), f"text must print black on white paper: {colours}"
    assert page.evaluate("getComputedStyle(document.querySelector('.body')).display") != "none"
    logo = page.evaluate(
        "document.querySelector('.brand img') && document.querySelector('.brand img').getBoundingClientRect().height"
    )
    assert logo is None or logo < 60, f"the logo prints {logo} px high"
