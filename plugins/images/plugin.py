"""Wire-up: compute image info before rendering; copy originals and variants after writing."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from homeward import signals
from homeward.errors import BuildFailed, ContentError
from homeward.model import Focus
from homeward.model.fields import PORTRAIT_FOCUS
from homeward.render import Urls
from homeward.site import Entry, Site
from homeward.trust.files import Refused

from .body import BodyImages
from .references import referenced_images, where_referenced
from .variants import FORMATS, ImageInfo, UnreadableImage, VariantCache


def focus_class(focus: Focus | tuple[int, int] | None) -> str:
    """CSS classes for a focus point, in steps of 10 % (site.css has one rule per step; the
    Content-Security-Policy allows no inline styles)."""
    if not focus:
        return ""
    x, y = (min(100, max(0, round(value / 10) * 10)) for value in focus)
    return " ".join(f"{axis}-{value}" for axis, value in (("fx", x), ("fy", y)) if value != 50)


def _infos(site: Site) -> tuple[dict[str, ImageInfo], VariantCache]:
    """Size and variants of every referenced image, worked out once per build (made where
    missing): by the first of `page_body` and `environment_ready` to ask, before anything is
    written; an image Pillow cannot read stops the build here."""
    known = site.plugin_state.get("images")
    if known is not None:
        return known  # type: ignore[no-any-return]
    content = Path(site.settings["PATH"])
    cache_dir = site.settings.get("HOMEWARD_CACHE_PATH")
    formats = tuple(site.settings.get("IMAGE_FORMATS", FORMATS))
    cache = VariantCache(content, Path(cache_dir) / "images" if cache_dir else None, formats)
    try:
        infos = cache.infos(sorted(referenced_images(site)))
    except UnreadableImage as exc:
        path, line = where_referenced(site, exc.rel)
        raise BuildFailed([ContentError(path, line, exc.message)]) from None
    cache.save()
    site.plugin_state["images"] = (infos, cache)  # for _copy, after the pages are written
    if cache.variants_dir is not None:  # what _copy will publish of the cache, for the preview server
        for info in infos.values():
            site.cached_files.update({path.lstrip("/"): cache.variants_dir / path.lstrip("/") for path in info.files if path != info.src})
    return infos, cache


def _page_body(site: Site, **_: Any) -> Callable[[str, Entry], str]:
    infos, _cache = _infos(site)
    return BodyImages(infos, Urls.of(site.settings).base)


def _prepare(env: jinja2.Environment, site: Site, **_: Any) -> None:
    infos, _cache = _infos(site)
    url = env.globals["url"]

    def image_info(src: str) -> ImageInfo:
        rel = src.lstrip("/")
        info = infos.get(rel) or ImageInfo(src="/" + rel)
        return ImageInfo(
            src=info.src,
            width=info.width,
            height=info.height,
            variants=[(w, url(p)) for w, p in info.variants],
            sources=[(mime, [(w, url(p)) for w, p in variants]) for mime, variants in info.sources],
        )

    env.globals["image_info"] = image_info
    env.globals["focus_class"] = focus_class
    env.globals["portrait_focus"] = PORTRAIT_FOCUS


def _copy(target: Path, site: Site, **_: Any) -> None:
    content = Path(site.settings["PATH"])
    infos, cache = site.plugin_state["images"]
    for rel, info in infos.items():
        if not (content / rel).is_file():
            continue
        # Written through the gate, never linked: output shares no inode with content/.
        try:
            site.files.publish(rel, target / rel)
        except Refused as refused:  # checked when the build began; changed since
            path, line = where_referenced(site, rel)
            raise BuildFailed([ContentError(path, line, f"image '{rel}' {refused}")]) from None
        for site_path in info.files:
            if site_path == info.src:
                continue  # the original, published above
            rel_variant = site_path.lstrip("/")
            _link_or_copy(cache.variants_dir / rel_variant, target / rel_variant)  # type: ignore[operator]


def _link_or_copy(source: Path, out: Path) -> None:
    """Variants come from the build's own cache, which no person edits: a hard link is safe."""
    if out.exists():
        return
    try:
        os.link(source, out)
    except OSError:
        shutil.copyfile(source, out)


def register() -> None:
    # page_body: images in Markdown bodies get the variants and sizes front-matter images get.
    signals.page_body.connect(_page_body)
    # environment_ready: know every referenced image's size and variants before rendering.
    signals.environment_ready.connect(_prepare)
    # output_written: copy only referenced images (drafts' images never reach the output).
    signals.output_written.connect(_copy)
