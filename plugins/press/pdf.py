"""Printable PDFs of releases with WeasyPrint: the same release always gives the same bytes.

WeasyPrint 70 (with pydyf 0.13) writes no date of its own and no file /ID unless asked, and
names font subsets from an md5 of the font description, so a PDF is reproducible once we:
- take CreationDate/ModDate from the release (`<meta name="dcterms.created|modified">` in
  the HTML, set by the template) — never from the clock; SOURCE_DATE_EPOCH is not read
  by WeasyPrint 70 or pydyf, so it would not help;
- set `pdf_identifier` to a hash of the HTML (pydyf adds an md5 of the PDF objects as the
  second /ID half, itself deterministic);
- use no PDF variant: the PDF/X-4 variant writes a random uuid4 into the XMP metadata.
Resources are read only from the content folder (no network: a build must not depend on
it), under a fixed address (`file:///homeward-content/`): WeasyPrint names an image in the
PDF by an md5 of its URL, so the real folder would make checkouts in two folders differ. A PDF is cached under its key (HTML, image bytes, options, WeasyPrint version), so
rebuilds do not run WeasyPrint again; the 0.5 s WeasyPrint import also happens only on a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from html import escape
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import lxml.html
from homeward.filesystem import store_folder
from homeward.render import Urls
from homeward.trust.files import ContentFiles, Refused, classify

CACHE_VERSION = "press-pdf-3"  # 2: images under CONTENT_BASE, not the absolute path; 3: images as published (ContentFiles.published)
CACHE_FOLDER = "press-pdf"
# A folder several builds or checkouts may share (PDFs are named by everything that reaches them).
SHARED_STORE = "HOMEWARD_PDF_CACHE"
PRUNE_AFTER_DAYS = 30
# Tagged (structure for screen readers), images downsampled to print resolution.
OPTIONS: dict[str, Any] = {"pdf_tags": True, "dpi": 150, "jpeg_quality": 85, "optimize_images": True}

# Where the content folder appears to WeasyPrint, wherever it is on this machine.
CONTENT_BASE = "file:///homeward-content/"


def print_body(html: str, urls: Urls) -> str:
    """Body HTML for print: images from the content folder, links as addresses on the published
    site (a PDF is read outside the site, where '/sv/press/…' leads nowhere)."""
    if not html.strip():
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter():
        for attr in ("href", "src"):
            value = element.get(attr)
            if value and value.startswith("/") and not value.startswith("//"):
                element.set(attr, value[1:] if attr == "src" else urls.public(value) or urls.absolute(value))
    return escape(root.text or "", quote=False) + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def read_files(html: str) -> list[str]:
    """The addresses of the files a PDF reads: every `src`, and `url(…)` in CSS (the logo is a
    background image), found by an HTML parser and a CSS tokenizer."""
    import tinycss2  # here: only a build that renders a PDF (or its cache key) needs it

    document = lxml.html.document_fromstring(html)
    found = [str(src) for src in document.xpath("//@src")]
    for css in [*document.xpath("//@style"), *document.xpath("//style/text()")]:
        found += _css_urls(tinycss2.parse_component_value_list(str(css)))
    return found


def _css_urls(tokens: list[Any]) -> list[str]:
    found = []
    for token in tokens:
        if token.type == "url":
            found.append(token.value)
        elif token.type == "function" and token.lower_name == "url":
            found += [arg.value for arg in token.arguments if arg.type == "string"]
        elif getattr(token, "content", None) is not None and token.type in ("() block", "[] block", "{} block"):
            found += _css_urls(token.content)
        elif token.type == "function":
            found += _css_urls(token.arguments)
    return found


def cache_key(html: str, content: Path) -> str:
    """Changes when anything that reaches the PDF changes: HTML, image files, options, WeasyPrint."""
    digest = hashlib.sha256()
    for part in (CACHE_VERSION, version("weasyprint"), version("pydyf"), json.dumps(OPTIONS, sort_keys=True), html):
        digest.update(part.encode("utf-8") + b"\0")
    for src in sorted(set(read_files(html))):
        path = _local_file(content, src)
        if path is not None and path.is_file():
            digest.update(src.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def is_local(src: str) -> bool:
    """A path in the content folder, not a web address: the one rule (homeward/trust/files.py)."""
    return classify(src).kind == "local"


def _local_file(content: Path, src: str) -> Path | None:
    if not is_local(src):
        return None
    return content / unquote(src.split("#")[0].split("?")[0]).lstrip("/")


def cache_folder(settings: dict[str, Any]) -> Path | None:
    """Where made PDFs are kept: the folder HOMEWARD_PDF_CACHE names, else the build cache's."""
    return store_folder(settings, SHARED_STORE, CACHE_FOLDER)


def make_pdf(html: str, content: Path, cache: Path | None, files: ContentFiles | None = None) -> bytes:
    """The PDF for `html` (images relative to `content`, read through the gate `files`), from
    the cache when it was made before."""
    key = cache_key(html, content)
    target = cache / f"{key}.pdf" if cache is not None else None
    if target is not None and target.is_file():
        os.utime(target)  # recently used: kept by prune()
        return target.read_bytes()
    data = render_pdf(html, content, identifier=key[:32], files=files)
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)  # atomic: parallel workers never read half a file
    return data


def render_pdf(html: str, content: Path, identifier: str, files: ContentFiles | None = None) -> bytes:
    try:
        import weasyprint  # imported on a cache miss only: it costs about half a second
    except (OSError, ImportError) as exc:
        from homeward.errors import BuildFailed, ContentError

        raise BuildFailed(
            [
                ContentError(
                    "press",
                    1,
                    f"press release PDFs need WeasyPrint's system libraries ({exc}); install them with "
                    "`apt-get install -y libpango-1.0-0 libpangoft2-1.0-0` (see README), or remove `pdf: true`",
                )
            ]
        ) from None

    document = weasyprint.HTML(string=html, base_url=CONTENT_BASE, url_fetcher=_content_fetcher(content, files))
    return document.write_pdf(pdf_identifier=identifier.encode("ascii"), **OPTIONS)


def _content_fetcher(content: Path, files: ContentFiles | None = None) -> Any:
    """A URL fetcher that reads files under the content folder (at CONTENT_BASE) and nothing
    else, as the site publishes them (through the gate: an image cut at its end or saved again,
    an SVG cleaned), so a PDF embeds no byte the published image does not have."""
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = content.resolve()
    gate = files if files is not None else ContentFiles(content)
    virtual = urlparse(CONTENT_BASE).path

    class ContentFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            path = rel = None
            if parsed.scheme == "file" and parsed.path.startswith(virtual):
                rel = unquote(parsed.path[len(virtual) :])
                path = (root / rel).resolve()
            if path is None or rel is None or root not in path.parents:
                raise ValueError(f"a release PDF may only use files from the content folder, not {url}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            try:
                data = gate.published(rel)
            except Refused as refused:
                raise ValueError(f"{rel} {refused}") from None
            return URLFetcherResponse(url, data, {"Content-Type": kind})

    return ContentFetcher(allowed_protocols=("file", "data"))


def prune(cache: Path, days: int = PRUNE_AFTER_DAYS) -> None:
    """Forget PDFs no build has used for `days` days (old versions of edited releases)."""
    if not cache.is_dir():
        return
    limit = time.time() - days * 86400
    for path in cache.glob("*.pdf"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass
