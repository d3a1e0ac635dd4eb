"""The attack corpus (issue 12): what an outsider or a careless communicator puts in content to
make the site run code, call another host, publish a file it should not, or leak a secret.

Every case in `tests/attacks/<name>/case.yaml` (format: tests/attacks/README.md) either
- stops the build with a plain `path:line: message` (exit 1, no traceback, no "internal
  error") and leaves the previous output byte-identical, or
- builds, and then its dangerous part is in no output file: pages, feeds, sitemap, SVGs,
  copied images, the search index (decompressed) and PDFs (their text extracted).
All cases that build are applied together to ONE copy of the sample content, built once with
the search index; tests/browser/test_browser_attacks.py serves that same build to Chromium.
"""

from __future__ import annotations

import functools
import gzip
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CONTENT, Build, build_site, copy_content
from test_bad_content import Previous, apply_edits, assert_refused_and_untouched, error_lines, snapshot

CASES = Path(__file__).parent / "attacks"
CLASSES = {
    "script": "script in a body: elements, event handlers, javascript:/data: addresses in every spelling",
    "third-party": "requests to other hosts: remote images and media, CSS url(), srcset, protocol-relative and backslash addresses",
    "files": "files outside the contract: traversal, absolute and Windows paths, symlinks, hard links, non-images named .jpg",
    "svg": "SVG files with scripts, handlers, foreignObject, external references, entities",
    "leaks": "internal notes (HTML comments) and data appended to images",
    "feeds-and-text": "hostile titles, summaries, names and alt texts: text everywhere, markup nowhere",
    "embargo": "embargo offsets and translations",
}
SECRET = "SECRET-KEY-MATERIAL-0451"


@dataclass
class Case:
    name: str
    description: str
    kind: str
    edits: list[dict[str, Any]]
    expect: str | None = None
    expect_path: str | None = None
    expect_line: int | None = None
    expect_errors: int = 1
    absent: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    image: str | None = None  # a crafted image the walk to its end cannot follow: published re-saved
    pixels: str | None = None  # and then "exact" (PNG, GIF, lossless WebP) or "close" (JPEG, AVIF)

    @property
    def builds(self) -> bool:
        return self.expect is None


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES.glob("*/case.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["kind"] = data.pop("class")
        assert data["kind"] in CLASSES, f"{path}: unknown class {data['kind']}"
        case = Case(name=path.parent.name, **data)
        assert case.builds == (case.expect_path is None), f"{path}: a refused case needs expect, expect_path and expect_line"
        assert not case.builds or case.absent, f"{path}: a case that builds must name what must be absent"
        assert (case.image is None) == (case.pixels is None) and case.pixels in (None, "exact", "close"), f"{path}: image needs pixels: exact or close"
        cases.append(case)
    return cases


ALL = load_cases()
REFUSED = [case for case in ALL if not case.builds]
BUILDS = [case for case in ALL if case.builds]
RESAVED = [case for case in BUILDS if case.image]


def make_outside(folder: Path) -> Path:
    """Files outside content/ that an attack tries to publish: a key, a page, a real photo."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "id_rsa").write_text(f"-----BEGIN OPENSSH PRIVATE KEY-----\n{SECRET}\n", encoding="utf-8")
    (folder / "notes.txt").write_text(f"salary figures {SECRET}\n", encoding="utf-8")
    shutil.copyfile(CONTENT / "images" / "people" / "ingrid-haugen.jpg", folder / "photo.jpg")
    (folder / "private").mkdir(exist_ok=True)
    shutil.copyfile(CONTENT / "images" / "people" / "ingrid-haugen.jpg", folder / "private" / "portrait.jpg")
    (folder / "private" / "id_rsa.jpg").write_text(f"{SECRET}\n", encoding="utf-8")
    return folder


def apply_attack(content: Path, outside: Path, edits: list[dict[str, Any]]) -> None:
    """bad_content's edits, plus `copy` (a sample file), `symlink` and `hardlink` ({outside}
    and {content} in a target are those folders)."""
    plain = []
    for edit in edits:
        target = content / edit["file"]
        if not {"copy", "symlink", "hardlink"} & set(edit):
            plain.append(edit)
            continue
        apply_edits(content, plain)
        plain = []
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() or target.is_symlink():
            target.unlink()
        if "copy" in edit:
            shutil.copyfile(content / edit["copy"], target)
        else:
            source = edit.get("symlink") or edit["hardlink"]
            source = source.replace("{outside}", str(outside)).replace("{content}", str(content))
            (os.symlink if "symlink" in edit else os.link)(source, target)
    apply_edits(content, plain)


def readable_texts(output: Path) -> dict[str, bytes]:
    """Every output file as a reader's software sees it: gzip (search index) unpacked, PDF text extracted."""
    from pypdf import PdfReader

    texts = {}
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        if data[:4] == b"%PDF":
            data += "\n".join(page.extract_text() or "" for page in PdfReader(path).pages).encode("utf-8")
        texts[path.relative_to(output).as_posix()] = data
    return texts


