"""WCAG 2.1 contrast ratio, and a suggestion when a brand colour is too light or too dark."""

from __future__ import annotations

import re

HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def parse_hex(value: str) -> tuple[int, int, int]:
    match = HEX.match(value.strip())
    if not match:
        raise ValueError(f"'{value}' is not a colour; write it as #RRGGBB, e.g. #0b5d7a")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = luminance(parse_hex(a)), luminance(parse_hex(b))
    light, dark = max(la, lb), min(la, lb)
    return (light + 0.05) / (dark + 0.05)


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def nearest_passing(colour: str, against: str, minimum: float = 4.5) -> str:
    """Darken (or lighten) `colour` step by step until it reaches `minimum` against `against`."""
    rgb = parse_hex(colour)
    darker = luminance(parse_hex(against)) > 0.18
    for step in range(1, 101):
        factor = 1 - step / 100 if darker else step / 100
        if darker:
            candidate = to_hex(tuple(c * factor for c in rgb))  # type: ignore[arg-type]
        else:
            candidate = to_hex(tuple(c + (255 - c) * factor for c in rgb))  # type: ignore[arg-type]
        if contrast(candidate, against) >= minimum:
            return candidate
    return "#000000" if darker else "#ffffff"
