"""Images in Markdown bodies get variants, srcset/sizes, width/height and lazy loading (plugins/images/body.py).

Real builds of the sample content with images added to bodies: a JPEG, a sideways phone photo
(EXIF Orientation=6), a PNG and a GIF, written in the three address forms the docs allow.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nh3
import pytest
from conftest import SETTINGS, TWO_PROCESSES, build_site, copy_content, parsed, run_python
from homeward.trust import html as trusted_html
from PIL import Image

ARTICLE = "articles/new-data-centre-hall-storvoll.en.md"  # has a front-matter image: body images are all lazy
PAGE = "pages/moving-guide.en.md"  # no front-matter image: the image that opens its body is fetched at once
ARTICLE_PAGE = "en/news/new-data-centre-hall-storvoll/index.html"
ALT = 'Fish farm at Havnøy & "friends" <3'
BODY = f"""

![{ALT}](images/photos/havnoy-fish-farm.jpg)

![A photo taken upright with a phone](/images/photos/sideways.jpg "Upright")

![A bar chart](../images/photos/chart.png)

![A small animation](images/photos/anim.gif)
"""
# What the build itself adds to a sanitized body (heading ids: markdown_render.add_heading_ids;
# the image markup: plugins/images/body.py); nothing else may appear.
GENERATED = {
    **{f"h{level}": {"id"} for level in range(2, 7)},
    "picture": set(),
    "source": {"type", "srcset", "sizes"},
    "img": {"srcset", "sizes", "loading", "decoding", "fetchpriority"},
}


def add_body_images(content: Path) -> None:
    photos = content / "images" / "photos"
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways, shown turned a quarter: 1500 × 2000 upright
    Image.new("RGB", (2000, 1500), (120, 30, 30)).save(photos / "sideways.jpg", exif=exif.tobytes(), quality=80)
    Image.new("RGB", (900, 600), (20, 90, 160)).save(photos / "chart.png")
    Image.new("P", (320, 200), 3).save(photos / "anim.gif")
    with (content / ARTICLE).open("a", encoding="utf-8") as handle:
        handle.write(BODY)
    page = content / PAGE
    head, _sep, body = page.read_text(encoding="utf-8").partition("\n---\n")
    page.write_text(f"{head}\n---\n![A bar chart](../images/photos/chart.png)\n\n{body}", encoding="utf-8")


def shown_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        width, height = image.size
        turned = image.getexif().get(0x0112) in (5, 6, 7, 8)
    return (height, width) if turned else (width, height)


def body_images(output: Path, rel: str) -> list:
    return parsed(output / rel).select(".body img")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("body-images")
    content = copy_content(folder)
    add_body_images(content)
    result = build_site(folder / "output", content, cache=folder / "cache", env=TWO_PROCESSES)
    assert result.returncode == 0, result.stderr
    return content, folder / "output"


def test_body_images_offer_variants_a_size_and_load_lazily(built: tuple[Path, Path]) -> None:
    content, output = built
    images = body_images(output, ARTICLE_PAGE)
    by_alt = {img["alt"]: img for img in images}
    assert ALT in by_alt, [img.get("alt") for img in images]  # the alt text, to the character
    for alt, name in [(ALT, "havnoy-fish-farm.jpg"), ("A photo taken upright with a phone", "sideways.jpg"), ("A bar chart", "chart.png")]:
        img = by_alt[alt]
        assert img.find_parent("picture") is not None, img
        assert img["loading"] == "lazy" and img["decoding"] == "async", img
        assert img.get("sizes") and img.get("srcset"), img
        width, height = shown_size(content / "images" / "photos" / name)
        assert (int(img["width"]), int(img["height"])) == (width, height), (name, img)
        candidates = [part.split() for part in img["srcset"].split(", ")]
        sources = [part.split() for source in img.find_parent("picture").find_all("source") for part in source["srcset"].split(", ")]
        assert img.find_parent("picture").find("source", type="image/webp") is not None, img
        for url, descriptor in candidates + sources:
            assert (output / url.lstrip("/")).is_file(), url
            # as shown (a sideways original keeps its EXIF orientation, its variants are turned)
            shown = shown_size(output / url.lstrip("/"))
            assert shown[0] == int(descriptor[:-1]), (url, shown)
            assert abs(shown[0] / shown[1] - width / height) < 0.01, (url, shown, width, height)
        # src (for browsers without srcset) is a file at most 1440 px wide, never a larger original
        assert (output / img["src"].lstrip("/")).is_file()
        assert int(dict((u, d) for u, d in candidates)[img["src"]][:-1]) <= 1440, img
    assert by_alt[ALT]["src"] != "/images/photos/havnoy-fish-farm.jpg"  # 1600 px: its 1440 px variant instead
    assert by_alt["A photo taken upright with a phone"]["title"] == "Upright"
    gif = by_alt["A small animation"]
    assert (gif["src"], gif["width"], gif["height"], gif["loading"]) == ("/images/photos/anim.gif", "320", "200", "lazy")
    assert not gif.get("srcset")  # published as it is: its frames would be lost in a variant


def test_an_image_that_opens_a_body_without_a_front_matter_image_is_fetched_first(built: tuple[Path, Path]) -> None:
    _content, output = built
    first, *_rest = body_images(output, "en/moving-guide/index.html")
    assert first["alt"] == "A bar chart" and first.get("loading") is None and first["fetchpriority"] == "high", first


def test_the_rewritten_body_holds_only_what_the_sanitizer_allows_plus_the_generated_image_markup(built: tuple[Path, Path]) -> None:
    _content, output = built
    html = (output / ARTICLE_PAGE).read_text(encoding="utf-8")
    body = re.search(r'<div class="body"[^>]*>(.*?)</div>\n', html, re.S).group(1)  # type: ignore[union-attr]
    attributes = {tag: set(names) for tag, names in trusted_html.ATTRIBUTES.items()}
    for tag, names in GENERATED.items():
        attributes[tag] = attributes.get(tag, set()) | names
    allowed = nh3.clean(
        body,
        tags=set(trusted_html.TAGS) | set(GENERATED),
        attributes=attributes,
        allowed_classes={tag: set(names) for tag, names in trusted_html.CLASSES.items()},
        url_schemes=set(trusted_html.URL_SCHEMES),
        strip_comments=True,
        link_rel=None,
    )
    assert allowed == body  # nothing outside the allowlist (no style=: the CSP allows no inline styles)
    assert body.count("<picture>") == 4


def test_replacing_an_image_updates_the_markup_of_an_incremental_build_as_a_cold_build_would(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    add_body_images(content)
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert build_site(output, content, cache=cache, env=TWO_PROCESSES).returncode == 0
    before = {img["alt"]: img for img in body_images(output, ARTICLE_PAGE)}
    assert before["A bar chart"]["width"] == "900"
    # The communicator replaces the chart by a taller one under the same name.
    Image.new("RGB", (1200, 1600), (200, 200, 20)).save(content / "images" / "photos" / "chart.png")
    again = build_site(output, content, cache=cache, env=TWO_PROCESSES)
    assert again.returncode == 0, again.stderr
    after = {img["alt"]: img for img in body_images(output, ARTICLE_PAGE)}
    assert (after["A bar chart"]["width"], after["A bar chart"]["height"]) == ("1200", "1600"), after["A bar chart"]
    assert after["A bar chart"]["srcset"] != before["A bar chart"]["srcset"]
    cold_out = tmp_path / "cold" / "output"
    assert build_site(cold_out, content, cache=tmp_path / "cold" / "cache").returncode == 0
    for rel in (ARTICLE_PAGE, "en/moving-guide/index.html"):
        assert (output / rel).read_bytes() == (cold_out / rel).read_bytes(), rel
    for url in after["A bar chart"]["srcset"].split(", "):
        assert (output / url.split()[0].lstrip("/")).is_file(), url
    shutil.rmtree(cold_out.parent)


# A build whose parse memo outlives a change of an image (its key left blind to every file
# but the texts, as the preview server's memory is): a page body is rewritten when its page is
# rendered (entry.page_rewrites), and the page's shape holds the image's facts
# (BodyImages.__reduce__), so the page is made again with the new size.
MEMO_BLIND_TO_IMAGES = """
import sys
from homeward import cli, parse_memo
parse_memo.memo_key = lambda content, code, base: "blind to images"
sys.exit(cli.main(sys.argv[1:]))
"""


def test_a_kept_page_body_is_made_again_when_an_image_it_shows_changes(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    add_body_images(content)
    output, cache = tmp_path / "output", tmp_path / "cache"

    def build() -> dict:
        args = ("build", "-s", str(SETTINGS), "--content", str(content), "-o", str(output), "--no-search")
        done = run_python("-c", MEMO_BLIND_TO_IMAGES, *args, env={"HOMEWARD_CACHE_PATH": str(cache)})
        assert done.returncode == 0, done.stderr
        return {img["alt"]: img for img in body_images(output, ARTICLE_PAGE)}

    assert build()["A bar chart"]["width"] == "900"
    Image.new("RGB", (1200, 1600), (200, 200, 20)).save(content / "images" / "photos" / "chart.png")
    after = build()["A bar chart"]
    assert (after["width"], after["height"]) == ("1200", "1600"), after
