"""Which image a file's bytes are (never its name), and where the image inside them ends.

A file named `.jpg` may be an HTML page, an SVG with a script or a ZIP; a real photo may
carry a page or a video appended after its last byte (how "polyglot" files are made, and
how phones store motion photos). Only the bytes decide what a file is, and only the image
itself is published: cut at its end marker when the walk through its structure finds that end
with certainty, else saved again by Pillow from its pixels (`publishable`), so that no byte the
walk could not account for reaches the site.
"""

from __future__ import annotations

import hashlib
import io
import struct
import threading
import zlib
from collections.abc import Iterator
from typing import Any

# Kind → (name in messages, file name endings that announce it).
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "jpeg": ("JPEG", (".jpg", ".jpeg", ".jpe")),
    "png": ("PNG", (".png",)),
    "webp": ("WebP", (".webp",)),
    "avif": ("AVIF", (".avif",)),
    "gif": ("GIF", (".gif",)),
    "svg": ("SVG", (".svg",)),
}
KIND_OF_SUFFIX = {suffix: kind for kind, (_name, suffixes) in KINDS.items() for suffix in suffixes}
ALLOWED_TEXT = "JPEG, PNG, WebP, AVIF or GIF images, or SVG drawings without scripts"


def sniff(head: bytes) -> str | None:
    """The raster kind of these first bytes (at least 32), or None when they are no image we publish."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and (head[8:12] in (b"avif", b"avis") or b"avif" in head[16 : struct.unpack(">I", head[:4])[0]]):
        return "avif"
    return None


def describe(head: bytes) -> str:
    """What a refused file looks like it is, for the error message."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return "an HTML page"
    if text.startswith((b"<svg", b"<?xml")) and b"<svg" in head.lower():
        return "an SVG drawing"
    if text.startswith(b"<?xml"):
        return "an XML file"
    if head.startswith(b"%PDF"):
        return "a PDF"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive (or an Office document)"
    if head[4:8] == b"ftyp":
        return "a video or HEIC photo"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "a TIFF image"
    if head.startswith(b"---") or all(32 <= b < 127 or b in b"\t\r\n" for b in head[:64]):
        return "a text file"
    return "not an image"


def require_whole_images() -> None:
    """Pillow refuses a cut-off image only while ImageFile.LOAD_TRUNCATED_IMAGES is false, a
    process-wide flag that WeasyPrint sets on import: in the preview server (or any process that
    made a press PDF before) a damaged photo would pass the gate. Every check sets it false
    again first (not restored afterwards: checks run in threads, and the images WeasyPrint
    reads later have all passed them)."""
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False


def image_end(data: bytes, kind: str) -> int | None:
    """The length of the image at the start of `data` (its end marker included), or None when
    the structure cannot be followed to an end with certainty (a segment, chunk, block or box
    the walk does not know, a length that points past the end, no end marker). Only a certain
    end may be cut at: `publishable` re-saves the other images."""
    try:
        end = _WALKERS[kind](data)
    except (IndexError, ValueError, struct.error, KeyError):  # cut off: no end marker to find
        return None
    return end if end is not None and 0 < end <= len(data) else None


def _png_end(data: bytes) -> int | None:
    """Chunks (length, four ASCII letters, data, CRC) up to IEND, which holds no data."""
    pos = 8
    while pos + 12 <= len(data):
        length, chunk = struct.unpack(">I4s", data[pos : pos + 8])
        if not chunk.isalpha():
            return None
        pos += 12 + length
        if chunk == b"IEND":
            return pos if length == 0 else None
    return None


def _jpeg_end(data: bytes) -> int | None:
    """Segments (0xFF, marker, length) up to EOI; anything else between them is not followed."""
    for marker, _start, _body, stop in _jpeg_segments(data):
        if marker == 0xD9:  # end of image
            return stop
    return None


