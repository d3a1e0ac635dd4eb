"""HTML that arrives from outside content/ (job ads from the national job boards), cleaned.

It goes through the same allowlist as HTML in Markdown bodies (`trust/html.py`: the same
tags, attributes, classes and link schemes, nh3), with the rules for addresses a text from
another site needs:

- links stay only when they go to another site (`https://…`, `mailto:`, `tel:`): a relative
  link in an ad points into the job board's site, not ours, and would be a dead link here;
- images are dropped: an image from another server would tell it about every reader (the
  site makes no third-party requests);
- the page has the one <h1>: an ad's own headings move one level down;
- links get `rel="nofollow noopener noreferrer"`.

Unlike Markdown, nothing is refused with an error: a job board's ad is not the
communicators' to fix, so what is not allowed is removed (scripts and styles with their
content) and the ad is shown.
"""

from __future__ import annotations

import re

import nh3

from ..trust.files import classify
from ..trust.html import ATTRIBUTES, CLASSES, TAGS, URL_SCHEMES

AD_TAGS = set(TAGS) - {"img", "figure", "figcaption"}
# Contents removed together with the tag (everything else keeps its text).
DROP_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "title", "head", "textarea", "select"}
_HEADING_LEVEL = {"1": "2", "5": "4", "6": "4"}
_HEADING = re.compile(r"<(/?)h([156])\b", re.I)


def _address(tag: str, attribute: str, value: str) -> str | None:
    if (tag, attribute) != ("a", "href"):
        return value
    address = classify(value)
    if address.kind == "remote" or (address.kind == "scheme" and address.value in ("mailto", "tel")):
        return value
    return None


def clean_html(html: str) -> str:
    """`html` with only the allowlisted tags, attributes and addresses."""
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{_HEADING_LEVEL[m.group(2)]}", html)
    return nh3.clean(
        html,
        tags=AD_TAGS,
        clean_content_tags=DROP_CONTENT - AD_TAGS,
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items() if tag in AD_TAGS or tag == "*"},
        allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=_address,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    ).strip()