def assert_no_link_to_content(output: Path, content: Path) -> None:
    """Output is never a symlink and never shares an inode with a file a person edits."""
    inodes = {(st.st_dev, st.st_ino) for st in (p.stat() for p in content.rglob("*") if p.is_file())}
    for path in output.rglob("*"):
        assert not path.is_symlink(), f"{path} is a symlink"
        if path.is_file():
            st = path.stat()
            assert (st.st_dev, st.st_ino) not in inodes, f"{path} shares its inode with a file in content/"


# ---------------------------------------------------------------- cases that are refused


@pytest.fixture(scope="module")
def previous(sample: Build, tmp_path_factory: pytest.TempPathFactory) -> Previous:
    folder = tmp_path_factory.mktemp("previous") / "output"
    shutil.copytree(sample.output, folder)
    return Previous(folder, snapshot(folder))


def test_the_corpus_is_large_and_covers_every_class() -> None:
    assert len(ALL) >= 40
    assert {case.kind for case in ALL} == set(CLASSES)


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
def test_an_attack_is_refused_with_a_plain_message(case: Case, tmp_path: Path, previous: Previous) -> None:
    content = copy_content(tmp_path)
    apply_attack(content, make_outside(tmp_path / "outside"), case.edits)
    output = tmp_path / "output"
    shutil.copytree(previous.output, output, copy_function=os.link)  # a build replaces files, never writes into them
    result = build_site(output, content=content, cache=tmp_path / ".cache")
    assert_refused_and_untouched(tmp_path, previous, result)
    assert "internal error" not in result.stderr
    errors = error_lines(result.stderr)
    at_line = [e for e in errors if (e["path"], int(e["line"])) == (case.expect_path, case.expect_line)]
    assert at_line, f"no error at {case.expect_path}:{case.expect_line}:\n{result.stderr}"
    assert [e for e in at_line if case.expect in e["message"]], f"expected {case.expect!r}:\n{result.stderr}"
    assert all("; " in e["message"] for e in errors), f"a message does not say what to do:\n{result.stderr}"
    assert len(errors) == case.expect_errors, f"expected {case.expect_errors} error(s):\n{result.stderr}"


# ---------------------------------------------------------------- cases that build


@dataclass(repr=False)
class AttackedSite:
    build: Build
    content: Path
    texts: dict[str, bytes]

    def __repr__(self) -> str:  # a failure report must not print every output file
        return f"AttackedSite({self.build.output}, {len(self.texts)} files)"


def build_attacked_site(folder: Path) -> AttackedSite:
    """The sample content with every attack that builds, built with the search index."""
    content = copy_content(folder)
    outside = make_outside(folder / "outside")
    for case in BUILDS:
        apply_attack(content, outside, case.edits)
    built = build_site(folder / "output", content=content, extra=(), cache=folder / ".cache")
    assert built.returncode == 0, built.stderr
    return AttackedSite(built, content, readable_texts(built.output))


@pytest.fixture(scope="session")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> AttackedSite:
    return build_attacked_site(tmp_path_factory.mktemp("attacked"))


