"""Which image a file's bytes are (never its name), and where the image inside them ends.

A file named `.jpg` may be an HTML page, an SVG with a script or a ZIP; a real photo may
carry a page or a video appended after its last byte (how "polyglot" files are made, and
how phones store motion photos). Only the bytes decide what a file is, and only the image
itself, up to its end marker, is published.
"""

from __future__ import annotations

import struct

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


def image_end(data: bytes, kind: str) -> int:
    """The length of the image at the start of `data` (its end marker included); len(data)
    when the structure cannot be followed (then nothing is cut)."""
    try:
        end = {"png": _png_end, "jpeg": _jpeg_end, "gif": _gif_end, "webp": _webp_end, "avif": _box_end}[kind](data)
    except (IndexError, ValueError, struct.error, KeyError):  # cut off: no end marker to find
        return len(data)
    return end if end and 0 < end <= len(data) else len(data)


def _png_end(data: bytes) -> int | None:
    pos = 8
    while pos + 8 <= len(data):
        length, chunk = struct.unpack(">I4s", data[pos : pos + 8])
        pos += 12 + length
        if chunk == b"IEND":
            return pos
    return None


def _jpeg_end(data: bytes) -> int | None:
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            return None
        while data[pos] == 0xFF:  # fill bytes
            pos += 1
        marker = data[pos]
        pos += 1
        if marker == 0xD9:  # end of image
            return pos
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:
            continue
        length = struct.unpack(">H", data[pos : pos + 2])[0]
        pos += length
        if marker == 0xDA:  # start of scan: entropy-coded data runs to the next real marker
            while True:
                pos = data.index(b"\xff", pos)
                following = data[pos + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    pos += 1 if following == 0xFF else 2
                    continue
                break
    return None


def _gif_end(data: bytes) -> int | None:
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


def _webp_end(data: bytes) -> int:
    size = struct.unpack("<I", data[4:8])[0]
    return 8 + size + (size & 1)


def _box_end(data: bytes) -> int | None:
    """ISO base media (AVIF): top-level boxes, each with its size, until one does not fit."""
    pos = 0
    while pos + 8 <= len(data):
        size = struct.unpack(">I", data[pos : pos + 4])[0]
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
        elif size == 0:
            return len(data)
        if size < 8 or pos + size > len(data) or not data[pos + 4 : pos + 8].isascii():
            break
        pos += size
    return pos or None
