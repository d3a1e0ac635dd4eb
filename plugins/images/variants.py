"""Resized copies of an image, in its own format and in WebP, cached by content hash.

A phone on a 3× screen, a laptop and a 2560 px monitor each pick the file that fits from
`srcset`; browsers that read WebP (all current ones) take the smaller WebP file from
`<picture>`. Variant names carry a hash of the source's bytes, so the same content gives the
same file names and bytes on any machine, and a rebuild with an unchanged image is free.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from homeward.trust.formats import require_whole_images
from PIL import Image, ImageOps

# Full-width images (the hero) need 1920 px and more on wide screens; cards need 480–960.
WIDTHS = (480, 960, 1440, 1920, 2560)
# Variants may be shared by builds of different checkouts or sites (they are named by content):
# HOMEWARD_IMAGE_CACHE names a folder for them, else they live in the build cache.
SHARED_STORE = "HOMEWARD_IMAGE_CACHE"
RASTER = {".jpg", ".jpeg", ".png", ".webp"}
# Images published as they are (an animated GIF would lose its frames, an AVIF is small
# already): only their width and height are read, for <img width height>.
SIZED_ONLY = {".gif", ".avif"}
SNIFFED = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
# Extra formats written beside the source's own format; Pillow also writes "avif" (slower).
FORMATS = ("webp",)
MIME = {"webp": "image/webp", "avif": "image/avif", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
SAVE_OPTIONS = {
    "webp": {"quality": 78, "method": 2},
    "avif": {"quality": 55, "speed": 6},
    ".jpg": {"quality": 80, "optimize": True, "progressive": True},
    ".jpeg": {"quality": 80, "optimize": True, "progressive": True},
    ".png": {"optimize": True},
    ".webp": {"quality": 78, "method": 2},
}
# Bump when widths, formats or options change: old variants are remade. 4: a process that had
# imported WeasyPrint before (the preview server) could record a cut-off photo as made; such
# records are not trusted (trust.formats.require_whole_images). 5: variants are turned the way
# the EXIF orientation says (and width/height recorded that way), keep the colour profile and
# no longer carry a JPEG's comment.
CACHE_VERSION = 5


@dataclass
class ImageInfo:
    src: str  # site path of the original, e.g. /images/harbour.jpg
    width: int | None = None
    height: int | None = None
    variants: list[tuple[int, str]] = field(default_factory=list)  # (width, site path) in the source's format
    sources: list[tuple[str, list[tuple[int, str]]]] = field(default_factory=list)  # (MIME type, variants) for <picture>

    @property
    def srcset(self) -> str:
        return _srcset(self.variants)

    @property
    def source_sets(self) -> list[tuple[str, str]]:
        """(type, srcset) of each extra format, best first, for `<source>` elements."""
        return [(mime, _srcset(variants)) for mime, variants in self.sources if variants]

    @property
    def files(self) -> list[str]:
        """Site paths of every variant file, to publish them."""
        return [path for _w, path in self.variants] + [path for _m, variants in self.sources for _w, path in variants]

    def box(self, max_width: int, max_height: int) -> tuple[int, int]:
        """Width and height that fit the image into a box without changing its shape (logos)."""
        if not self.width or not self.height:
            return max_width, max_height
        scale = min(max_width / self.width, max_height / self.height)
        return max(1, round(self.width * scale)), max(1, round(self.height * scale))


def _srcset(variants: list[tuple[int, str]]) -> str:
    return ", ".join(f"{path} {width}w" for width, path in variants)


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def target_widths(width: int) -> list[int]:
    """The standard widths below the image's own (an image narrower than all of them: its own)."""
    return [w for w in WIDTHS if w < width] or [width]


class UnreadableImage(Exception):
    """An image Pillow cannot open or resize (the file gate passed it: a JPEG cut off after its
    header, a decompression bomb); `message` says what to do about it."""

    def __init__(self, rel: str, message: str):
        self.rel = rel
        self.message = message
        super().__init__(f"{rel}: {message}")


def _explain(rel: str, exc: Exception) -> str:
    if isinstance(exc, (Image.DecompressionBombError, Image.DecompressionBombWarning)):
        return (
            f"image '{rel}' has too many pixels to process safely (more than {Image.MAX_IMAGE_PIXELS // 1_000_000} megapixels); "
            "resize it to at most 4000 pixels wide and save it again"
        )
    return (
        f"image '{rel}' cannot be read as a picture (the file is damaged, or is not a JPEG, PNG or WebP image "
        "whatever its name says); export it again as JPEG or PNG from an image editor and replace the file"
    )


