"""Wire-up: compute image info before rendering; copy originals and variants after writing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import jinja2
from homeward import signals
from homeward.site import Site

from .references import referenced_images
from .variants import ImageInfo, VariantCache

_STATE: dict[str, Any] = {}


def _prepare(env: jinja2.Environment, site: Site, **_: Any) -> None:
    content = Path(site.settings["PATH"])
    cache_dir = site.settings.get("HOMEWARD_CACHE_PATH")
    cache = VariantCache(content, Path(cache_dir) / "images" if cache_dir else None)
    infos = {rel: cache.info(rel) for rel in sorted(referenced_images(site))}
    cache.save()
    _STATE.update(infos=infos, cache=cache)

    def image_info(src: str) -> ImageInfo:
        rel = src.lstrip("/")
        info = infos.get(rel) or ImageInfo(src="/" + rel)
        url = env.globals["url"]
        return ImageInfo(
            src=info.src,
            width=info.width,
            height=info.height,
            variants=[(w, url(p)) for w, p in info.variants],
        )

    env.globals["image_info"] = image_info


def _copy(target: Path, site: Site, **_: Any) -> None:
    content = Path(site.settings["PATH"])
    cache: VariantCache = _STATE["cache"]
    for rel, info in _STATE["infos"].items():
        if not (content / rel).is_file():
            continue
        # Written through the gate, never linked: output shares no inode with content/.
        site.files.publish(rel, target / rel)
        for _width, site_path in info.variants:
            name = Path(site_path).name
            _link_or_copy(cache.folder / "variants" / name, target / site_path.lstrip("/"))  # type: ignore[operator]


def _link_or_copy(source: Path, out: Path) -> None:
    """Variants come from the build's own cache, which no person edits: a hard link is safe."""
    if out.exists():
        return
    try:
        os.link(source, out)
    except OSError:
        shutil.copyfile(source, out)


def register() -> None:
    # environment_ready: know every referenced image's size and variants before rendering.
    signals.environment_ready.connect(_prepare)
    # output_written: copy only referenced images (drafts' images never reach the output).
    signals.output_written.connect(_copy)
