"""Field types shared by every content type: ids, localized text, URLs, dates, images."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationInfo

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SAFE_URL_SCHEMES = ("http://", "https://", "mailto:", "tel:")


class Model(BaseModel):
    """Base for all content: unknown keys are ignored here and reported as warnings by the loader."""

    model_config = ConfigDict(extra="ignore", frozen=False, arbitrary_types_allowed=True)


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


def _check_id(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("an id must be text, e.g. 'nordlys-data'")
    if not ID_PATTERN.match(value):
        from slugify import slugify

        example = slugify(value) or "nordlys-data"
        raise ValueError(f"'{value}' is not a valid id; use lowercase letters a-z, digits and hyphens, e.g. '{example}'")
    return value


Id = Annotated[str, BeforeValidator(_check_id)]


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


def _localized(value: Any, info: ValidationInfo) -> Localized:
    if isinstance(value, Localized):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
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
            raise ValueError(f"'{text}' is not an allowed address; write it with https:// in front: https://{text}")
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
    """`wall` with the offset Norway and Sweden use on that day (+01:00 winter, +02:00 summer)."""
    return wall.replace(tzinfo=ZoneInfo("Europe/Oslo")).isoformat()


def _aware_datetime(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
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


class ImageRef(Model):
    """An image with the text a screen reader reads (`alt`) and the credit the photographer is owed."""

    src: ContentPath
    alt: Text
    caption: str | None = None
    credit: str | None = None


class Source(Model):
    name: Text
    url: Url | None = None


class Link(Model):
    label: LocalizedText
    url: Url
