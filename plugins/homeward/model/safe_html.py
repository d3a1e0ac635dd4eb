"""The HTML allowlist for text that arrives as HTML (job ads from the national job boards).

Everything outside the list is removed before the text reaches the model: scripts, styles,
event handlers, `javascript:` links, iframes, forms — and images, because an image from
another server would tell it about every reader (the site makes no third-party requests).

Issue 12 builds the allowlist for Markdown bodies (nh3, branch helper/trust). When it is in
main, `clean_html` should call that shared sanitizer so both kinds of text obey one list.
"""

from __future__ import annotations

import re

import nh3

TAGS = {"p", "div", "br", "ul", "ol", "li", "strong", "b", "em", "i", "u", "h2", "h3", "h4", "blockquote", "a", "span"}
ATTRIBUTES = {"a": {"href"}, "span": {"lang"}, "p": {"lang"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Contents removed together with the tag (everything else keeps its text).
DROP_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "title", "head"}


# The page has the one <h1>: an ad's own headings move one level down the outline.
_HEADING_LEVEL = {"1": "2", "5": "4", "6": "4"}
_HEADING = re.compile(r"<(/?)h([156])\b", re.I)


def clean_html(html: str) -> str:
    """`html` with only allowlisted tags, attributes and link schemes; links get rel=nofollow."""
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{_HEADING_LEVEL[m.group(2)]}", html)
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=DROP_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    ).strip()