def _jpeg_segments(data: bytes) -> Iterator[tuple[int, int, int, int]]:
    """(marker, where it starts with its fill bytes, where its data starts, where it stops) of
    each segment after SOI, up to EOI or a byte that is not a marker; a scan (SOS) stops after
    its entropy-coded data. The pieces follow each other: together they are the image."""
    pos = 2
    while pos < len(data):
        start = pos
        if data[pos] != 0xFF:
            return
        while data[pos] == 0xFF:  # fill bytes
            pos += 1
        marker = data[pos]
        pos += 1
        if marker == 0xD9 or marker == 0x01 or 0xD0 <= marker <= 0xD8:
            yield marker, start, pos, pos
            if marker == 0xD9:
                return
            continue
        length = struct.unpack(">H", data[pos : pos + 2])[0]
        body = pos + 2
        pos += length
        if marker == 0xDA:  # start of scan: entropy-coded data runs to the next real marker
            while True:
                pos = data.index(b"\xff", pos)
                following = data[pos + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    pos += 1 if following == 0xFF else 2
                    continue
                break
        yield marker, start, body, pos


def _gif_end(data: bytes) -> int | None:
    """Blocks (extension, image) up to the trailer; any other byte between them is not followed."""
    flags = data[10]
    pos = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:  # trailer
            return pos + 1
        if block == 0x21:  # extension: label, then sub-blocks
            pos += 2
        elif block == 0x2C:  # image: descriptor, local colour table, LZW size, sub-blocks
            local = data[pos + 9]
            pos += 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0) + 1
        else:
            return None
        while data[pos]:
            pos += data[pos] + 1
        pos += 1
    return None


WEBP_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP", b"EXIF", b"XMP "}


def _webp_end(data: bytes) -> int | None:
    """The RIFF container's size, when WebP's own chunks fill it exactly: a simple file is one
    VP8/VP8L chunk, an extended one starts with VP8X. The RIFF size alone proves nothing: a
    reader skips a chunk it does not know, so bytes inside the container may be anything."""
    end = 8 + struct.unpack("<I", data[4:8])[0]
    if end & 1 or end > len(data):
        return None
    chunks = []
    pos = 12
    while pos < end:
        chunk, length = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        if chunk not in WEBP_CHUNKS:
            return None
        chunks.append(chunk)
        pos += 8 + length + (length & 1)
    if pos != end or not chunks:
        return None
    if chunks[0] != b"VP8X" and len(chunks) != 1:
        return None
    return end


IMAGE_BOXES = (b"ftyp", b"meta", b"moov", b"mdat")


def _box_end(data: bytes) -> int | None:
    """ISO base media (AVIF) has no end marker: the image is its top-level boxes, ftyp first,
    then meta, mdat (and moov for a sequence), each once. What follows is cut when it cannot be
    a box (appended text has no size that fits) or is the ftyp of another file; anything else
    that can be a box (a `free` box, a second `mdat`, a box that runs to the end of the file)
    might belong to the image: not certain."""
    pos = 0
    seen: list[bytes] = []
    while pos + 8 <= len(data):
        size, box = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:
            if pos + 16 > len(data):
                break
            size, header = struct.unpack(">Q", data[pos + 8 : pos + 16])[0], 16
        elif size == 0:  # runs to the end of the file, whatever is there
            return None
        if size < header or pos + size > len(data) or not all(0x20 < byte < 0x7F for byte in box):
            break  # not a box: the image ended before it
        if box == b"ftyp" and seen:
            break  # another file begins (a phone's motion-photo video): the image ended before it
        if box not in IMAGE_BOXES or box in seen or (box == b"ftyp") != (not seen):
            return None
        seen.append(box)
        pos += size
    return pos if b"meta" in seen else None


_WALKERS = {"png": _png_end, "jpeg": _jpeg_end, "gif": _gif_end, "webp": _webp_end, "avif": _box_end}


class NotResaved(ValueError):
    """Pillow cannot read the whole picture to save it again; the message says why."""


class TooLarge(NotResaved):
    """The picture has more pixels (in all its frames) than Pillow reads safely."""