class VariantCache:
    """Variants live in `<cache>/images/variants/<folder of the image>/`, named by content hash."""

    def __init__(self, content: Path, folder: Path | None, formats: tuple[str, ...] = FORMATS):
        self.content = content
        self.folder = folder
        self.formats = tuple(f for f in formats if f in SAVE_OPTIONS)
        self.index_path = folder / "images.json" if folder else None
        self.index: dict[str, dict] = {}
        if self.index_path and self.index_path.exists():
            try:
                self.index = json.loads(self.index_path.read_text())
            except ValueError:
                self.index = {}
        self.dirty = False

    @property
    def variants_dir(self) -> Path | None:
        shared = os.environ.get(SHARED_STORE)
        if shared:
            return Path(shared) / "variants"
        return self.folder / "variants" if self.folder else None

    def infos(self, rels: list[str]) -> dict[str, ImageInfo]:
        """ImageInfo for each image; missing variants are made on every core at once."""
        todo = [rel for rel in rels if self._stale(rel)]
        if todo:
            workers = min(len(todo), os.cpu_count() or 1)
            with ThreadPoolExecutor(workers) as pool:  # Pillow releases the GIL while it resizes and encodes
                for rel, record in zip(todo, pool.map(self._make_checked, todo), strict=True):
                    self.index[rel] = record
            self.dirty = True
        return {rel: self.info(rel) for rel in rels}

    def info(self, rel: str) -> ImageInfo:
        site_path = "/" + rel
        record = self.index.get(rel)
        if record is None or record.get("version") != CACHE_VERSION or "width" not in record:
            return ImageInfo(src=site_path)
        parent = Path(rel).parent.as_posix()
        prefix = "/" if parent == "." else f"/{parent}/"
        variants = [(w, prefix + name) for w, name in record["variants"].get("", [])]
        width = record["width"]
        if Path(rel).suffix.lower() not in RASTER:
            return ImageInfo(src=site_path, width=width, height=record["height"])
        if width <= WIDTHS[-1] and width not in {w for w, _p in variants}:
            variants.append((width, site_path))  # the original itself is the largest candidate
        sources = [(MIME[fmt], [(w, prefix + name) for w, name in record["variants"].get(fmt, [])]) for fmt in self.formats]
        return ImageInfo(src=site_path, width=width, height=record["height"], variants=variants, sources=sources)

    def _stale(self, rel: str) -> bool:
        source = self.content / rel
        if source.suffix.lower() not in RASTER | SIZED_ONLY or not source.is_file():
            return False
        stat = source.stat()
        record = self.index.get(rel)
        if not record or record.get("version") != CACHE_VERSION or record.get("formats") != list(self.formats):
            return True
        if record.get("stat") != [stat.st_size, stat.st_mtime_ns]:
            # Touched (a fresh checkout): the bytes decide, not the time.
            if record.get("hash") != content_hash(source):
                return True
            record["stat"] = [stat.st_size, stat.st_mtime_ns]
            self.dirty = True
        return not self._files_exist(rel, record)

    def _files_exist(self, rel: str, record: dict) -> bool:
        out = self.variants_dir
        if out is None:
            return True
        parent = out / Path(rel).parent
        return all((parent / name).exists() for names in record["variants"].values() for _w, name in names)

    def _make_checked(self, rel: str) -> dict:
        """`_make`, with Pillow's failures on a broken or hostile file as UnreadableImage."""
        source = self.content / rel
        try:
            require_whole_images()
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                return self._make(rel)
        except OSError as exc:
            if exc.filename is not None and exc.filename != str(source):
                raise  # writing a variant into the cache: a file-system problem, not the image's
            from homeward.filesystem import explain_os_error

            reason = None if isinstance(exc, Image.UnidentifiedImageError) else explain_os_error(exc, source, reading=True)
            raise UnreadableImage(rel, f"image '{rel}' cannot be opened: {reason}" if reason else _explain(rel, exc)) from None
        except (ValueError, SyntaxError, EOFError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise UnreadableImage(rel, _explain(rel, exc)) from None

    def _make(self, rel: str) -> dict:
        source = self.content / rel
        stat = source.stat()
        digest = content_hash(source)
        suffix = source.suffix.lower()
        out_dir = self.variants_dir / Path(rel).parent if self.variants_dir else None
        # Made before, by this build or another one sharing the variants: read, not redone.
        note = out_dir / f".{source.stem}-{digest[:10]}.json" if out_dir else None
        if note is not None and note.exists():
            try:
                made = json.loads(note.read_text())
            except ValueError:
                made = {}
            if made.get("version") == CACHE_VERSION and made.get("formats") == list(self.formats):
                made["stat"] = [stat.st_size, stat.st_mtime_ns]
                if self._files_exist(rel, made):
                    return made
        if suffix in SIZED_ONLY:
            return _size_only(source, digest, stat, list(self.formats))
        with Image.open(source) as image:
            image.load()
            # A phone stores a photo taken upright as a sideways picture with an EXIF orientation,
            # which browsers apply to the original: the variants are turned the same way, and the
            # width and height written into <img> (which reserve its space) are the ones shown.
            try:
                ImageOps.exif_transpose(image, in_place=True)
            except Exception:  # noqa: BLE001, S110 - an EXIF Pillow cannot read turns nothing (trust.formats._orientation)
                pass
            # Nothing of the file but the pixels, their colour profile and transparency: Pillow
            # would carry a JPEG's comment (and a PNG's profile only) into every variant.
            image.info = {key: image.info[key] for key in ("icc_profile", "transparency") if key in image.info}
            width, height = image.size
            record = {
                "version": CACHE_VERSION,
                "hash": digest,
                "stat": [stat.st_size, stat.st_mtime_ns],
                "formats": list(self.formats),
                "width": width,
                "height": height,
                "variants": {},
            }
            if out_dir is None:
                return record
            out_dir.mkdir(parents=True, exist_ok=True)
            # The format the bytes are in (the gate sniffs them), whatever the name says.
            suffix = SNIFFED.get(image.format or "", suffix)
            if suffix == ".jpg" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            resized = image
            # Largest first, each from the one before: a fraction of the work of resizing the original every time.
            for target in sorted(target_widths(width), reverse=True):
                if target != resized.width:
                    size = (target, max(1, round(height * target / width)))
                    resized = resized.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
                for fmt in ("", *self.formats):
                    if fmt == "" and target == width:
                        continue  # the original file is published as it is
                    ext = suffix if fmt == "" else f".{fmt}"
                    name = f"{source.stem}-{target}w-{digest[:10]}{ext}"
                    _save(resized, out_dir / name, fmt or suffix)
                    record["variants"].setdefault(fmt, []).insert(0, (target, name))
        _write(note, json.dumps(record, sort_keys=True))  # type: ignore[arg-type]
        return record

    def save(self) -> None:
        if self.index_path and self.dirty:
            self.index_path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.index_path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(self.index, sort_keys=True, indent=0))
            os.replace(temporary, self.index_path)


