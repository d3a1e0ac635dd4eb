"""HTML in Markdown bodies through an allowlist: what a communicator needs passes, the rest stops the build.

Markdown lets a writer mix in raw HTML (`<span lang="sv">…</span>`, `<abbr>`, `<details>`),
and Markdown's own syntax makes links and images from any address, reference-style ones
included. So the rendered HTML — not the Markdown text — is judged, with a real HTML parser
(lxml), after entities and control characters are decoded as a browser decodes them:

1. `problems()` names what the author clearly meant and we refuse (scripts, frames, forms,
   <meta>/<base>/<style>, event handlers, `style=`, addresses other than https/http/mailto/
   tel/relative, images or media from other hosts, files that do not pass the gate); the
   build stops with `path:line` and what to do instead (`first_line` finds the line);
2. `clean()` then runs the HTML through nh3 (ammonia) with the same allowlist, drops
   comments, and writes every local address as the site path of the checked file.

The allowlist for communicators is in docs/communicators.md ("HTML in Markdown").
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import lxml.html
import nh3
from lxml import etree

from . import formats
from .files import ContentFiles, Refused, classify

TAGS = frozenset(
    """p br hr h1 h2 h3 h4 h5 h6 em strong b i u s del ins mark small sub sup code kbd samp var pre
    blockquote q cite abbr dfn time span div ul ol li dl dt dd a img figure figcaption
    table caption thead tbody tfoot tr th td details summary bdi bdo wbr""".split()
)
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
}
# Table alignment from Markdown (`|:--|`) becomes a class: a style= attribute is refused by the CSP.
CLASSES = {tag: {"align-left", "align-center", "align-right"} for tag in ("th", "td")}
URL_SCHEMES = frozenset({"https", "http", "mailto", "tel"})
URL_ATTRIBUTES = {("a", "href"), ("img", "src")}

_NO_CODE = "to show a video, map or form, link to it instead"
# Elements an author clearly meant and we refuse, with what to do instead.
REFUSED = {
    "script": f"raw <script> is not allowed in content; remove it ({_NO_CODE})",
    "noscript": "raw <noscript> is not allowed in content; remove it and write the text as Markdown",
    "iframe": f"an <iframe> (embedded page) is not allowed in content; remove it ({_NO_CODE})",
    "frame": f"a <frame> is not allowed in content; remove it ({_NO_CODE})",
    "frameset": f"a <frameset> is not allowed in content; remove it ({_NO_CODE})",
    "object": f"an <object> is not allowed in content; remove it ({_NO_CODE})",
    "embed": f"an <embed> is not allowed in content; remove it ({_NO_CODE})",
    "applet": f"an <applet> is not allowed in content; remove it ({_NO_CODE})",
    "portal": f"a <portal> is not allowed in content; remove it ({_NO_CODE})",
    "form": "a <form> is not allowed in content; link to the form on the site that handles it",
    "input": "an <input> (form field) is not allowed in content; link to the form on the site that handles it",
    "button": "a <button> is not allowed in content; write a Markdown link [text](https://…) instead",
    "select": "a <select> (form field) is not allowed in content; link to the form on the site that handles it",
    "textarea": "a <textarea> (form field) is not allowed in content; link to the form on the site that handles it",
    "meta": "a <meta> tag is not allowed in content (it can redirect readers to another site); remove it",
    "base": "a <base> tag is not allowed in content (it changes where every link of the page goes); remove it",
    "link": "a <link> tag is not allowed in content (it loads files into the page); remove it",
    "style": "a <style> block is not allowed in content; remove it — the site's look comes from the theme and BRAND settings",
    "svg": "inline <svg> is not allowed in content; save the drawing as an .svg file in content/images/ and show it with ![what it shows](images/drawing.svg)",
    "math": "inline <math> is not allowed in content; show the formula as an image or write it as text",
    "video": "a <video> is not allowed in content; upload the video to a video service and link to it",
    "audio": "an <audio> is not allowed in content; upload the recording to a podcast or audio service and link to it",
    "source": "a <source> (media) is not allowed in content; link to the media instead",
    "track": "a <track> (media) is not allowed in content; link to the media instead",
    "picture": "a <picture> is not allowed in content; use ![what it shows](images/photo.jpg) — the site makes the sizes itself",
    "canvas": "a <canvas> is not allowed in content; use an image instead",
    "template": "a <template> is not allowed in content; remove it",
    "dialog": "a <dialog> is not allowed in content; write the text as Markdown",
    "marquee": "a <marquee> is not allowed in content; write the text as Markdown",
    "xmp": "an <xmp> is not allowed in content; use a code block (indent the lines by four spaces)",
    "plaintext": "a <plaintext> is not allowed in content; use a code block (indent the lines by four spaces)",
    "title": "a <title> is not allowed in a text; the page title comes from 'title:' in the front matter",
}


@dataclass(frozen=True)
class Problem:
    """One refused thing in a body: `key` identifies it across renders (to find its line)."""

    key: tuple[str, ...]
    message: str


@dataclass
class Context:
    """Where a body's local addresses are looked up, and the SITEURL sub-path they get."""

    files: ContentFiles
    folder: Path
    base: str = ""


