"""SVG drawings from content/: published cleaned, or refused with a reason a person can act on.

An SVG is a document that can run scripts when it is opened on its own (and GitHub Pages
sends no Content-Security-Policy), so what a drawing needs passes and what makes it a program
or a tracker stops the build: <script>, <foreignObject> (HTML inside the drawing), event
handlers, links or references to other files and sites, CSS that loads addresses, entity
declarations. Editor leftovers (Inkscape/Illustrator metadata, comments, animation) are
dropped silently. The build's own charts (plugins/facts) are made in code and never pass here.
"""

from __future__ import annotations

import re

from lxml import etree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XHTML = "http://www.w3.org/1999/xhtml"

# Drawing elements that are kept; anything else in the SVG namespace is dropped.
ELEMENTS = frozenset(
    """svg g defs symbol use title desc path rect circle ellipse line polyline polygon text tspan textPath
    linearGradient radialGradient stop clipPath mask pattern marker image style switch a
    filter feBlend feColorMatrix feComponentTransfer feComposite feFlood feGaussianBlur feMerge feMergeNode
    feMorphology feOffset feTile feTurbulence feFuncA feFuncB feFuncG feFuncR feDropShadow""".split()
)
# Elements that make the drawing a program or a window onto another page: never published.
REFUSED = {
    "script": "a <script>",
    "foreignObject": "a <foreignObject> (HTML inside the drawing)",
    "iframe": "an <iframe>",
    "embed": "an <embed>",
    "object": "an <object>",
    "handler": "an event <handler>",
    "listener": "an event <listener>",
}
_FIX = "export the drawing again as plain SVG (in Inkscape: Save as → Optimized SVG), or use a PNG"
_CSS_URL = re.compile(r"url\s*\(\s*['\"]?\s*([^'\")\s]*)", re.I)
_RASTER_DATA = re.compile(r"^data:image/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$", re.I)


class SvgRefused(ValueError):
    """Why a drawing cannot be published (a sentence that ends with what to do)."""


def clean(data: bytes) -> bytes:
    """The drawing with only what a drawing needs; raises SvgRefused for what must not pass."""
    if re.search(rb"<!ENTITY", data, re.I):
        raise SvgRefused(f"it declares XML entities (<!ENTITY …>), which can read other files or blow up in size; {_FIX}")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SvgRefused(f"it is not a readable SVG file ({exc.msg}); {_FIX}") from None
    if root.tag != f"{{{SVG}}}svg":
        raise SvgRefused(f"it is not an SVG drawing (it starts with <{etree.QName(root).localname}>); {_FIX}")
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element)
        if name.namespace == XHTML:
            raise SvgRefused(f"it contains HTML (<{name.localname}>); {_FIX}")
        if name.namespace == SVG and name.localname in REFUSED:
            raise SvgRefused(f"it contains {REFUSED[name.localname]}; {_FIX}")
        if name.namespace != SVG or name.localname not in ELEMENTS:
            _drop(element)
            continue
        _check_attributes(element, name.localname)
        if name.localname == "style":
            _check_css(element.text or "", "its <style>")
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _drop(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _check_attributes(element: etree._Element, tag: str) -> None:
    for key in list(element.attrib):
        name = etree.QName(key)
        value = element.attrib[key]
        local = name.localname.lower()
        if local.startswith("on"):
            raise SvgRefused(f"<{tag}> has the event handler '{name.localname}=', which runs scripts; {_FIX}")
        if name.namespace not in (None, XLINK) or local == "base":
            del element.attrib[key]  # editor data (inkscape:, sodipodi:), xml:base
            continue
        if local == "href":
            target = re.sub(r"[\x00-\x20]", "", value)
            if not (target.startswith("#") or (tag == "image" and _RASTER_DATA.match(value.strip()))):
                raise SvgRefused(f"<{tag}> refers to '{value.strip()[:60]}', outside the drawing; SVGs must be self-contained — {_FIX}")
        elif "javascript:" in re.sub(r"[\x00-\x20]", "", value).lower():
            raise SvgRefused(f"<{tag}> has a 'javascript:' address in '{name.localname}='; {_FIX}")
        elif local == "style" or "url(" in value.lower():
            _check_css(value, f"<{tag} {name.localname}=…>")


def _check_css(css: str, where: str) -> None:
    if "\\" in css or "@import" in css.lower() or "expression(" in css.lower():
        raise SvgRefused(f"{where} has CSS that can load other files (@import, escapes or expression()); {_FIX}")
    for target in _CSS_URL.findall(css):
        if not target.startswith("#"):
            raise SvgRefused(f"{where} loads '{target[:60]}' with url(), outside the drawing; {_FIX}")