def publishable(data: bytes, kind: str) -> bytes:
    """What is published of a raster image: cut at its end when the walk found the end with
    certainty (what was appended is left out, the image is the author's own bytes), else the
    picture saved again by Pillow (`resave`): no byte that the walk could not account for
    reaches the site. Raises NotResaved when Pillow cannot read it either."""
    end = image_end(data, kind)
    if end is not None:
        stripped = without_metadata(data[:end], kind)
        if stripped is not None:
            return stripped
    key = hashlib.sha256(kind.encode() + b"\0" + data).digest()
    with _RESAVED_LOCK:
        resaved = _RESAVED.get(key)
    if resaved is None:
        resaved = resave(data, kind)
        with _RESAVED_LOCK:  # the preview server answers requests in threads
            _RESAVED[key] = resaved
            while len(_RESAVED) > _RESAVED_KEPT:
                _RESAVED.pop(next(iter(_RESAVED)))
    return resaved


# Re-saved images by a hash of their bytes: the gate checks an image when content names it, and
# publishes it (or a press PDF reads it) later; the preview server checks it again on every
# reload. A few are kept: re-saving is for odd files, and each may be up to 20 MB.
_RESAVED: dict[bytes, bytes] = {}
_RESAVED_KEPT = 16
_RESAVED_LOCK = threading.Lock()


_PILLOW = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP", "avif": "AVIF"}
_ORIENTATION = 0x0112


def resave(data: bytes, kind: str) -> bytes:
    """The picture in `data` saved again in its own format: the same size and frames (with
    their durations and loop count), the pixels of PNG, GIF and lossless WebP exactly, JPEG
    with its own quantization tables and subsampling, lossy WebP and AVIF at quality 90 (AVIF
    with colour at full resolution). Only pixels are carried over: metadata (EXIF, XMP,
    comments, text chunks) is dropped, except the EXIF orientation (as a one-entry EXIF the
    build writes itself); a colour profile is applied (the pixels converted to sRGB) rather
    than copied. The same bytes give the same bytes: no date, no thread-dependent encoder
    setting."""
    import warnings

    from PIL import Image, ImageSequence

    require_whole_images()  # a cut-off picture must not be saved with its missing part painted grey
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[_PILLOW[kind]]) as image:
                # A JPEG's further pictures (an MPO's second view, a phone's depth map) are not
                # the photo: like bytes after its end marker, they are left out.
                frames_count = 1 if kind == "jpeg" else getattr(image, "n_frames", 1)
                limit = Image.MAX_IMAGE_PIXELS
                if limit and image.width * image.height * frames_count > limit:
                    raise TooLarge(f"has {frames_count} frames of {image.width}×{image.height} pixels, more than {limit // 1_000_000} megapixels in all")
                options = _save_options(image, kind, data)
                loop = image.info.get("loop")
                frames, durations = [], []
                for index, frame in enumerate(ImageSequence.Iterator(image)):
                    if index == frames_count:
                        break
                    frame.load()
                    durations.append(frame.info.get("duration", 0))
                    frames.append(_pixels_only(frame))
                if len(frames) > 1:
                    options.update(save_all=True, append_images=frames[1:], duration=durations)
                    if loop is not None:
                        options["loop"] = loop
                out = io.BytesIO()
                frames[0].save(out, _PILLOW[kind], **options)
    except NotResaved:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise TooLarge(f"has more than {(Image.MAX_IMAGE_PIXELS or 0) // 1_000_000} megapixels") from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError, TypeError) as exc:
        detail = f": {exc}" if isinstance(exc, OSError) and str(exc) else ""  # Pillow's own words; not a parser's IndexError
        raise NotResaved(f"the picture cannot be read to its end{detail}") from None
    result = out.getvalue()
    if sniff(result[:32]) != kind or image_end(result, kind) != len(result):
        raise NotResaved(f"saved again it is not a {KINDS[kind][0]} image whose end can be found")
    return result