# lxml.html's parser is libxml2's HTML parser plus a Python class lookup for every element
# (~0.2 s of a 1000×3 build); the checks read only tags and attributes, so the same parser
# without the lookup builds the same tree, of plain elements.
_PLAIN_HTML_PARSER = etree.HTMLParser()
_FULL_DOCUMENT = re.compile(r"^\s*<(?:html|!doctype)", re.I)


def _fragment(html: str) -> etree._Element | None:
    """The body's elements under one parent, as `lxml.html.fragment_fromstring(html,
    create_parent="div")` parses them (text, which the checks do not read, aside)."""
    if not html.strip():
        return None
    if not _FULL_DOCUMENT.match(html):
        document = etree.fromstring(f"<html><body>{html}</body></html>", _PLAIN_HTML_PARSER)
    else:
        try:
            return lxml.html.fragment_fromstring(html, create_parent="div")  # a whole document: lxml.html's own rules
        except (etree.ParserError, AssertionError, ValueError):
            document = etree.fromstring(html, _PLAIN_HTML_PARSER)  # no body, or several: read below
    bodies = [] if document is None else [child for child in document if child.tag == "body"]
    if len(bodies) == 1:
        return bodies[0]
    # `</body><body>` in a text makes a second body, a lone `<!doctype html>` none: lxml.html
    # stops there (AssertionError, ParserError) and so did the build, with an internal error.
    # Every body's elements are checked, in order.
    parent = etree.Element("div")
    for body in bodies:
        parent.extend(list(body))
    return parent


def problems(html: str, context: Context) -> list[Problem]:
    """Everything in rendered HTML that the author meant and the site refuses, in document order."""
    root = _fragment(html)
    if root is None:
        return []
    found: list[Problem] = []
    _walk(root, context, found)
    return found


def _walk(parent: etree._Element, context: Context, found: list[Problem]) -> None:
    """Depth first; inside a refused element nothing more is reported (one mistake, one message)."""
    for element in parent:
        tag = element.tag
        if not isinstance(tag, str):
            continue  # comments are dropped from the output, not errors
        tag = tag.lower()
        if tag not in TAGS:
            found.append(Problem(("element", tag), REFUSED.get(tag) or _unknown_element(tag)))
            continue
        for name, value in element.items():
            found.extend(_attribute_problems(tag, name.lower(), value, context))
        if tag == "img" and not (element.get("alt") or "").strip():
            found.append(Problem(("alt", element.get("src") or ""), "an image has no alt text; write what it shows between the brackets: ![Two people skiing](...)"))
        _walk(element, context, found)


def _unknown_element(tag: str) -> str:
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", tag)
    if scheme:
        return (
            f"'<{tag[:40]}>' is an address in angle brackets with a '{scheme.group(1)}:' scheme, which can run code "
            "in the reader's browser; use an https:// address"
        )
    return f"the HTML element <{tag[:40]}> is not allowed in content; remove it and use Markdown (see 'HTML in Markdown' in docs/communicators.md)"


# The attributes each allowed tag may carry, worked out once rather than per attribute.
_ALLOWED = {tag: frozenset(ATTRIBUTES.get(tag, set()) | ATTRIBUTES["*"] | ({"class"} if tag in CLASSES else set())) for tag in TAGS}


def _attribute_problems(tag: str, name: str, value: str, context: Context) -> list[Problem]:
    if name.startswith("on"):
        return [Problem(("attribute", tag, name), f"the HTML attribute '{name}=' runs scripts and is not allowed in content; remove it")]
    if name == "style":
        return [Problem(("attribute", tag, name), "the HTML attribute 'style=' is not allowed in content (it can load files from other sites); remove it — the theme styles the text")]
    if name in ("srcset", "sizes"):
        return [Problem(("attribute", tag, name), f"the HTML attribute '{name}=' is not allowed in content; remove it — the site makes the image sizes itself")]
    if (tag, name) in URL_ATTRIBUTES:
        return _address_problems(tag, name, value, context)
    if name not in _ALLOWED.get(tag, ATTRIBUTES["*"]):
        address = classify(value)
        if address.kind in ("scheme", "remote") and not re.fullmatch(r"[\w .,:;!?'()-]*", value):
            return [Problem(("attribute", tag, name), f"the HTML attribute '{name}=' on <{tag}> is not allowed in content (it holds an address); remove it")]
        return [Problem(("attribute", tag, name), f"the HTML attribute '{name}=' on <{tag}> is not allowed in content; remove it")]
    return []


