"""The one gate for every file that content references, and the one rule for "is this a local path".

Image fields (`image.src`, `logo`, `photo`, `images[].src`), brand images, and images and
file links in Markdown bodies all come through `ContentFiles.check`:

- the address is judged as a browser judges it (`classify`): control characters, tabs and
  newlines removed, backslashes read as slashes, `%2e%2e/` decoded — so `//host/x.png`,
  `\\\\host\\x.png` and `JaVaScRiPt:` are what they are, not local paths;
- the real path, every symlink resolved, must lie inside content/ (a symlink that stays
  inside is fine and is published as a regular file);
- the bytes must be an image we publish (`formats.sniff`), matching the file's ending; SVG
  drawings go through `svg.clean`.

`published` gives the bytes the site shows of a file — read again, checked again, cut at the
image's end where it is certain, else saved again by Pillow (`formats.publishable`), or
cleaned (SVG) — and every route takes them from there: `publish` writes them as a new file
(output never shares an inode with a file a person edits, so replacing a photo in place
cannot change a published site), a press PDF embeds them, the preview serves them.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from ..filesystem import write_file
from . import formats, svg

MAX_BYTES = 20_000_000
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_PELICAN_PLACEHOLDER = re.compile(r"^\{(?:static|attach|filename)\}/?")


@dataclass(frozen=True)
class Address:
    """What a reference in content is: `local` (a path into the site), `remote` (another
    host, also `//host/...`), `scheme` (javascript:, data:, …), `fragment` (#top) or `empty`."""

    kind: str
    value: str  # local: the path (no query or fragment, %-decoded); scheme: the scheme in lowercase


@lru_cache(maxsize=16384)
def classify(url: str) -> Address:
    """Read an address the way a browser does (WHATWG URL): the one "is this local" rule.
    Remembered: the sanitizer asks about each link of a body twice, and links recur."""
    text = _TAB_OR_NEWLINE.sub("", url.strip(_C0_OR_SPACE))
    text = _PELICAN_PLACEHOLDER.sub("", text)  # Pelican's {static}/images/x.jpg
    if not text:
        return Address("empty", "")
    if text.startswith("#"):
        return Address("fragment", text)
    if text.replace("\\", "/").startswith("//"):
        return Address("remote", text)
    scheme = _SCHEME.match(text)
    if scheme:
        name = scheme.group(1).lower()
        return Address("remote" if name in ("http", "https") else "scheme", text if name in ("http", "https") else name)
    return Address("local", unquote(re.split(r"[?#]", text, maxsplit=1)[0]))


def is_local(url: str) -> bool:
    """A path into this site (`images/x.jpg`, `/en/jobs/`, `../x.png`), not an address elsewhere."""
    return classify(url).kind == "local"


class Refused(ValueError):
    """A reference that cannot be published; the message says why and what to do."""


@dataclass(frozen=True)
class Approved:
    """A file that passed the gate: `rel` is its content-relative path as the author named it."""

    rel: str
    real: Path
    kind: str


class ContentFiles:
    """The gate, with what it has already decided (one build, one instance)."""

    def __init__(self, content: Path):
        self.content = Path(os.path.abspath(content))
        self.root = self.content.resolve()
        self._decided: dict[tuple[str, str | None], Approved | Refused | None] = {}
        self._folders: dict[str, list[str]] = {}

    # ------------------------------------------------------------------ checking
    def check(self, ref: str, folder: Path | None = None) -> Approved:
        """The approved file `ref` names (relative to content/, else to `folder`); raises Refused."""
        found = self.find(ref, folder)
        if found is None:
            path = self.where(ref, folder)
            suggestion = self.suggest(path)
            if suggestion is not None and suggestion[1]:
                name, how = suggestion
                raise Refused(f"does not exist; did you mean '{name}'? The file's name {how}: write the path exactly as the file is named")
            close = f" (did you mean '{suggestion[0]}'?)" if suggestion is not None else ""
            raise Refused(f"does not exist; put the file in content/{path} or correct the path{close}")
        return found

    def where(self, ref: str, folder: Path | None = None) -> str:
        """The content-relative path a missing file `ref` would have: from content/, else from
        the file's folder when only that stays inside (`../images/x.jpg` written in articles/)."""
        path = classify(ref).value
        for candidate in self._candidates(path, folder):
            return os.path.relpath(candidate, self.content).replace(os.sep, "/")
        return path.lstrip("/")

    def _candidates(self, path: str, folder: Path | None) -> Iterator[str]:
        """Where `path` may be, in order: from content/, then from the naming file's folder (not
        for `/…`), each kept only when it stays inside content/ — outside whether or not
        something is there: what exists outside depends on the machine (the same path named
        /etc/passwd in one checkout, nothing in another)."""
        starts = [self.content] if path.startswith("/") or folder is None else [self.content, folder]
        for start in starts:
            candidate = os.path.normpath(os.path.join(start, path.lstrip("/")))
            if _inside(candidate, str(self.content)):
                yield candidate

    def _listing(self, folder: str) -> list[str]:
        if folder not in self._folders:
            try:
                self._folders[folder] = sorted(os.listdir(folder))
            except OSError:
                self._folders[folder] = []
        return self._folders[folder]

    def suggest(self, path: str) -> tuple[str, str] | None:
        """A file that exists and was probably meant: (its path, how the names differ), where
        `how` is empty for a mere look-alike (`buss.jpg` for `bus.jpg`).

        Web servers tell `Photo.JPG` from `photo.jpg` (and a Mac or Windows preview does not), and
        `.jpeg` is not `.jpg`: those get a "did you mean" that names the file as it is.
        """
        parts = [part for part in path.split("/") if part not in ("", ".")]
        if not parts or ".." in parts:
            return None
        folder = str(self.content)
        for index, part in enumerate(parts):
            names = self._listing(folder)
            last = index == len(parts) - 1
            if part in names and (last or os.path.isdir(os.path.join(folder, part))):
                exact = part
            else:
                same = [name for name in names if name.lower() == part.lower()]
                exact = same[0] if same else None
            if exact is None and last:
                return _look_alike(parts[:-1], part, names)
            if exact is None:
                return None
            parts[index] = exact
            folder = os.path.join(folder, exact)
        return ("/".join(parts), "differs only in capital and small letters, which the web server treats as different")

    def find(self, ref: str, folder: Path | None = None) -> Approved | None:
        """Like `check`, but None when no such file exists (a Markdown link may name a page)."""
        key = (ref, str(folder) if folder else None)
        if key not in self._decided:
            try:
                self._decided[key] = self._decide(ref, folder)
            except Refused as refused:
                self._decided[key] = refused
        decided = self._decided[key]
        if isinstance(decided, Refused):
            raise decided
        return decided

    def _decide(self, ref: str, folder: Path | None) -> Approved | None:
        address = classify(ref)
        if address.kind == "remote":
            raise Refused("is on another website; download the file into content/images/ and write its path, e.g. images/photo.jpg")
        if address.kind == "scheme":
            if len(address.value) == 1:
                raise Refused("is a path on your own computer; copy the file into content/images/ and write its path, e.g. images/photo.jpg")
            raise Refused(f"uses a '{address.value}:' address, which is not a file of the site; put the file in content/images/ and write its path")
        if address.kind != "local":
            raise Refused("is empty; write the path of a file in content/, e.g. images/photo.jpg")
        path = address.value
        if "\\" in path:
            raise Refused(f"is written with backslashes; write it with forward slashes: {path.replace(chr(92), '/')}")
        if re.search(r"[\x00-\x1f\x7f]", path):
            raise Refused("contains a control character; write the path again by hand")
        inside = False
        for candidate in self._candidates(path, folder):
            inside = True
            if os.path.lexists(candidate):
                self._exact_case(candidate)
                return self._approve(Path(candidate))
        if not inside:
            raise Refused("points outside the content folder; put the file in content/images/ and write its path from there")
        # Missing, but inside content/ read from one of the starts (`../images/x.jpg` in
        # articles/): "outside" would send the person looking for the wrong mistake.
        return None

    def _exact_case(self, candidate: str) -> None:
        """On a file system that ignores case (macOS, Windows) `Photo.JPG` opens `photo.jpg`; the
        web server would not find it, so the preview refuses it as the published build would."""
        rel = os.path.relpath(candidate, self.content)
        folder = str(self.content)
        for part in rel.split(os.sep):
            names = self._listing(folder)
            if part not in names and part not in (".", ".."):
                suggestion = self.suggest(rel.replace(os.sep, "/"))
                named = f"'{suggestion[0]}'" if suggestion else "the file's own name"
                raise Refused(f"is written {rel!r} but the file is named {named}; write the path exactly as the file is named")
            folder = os.path.join(folder, part)

    def _approve(self, lexical: Path) -> Approved:
        return self._examine(lexical)[0]

    def _examine(self, lexical: Path) -> tuple[Approved, bytes]:
        """The approved file and the bytes the site publishes of it; raises Refused."""
        try:
            real = lexical.resolve(strict=True)
        except (OSError, RuntimeError):
            raise Refused("is a link that leads nowhere (or in a circle); put the file itself in content/images/") from None
        if not _inside(str(real), str(self.root)):
            raise Refused("is a link to a file outside the content folder; copy the file into content/images/ instead of linking to it")
        if real.is_dir():
            raise Refused("is a folder, not a file; write the path of the file inside it")
        if not real.is_file():
            raise Refused("is not a regular file; put an image file there")
        rel = lexical.relative_to(self.content).as_posix()
        with real.open("rb") as handle:
            head = handle.read(64)
            _kind(rel, head, os.fstat(handle.fileno()).st_size)  # its name, its size, its first bytes
            data = head + handle.read(MAX_BYTES + 1 - len(head))
        kind = _kind(rel, data[:64], len(data))  # the bytes read decide (the file may be changing)
        return Approved(rel=rel, real=real, kind=kind), _publishable(data, kind)

    # ------------------------------------------------------------------ publishing
    def published(self, rel: str) -> bytes:
        """The bytes the site publishes of the file `rel`: read once and checked again (it may
        have changed since the build began), then cut at the image's end or saved again
        (`formats.publishable`), or cleaned (SVG). The one way content's image bytes leave
        content/: the published copy, a press PDF and the preview all take them from here."""
        lexical = os.path.normpath(self.content / rel)
        if not _inside(lexical, str(self.content)):  # `../` or an absolute path (the preview's addresses)
            raise Refused("points outside the content folder; put the file in content/images/ and write its path from there")
        return self._examine(Path(lexical))[1]

    def publish(self, rel: str, out: Path) -> None:
        """Write `published(rel)` to `out` as a new file."""
        data = self.published(rel)
        out.parent.mkdir(parents=True, exist_ok=True)
        temporary = out.with_name(f".{out.name}.tmp")
        write_file(temporary, data)  # a full disk names the file
        os.replace(temporary, out)


def _look_alike(folders: list[str], name: str, names: list[str]) -> tuple[str, str] | None:
    """In the right folder, the same picture under another ending (`.jpeg` for `.jpg`), else
    the closest name (a typo)."""
    stem, suffix = os.path.splitext(name)
    kind = formats.KIND_OF_SUFFIX.get(suffix.lower())
    for other in names:
        other_stem, other_suffix = os.path.splitext(other)
        if other_stem.lower() == stem.lower() and kind is not None and formats.KIND_OF_SUFFIX.get(other_suffix.lower()) == kind:
            return ("/".join([*folders, other]), f"ends in {other_suffix}, not {suffix}")
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.8)
    return ("/".join([*folders, close[0]]), "") if close else None


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _kind(rel: str, head: bytes, size: int) -> str:
    """The file's kind from its bytes, which must agree with its name."""
    suffix = os.path.splitext(rel)[1].lower()
    announced = formats.KIND_OF_SUFFIX.get(suffix)
    if announced is None:
        shown = f"a '{suffix}' file" if suffix else "a file without an ending like .jpg"
        raise Refused(f"is {shown}; only {formats.ALLOWED_TEXT} can be published from content/ — convert it, or link to the page it belongs to")
    if size > MAX_BYTES:
        raise Refused(f"is {size // 1_000_000} MB; images may be at most {MAX_BYTES // 1_000_000} MB — save it smaller (2000 pixels wide is plenty)")
    actual = formats.sniff(head)
    name = formats.KINDS[announced][0]
    if announced == "svg":
        if actual is not None:
            raise Refused(f"is named .svg but is a {formats.KINDS[actual][0]} image; rename it to {formats.KINDS[actual][1][0]}")
        if b"<svg" not in head.lower() and not head.lstrip().startswith(b"<?xml"):
            raise Refused(f"is named .svg but is {formats.describe(head)}; only {formats.ALLOWED_TEXT} can be published")
        return "svg"
    if actual is None:
        raise Refused(f"is named {suffix} but is {formats.describe(head)}, not a {name} image; only {formats.ALLOWED_TEXT} can be published")
    if actual != announced:
        right = formats.KINDS[actual][1][0]
        raise Refused(f"is named {suffix} but is a {formats.KINDS[actual][0]} image; rename it to end in {right}")
    return actual


