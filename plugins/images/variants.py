"""Resized copies of an image, cached by the source's size and mtime so rebuilds are free."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

WIDTHS = (480, 960, 1600)
RASTER = {".jpg", ".jpeg", ".png", ".webp"}


@dataclass
class ImageInfo:
    src: str  # site path, e.g. /images/harbour.jpg
    width: int | None = None
    height: int | None = None
    variants: list[tuple[int, str]] = field(default_factory=list)  # (width, site path)

    @property
    def srcset(self) -> str:
        if not self.variants:
            return ""
        return ", ".join(f"{path} {width}w" for width, path in self.variants)


class VariantCache:
    def __init__(self, content: Path, folder: Path | None):
        self.content = content
        self.folder = folder
        self.index_path = folder / "images.json" if folder else None
        self.index: dict[str, dict] = {}
        if self.index_path and self.index_path.exists():
            try:
                self.index = json.loads(self.index_path.read_text())
            except ValueError:
                self.index = {}
        self.dirty = False

    def info(self, rel: str) -> ImageInfo:
        source = self.content / rel
        site_path = "/" + rel
        if source.suffix.lower() not in RASTER or not source.is_file():
            return ImageInfo(src=site_path)
        stat = source.stat()
        key = f"{rel}:{stat.st_size}:{stat.st_mtime_ns}"
        record = self.index.get(rel)
        if not record or record.get("key") != key or not self._files_exist(record):
            record = self._make(rel, source, key)
            self.index[rel] = record
            self.dirty = True
        variants = [(w, f"/{Path(rel).parent.as_posix()}/{name}".replace("/./", "/")) for w, name in record["variants"]]
        return ImageInfo(src=site_path, width=record["width"], height=record["height"], variants=variants)

    def _files_exist(self, record: dict) -> bool:
        return self.folder is not None and all((self.folder / "variants" / name).exists() for _w, name in record["variants"])

    def _make(self, rel: str, source: Path, key: str) -> dict:
        with Image.open(source) as image:
            width, height = image.size
            variants = []
            if self.folder is not None:
                out_dir = self.folder / "variants"
                out_dir.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha1(key.encode()).hexdigest()[:8]
                for target in WIDTHS:
                    if target >= width:
                        continue
                    name = f"{source.stem}-{target}w-{digest}{source.suffix.lower()}"
                    resized = image.resize((target, round(height * target / width)), Image.Resampling.LANCZOS)
                    if resized.mode not in ("RGB", "L") and source.suffix.lower() in (".jpg", ".jpeg"):
                        resized = resized.convert("RGB")
                    # A new file, renamed into place: the old one may be hard-linked into a live output.
                    temporary = out_dir / f".{name}.tmp"
                    resized.save(temporary, format=image.format, quality=80, optimize=True)
                    temporary.replace(out_dir / name)
                    variants.append((target, name))
        return {"key": key, "width": width, "height": height, "variants": variants}

    def save(self) -> None:
        if self.index_path and self.dirty:
            self.index_path.parent.mkdir(parents=True, exist_ok=True)
            self.index_path.write_text(json.dumps(self.index, sort_keys=True, indent=0))