def _address_problems(tag: str, name: str, value: str, context: Context) -> list[Problem]:
    address = classify(value)
    key = ("address", tag, name, value)
    shown = value.strip()[:80]
    if address.kind == "scheme":
        if address.value in ("javascript", "vbscript", "data"):
            return [Problem(key, f"a link uses a '{address.value}:' address, which can run code in the reader's browser; use an https:// address")]
        return [Problem(key, f"a link uses a '{address.value}:' address, which the site does not allow (only https://, http://, mailto: and tel:); use an https:// address")]
    if tag == "img":
        if address.kind == "remote":
            return [Problem(key, f"image '{shown}' is on another website; download it into content/images/ and write its path, e.g. ![…](images/photo.jpg)")]
        try:
            context.files.check(value, context.folder)
        except Refused as refused:
            return [Problem(key, f"image '{shown}' {refused}")]
        return []
    if address.kind == "local" and address.value:
        try:
            found = context.files.find(value, context.folder)
        except Refused as refused:
            return [Problem(key, f"the link '{shown}' {refused}")]
        if found is None:
            missing = _missing_file(address.value, value, context)
            if missing is not None:
                return [Problem(key, f"the link '{shown}' {missing}")]
    return []


# Top-level domains a web address written without https:// most often ends in here.
_DOMAIN = re.compile(r"(?:www\.[^/]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|no|se|dk|fi|is|eu|nu|io|info|gov|edu))(?:/.*)?", re.IGNORECASE)
_PAGE_SUFFIXES = {"", ".html", ".htm"}


def _missing_file(path: str, value: str, context: Context) -> str | None:
    """Why a relative link that names no file in content/ is a mistake, or None for a link to a
    page (`../jobs/`, `/en/jobs/`: the site's own addresses, checked against the build's routes
    once they are known, build.check_body_links).

    The page keeps a relative link as written, and the browser reads it from the page's address
    (/en/news/<slug>/): `www.example.org` or `report.pdf` was published as a dead link."""
    if path.startswith("/"):
        return None
    if _DOMAIN.fullmatch(path):
        return f"has no https:// in front, so browsers look for it on this site; write it as https://{value.strip()}"
    name = path.rstrip("/").rsplit("/", 1)[-1]
    suffix = os.path.splitext(name)[1].lower() if not path.endswith("/") else ""
    if suffix in _PAGE_SUFFIXES or not re.fullmatch(r"\.[a-z][a-z0-9]{0,5}", suffix):
        return None
    if suffix in formats.KIND_OF_SUFFIX:
        return f"does not exist; put the file in content/{context.files.where(value, context.folder)} or correct the path"
    return (
        f"is a '{suffix}' file; only {formats.ALLOWED_TEXT} can be published from content/ — "
        "link to the page it belongs to, or to the file where another site hosts it (https://…)"
    )


def clean(html: str, context: Context) -> tuple[str, list[str], list[str]]:
    """The sanitized HTML (nh3, comments dropped, local addresses as site paths), the
    content-relative paths of the files it references (they are published with the page), and
    its links to pages of the site, as written and in document order (no file of content/ has
    their path: the build checks them against its routes, linkcheck.Published)."""
    referenced: list[str] = []
    pages: list[str] = []

    def address(tag: str, attribute: str, value: str) -> str | None:
        if (tag, attribute) not in URL_ATTRIBUTES:
            return value
        where = classify(value)
        if where.kind == "remote":
            return value if tag == "a" else None
        if where.kind != "local":
            return value if where.kind == "fragment" or (tag == "a" and where.value in URL_SCHEMES) else None
        try:
            approved = context.files.find(value, context.folder)
        except Refused:
            return None
        if approved is not None:
            referenced.append(approved.rel)
            return f"{context.base}/{quote(approved.rel)}"
        if tag == "a":
            pages.append(value.strip())
        if where.value.startswith("/"):
            return context.base + value.strip()
        return value

    cleaned = nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=address,
        strip_comments=True,
        link_rel=None,
    )
    return cleaned, referenced, pages


def first_line(text: str, first: int, render: Callable[[str], str], check: Callable[[str], list[Problem]], problem: Problem, nth: int) -> int:
    """The line of `text` (starting at line `first`) where the `nth` problem with this key
    appears: the shortest prefix of the text whose rendering already shows it. This finds the
    line of a reference-style definition (`[r]: javascript:…`) as well as of raw HTML."""
    lines = text.split("\n")

    def shows(count: int) -> bool:
        found = Counter(p.key for p in check(render("\n".join(lines[:count]))))
        return found[problem.key] > nth

    low, high = 1, len(lines)
    if not shows(high):
        return first
    while low < high:
        middle = (low + high) // 2
        if shows(middle):
            high = middle
        else:
            low = middle + 1
    return first + low - 1