def _publishable(data: bytes, kind: str) -> bytes:
    """An SVG cleaned; a raster image read by Pillow, then cut at its end or saved again."""
    if kind == "svg":
        return _clean_svg(data)
    _decodes(data, kind)
    try:
        return formats.publishable(data, kind)
    except formats.TooLarge as exc:
        raise _too_large(exc) from None
    except formats.NotResaved as exc:
        raise _damaged(kind, exc) from None


def _decodes(data: bytes, kind: str) -> None:
    """Pillow must read the image's header and structure: a file that only starts like an image is refused."""
    import io

    from PIL import Image, UnidentifiedImageError

    formats.require_whole_images()
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except Image.DecompressionBombError:  # a few kB can claim billions of pixels
        raise _too_large(f"has more than {(Image.MAX_IMAGE_PIXELS or 0) // 1_000_000} megapixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _damaged(kind, exc) from None


def _too_large(reason: object) -> Refused:
    return Refused(f"{reason}, too many to read safely; save it smaller (2000 pixels wide is plenty)")


def _damaged(kind: str, reason: Exception) -> Refused:
    name = formats.KINDS[kind][0]
    return Refused(f"starts like a {name} image but is damaged or is not one ({reason}); open it in an image editor and save it again")


def _clean_svg(data: bytes) -> bytes:
    try:
        return svg.clean(data)
    except svg.SvgRefused as exc:
        raise Refused(f"cannot be published: {exc}") from None
