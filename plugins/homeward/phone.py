"""Phone numbers as links: the one place a number written by a communicator becomes `tel:`.

`+47 712 34 567`, `712 34 567` (read in the region's country) and `+46 (0)70-312 45 67` all
dial correctly as E.164 (`tel:+4771234567`), which is what phones and RFC 3966 expect.
"""

from __future__ import annotations

import re

import phonenumbers


def tel_href(number: str | None, country: str | None = None) -> str | None:
    """`tel:` + the E.164 form of `number`; a number without a country code is read in
    `country` (ISO code). What phonenumbers cannot read keeps its digits and a leading +."""
    if not number:
        return None
    try:
        parsed = phonenumbers.parse(number, country)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_possible_number(parsed):
        return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    digits = re.sub(r"[^\d+]", "", number)
    return f"tel:{digits}" if digits else None