@pytest.fixture(scope="session")
def attacked_again(attacked: AttackedSite, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The same attacked content built a second time, into another folder with its own cache."""
    folder = tmp_path_factory.mktemp("attacked-again")
    built = build_site(folder / "output", content=attacked.content, cache=folder / ".cache")
    assert built.returncode == 0, built.stderr
    return built


# Where hostile *text* is kept as data, not markup: the search index (JSON, shown by the search
# page, which tests/browser/test_browser_attacks.py searches) and the CMS's option labels (YAML).
TEXT_DATA = re.compile(r"^(pagefind/|admin/config\.yml$)")


@pytest.mark.parametrize("case", BUILDS, ids=[c.name for c in BUILDS])
def test_an_attack_that_builds_leaves_nothing_dangerous_in_any_file(case: Case, attacked: AttackedSite) -> None:
    for marker in case.absent:
        found = [
            rel
            for rel, data in attacked.texts.items()
            if marker.encode("utf-8") in data and not (case.kind == "feeds-and-text" and TEXT_DATA.match(rel))
        ]
        assert not found, f"{marker!r} is in {found}"
    for marker in case.present:
        assert any(marker.encode("utf-8") in data for data in attacked.texts.values()), f"{marker!r} was not published at all"


def _frames(data: bytes) -> tuple[str, tuple[int, int], list[Any]]:
    import io

    from PIL import Image, ImageSequence

    with Image.open(io.BytesIO(data)) as image:
        return image.format, image.size, [frame.convert("RGBA") for frame in ImageSequence.Iterator(image)]


@pytest.mark.parametrize("case", RESAVED, ids=[c.name for c in RESAVED])
def test_an_image_the_walk_cannot_follow_is_published_as_the_same_picture_and_nothing_else(case: Case, attacked: AttackedSite) -> None:
    """Pillow reads the crafted image, the walk to its end does not get there: the published file
    is the picture saved again from its pixels, with no markup in it, in the same format and
    size, the same frames, and a structure the walk follows to its very last byte."""
    from homeward.trust.formats import image_end, sniff
    from PIL import ImageChops, ImageStat

    assert case.image is not None
    source = (attacked.content / case.image).read_bytes()
    published = (attacked.build.output / case.image).read_bytes()
    for markup in (b"<script", b"<html"):
        assert markup not in published.lower()
    kind = sniff(source[:32])
    assert kind is not None and sniff(published[:32]) == kind and image_end(published, kind) == len(published)
    source_format, source_size, source_frames = _frames(source)
    published_format, published_size, published_frames = _frames(published)
    assert (published_format, published_size, len(published_frames)) == (source_format, source_size, len(source_frames))
    for before, after in zip(source_frames, published_frames, strict=True):
        if case.pixels == "exact":
            assert before.tobytes() == after.tobytes()
        else:  # re-encoded lossy: the same picture, a few levels off here and there
            assert max(ImageStat.Stat(ImageChops.difference(before, after)).mean) < 3
    assert image_end(source, kind) is None, "the walk now follows this case to its end: craft it again"


def test_re_saved_images_are_the_same_bytes_in_every_build(attacked: AttackedSite, attacked_again: Build) -> None:
    """No date, no thread-dependent encoder setting: a second build publishes byte-identical files."""
    for case in RESAVED:
        assert case.image is not None
        first, second = (attacked.build.output / case.image).read_bytes(), (attacked_again.output / case.image).read_bytes()
        assert first == second, case.image


def test_no_output_file_is_a_link_to_content(attacked: AttackedSite) -> None:
    assert_no_link_to_content(attacked.build.output, attacked.content)
    assert not [rel for rel, data in attacked.texts.items() if SECRET.encode() in data]


def test_only_images_and_site_files_are_published(attacked: AttackedSite) -> None:
    """Nothing from content/ reaches the output but checked images: no Markdown, YAML or text."""
    content_names = {p.relative_to(attacked.content).as_posix() for p in attacked.content.rglob("*") if p.is_file()}
    copied = [rel for rel in attacked.texts if rel in content_names]
    assert copied, "no image was published at all"
    assert all(re.search(r"\.(jpe?g|png|gif|webp|avif|svg)$", rel) for rel in copied), copied


def test_a_symlink_inside_content_is_published_as_a_regular_file(attacked: AttackedSite) -> None:
    alias = attacked.build.output / "images" / "photos" / "alias-of-harbour.jpg"
    assert alias.is_file() and not alias.is_symlink()
    assert alias.read_bytes() == (attacked.content / "images" / "photos" / "alias-of-harbour.jpg").read_bytes()


def test_hostile_titles_and_summaries_are_text_in_every_feed(attacked: AttackedSite) -> None:
    """A feed reader (feedparser, which sanitizes like one) shows the hostile strings as text."""
    import feedparser

    seen = set()
    for path in sorted(attacked.build.output.rglob("*.atom")):
        for entry in feedparser.parse(path.read_bytes()).entries:
            for name in ("title", "summary"):
                detail = entry.get(f"{name}_detail")
                if detail is None or "ATK" not in detail.value:
                    continue
                seen.add(detail.value)
                assert detail.type == "text/plain", f"{path.name}: {name} is {detail.type}"
            for content in entry.get("content", []):
                assert "onerror" not in content.value and "<script" not in content.value.lower(), path
    assert "Nyhet <img src=x onerror=alert('TITLE-ATK')>" in seen
    assert "Sammendrag <script>alert('SUMMARY-ATK')</script> slutt" in seen
    assert any(value.startswith("<img src=x onerror=alert('JOB-ATK')>") for value in seen), seen


def test_links_to_other_sites_in_bodies_get_through_the_sanitizer(attacked: AttackedSite) -> None:
    """What is kept out is only half of the sanitizer's job: every `[text](https://…)` a
    communicator wrote in a body is still a link to that address on the page (found by the
    mutation check: a clean() that dropped every remote link passed the corpus)."""
    from bs4 import BeautifulSoup

    checked = 0
    for folder, section in (("articles", "news"), ("stories", "stories")):
        for path in sorted((attacked.content / folder).glob("*.md")):
            if path.name.startswith("attack-"):
                continue
            wanted = re.findall(r"\]\((https://[^)\s]+)\)", path.read_text(encoding="utf-8").split("---\n", 2)[2])
            if not wanted:
                continue
            meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
            slug, lang = meta.get("slug") or path.name.split(".")[0], path.name.split(".")[-2]
            page = BeautifulSoup(attacked.build.read(f"{lang}/{section}/{slug}/index.html"), "lxml")
            links = {a.get("href") for a in page.select("main a")}
            assert set(wanted) <= links, (path.name, set(wanted) - links)
            checked += len(wanted)
    assert checked >= 5, "the sample's bodies need links to other sites"


def _animated_gif() -> bytes:
    """Three frames, each with its own colours: Pillow gives every frame after the first a local
    colour table, which the end-of-image scan must step over."""
    import io

    from PIL import Image

    frames = []
    for i in range(3):
        frame = Image.new("RGB", (8, 8))
        frame.putdata([((x * 30 + i * 80) % 256, (y * 30) % 256, (x * y * 7 + i * 50) % 256) for y in range(8) for x in range(8)])
        frames.append(frame)
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0, optimize=False)
    return out.getvalue()


def test_an_animated_gif_is_published_whole_without_what_was_appended(tmp_path: Path) -> None:
    """A GIF with local colour tables and an HTML page appended: the published file is the GIF
    exactly as Pillow wrote it (found by the mutation check: a wrong local table size in the
    scan for the image's end survived the corpus, whose GIFs have none)."""
    from PIL import Image

    content = copy_content(tmp_path)
    gif = _animated_gif()
    assert gif[10] & 0x80 and b"\x2c" in gif  # a global table, and image descriptors
    (content / "images" / "photos" / "animated.gif").write_bytes(gif + b"<html><script>alert('GIF-TAIL-ATK')</script></html>")
    (content / "articles" / "animated-gif.nb.md").write_text(
        "---\ntitle: Et levende bilde\ndate: 2026-10-01\n---\nFørste linje.\n\n![Tre farger](images/photos/animated.gif)\n", encoding="utf-8"
    )
    result = build_site(tmp_path / "out", content=content)
    assert result.returncode == 0, result.stderr
    published = sorted(result.output.rglob("animated*.gif"))
    assert published, "the GIF was not published"
    for path in published:
        assert path.read_bytes() == gif, path
        with Image.open(path) as image:
            assert image.n_frames == 3


def _picture(size: int, shift: int = 0) -> Any:
    from PIL import Image

    picture = Image.new("RGB", (size, size))
    picture.putdata([((x * 60 + shift) % 256, (y * 60) % 256, (x * y * 7 + shift) % 256) for y in range(size) for x in range(size)])
    return picture


def _saved(picture: Any, fmt: str, **options: Any) -> bytes:
    import io

    out = io.BytesIO()
    picture.save(out, fmt, **options)
    return out.getvalue()


def test_an_image_the_walk_follows_is_cut_at_its_end_whatever_follows() -> None:
    """What a valid image carries after its end — a page, a ZIP, a phone's motion-photo video —
    is cut off, and the image itself is published as the author's own bytes (not saved again)."""
    from homeward.trust.formats import image_end, publishable

    images = {
        "jpeg": _saved(_picture(16), "JPEG"),
        "png": _saved(_picture(16), "PNG"),
        "gif": _saved(_picture(16), "GIF", save_all=True, append_images=[_picture(16, 80)], duration=100, loop=0),
        "webp": _saved(_picture(16), "WEBP", quality=80),
        "avif": _saved(_picture(16), "AVIF", quality=80, max_threads=1),
    }
    for kind, image in images.items():
        mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x00\x10mdat" + bytes(8)  # a motion photo's video
        for tail in (b"<html><script>alert('TAIL')</script></html>", b"PK\x03\x04" + bytes(40), mp4):
            assert image_end(image, kind) == len(image), kind
            assert publishable(image + tail, kind) == image, (kind, tail)


def test_a_re_saved_image_keeps_its_orientation_and_no_other_metadata() -> None:
    """Saved again, a photo is turned the way its camera said (EXIF orientation, written anew)
    and carries nothing else of the file: no EXIF text, GPS, comment, text chunk or profile."""
    import io

    from homeward.trust.formats import image_end, publishable
    from PIL import Image, ImageCms

    exif = Image.Exif()
    exif[0x0112] = 6  # turned 90°: a phone held upright
    exif[0x010E] = "<script>alert('EXIF-ATK')</script>"  # ImageDescription
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo = _saved(_picture(32), "JPEG", exif=exif.tobytes(), comment=b"<html>COMMENT-ATK", icc_profile=profile)
    first = 4 + int.from_bytes(photo[4:6], "big")  # after the first segment: readers skip stray bytes there
    crafted = photo[:first] + b"JUNK" + photo[first:] + b"<script>alert('TAIL-ATK')</script>"
    assert image_end(crafted, "jpeg") is None
    resaved = publishable(crafted, "jpeg")
    assert b"ATK" not in resaved and b"<html" not in resaved and b"JUNK" not in resaved
    with Image.open(io.BytesIO(resaved)) as image:
        assert dict(image.getexif()) == {0x0112: 6}
        assert "icc_profile" not in image.info and "comment" not in image.info
        assert image.size == (32, 32)
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "<script>alert('PNG-TEXT-ATK')</script>")
    logo = _saved(_picture(8), "PNG", pnginfo=text, icc_profile=profile)
    end = logo.rindex(b"IEND") - 4
    crafted = logo[:end] + b"\x7f\xff\xff\xf0" + logo[end + 4 :]
    resaved = publishable(crafted, "png")
    assert b"ATK" not in resaved and b"iCCP" not in resaved and b"tEXt" not in resaved
    with Image.open(io.BytesIO(resaved)) as image:
        assert image.convert("RGB").tobytes() == _picture(8).tobytes()
    photo = _saved(_picture(32), "WEBP", quality=80, exif=exif.tobytes())  # lossy: saved again lossy, not 5× larger
    chunk = b"HTML\x08\x00\x00\x00<script>"
    crafted = b"RIFF" + (len(photo) - 8 + len(chunk)).to_bytes(4, "little") + photo[8:] + chunk
    resaved = publishable(crafted, "webp")
    assert b"ATK" not in resaved and b"<script" not in resaved and b"VP8 " in resaved and b"VP8L" not in resaved
    with Image.open(io.BytesIO(resaved)) as image:
        assert dict(image.getexif()) == {0x0112: 6} and image.size == (32, 32)


def test_a_re_saved_animation_keeps_its_frames_their_durations_and_its_loop() -> None:
    import io

    from homeward.trust.formats import image_end, publishable
    from PIL import Image, ImageSequence

    frames = [_picture(8, shift) for shift in (0, 80, 160)]
    for fmt, kind, options in (("GIF", "gif", {}), ("PNG", "png", {}), ("WEBP", "webp", {"lossless": True})):
        animation = _saved(frames[0], fmt, save_all=True, append_images=frames[1:], duration=[100, 200, 300], loop=3, **options)
        # What makes each walk stop short: a stray byte before a GIF's trailer, a PNG end chunk
        # that claims data, a WebP chunk the format does not have (RIFF size raised to cover it).
        if kind == "gif":
            crafted = animation[:-1] + b"\x00;"
        elif kind == "png":
            crafted = animation[:-12] + b"\x00\x00\x01\x00IEND" + animation[-4:]
        else:
            chunk = b"HTML\x04\x00\x00\x00<p/>"
            crafted = b"RIFF" + (len(animation) - 8 + len(chunk)).to_bytes(4, "little") + animation[8:] + chunk
        assert image_end(crafted, kind) is None, kind
        resaved = publishable(crafted, kind)
        assert resaved == publishable(crafted, kind)
        with Image.open(io.BytesIO(resaved)) as image:
            assert image.info.get("loop") == 3, kind
            seen = []
            for frame in ImageSequence.Iterator(image):
                pixels = frame.convert("RGB").tobytes()  # read first: WebP knows a frame's duration once it is read
                seen.append((frame.info.get("duration"), pixels))
        assert seen == [(duration, frame.tobytes()) for duration, frame in zip((100, 200, 300), frames, strict=True)], kind


def test_an_image_too_large_to_read_safely_is_not_read_to_be_saved_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The frames of an animation count together: 3 frames of 8×8 pixels are more than a limit of 150."""
    from homeward.trust import formats
    from PIL import Image

    animation = _saved(_picture(8), "GIF", save_all=True, append_images=[_picture(8, 80), _picture(8, 160)], duration=100)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 150)
    with pytest.raises(formats.TooLarge, match="3 frames of 8×8 pixels"):
        formats.resave(animation, "gif")


# ---------------------------------------------------------------- camera data in published images

# What a phone, a camera or an editor writes beside the picture, each with a marker that must
# reach no output file: where the photo was taken, the camera's serial number, its owner, a
# comment, XMP, IPTC, PNG text chunks.
CAMERA_DATA = ("GPS-PLACE-ATK", "SERIAL-ATK", "OWNER-ATK", "COMMENT-ATK", "XMP-ATK", "IPTC-ATK", "PNG-TEXT-ATK", "GIF-COMMENT-ATK")
_GPS_IFD, _EXIF_IFD = 0x8825, 0x8769


def _camera_exif(orientation: int) -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x010E] = "GPS-PLACE-ATK at the back door"  # ImageDescription
    exif.get_ifd(_EXIF_IFD).update({0xA431: "SERIAL-ATK-0451", 0xA430: "OWNER-ATK Kari"})  # body serial, owner
    exif.get_ifd(_GPS_IFD).update({1: "N", 2: (63.0, 10.0, 12.5), 3: "E", 4: (10.0, 23.0, 40.0)})
    return exif.tobytes()


_XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="XMP-ATK"/></x:xmpmeta>'
_IPTC = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x15\x1c\x02P\x00\x10IPTC-ATK By-line\x00"


@functools.cache
def _profile() -> bytes:
    """An sRGB colour profile (LittleCMS dates each one it makes: made once)."""
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@functools.cache
def _sideways_phone_photo() -> tuple[bytes, bytes]:
    """A JPEG as a phone stores a photo taken upright: 800×600 pixels turned on their side
    (its left third red: shown upright, that is the top), Orientation 6, a colour profile,
    and GPS, serial number, owner, comment, XMP and IPTC; and the profile."""
    from PIL import Image

    stored = Image.merge("RGB", [Image.linear_gradient("L").resize((800, 600))] * 3)
    stored.paste((220, 20, 20), (0, 0, 266, 600))
    stored.paste((20, 20, 220), (534, 0, 800, 600))
    profile = _profile()
    app13 = b"\xff\xed" + (2 + len(_IPTC)).to_bytes(2, "big") + _IPTC
    photo = _saved(stored, "JPEG", quality=85, exif=_camera_exif(6), comment=b"COMMENT-ATK", xmp=_XMP, icc_profile=profile, extra=app13)
    return photo, profile


def _png_with_text() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "PNG-TEXT-ATK tEXt")
    info.add_text("Comment", "PNG-TEXT-ATK zTXt", zip=True)
    info.add_itxt("Description", "PNG-TEXT-ATK iTXt", lang="nb")
    info.add(b"tIME", bytes.fromhex("07EA0B180C0000"))
    return _saved(_picture(24), "PNG", pnginfo=info, exif=_camera_exif(8))


def _webp_with_metadata() -> bytes:
    return _saved(_picture(32), "WEBP", quality=80, exif=_camera_exif(3), xmp=_XMP, icc_profile=_profile())


def _gif_with_comment() -> bytes:
    return _saved(_picture(16), "GIF", comment=b"GIF-COMMENT-ATK", save_all=True, append_images=[_picture(16, 80)], duration=100, loop=0)


@pytest.fixture(scope="module")
def camera_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Build, dict[str, bytes]]:
    """The sample content with an article whose image is a sideways phone photo full of camera
    data, and whose body shows a PNG, a WebP and a GIF with metadata of their own."""
    folder = tmp_path_factory.mktemp("camera")
    content = copy_content(folder)
    photo, _profile = _sideways_phone_photo()
    images = {
        "images/photos/phone.jpg": photo,
        "images/photos/screenshot.png": _png_with_text(),
        "images/photos/tagged.webp": _webp_with_metadata(),
        "images/photos/commented.gif": _gif_with_comment(),
    }
    for rel, data in images.items():
        (content / rel).write_bytes(data)
    body = "\n\n".join(f"![Bilde {n}]({rel})" for n, rel in enumerate(images, start=1) if not rel.endswith(".jpg"))
    (content / "articles" / "camera-data.nb.md").write_text(
        "---\ntitle: Bilder fra telefonen\nslug: camera-data\ndate: 2026-10-01\nimage:\n  src: images/photos/phone.jpg\n"
        f"  alt: Et bilde tatt på høykant\n  credit: Kari Nordmann\n---\nFørste linje.\n\n{body}\n",
        encoding="utf-8",
    )
    built = build_site(folder / "output", content=content)
    assert built.returncode == 0, built.stderr
    return content, built, images


def test_published_originals_carry_no_camera_data_and_the_very_same_pixels(camera_site: tuple[Path, Build, dict[str, bytes]]) -> None:
    """GPS position, serial number, owner, comments, XMP, IPTC and text chunks are gone from the
    published original and from every variant; the compressed pixels are the author's (decoded,
    identical: nothing was re-encoded), the colour profile and the orientation are kept."""
    import io

    from PIL import Image

    _content, built, images = camera_site
    profile = _sideways_phone_photo()[1]
    orientations = {"images/photos/phone.jpg": 6, "images/photos/screenshot.png": 8, "images/photos/tagged.webp": 3}
    for rel, source in images.items():
        published = (built.output / rel).read_bytes()
        for marker in CAMERA_DATA:
            assert marker.encode() not in published, (rel, marker)
        assert len(published) < len(source), rel
        for name in (b"tEXt", b"zTXt", b"iTXt", b"tIME", b"XMP ", b"http://ns.adobe.com/xap/", b"Photoshop 3.0", b"PhoneMaker"):
            assert name not in published, (rel, name)
        with Image.open(io.BytesIO(source)) as before, Image.open(io.BytesIO(published)) as after:
            assert (after.format, after.size, getattr(after, "n_frames", 1)) == (before.format, before.size, getattr(before, "n_frames", 1)), rel
            assert after.convert("RGBA").tobytes() == before.convert("RGBA").tobytes(), rel
            exif = after.getexif()
            assert exif.get_ifd(_GPS_IFD) == {} and exif.get_ifd(_EXIF_IFD) == {}, rel
            assert dict(exif) == ({0x0112: orientations[rel]} if rel in orientations else {}), rel
            assert "comment" not in after.info and "xmp" not in after.info, rel
            if rel.endswith((".jpg", ".webp")):
                assert after.info.get("icc_profile") == profile, rel
    variants = sorted(built.output.glob("images/photos/phone-*w-*"))
    assert variants, "no variants of the phone photo"
    for path in variants:
        data = path.read_bytes()
        assert not [marker for marker in CAMERA_DATA if marker.encode() in data], path
        with Image.open(path) as image:
            assert not image.getexif() and "comment" not in image.info and image.info.get("icc_profile") == profile, path


def test_a_sideways_phone_photo_is_upright_in_every_variant_and_in_its_width_and_height(camera_site: tuple[Path, Build, dict[str, bytes]]) -> None:
    """Stored 800×600 with Orientation 6, shown 600×800: the variants are portrait with the red
    third on top, and the <img> reserves a portrait box (its width and height) for them."""
    from bs4 import BeautifulSoup
    from PIL import Image

    _content, built, _images = camera_site
    page = BeautifulSoup(built.read("nb/news/camera-data/index.html"), "lxml")
    img = page.select_one("main figure img")
    assert img is not None and img["src"].endswith("/images/photos/phone.jpg")
    assert (img["width"], img["height"]) == ("600", "800")
    candidates = [part.split() for tag in [img, *page.select("main figure source")] for part in tag["srcset"].split(",")]
    variants = [(path, int(width[:-1])) for path, width in candidates if not path.endswith("/phone.jpg")]
    assert {width for _path, width in variants} == {480} and len(variants) == 2, candidates
    for path, width in variants:
        with Image.open(built.output / path.lstrip("/")) as image:
            assert image.size == (width, 640), path
            rgb = image.convert("RGB")
            top, bottom = rgb.getpixel((width // 2, 10)), rgb.getpixel((width // 2, 630))
            assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0], (path, top, bottom)


def test_an_avif_with_exif_or_xmp_items_is_saved_again_without_them() -> None:
    """Leaving an item out of an AVIF shifts the location of every other one: such a file is
    saved again (lossy, quality 90), with its orientation (irot) and nothing else."""
    import io

    from homeward.trust.formats import image_end, publishable
    from PIL import Image

    plain = _saved(_picture(16), "AVIF", quality=80, max_threads=1)
    assert publishable(plain, "avif") == plain
    tagged = _saved(_picture(16), "AVIF", quality=80, max_threads=1, exif=_camera_exif(6), xmp=_XMP)
    assert image_end(tagged, "avif") == len(tagged)
    resaved = publishable(tagged, "avif")
    assert b"ATK" not in resaved and b"PhoneMaker" not in resaved and b"Exif" not in resaved
    with Image.open(io.BytesIO(resaved)) as image:
        assert dict(image.getexif()) == {0x0112: 6} and image.size == (16, 16)


def test_stripping_is_the_same_bytes_every_time_and_leaves_clean_images_alone() -> None:
    from homeward.trust.formats import publishable

    photo, _profile = _sideways_phone_photo()
    for kind, data in (("jpeg", photo), ("png", _png_with_text()), ("webp", _webp_with_metadata()), ("gif", _gif_with_comment())):
        once = publishable(data, kind)
        assert once != data and publishable(data, kind) == once and publishable(once, kind) == once, kind