def _pixels_only(frame: Any) -> Any:
    """A copy of the frame with its pixels (and palette, and which colour is transparent) and no
    metadata; a colour profile is applied to RGB pixels and left out."""
    copy = frame.copy()
    profile = frame.info.get("icc_profile")
    if profile and copy.mode in ("RGB", "RGBA"):
        from PIL import ImageCms

        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            copy = ImageCms.profileToProfile(copy, source, ImageCms.createProfile("sRGB"), outputMode=copy.mode) or copy
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a profile LittleCMS cannot read: the pixels as they are
    # sRGB is what a browser assumes of an image without a profile (LittleCMS tags its result).
    copy.info = {key: frame.info[key] for key in ("transparency",) if key in frame.info}
    return copy


def _save_options(image: Any, kind: str, data: bytes) -> dict[str, Any]:
    from PIL import Image, JpegImagePlugin

    options: dict[str, Any] = {}
    orientation = image.getexif().get(_ORIENTATION)
    if kind != "gif" and orientation in range(2, 9):
        exif = Image.Exif()
        exif[_ORIENTATION] = orientation
        options["exif"] = exif.tobytes()
    if kind == "jpeg":
        options.update(qtables=image.quantization, optimize=True, progressive=bool(image.info.get("progressive")))
        sampling = JpegImagePlugin.get_sampling(image)
        if sampling != -1:
            options["subsampling"] = sampling
    elif kind == "png":
        options["optimize"] = True
    elif kind == "webp":
        options.update({"lossless": True, "exact": True} if _webp_lossless(data) else {"quality": 90})
    elif kind == "avif":
        options.update(quality=90, subsampling="4:4:4", max_threads=1)  # colour at full resolution: no second chroma loss
    return options


def _webp_lossless(data: bytes) -> bool:
    """Whether the first picture chunk is VP8L (lossless), looking into an animation's frames."""
    pos = 12
    while pos + 8 <= len(data):
        chunk, length = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        if chunk in (b"VP8 ", b"VP8L"):
            return chunk == b"VP8L"
        pos += 8 + (16 if chunk == b"ANMF" else length + (length & 1))  # a frame's chunks follow its 16-byte header
    return False


# ---------------------------------------------------------------- metadata


def without_metadata(image: bytes, kind: str) -> bytes | None:
    """The image (cut at its end: `image_end(image, kind) == len(image)`) without what a camera,
    phone or editor wrote beside the picture — EXIF (GPS position, camera serial number, owner's
    name, a thumbnail of the uncropped photo), XMP, IPTC, comments, text chunks, dates — and
    with what changes how the picture looks: the colour profile, and the EXIF orientation, as a
    one-entry EXIF the build writes itself. Lossless: only whole segments, chunks or blocks are
    left out; the compressed pixels are the author's bytes. The same bytes give the same bytes.
    None when that cannot be done without rewriting the file's structure (an AVIF with Exif or
    XMP items): `publishable` saves that one again."""
    try:
        stripped = _STRIPPERS[kind](image)
    except (IndexError, ValueError, struct.error, KeyError):  # the walk found the end; a safety net only
        return None
    if stripped is None or (stripped is not image and image_end(stripped, kind) != len(stripped)):
        return None
    return stripped


