"""Images in Markdown bodies get what front-matter images get (the `picture` macro).

`![Fish farm at Havnøy](images/photos/havnoy-fish-farm.jpg)` leaves the sanitizer as
`<img src="/images/photos/havnoy-fish-farm.jpg" alt="Fish farm at Havnøy">`: the full-size
original, no size (the text jumps when it arrives), fetched at once however far down the page.
For the web page (signals.page_body; feeds and press PDFs keep the sanitized body) each such
image becomes

    <picture><source type="image/webp" srcset="… 480w, …" sizes="…"><img src="…-1440w-….jpg"
      alt="Fish farm at Havnøy" srcset="… 480w, …" sizes="…" width="1600" height="1000"
      loading="lazy" decoding="async"></picture>

with the variants the images plugin made for it (the same cache and widths as front-matter
images), `sizes` of the article column, the width and height of the image as shown (upright:
EXIF orientation applied), and as `src` — which only a browser without `srcset` loads — the
largest file in the image's own format at most 1440 px wide (a 42rem column on a 2× screen):
a variant, or the original when it is no wider than that (then no variant would be sharper
for its size). A phone photo of 4000 px is never `src`. Everything the sanitizer let through stays as it was
(alt text to the byte, title, lang, dir, a width/height the writer set); what is added is made
here from the variant records — paths, numbers and fixed words — never from the text. nh3
writes every attribute as name="value" with `"` escaped, which the patterns below rely on.

Lazy loading: every body image but one that opens the body of an entry without a front-matter
image (it is then the first thing of the page's first screen after the title, likely the
largest: fetched at once, with priority, as the page template does for a front-matter image).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from .variants import ImageInfo

# The text column: .prose is 42rem wide (site.css --measure) from a 44rem viewport, the screen
# less 1rem of padding each side below that.
BODY_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
# `src` for browsers without srcset: the largest variant up to a 42rem column at 2× (1344 px).
FALLBACK_WIDTH = 1440

_IMG = re.compile(r'<img((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)\s*/?>')
_ATTRIBUTE = re.compile(r'([^\s"\'>/=]+)(?:="([^"]*)")?')
# What may come before an image that opens the body: opening tags only, no text.
_OPENING = re.compile(r"\s*(?:<(?:p|a|figure|div)(?:\s[^>]*)?>\s*)*")
# Attributes this module writes itself (srcset and sizes are refused in content anyway).
_OURS = {"src", "srcset", "sizes", "loading", "decoding", "fetchpriority"}


class BodyImages:
    """`rewrite(html, entry)`: the body with every image from content/ as a sized <picture>."""

    def __init__(self, infos: dict[str, ImageInfo], base: str):
        self.infos = infos
        self.base = base
        # The image each `src` names (quote is one-to-one: one image per address).
        self.by_src = {f"{base}/{quote(rel)}": rel for rel in infos}
        # The same tag in many bodies (one photo, written the same way) makes the same markup:
        # once per build. (tag as written, eager) → (the image it shows or None, its markup)
        self.made: dict[tuple[str, bool], tuple[str | None, str]] = {}
        self._known_facts: dict[str, tuple] = {}

    def cache_key(self, entry: Any) -> tuple:
        """Everything `rewrite` reads besides the body's HTML: the base path, whether the body may
        open with an eager image, and each image of the entry with its facts (the rewritten body
        is kept with the file's parse under this key: build.page_bodies)."""
        lead = not getattr(entry.meta, "image", None)
        return (self.base, lead, tuple((rel, self._facts(rel)) for rel in entry.files if rel in self.infos))

    def _facts(self, rel: str) -> tuple:
        facts = self._known_facts.get(rel)
        if facts is None:
            info = self.infos[rel]
            variants = tuple(tuple(v) for v in info.variants)
            sources = tuple((mime, tuple(tuple(v) for v in found)) for mime, found in info.sources)
            facts = self._known_facts[rel] = (info.src, info.width, info.height, variants, sources)
        return facts

    def __call__(self, html: str, entry: Any) -> str:
        """The rewrite itself, as signals.page_body takes it (with `cache_key` beside it)."""
        return self.rewrite(html, entry)

    def rewrite(self, html: str, entry: Any) -> str:
        if "<img" not in html:
            return html
        files = [rel for rel in entry.files if rel in self.infos]  # what this body may show
        if not files:
            return html
        lead = not getattr(entry.meta, "image", None)

        def replace(match: re.Match[str]) -> str:
            eager = lead and _OPENING.fullmatch(html, 0, match.start()) is not None
            tag = match.group()
            known = self.made.get((tag, eager))
            if known is None:
                known = self.made[(tag, eager)] = self._made(match, eager)
            rel, made = known
            return made if rel is not None and rel in files else tag

        return _IMG.sub(replace, html)

    def _made(self, match: re.Match[str], eager: bool) -> tuple[str | None, str]:
        """The image an <img> tag shows and its <picture> (None and the tag: not one of ours)."""
        attributes = [(name, value) for name, value in _ATTRIBUTE.findall(match.group(1))]
        src = next((value for name, value in attributes if name == "src"), None)
        rel = self.by_src.get(src or "")
        if rel is None:
            return None, match.group()
        kept = [(n, v) for n, v in attributes if n not in _OURS]
        return rel, self.picture(self.infos[rel], kept, eager)

    def url(self, site_path: str) -> str:
        return self.base + quote(site_path)

    def picture(self, info: ImageInfo, kept: list[tuple[str, str]], eager: bool) -> str:
        names = {name for name, _value in kept}
        own = [(w, self.url(p)) for w, p in info.variants]
        fallback = max((c for c in own if c[0] <= FALLBACK_WIDTH), default=None)
        src = fallback[1] if fallback else self.url(info.src)
        sizes = BODY_SIZES
        written = dict(kept).get("width", "")
        if written.isdigit():
            sizes = f"(min-width: 44rem) min({written}px, 42rem), min({written}px, calc(100vw - 2rem))"
        parts = [f'src="{src}"', *(f'{name}="{value}"' for name, value in kept)]
        offered = bool(own) and [c[1] for c in own] != [self.url(info.src)]  # more than the original alone
        if offered:
            parts.append(f'srcset="{_srcset(own)}" sizes="{sizes}"')
        if info.width and info.height and not names & {"width", "height"}:
            parts.append(f'width="{info.width}" height="{info.height}"')
        elif info.width and info.height and "height" not in names and written.isdigit():
            parts.append(f'height="{max(1, round(int(written) * info.height / info.width))}"')
        parts.append('fetchpriority="high" decoding="async"' if eager else 'loading="lazy" decoding="async"')
        sources = "".join(
            f'<source type="{mime}" srcset="{_srcset([(w, self.url(p)) for w, p in variants])}" sizes="{sizes}">'
            for mime, variants in info.sources
            if variants and offered
        )
        return f"<picture>{sources}<img {' '.join(parts)}></picture>"


def _srcset(candidates: list[tuple[int, str]]) -> str:
    return ", ".join(f"{path} {width}w" for width, path in candidates)
