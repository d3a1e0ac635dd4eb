"""Text helpers: shortening text for cards, lists and meta descriptions (the one place that
cuts text), and finding an organisation's name in a person's role."""

from __future__ import annotations

import re

ELLIPSIS = "…"
# A sentence ends at . ! ? … followed by a space and a capital, digit, quote or dash ("f.eks. noe" does not).
_SENTENCE_END = re.compile(r"[.!?…][»”\"')]?(?=\s+[^\W\d_a-zæøåäöü]|\s+[\d«“\"–—-])")


def excerpt(text: str | None, limit: int) -> str:
    """At most `limit` characters of `text`, cut where a reader expects a cut.

    Whole sentences when at least half of the room holds them, else whole words followed by
    "…"; a single word longer than the room is cut with "…". Whitespace is collapsed.
    """
    text = _collapsed_head(text or "", limit + 1)
    if len(text) <= limit:
        return text
    room = text[: limit + 1]
    sentences = [m.end() for m in _SENTENCE_END.finditer(room) if m.end() <= limit]
    if sentences and sentences[-1] >= limit // 2:
        return text[: sentences[-1]]
    cut = room.rfind(" ", 0, limit)  # room for the ellipsis
    head = text[:cut] if cut > 0 else text[: limit - 1]
    return head.rstrip(" ,;:–—-([{\"'«“") + ELLIPSIS


_SPARE = 64  # raw characters read past the room: a few runs of doubled spaces or line breaks


def _collapsed_head(text: str, room: int) -> str:
    """`text` with its whitespace collapsed, or only the beginning of that when it is longer
    than `room` characters (all `excerpt` looks at): a long description is not collapsed
    whole for its first sentence. What a prefix of `text` collapses to is always a prefix of
    what the whole collapses to (a word cut at its end is the beginning of that word)."""
    if len(text) > room + _SPARE:
        head = " ".join(text[: room + _SPARE].split())
        if len(head) > room:
            return head
    return " ".join(text.split())


# Legal-form suffixes left out when looking for a company's name in a person's role.
LEGAL_FORMS = re.compile(r"[\s,]+(?:AS|ASA|AB|ANS|DA|SA|BA|HB|KB|Oy|Oyj|ApS|A/S|Ltd|GmbH)\.?$", re.IGNORECASE)


def mentions(text: str, name: str) -> bool:
    """Whether `text` (a role: 'Projektledare för IEC') already names `name` ('IEC', 'Kodverket AB')."""
    lowered = text.lower()
    return any(part and part.lower() in lowered for part in dict.fromkeys([name, LEGAL_FORMS.sub("", name)]))