def _size_only(source: Path, digest: str, stat: os.stat_result, formats: list[str]) -> dict:
    """The record of an image published as it is: its size as shown (the header is read, not
    the pixels), no variants."""
    with Image.open(source) as image:
        width, height = image.size
        try:
            turned = image.getexif().get(0x0112) in (5, 6, 7, 8)
        except Exception:  # noqa: BLE001 - an EXIF Pillow cannot read turns nothing (trust.formats._orientation)
            turned = False
    if turned:
        width, height = height, width
    return {"version": CACHE_VERSION, "hash": digest, "stat": [stat.st_size, stat.st_mtime_ns], "formats": formats, "width": width, "height": height, "variants": {}}


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


def _save(image: Image.Image, path: Path, fmt: str) -> None:
    """Write through a temporary name: two builds sharing a cache never see half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    kind = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", "webp": "WEBP", "avif": "AVIF"}[fmt]
    image.save(temporary, kind, icc_profile=_profile(image, kind), **SAVE_OPTIONS[fmt])
    os.replace(temporary, path)


def _profile(image: Image.Image, kind: str) -> bytes | None:
    """The source's colour profile, carried over into a variant when it describes the pixels
    the variant holds (an RGB profile for colour, a grey one for a JPEG or PNG kept grey).

    Carried over rather than applied (converted to sRGB): in one `srcset` the browser shows
    the original on a wide screen and a variant on a phone, and both must show the same colours
    — a phone's Display P3 photo converted to sRGB loses the reds and greens sRGB cannot hold,
    while the original keeps them; and copying a profile (about 0.5–3 kB) costs no colour
    transform of every full-size photo. A CMYK photo's profile cannot describe the RGB pixels
    its variants are converted to, and is left out, as before."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode == "CMYK":
        return None
    grey = image.mode in ("L", "LA") and kind in ("JPEG", "PNG")  # WebP and AVIF are saved in colour
    return profile if profile[16:20] == (b"GRAY" if grey else b"RGB ") else None
