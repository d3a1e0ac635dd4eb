"""Field types shared by every content type: ids, localized text, URLs, dates, images."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from typing import Annotated, Any, NamedTuple
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Strict, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from ..defaults import DEFAULT_TIMEZONE

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SAFE_URL_SCHEMES = ("http://", "https://", "mailto:", "tel:")


class Model(BaseModel):
    """Base for all content: unknown keys are ignored here and reported as warnings by the loader.

    An optional field written with nothing after it (`tags:`, `pdf:`, `sessions:`) is the field
    left out: its default is "nothing" (none, false, an empty list), so empty means the same.
    Fields whose default is a choice (`status: published`) stay errors when empty: the person
    may have meant another value."""

    model_config = ConfigDict(extra="ignore", frozen=False, arbitrary_types_allowed=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_left_out(cls, value: Any) -> Any:
        if isinstance(value, dict):
            empty = _empty_means_left_out(cls)
            if any(value.get(key, ...) is None for key in empty):
                return {key: item for key, item in value.items() if not (item is None and key in empty)}
        return value


def attribute_or(model: BaseModel, name: str, default: Any = None) -> Any:
    """`getattr(model, name, default)` without pydantic raising (and catching) an
    AttributeError inside when the model's class has no such attribute: a field only some
    content types have (`images`, `person`), asked of every entry in every build."""
    return getattr(model, name, default) if _may_have(type(model), name) else default


_MAY_HAVE: dict[tuple[type, str], bool] = {}


def _may_have(cls: type[BaseModel], name: str) -> bool:
    """Whether an instance of `cls` can have attribute `name`: a field, anything the class
    itself has (properties, methods), or any name when the class keeps unknown keys."""
    known = _MAY_HAVE.get((cls, name))
    if known is None:
        known = _MAY_HAVE[cls, name] = name in cls.model_fields or hasattr(cls, name) or cls.model_config.get("extra") == "allow"
    return known


_EMPTY_MEANS_LEFT_OUT: dict[type, frozenset[str]] = {}


def _empty_means_left_out(model: type[BaseModel]) -> frozenset[str]:
    """The keys (as written) of `model`'s optional fields whose default is nothing."""
    keys = _EMPTY_MEANS_LEFT_OUT.get(model)
    if keys is None:
        keys = frozenset(
            info.alias or name
            for name, info in model.model_fields.items()
            if not info.is_required()
            and (info.default_factory in (list, dict) or (info.default_factory is None and info.default in (None, False)))
        )
        _EMPTY_MEANS_LEFT_OUT[model] = keys
    return keys


# `note`: text for the people who edit an item, never published. It takes the place of YAML
# comments, which the browser CMS drops when it saves a file.
NOTE_FIELD = "note"


def ordered_fields(model: type[BaseModel]) -> list[tuple[str, Any]]:
    """(key as written, FieldInfo) in the order files and the CMS show them: the model's own
    `field_order` first (a press release's embargo beside its date), then the model's order,
    the note last. The browser CMS writes keys in this order, so hand-written files use it too."""
    fields = {info.alias or name: info for name, info in model.model_fields.items()}
    first = [key for key in getattr(model, "field_order", ()) if key in fields]
    rest = [key for key in fields if key not in first and key != NOTE_FIELD]
    last = [NOTE_FIELD] if NOTE_FIELD in fields else []
    return [(key, fields[key]) for key in first + rest + last]
def _not_text(language: str | None = None) -> PydanticCustomError:
    """pydantic's own "a text was expected" error: the validation layer then quotes the value as
    it was written (`+46706752157`, not 46706752157), or takes it as written when YAML's reading
    of it is the same text (homeward/written.py)."""
    if language is None:
        return PydanticCustomError("string_type", "Input should be a valid string")
    return PydanticCustomError("string_type", "the '{language}' text must be text", {"language": language})


def _check_id(value: Any) -> str:
    if isinstance(value, (int, float, date)) and not isinstance(value, bool):
        raise _not_text()
    if not isinstance(value, str):
        raise ValueError("an id must be text, e.g. 'nordlys-data'")
    if not ID_PATTERN.match(value):
        from slugify import slugify

        example = slugify(value) or "nordlys-data"
        raise ValueError(f"'{value}' is not a valid id; use lowercase letters a-z, digits and hyphens, e.g. '{example}'")
    return value


Id = Annotated[str, BeforeValidator(_check_id)]