def _orientation(image: bytes) -> int | None:
    """The orientation Pillow reads (EXIF, else XMP's tiff:Orientation), when it turns or flips
    the picture: what `ImageOps.exif_transpose` applies to the resized variants, so that the
    original and its variants show the same way up."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(image)) as opened:
            orientation = opened.getexif().get(_ORIENTATION)
    except Exception:  # noqa: BLE001 — metadata Pillow cannot read turns nothing
        return None
    return orientation if orientation in range(2, 9) else None


def _orientation_exif(orientation: int) -> bytes:
    """A one-entry EXIF ("Exif\\0\\0" and a TIFF header) holding only the orientation."""
    from PIL import Image

    exif = Image.Exif()
    exif[_ORIENTATION] = orientation
    return exif.tobytes()


# APPn segments kept, by the bytes they start with: JFIF (APP0), the ICC profile (APP2) and
# Adobe's colour transform (APP14) change how the picture looks; nothing else does.
_JPEG_KEPT_APP = {0xE0: b"JFIF\x00", 0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}


def _jpeg_strip(data: bytes) -> bytes:
    """APPn segments other than JFIF, ICC profile and Adobe (EXIF, XMP, IPTC, MPF, a JFXX
    thumbnail, …) and COM segments are left out, wherever they stand (also between scans)."""
    view = memoryview(data)  # pieces without copies: joined once
    kept, dropped, orientation_may_be_in = [view[:2]], False, False
    for marker, start, body, stop in _jpeg_segments(data):
        if marker == 0xFE or (0xE0 <= marker <= 0xEF and not data.startswith(_JPEG_KEPT_APP.get(marker, b"-"), body, stop)):
            dropped = True
            orientation_may_be_in |= marker == 0xE1  # EXIF or XMP
            continue
        kept.append(view[start:stop])
    if not dropped:
        return data
    orientation = _orientation(data) if orientation_may_be_in else None
    if orientation is not None:
        exif = _orientation_exif(orientation)
        jfif = len(kept) > 1 and bytes(kept[1][:16]).lstrip(b"\xff").startswith(b"\xe0")
        kept.insert(2 if jfif else 1, b"\xff\xe1" + struct.pack(">H", 2 + len(exif)) + exif)  # after SOI (and JFIF)
    return b"".join(kept)


# Ancillary PNG chunks kept: transparency, colour (gamma, chromaticities, sRGB, ICC profile,
# CICP and HDR levels), significant bits, pixel size, background, animation (APNG). Text
# (tEXt, zTXt, iTXt: author, software, XMP, a raw EXIF), eXIf, tIME and any private chunk
# (an editor's own, which may hold the whole layered document) are left out. Critical chunks
# (a capital first letter: IHDR, PLTE, IDAT, IEND) are the picture and are all kept.
_PNG_KEPT = {b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"cICP", b"mDCV", b"cLLI", b"mDCv", b"cLLi", b"sBIT", b"pHYs", b"bKGD", b"acTL", b"fcTL", b"fdAT"}
_PNG_ORIENTATION_TEXT = (b"Raw profile type exif\x00", b"XML:com.adobe.xmp\x00")


def _png_strip(data: bytes) -> bytes:
    view = memoryview(data)
    kept, dropped, orientation_may_be_in, first_idat = [view[:8]], False, False, None
    pos = 8
    while pos < len(data):
        length, chunk = struct.unpack(">I4s", data[pos : pos + 8])
        stop = pos + 12 + length
        if chunk[0:1].isupper() or chunk in _PNG_KEPT:
            if chunk == b"IDAT" and first_idat is None:
                first_idat = len(kept)
            kept.append(view[pos:stop])
        else:
            dropped = True
            orientation_may_be_in |= chunk == b"eXIf" or data[pos + 8 : stop].startswith(_PNG_ORIENTATION_TEXT)
        pos = stop
    if not dropped:
        return data
    orientation = _orientation(data) if orientation_may_be_in else None
    if orientation is not None and first_idat is not None:
        exif = _orientation_exif(orientation)[6:]  # eXIf holds the TIFF structure alone
        kept.insert(first_idat, struct.pack(">I4s", len(exif), b"eXIf") + exif + struct.pack(">I", zlib.crc32(b"eXIf" + exif)))
    return b"".join(kept)


def _webp_strip(data: bytes) -> bytes:
    """An extended WebP's EXIF and XMP chunks are left out and their flags in VP8X cleared (a
    simple WebP, one VP8/VP8L chunk, has no room for metadata)."""
    if data[12:16] != b"VP8X":
        return data
    kept, dropped = [], []
    pos = 12
    while pos < len(data):
        chunk, length = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        stop = pos + 8 + length + (length & 1)
        (dropped if chunk in (b"EXIF", b"XMP ") else kept).append(data[pos:stop])
        pos = stop
    if not dropped:
        return data
    orientation = _orientation(data)
    flags = data[20] & ~0x0C  # EXIF (0x08) and XMP (0x04) present
    if orientation is not None:
        exif = _orientation_exif(orientation)[6:]
        kept.append(b"EXIF" + struct.pack("<I", len(exif)) + exif + b"\x00" * (len(exif) & 1))
        flags |= 0x08
    kept[0] = kept[0][:8] + bytes([flags]) + kept[0][9:]
    body = b"WEBP" + b"".join(kept)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# GIF application extensions kept: the loop count (NETSCAPE2.0, ANIMEXTS1.0) and a colour
# profile (ICCRGBG1012). Comments and any other application's data (XMP) are left out.
_GIF_KEPT_APPLICATIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012")


def _gif_strip(data: bytes) -> bytes:
    flags = data[10]
    pos = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    kept, dropped = [data[:pos]], False
    while pos < len(data):
        start, block = pos, data[pos]
        if block == 0x3B:
            kept.append(data[pos:])
            break
        if block == 0x21:
            label = data[pos + 1]
            pos += 2
        else:
            label = None
            local = data[pos + 9]
            pos += 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0) + 1
        first_sub_block = pos
        while data[pos]:
            pos += data[pos] + 1
        pos += 1
        application = data[first_sub_block + 1 : first_sub_block + 12] if label == 0xFF else None
        if label == 0xFE or (application is not None and application not in _GIF_KEPT_APPLICATIONS):
            dropped = True
            continue
        kept.append(data[start:pos])
    return b"".join(kept) if dropped else data


# AVIF items that are metadata, not picture: EXIF, and XMP (a MIME item).
_AVIF_METADATA_ITEMS = (b"Exif", b"mime", b"uri ")


def _avif_strip(data: bytes) -> bytes | None:
    """An AVIF's metadata are items of its meta box whose bytes lie in mdat, found through item
    locations that a removal would all shift: rather than rewrite that structure, an AVIF with
    an Exif or XMP item is saved again (None); one without is published as it is."""
    for item_type in _avif_item_types(data):
        if item_type in _AVIF_METADATA_ITEMS:
            return None
    return data


def _avif_item_types(data: bytes) -> list[bytes]:
    """The item types of the top-level meta box's item information (iinf → infe, version 2 or 3)."""
    types: list[bytes] = []
    for box, body, stop in _boxes(data, 0, len(data)):
        if box != b"meta":
            continue
        for child, child_body, child_stop in _boxes(data, body + 4, stop):  # meta is a full box
            if child != b"iinf":
                continue
            first = child_body + 4 + (2 if data[child_body] == 0 else 4)  # version 0: a 16-bit count
            for entry, entry_body, _entry_stop in _boxes(data, first, child_stop):
                version = data[entry_body]
                if entry != b"infe" or version < 2:
                    types.append(b"????")  # anything else names no type: treated as metadata
                    continue
                at = entry_body + 4 + (2 if version == 2 else 4) + 2  # item id, protection index
                types.append(data[at : at + 4])
    return types


def _boxes(data: bytes, start: int, stop: int) -> list[tuple[bytes, int, int]]:
    """(type, where its body starts, where it stops) of each box from `start` to `stop`."""
    found = []
    pos = start
    while pos + 8 <= stop:
        size, box = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", data[pos + 8 : pos + 16])[0], 16
        elif size == 0:
            size = stop - pos
        if size < header or pos + size > stop:
            raise ValueError("a box runs past its container")
        found.append((box, pos + header, pos + size))
        pos += size
    return found


_STRIPPERS = {"jpeg": _jpeg_strip, "png": _png_strip, "webp": _webp_strip, "gif": _gif_strip, "avif": _avif_strip}
