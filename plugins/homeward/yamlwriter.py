"""YAML written byte for byte the way the browser CMS writes it.

Decap CMS saves YAML with the `yaml` npm package, version 1.10 (decap-cms-core's
`formats/yaml.ts`: `createNode(data)` then `Document.toString()` with the default options).
Its choices are fixed: block lists (`- item`, indented under their key), text folded at 80
columns at spaces, plain text unless YAML would read it as something else (then double
quotes, or single quotes when the text holds `"` but no `'`), text with line breaks as a
literal `|` block, numbers as JavaScript prints them. This module is a port of exactly that
part of the library (`stringifyString`, `foldFlowLines`, `Pair`/`Collection.toString`) for
the values content holds (maps, lists, text, numbers, booleans), so that `invoke new`,
`invoke fmt` and the CMS write the same bytes and a save without an edit changes nothing.

tests/test_file_format.py compares it with the npm library itself on generated data.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

LINE_WIDTH = 80  # strOptions.fold.lineWidth
MIN_CONTENT_WIDTH = 20  # strOptions.fold.minContentWidth
MIN_MULTILINE_DOUBLE = 40  # strOptions.doubleQuoted.minMultiLineLength
INDENT_STEP = "  "

FOLD_FLOW, FOLD_BLOCK, FOLD_QUOTED = "flow", "block", "quoted"

# JavaScript's `\s` and `.` differ from Python's: spelled out where the library uses them.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_DOT = "[^\n\r\u2028\u2029]"
_ONLY_SPACE = re.compile(f"[{_JS_SPACE}]*")
_DOCUMENT_MARKER = re.compile(r"^(%|---|\.\.\.)", re.M)
_NOT_PLAIN = re.compile(r"^[\n\t ,\[\]{}#&*!|>'\"%@`]|^[?-]\Z|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]\Z")
_IMPLICIT_KEY_QUOTED = re.compile(r"[\n\[\]{},]")
# The core schema's plain scalars that are not text (YAML 1.2): null, booleans, numbers.
_NOT_TEXT = [
    re.compile(r"(?:~|[Nn]ull|NULL)?\Z"),
    re.compile(r"(?:[Tt]rue|TRUE|[Ff]alse|FALSE)\Z"),
    re.compile(r"0o([0-7]+)\Z"),
    re.compile(r"[-+]?[0-9]+\Z"),
    re.compile(r"0x([0-9a-fA-F]+)\Z"),
    re.compile(r"(?:[-+]?\.inf|(\.nan))\Z", re.I),
    re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+\Z"),
    re.compile(r"[-+]?(?:\.([0-9]+)|[0-9]+\.([0-9]*))\Z"),
]
_JSON_ESCAPES = {
    "0000": "\\0",
    "0007": "\\a",
    "000b": "\\v",
    "001b": "\\e",
    "0085": "\\N",
    "00a0": "\\_",
    "2028": "\\L",
    "2029": "\\P",
}


def dump(data: dict[str, Any]) -> str:
    """A mapping as the CMS writes it (one document, ending in a line break)."""
    return _stringify(data, {"indent": ""}) + "\n"


def dump_front_matter(meta: dict[str, Any], body: str) -> str:
    """A Markdown file as the CMS writes it (gray-matter's stringify as decap-cms-core calls it)."""
    head = dump(meta).strip() if meta else ""
    front = f"---\n{head}\n---\n" if head and head != "{}" else ""
    if not body.strip():
        return front
    return front + body + ("" if body.endswith("\n") else "\n")


# ---------------------------------------------------------------- values


def _stringify(value: Any, ctx: dict[str, Any]) -> str:
    if isinstance(value, dict):
        # A map whose every value is null is written as a set of `? key` lines.
        all_null = bool(value) and all(item is None for item in value.values())
        return _collection([_pair(key, item, ctx, all_null) for key, item in value.items()], ctx, is_map=True)
    if isinstance(value, list):
        item_ctx = {**ctx, "indent": ctx["indent"] + INDENT_STEP}
        item_ctx.pop("indentAtStart", None)
        return _collection([_stringify(item, item_ctx) for item in value], ctx, is_map=False)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return js_number(value)
    if isinstance(value, str):
        return _string(value, ctx)
    raise TypeError(f"cannot write {type(value).__name__} as YAML: {value!r}")


def _collection(items: list[str], ctx: dict[str, Any], is_map: bool) -> str:
    """Collection.toString in block style (flow only when empty)."""
    if not items:
        return "{}" if is_map else "[]"
    lines = items if is_map else [f"- {item}" for item in items]
    return f"\n{ctx['indent']}".join(lines)


def _pair(key: str, value: Any, ctx: dict[str, Any], all_null: bool = False) -> str:
    """Pair.toString for a simple key: `key: value`, collections on the following lines."""
    if not isinstance(key, str):
        raise TypeError(f"keys are text, not {key!r}")
    inner = {k: v for k, v in ctx.items() if k != "indentAtStart"}
    inner["indent"] = ctx["indent"] + INDENT_STEP
    head = _string(key, {**inner, "implicitKey": True})
    if all_null:
        return f"? {head}"
    head += ":"
    if not isinstance(value, dict | list):
        inner["indentAtStart"] = len(head) + 1
    text = _stringify(value, inner)
    if isinstance(value, dict | list):
        flow = text[:1] in ("[", "{")
        gap = " " if flow and "\n" not in text else f"\n{inner['indent']}"
    elif text.startswith("\n"):
        gap = ""
    else:
        gap = " "
    return head + gap + text


def js_number(value: float) -> str:
    """Number.prototype.toString (what JSON.stringify writes): 3.0 → 3, 1e21 → 1e+21, 1e-7 → 1e-7."""
    if not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    mantissa, _, exponent = repr(abs(value)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    point = len(whole) + int(exponent or 0) - (len(whole + fraction) - len((whole + fraction).lstrip("0")))
    digits = digits.rstrip("0") or "0"
    k, n = len(digits), point
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    exp = f"e{'+' if e >= 0 else '-'}{abs(e)}"
    return sign + (digits if k == 1 else digits[0] + "." + digits[1:]) + exp


# ---------------------------------------------------------------- text (stringifyString)


def _at(text: str, index: int) -> str:
    return text[index] if 0 <= index < len(text) else ""


def _string(value: str, ctx: dict[str, Any]) -> str:
    """stringifyString. JavaScript counts a character beyond U+FFFF (an emoji) as two, so the
    text is handled as UTF-16 code units, as there, and joined again at the end."""
    units = _utf16_units(value)
    if re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", units):
        written = _double_quoted(units, ctx)
    else:
        written = _plain(units, ctx)
    if units is value:
        return written
    # A fold may split a pair (JavaScript does too); the browser then saves U+FFFD there.
    joined = written.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return re.sub("[\ud800-\udfff]", "\ufffd", joined)


def _utf16_units(text: str) -> str:
    if all(ord(char) <= 0xFFFF for char in text):
        return text
    out = []
    for char in text:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out += [chr(0xD800 + (code >> 10)), chr(0xDC00 + (code & 0x3FF))]
        else:
            out.append(char)
    return "".join(out)


def _plain(value: str, ctx: dict[str, Any]) -> str:
    implicit_key = ctx.get("implicitKey", False)
    indent = ctx["indent"]
    if implicit_key and _IMPLICIT_KEY_QUOTED.search(value):
        return _double_quoted(value, ctx)
    if not value or _NOT_PLAIN.search(value):
        if implicit_key or "\n" not in value:
            return _single_quoted(value, ctx) if '"' in value and "'" not in value else _double_quoted(value, ctx)
        return _block(value, ctx)
    if not implicit_key and "\n" in value:
        return _block(value, ctx)
    if indent == "" and _DOCUMENT_MARKER.search(value):
        return _block(value, {**ctx, "forceBlockIndent": True})
    text = re.sub(r"\n+", lambda m: m.group() + "\n" + indent, value)
    if any(pattern.match(text) for pattern in _NOT_TEXT):
        return _double_quoted(value, ctx)
    return text if implicit_key else _fold(text, indent, FOLD_FLOW, ctx.get("indentAtStart"))


def _double_quoted(value: str, ctx: dict[str, Any]) -> str:
    implicit_key = ctx.get("implicitKey", False)
    encoded = json.dumps(value, ensure_ascii=False)
    indent = ctx["indent"] or ("  " if _DOCUMENT_MARKER.search(value) else "")
    out = ""
    start = 0
    i = 0
    while i < len(encoded):
        ch = encoded[i]
        if ch == " " and _at(encoded, i + 1) == "\\" and _at(encoded, i + 2) == "n":
            out += encoded[start:i] + "\\ "  # a space before a line break would be folded away
            i += 1
            start = i
            ch = "\\"
        if ch == "\\":
            following = _at(encoded, i + 1)
            if following == "u":
                out += encoded[start:i]
                code = encoded[i + 2 : i + 6]
                if code in _JSON_ESCAPES:
                    out += _JSON_ESCAPES[code]
                elif code[:2] == "00":
                    out += "\\x" + code[2:]
                else:
                    out += encoded[i : i + 6]
                i += 5
                start = i + 1
            elif following == "n":
                if implicit_key or _at(encoded, i + 2) == '"' or len(encoded) < MIN_MULTILINE_DOUBLE:
                    i += 1
                else:
                    out += encoded[start:i] + "\n\n"  # folding eats the first line break
                    while _at(encoded, i + 2) == "\\" and _at(encoded, i + 3) == "n" and _at(encoded, i + 4) != '"':
                        out += "\n"
                        i += 2
                    out += indent
                    if _at(encoded, i + 2) == " ":
                        out += "\\"
                    i += 1
                    start = i + 1
            else:
                i += 1
        i += 1
    out = out + encoded[start:] if start else encoded
    return out if implicit_key else _fold(out, indent, FOLD_QUOTED, ctx.get("indentAtStart"))


def _single_quoted(value: str, ctx: dict[str, Any]) -> str:
    implicit_key = ctx.get("implicitKey", False)
    if implicit_key:
        if "\n" in value:
            return _double_quoted(value, ctx)
    elif re.search(r"[ \t]\n|\n[ \t]", value):
        return _double_quoted(value, ctx)
    indent = ctx["indent"] or ("  " if _DOCUMENT_MARKER.search(value) else "")
    text = "'" + re.sub(r"\n+", lambda m: m.group() + "\n" + indent, value.replace("'", "''")) + "'"
    return text if implicit_key else _fold(text, indent, FOLD_FLOW, ctx.get("indentAtStart"))


def _line_over_limit(text: str, indent_length: int) -> bool:
    limit = LINE_WIDTH - indent_length
    if len(text) <= limit:
        return False
    start = 0
    for index, char in enumerate(text):
        if char == "\n":
            if index - start > limit:
                return True
            start = index + 1
            if len(text) - start <= limit:
                return False
    return True


def _block(value: str, ctx: dict[str, Any]) -> str:
    """A `|` (literal) block, or `>` (folded) when a line is longer than 80 columns."""
    if re.search(r"\n[\t ]+\Z", value) or _ONLY_SPACE.fullmatch(value):
        return _double_quoted(value, ctx)
    indent = ctx["indent"] or ("  " if ctx.get("forceBlockIndent") or _DOCUMENT_MARKER.search(value) else "")
    indent_size = "2" if indent else "1"
    literal = not _line_over_limit(value, len(indent))
    header = "|" if literal else ">"
    if not value:
        return header + "\n"
    trailing = re.search(r"[\n\t ]*\Z", value)
    ws = trailing.group()
    newline = ws.find("\n")
    if newline == -1:
        header += "-"
    elif value == ws or newline != len(ws) - 1:
        header += "+"
    ws_end = re.sub(r"\n\Z", "", ws)
    value = value[: trailing.start()]
    leading = re.match(r"[\n ]*", value).group()
    if " " in leading:
        header += indent_size
    spaces = re.search(r" +\Z", leading)
    if spaces:
        ws_start = leading[: -len(spaces.group())]
        value = spaces.group() + value[len(leading) :]
    else:
        ws_start = leading
        value = value[len(leading) :]
    if ws_end:
        ws_end = re.sub(r"\n+(?!\n|\Z)", lambda m: m.group() + indent, ws_end)
    if ws_start:
        ws_start = re.sub(r"\n+", lambda m: m.group() + indent, ws_start)
    if not value:
        return f"{header}{indent_size}\n{indent}{ws_end}"
    if literal:
        value = re.sub(r"\n+", lambda m: m.group() + indent, value)
        return f"{header}\n{indent}{ws_start}{value}{ws_end}"
    value = re.sub(r"\n+", lambda m: "\n" + m.group(), value)
    value = re.sub(
        f"(?:^|\n)([\t ]{_JS_DOT}*)(?:([\n\t ]*)\n(?![\n\t ]))?",
        lambda m: m.group(1) + (m.group(2) or ""),
        value,
    )
    value = re.sub(r"\n+", lambda m: m.group() + indent, value)
    body = _fold(f"{ws_start}{value}{ws_end}", indent, FOLD_BLOCK, None)
    return f"{header}\n{indent}{body}"


def _more_indented(text: str, i: int) -> int:
    """consumeMoreIndentedLines: index of the last line break of a more-indented block."""
    ch = _at(text, i + 1)
    while ch in (" ", "\t") and ch:
        while True:
            i += 1
            ch = _at(text, i)
            if not ch or ch == "\n":
                break
        ch = _at(text, i + 1)
    return i


def _fold(text: str, indent: str, mode: str, indent_at_start: int | None) -> str:
    """foldFlowLines: break lines longer than 80 columns at a space (or an escape, in quotes)."""
    end_step = max(1 + MIN_CONTENT_WIDTH, 1 + LINE_WIDTH - len(indent))
    if len(text) <= end_step:
        return text
    folds: list[int] = []
    escaped: set[int] = set()
    end = LINE_WIDTH - len(indent)
    if indent_at_start:  # 0 counts as not given, as in JavaScript
        if indent_at_start > LINE_WIDTH - max(2, MIN_CONTENT_WIDTH):
            folds.append(0)
        else:
            end = LINE_WIDTH - indent_at_start
    split: int | None = None
    prev = ""
    i = -1
    esc_start = esc_end = -1
    if mode == FOLD_BLOCK:
        i = _more_indented(text, i)
        if i != -1:
            end = i + end_step
    while True:
        i += 1
        ch = _at(text, i)
        if not ch:
            break
        if mode == FOLD_QUOTED and ch == "\\":
            esc_start = i
            i += {"x": 3, "u": 5, "U": 9}.get(_at(text, i + 1), 1)
            esc_end = i
        if ch == "\n":
            if mode == FOLD_BLOCK:
                i = _more_indented(text, i)
            end = i + end_step
            split = None
        else:
            if ch == " " and prev and prev not in (" ", "\n", "\t"):
                following = _at(text, i + 1)
                if following and following not in (" ", "\n", "\t"):
                    split = i
            if i >= end:
                if split:
                    folds.append(split)
                    end = split + end_step
                    split = None
                elif mode == FOLD_QUOTED:
                    while prev in (" ", "\t") and prev:
                        prev = ch
                        i += 1
                        ch = _at(text, i)
                    j = i - 2 if i > esc_end + 1 else esc_start - 1
                    if j in escaped:
                        return text
                    folds.append(j)
                    escaped.add(j)
                    end = j + end_step
                    split = None
        prev = ch
    if not folds:
        return text
    out = text[: folds[0]]
    for index, fold in enumerate(folds):
        stop = folds[index + 1] if index + 1 < len(folds) and folds[index + 1] else len(text)
        if fold == 0:
            out = f"\n{indent}{text[:stop]}"
        else:
            if mode == FOLD_QUOTED and fold in escaped:
                out += f"{text[fold]}\\"
            out += f"\n{indent}{text[fold + 1 : stop]}"
    return out