def _one_or_many(value: Any) -> Any:
    """`contacts: anna, erik` (a list written as text) means [anna, erik]: an id holds no comma
    or space, so splitting cannot change what was meant."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


IdList = Annotated[list[Id], BeforeValidator(_one_or_many)]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


Text = Annotated[str, AfterValidator(_not_blank)]


class Localized(dict):
    """Text per language: `{nb: ..., sv: ..., en: ...}`; a plain string means every language.

    The key '*' holds a string that is the same in every language.
    """

    def get_text(self, lang: str, fallback: list[str]) -> tuple[str, str | None]:
        """Return (text, language of the text or None when it is language-neutral)."""
        if lang in self:
            return self[lang], lang
        if "*" in self:
            return self["*"], None
        for other in fallback:
            if other in self:
                return self[other], other
        for other, text in self.items():
            return text, other
        return "", None

    def fallback_lang(self, lang: str, fallback: list[str]) -> str | None:
        """The language of the text shown to a reader of `lang` when it is another one (to mark
        it with `lang`), else None."""
        shown = self.get_text(lang, fallback)[1]
        return shown if shown not in (None, lang) else None


def _localized(value: Any, info: ValidationInfo) -> Localized:
    if isinstance(value, Localized):
        return value
    if isinstance(value, (int, float, bool, date)):
        raise _not_text()
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("must not be empty")
        return Localized({"*": value.strip()})
    if isinstance(value, dict):
        languages = (info.context or {}).get("languages")
        out = Localized()
        for key, text in value.items():
            if languages and key not in languages:
                raise ValueError(
                    f"'{key}' is not a configured language (configured: {', '.join(languages)}); "
                    "use one of those codes or add the language to LANGUAGES"
                )
            if text is None or isinstance(text, (int, float, bool, date)):
                raise _not_text(str(key))
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"the '{key}' text must be non-empty text")
            out[str(key)] = text.strip()
        if not out:
            raise ValueError("give at least one language, e.g. {nb: ..., sv: ..., en: ...}")
        return out
    raise ValueError("expected text, or a map of language to text like {nb: ..., sv: ..., en: ...}")


LocalizedText = Annotated[Localized, BeforeValidator(_localized)]


def _safe_url(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a web address like https://example.org")
    text = value.strip()
    if not text.lower().startswith(SAFE_URL_SCHEMES):
        if re.match(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:[/?#]|$)", text):
            # 'skarvfjell.example/jobs': a web address without its https://
            raise ValueError(f"'{text}' is not an allowed address; write it with https:// in front: {{field}}: https://{text}")
        raise ValueError(
            f"'{text}' is not an allowed address; use an https://, http://, mailto: or tel: address"
        )
    bad = _URL_FORBIDDEN.search(text)
    if bad:
        # Escaped in the page it stays harmless, but browsers and validators reject the link.
        what = "a space" if bad.group().isspace() else f"'{bad.group()}'"
        raise ValueError(
            f"'{text}' contains {what}, which a web address cannot hold; copy the address again from the "
            "browser's address bar (a space is written %20)"
        )
    return text


# Characters the URL standard does not allow unescaped anywhere in an address.
_URL_FORBIDDEN = re.compile(r'[\s"<>`{}|\\^\x00-\x1f\x7f]')


Url = Annotated[str, BeforeValidator(_safe_url)]


# A yes/no field: only `true` or `false`, as docs/content-model.md says. pydantic's own bool
# also took `on`, `no`, `yes`, `off`, `1`, `0` (while `ja` was refused), so `hiring: no` built as
# false and `hiring: on` as true; the sourcefile reads YAML 1.2's true/false as booleans.
YesNo = Annotated[bool, Strict()]


# Dates outside these years are typos (2207 for 2027, 0026 for 2026), and near year 9999 date
# arithmetic (a job's last day + 1, an event's end) fails outright.
FIRST_YEAR, LAST_YEAR = 1900, 2199


def _in_range(value: date) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"'{value.isoformat()}' is in the year {value.year}; check the year (dates must fall between {FIRST_YEAR} and {LAST_YEAR})")


def _figure(value: float | int) -> float | int:
    """A figure a page can show: finite and below a quadrillion (Babel's formatting fails near 1e308)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not a finite number (it means infinity or 'not a number'); write a figure like 4310 or 2.5")
    if abs(value) >= 10**15:
        raise ValueError("too large for a figure; write a number below 1000000000000000")
    return value


Figure = Annotated[float | int, AfterValidator(_figure)]


def offset_mismatch(value: datetime, zone: ZoneInfo) -> datetime | None:
    """`value`'s wall time with the offset `zone` has on that day, when `value` carries another
    offset (summer time forgotten or assumed); None when the offset is right."""
    expected = value.replace(tzinfo=zone)
    return None if value.utcoffset() == expected.utcoffset() else expected


def _with_local_offset(wall: datetime) -> str:
    """`wall` with the offset Norway and Sweden use on that day (+01:00 winter, +02:00 summer),
    for the example in an error message."""
    return wall.replace(tzinfo=ZoneInfo(DEFAULT_TIMEZONE)).isoformat()


# Dates as people write them in Norway, Sweden and elsewhere: 14.10.2026, 14/10/2026,
# 14. oktober 2026, 14 okt 2026, optionally with a time (18:00, kl. 18.00).
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januar", "januari", "january", "jan"),
            ("februar", "februari", "february", "feb"),
            ("mars", "march", "mar"),
            ("april", "apr"),
            ("mai", "maj", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("august", "augusti", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("desember", "december", "des", "dec"),
        ],
        start=1,
    )
    for name in names
}
_DAY_FIRST = re.compile(
    r"^(?P<day>\d{1,2})\.?[./\- ]\s*(?P<month>\d{1,2}|[^\W\d_]+)\.?[./\- ]\s*(?P<year>\d{4})"
    r"(?:[ ,T]+(?:kl\.?\s*)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2}))?$",
    re.IGNORECASE,
)


