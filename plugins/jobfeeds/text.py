"""Ad text: HTML to readable plain text and back, and which language an ad is written in.

The HTML itself is cleaned by the content model (`homeward.model.safe_html`) when an ad is
validated; these helpers only convert. Plain text is what feeds, meta descriptions and
search snippets show: paragraphs and list items on their own lines, entities decoded.
"""

from __future__ import annotations

import html
import re
from collections import Counter

_BREAK = re.compile(r"<br\s*/?>", re.I)
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|ul|ol|blockquote|div|tr|table)\s*>", re.I)
_ITEM = re.compile(r"<li[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(value: str) -> str:
    """`<p>Vi søker</p><ul><li>Python</li></ul>` → 'Vi søker\\n\\n• Python'."""
    text = _BREAK.sub("\n", value)
    text = _BLOCK_END.sub("\n\n", text)
    text = _ITEM.sub("\n• ", text)
    text = html.unescape(_TAG.sub("", text)).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


_BULLET = re.compile(r"^\s*(?:[*•\-–])\s+")


def text_to_html(value: str) -> str:
    """Plain text (blank lines between paragraphs, `* ` or `- ` items) as simple HTML."""
    blocks = [b for b in re.split(r"\n\s*\n", value.replace("\r\n", "\n").strip()) if b.strip()]
    out = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{html.escape(_BULLET.sub('', line).strip())}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append("<p>" + "<br>".join(html.escape(line.strip()) for line in lines) + "</p>")
    return "".join(out)


# Frequent short words that tell Bokmål, Swedish and English apart; an ad is written in
# the language whose words it uses most (ties and short texts: the board's own language).
_MARKERS = {
    "nb": {"og", "ikke", "av", "til", "med", "som", "vi", "er", "har", "deg", "du", "på", "å", "ved", "for", "hos", "vil", "kan", "stilling", "søker", "arbeid", "erfaring"},
    "sv": {"och", "inte", "av", "till", "med", "som", "vi", "är", "har", "dig", "du", "på", "att", "vid", "för", "hos", "vill", "kan", "tjänst", "söker", "arbete", "erfarenhet"},
    "en": {"and", "not", "of", "to", "with", "who", "we", "are", "have", "you", "on", "the", "at", "for", "will", "can", "position", "experience", "work", "our", "your", "is"},
}
_WORD = re.compile(r"[a-zæøåäöé]+")


def detect_language(text: str, default: str) -> str:
    """nb, sv or en for an ad's title and text; `default` when the words do not say."""
    words = Counter(_WORD.findall(text.lower()))
    scores = {lang: sum(words[w] for w in markers) for lang, markers in _MARKERS.items()}
    best = max(scores.values())
    if best < 3:
        return default
    # Words shared by Bokmål and Swedish (av, med, som, vi…) score for both: the board's own
    # language wins a tie, so only clearly English or clearly the other language moves it.
    winners = sorted(lang for lang, score in scores.items() if score == best)
    return default if default in winners else winners[0]


_LEGAL_FORM = re.compile(r"\b(?:as|asa|ab|hb|kb|ans|da|sa|ba|nuf|aktiebolag|aksjeselskap)\b\.?", re.I)


def employer_key(name: str) -> str:
    """An employer's name for comparison: 'Fjordlaks Havnøy AS' and 'FJORDLAKS HAVNØY' agree."""
    text = _LEGAL_FORM.sub(" ", name.casefold())
    return re.sub(r"[\W_]+", " ", text).strip()


def title_key(title: str) -> str:
    """A title for comparison: case, punctuation and spacing do not matter."""
    return re.sub(r"[\W_]+", " ", title.casefold()).strip()