def day_first(text: str) -> datetime | date | None:
    """'14.10.2026' → 2026-10-14; '14. oktober 2026 kl. 18.00' → 2026-10-14 18:00; else None."""
    found = _DAY_FIRST.match(text.strip())
    if found is None:
        return None
    month_text = found["month"].lower()
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text)
    try:
        day = date(int(found["year"]), month or 0, int(found["day"]))
        if found["hour"] is None:
            return day
        return datetime.combine(day, time(int(found["hour"]), int(found["minute"])))
    except ValueError:
        return None


_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("monday", "mon", "mandag", "man", "måndag", "mån"),
            ("tuesday", "tue", "tues", "tirsdag", "tir", "tis", "tisdag"),
            ("wednesday", "wed", "onsdag", "ons"),
            ("thursday", "thu", "thur", "thurs", "torsdag", "tor", "tors"),
            ("friday", "fri", "fredag", "fre"),
            ("saturday", "sat", "lørdag", "lør", "lördag", "lör"),
            ("sunday", "sun", "søndag", "søn", "söndag", "sön"),
        ]
    )
    for name in names
}
_LEADING_WORD = re.compile(r"^([^\W\d_]+)\.?,?\s+(?=\d)")
_YEAR_FIRST = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{1,2})(?::(?P<second>\d{1,2})(?:\.\d+)?)?(?P<offset>Z|[+-]\d{2}(?::?\d{2})?)?)?$"
)
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _days_in(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(year, month)[1]


def _impossible(text: str) -> str | None:
    """What is wrong with a date written year first whose month, day, hour or minute does not
    exist ('2027-11-31': November has 30 days), and how to fix it; None when nothing is."""
    found = _YEAR_FIRST.match(text)
    if found is None:
        return None
    year, month, day = int(found["year"]), int(found["month"]), int(found["day"])
    if not 1 <= month <= 12:
        return f"there is no month {found['month']} (months go from 01 to 12); check the month"
    last = _days_in(year, month)
    if not 1 <= day <= last:
        if day == 0:
            return f"there is no day {found['day']} (days start at 01); check the day"
        if month == 2 and day == 29:
            why = f"{year} is not a leap year, so February {year} has 28 days"
        else:
            why = f"{_MONTH_NAMES[month - 1]} {year} has {last} days"
        return f"{why}; check the day (the last day of the month is {year:04d}-{month:02d}-{last:02d})"
    if found["hour"] is None:
        return None
    hour, minute, second = int(found["hour"]), int(found["minute"]), int(found["second"] or 0)
    if hour == 24 and minute == 0 and second == 0:
        after = date(year, month, day).toordinal() + 1
        nxt = date.fromordinal(after) if after <= date.max.toordinal() else None
        offset = found["offset"] or ""
        shown = f"{nxt.isoformat()}T00:00{':00' if found['second'] is not None else ''}{offset}" if nxt else "00:00 of the next day"
        return f"hours go from 00 to 23; write midnight as the start of the next day: {{field}}: {shown}"
    if hour > 23:
        return f"there is no hour {found['hour']} (hours go from 00 to 23); check the time"
    if minute > 59:
        return f"there is no minute {found['minute']} (minutes go from 00 to 59); check the time"
    if second > 59:
        return f"there is no second {found['second']} (seconds go from 00 to 59); check the time"
    return None


def _without_weekday(text: str) -> tuple[int | None, str]:
    """('Tue 2027-03-02' →) the weekday a date starts with (0 = Monday) and the rest."""
    found = _LEADING_WORD.match(text)
    if found is None or found.group(1).lower() not in _WEEKDAYS:
        return None, text
    return _WEEKDAYS[found.group(1).lower()], text[found.end() :]


def _date_problem(value: str, with_time: bool) -> str | None:
    """Why a date as written is not read, in words, with the fix: a date that does not exist
    ('2027-11-31'), or a date with a weekday in front ('Tue 2027-03-02')."""
    text = value.strip()
    weekday, rest = _without_weekday(text)
    impossible = _impossible(rest)
    if impossible is not None:
        what = "a time" if impossible.startswith(("hours", "there is no hour", "there is no minute", "there is no second")) else "a date"
        return f"'{value}' is not {what}: {impossible}"
    if weekday is None:
        return None
    meant: date | datetime | None
    try:
        meant = datetime.fromisoformat(rest) if len(rest) > 10 else date.fromisoformat(rest)
    except ValueError:
        meant = day_first(rest)
    if meant is None:
        return None
    day = meant.date() if isinstance(meant, datetime) else meant
    note = ""
    if day.weekday() != weekday:
        note = f" (and check the day: {day.isoformat()} is a {_DAY_NAMES[day.weekday()]}, not a {_DAY_NAMES[weekday]})"
    if with_time:
        wall = meant if isinstance(meant, datetime) else datetime.combine(meant, time(9, 0))
        shown = wall.isoformat() if wall.tzinfo is not None else _with_local_offset(wall)
        how = "write the date without the weekday, with the time and the offset" if isinstance(meant, datetime) else "write the date without the weekday, with a time and the offset, e.g."
    else:
        shown = (meant.isoformat() if meant.tzinfo is not None else _with_local_offset(meant)) if isinstance(meant, datetime) else meant.isoformat()
        how = "write the date without the weekday"
    return f"'{value}' starts with a weekday, which the site does not read{note}; {how}: {{field}}: {shown}"


def _aware_datetime(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            problem = _date_problem(value, with_time=True)
            if problem is not None:
                raise ValueError(problem) from None
            meant = day_first(value)
            if meant is not None:
                wall = meant if isinstance(meant, datetime) else datetime.combine(meant, time(9, 0))
                how = "write it year first, with the time and the offset" if isinstance(meant, datetime) else "write it year first, with a time and the offset, e.g."
                raise ValueError(f"'{value}' is not written the way the site reads dates; {how}: {{field}}: {_with_local_offset(wall)}") from None
            raise ValueError(
                f"'{value}' is not a date and time; write it as 2027-03-26T09:00:00+01:00"
            ) from None
    if isinstance(value, date) and not isinstance(value, datetime):
        example = _with_local_offset(datetime.combine(value, time(9, 0)))
        raise ValueError(f"needs a time and an offset too; write e.g. {example}")
    if not isinstance(value, datetime):
        raise ValueError("expected a date and time like 2027-03-26T09:00:00+01:00")
    _in_range(value)
    if value.tzinfo is None or value.utcoffset() is None:
        # The example carries the offset of that very day: +02:00 in summer, +01:00 in winter.
        raise ValueError(f"'{value.isoformat()}' has no UTC offset; add it, e.g. {_with_local_offset(value)}")
    return value


AwareDateTime = Annotated[datetime, BeforeValidator(_aware_datetime)]


def _date_or_datetime(value: Any) -> date | datetime:
    parsed = _parse_date(value)
    _in_range(parsed)
    return parsed


def _parse_date(value: Any) -> date | datetime:
    if isinstance(value, (date, datetime)):
        return value
    if isinstance(value, str):
        text = value.strip()
        for parse in (date.fromisoformat, datetime.fromisoformat):
            try:
                return parse(text)
            except ValueError:
                continue
        try:
            return datetime.strptime(text, "%Y-%m-%d %H:%M")
        except ValueError:
            pass
    problem = _date_problem(value, with_time=False) if isinstance(value, str) else None
    if problem is not None:
        raise ValueError(problem)
    meant = day_first(value) if isinstance(value, str) else None
    if meant is not None:
        fixed = _with_local_offset(meant) if isinstance(meant, datetime) else meant.isoformat()
        raise ValueError(f"'{value}' is not written the way the site reads dates; write it year first: {{field}}: {fixed}")
    raise ValueError(f"'{value}' is not a date; write it as 2026-10-14 or 2026-10-14T10:00:00+02:00")


DateOrDateTime = Annotated[date | datetime, BeforeValidator(_date_or_datetime)]


def _plain_date(value: Any) -> date:
    parsed = _date_or_datetime(value)
    return parsed.date() if isinstance(parsed, datetime) else parsed


PlainDate = Annotated[date, BeforeValidator(_plain_date)]


_PELICAN_PLACEHOLDER = re.compile(r"^\{(?:static|attach)\}/?")


def _content_path(value: Any) -> Any:
    """A file under content/: `images/x.jpg`, `/images/x.jpg`, or Pelican's `{static}/images/x.jpg`.

    Images from other websites are refused: loading them would tell that host about every
    reader (the site makes no third-party requests), and they can vanish.
    """
    if isinstance(value, str):
        if re.match(r"^(?:https?:)?//", value.strip(), re.I):
            raise ValueError(
                f"'{value.strip()}' is on another website; download the image into content/images/ and write its path, e.g. images/photo.jpg"
            )
        return _PELICAN_PLACEHOLDER.sub("", value.strip())
    return value


ContentPath = Annotated[str, BeforeValidator(_content_path), AfterValidator(_not_blank)]


class Focus(NamedTuple):
    """The point of an image that must stay in view when it is cropped: percent from the left and the top."""

    x: int
    y: int


_FOCUS_WORDS = {"left": ("x", 0), "right": ("x", 100), "top": ("y", 0), "bottom": ("y", 100), "center": (None, 50), "centre": (None, 50)}
_FOCUS_EXAMPLE = "write it as 'x% y%' from the top left, e.g. focus: 50% 30%, or in words, e.g. focus: top left"


def parse_focus(value: Any) -> Focus:
    """`focus: 40% 25%`, `focus: [40, 25]`, `focus: top`, `focus: bottom right` → Focus(x, y)."""
    if isinstance(value, (list, tuple)):
        parts = [str(v) for v in value]
    elif isinstance(value, str) and value.strip():
        parts = value.replace(",", " ").split()
    else:
        raise ValueError(_FOCUS_EXAMPLE)
    words = [p.lower() for p in parts]
    if all(w in _FOCUS_WORDS for w in words) and 1 <= len(words) <= 2:
        x, y = 50, 50
        for word in words:
            axis, number = _FOCUS_WORDS[word]
            if axis == "x":
                x = number
            elif axis == "y":
                y = number
        return Focus(x, y)
    numbers = []
    for part in parts:
        try:
            numbers.append(float(part.rstrip("%")))
        except ValueError:
            raise ValueError(f"'{value}' is not a focus point; {_FOCUS_EXAMPLE}") from None
    if len(numbers) != 2 or not all(0 <= n <= 100 for n in numbers):
        raise ValueError(f"'{value}' is not a focus point: give two numbers from 0 to 100; {_FOCUS_EXAMPLE}")
    return Focus(round(numbers[0]), round(numbers[1]))


FocusPoint = Annotated[Focus, BeforeValidator(parse_focus)]
# Where a portrait is cropped when a card is wider than the photo: faces sit in its upper part.
PORTRAIT_FOCUS = Focus(50, 30)


class ImageRef(Model):
    """An image with the text a screen reader reads (`alt`) and the credit the photographer is owed.

    `alt`, `caption` and `credit` are localized text: a plain string is the same in every language.
    `focus` keeps the subject in view when a phone crops the image.
    """

    src: ContentPath
    alt: LocalizedText
    caption: LocalizedText | None = None
    credit: LocalizedText | None = None
    focus: FocusPoint | None = None


class Source(Model):
    name: LocalizedText
    url: Url | None = None


class Link(Model):
    label: LocalizedText
    url: Url


# -- Organisation numbers: how companies are matched with the job boards' employers --------

_NO_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def _norwegian_check_digit_ok(digits: str) -> bool:
    """Brønnøysund's modulus 11 over the first eight digits."""
    remainder = sum(int(d) * w for d, w in zip(digits[:8], _NO_WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check != 10 and check == int(digits[8])


def _swedish_check_digit_ok(digits: str) -> bool:
    """Bolagsverket's Luhn check over all ten digits."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalise_org_number(value: Any) -> str | None:
    """The form organisation numbers are compared in, or None when it is not one.

    Norwegian organisasjonsnummer: 9 digits (`NO 987 654 321 MVA` → `987654321`). Swedish
    organisationsnummer: `NNNNNN-NNNN` (`5569616161`, `SE556961616101` (VAT), `16556961-6161`
    (with century) → `556961-6161`). Job boards write them each their own way.
    """
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip().upper()
    vat_se = text.startswith("SE")
    text = re.sub(r"^(?:NO|SE)|MVA$", "", text).strip()
    digits = re.sub(r"[\s.\-]", "", text)
    if not digits.isdigit():
        return None
    if len(digits) == 12 and vat_se and digits.endswith("01"):
        digits = digits[:10]
    elif len(digits) == 12 and digits[:2] in ("16", "18", "19", "20"):
        digits = digits[2:]
    if len(digits) == 9 and "-" not in text:  # NNNNNN-NNN is a Swedish number missing a digit
        return digits
    if len(digits) == 10:
        return f"{digits[:6]}-{digits[6:]}"
    return None


def _org_number(value: Any) -> str:
    """A company's `org_number`, checked: the same digits the registers show, check digit included."""
    if isinstance(value, int) and not isinstance(value, bool) and len(str(value)) < 9:
        raise ValueError(f"'{value}' lost its leading zero; put the number in quotes: org_number: \"0{value}\"")
    normal = normalise_org_number(value)
    if normal is None and re.search(r"[^\W\d_]", re.sub(r"^\s*(?:NO|SE)|MVA\s*$", "", str(value), flags=re.IGNORECASE)):
        # A letter inside the number (an O for a 0, a note): a prefix NO/SE or suffix MVA is fine.
        raise ValueError(f"'{value}' is not a number of digits; write it as it is registered, e.g. org_number: \"556036-0793\" or \"987654325\"")
    if normal is None:
        raise ValueError(
            f"'{value}' is not an organisation number; write the 9 digits of a Norwegian organisasjonsnummer "
            "(e.g. \"987654325\") or the 10 digits of a Swedish organisationsnummer (e.g. \"556036-0793\")"
        )
    digits = normal.replace("-", "")
    ok = _norwegian_check_digit_ok(digits) if len(digits) == 9 else _swedish_check_digit_ok(digits)
    if not ok:
        register = "Brønnøysundregistrene (brreg.no)" if len(digits) == 9 else "Bolagsverket or allabolag.se"
        raise ValueError(f"'{value}' has a wrong check digit, so it is not a real organisation number; copy it again from {register}")
    return normal


OrgNumber = Annotated[str, BeforeValidator(_org_number)]


def _board_org_number(value: Any) -> str | None:
    """An employer's number as a job board gives it: normalised, not judged (no check digit)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    normal = normalise_org_number(value)
    if normal is None:
        raise ValueError(f"'{value}' is not an organisation number (9 digits in Norway, 10 in Sweden)")
    return normal


EmployerOrgNumber = Annotated[str | None, BeforeValidator(_board_org_number)]


def _municipality_code(value: Any) -> str:
    """The official municipality number as text: `3401` (kommunenummer), `0180` (kommunkod)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 < value < 1000:
            # Written 301 (a spreadsheet drops the zero); 0301 as written stays the text "0301".
            raise ValueError(f"'{value}' is not a 4-digit municipality number; if a leading zero was lost, write the code in quotes with it: code: \"{value:04d}\"")
        value = str(value)
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}", value.strip()):
        raise ValueError(
            f"'{value}' is not a municipality number; write the official 4 digits in quotes, e.g. code: \"3401\" "
            "(kommunenummer, ssb.no) or code: \"2380\" (kommunkod, scb.se)"
        )
    return value.strip()


MunicipalityCode = Annotated[str, BeforeValidator(_municipality_code)]


def _language_code(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z]{2,3}", value.strip()):
        raise ValueError(f"'{value}' is not a language code; use a code like nb, sv or en")
    return value.strip()


LanguageCode = Annotated[str, BeforeValidator(_language_code)]


def _safe_html(value: Any) -> str:
    from .safe_html import clean_html

    if not isinstance(value, str):
        raise ValueError("expected HTML text")
    return clean_html(value)


SafeHtml = Annotated[str, BeforeValidator(_safe_html)]
