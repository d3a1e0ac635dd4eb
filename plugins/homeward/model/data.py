"""Region data types: the YAML files under `content/data/`."""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from typing import ClassVar, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import Field, field_validator, model_validator

from .fields import (
    FIRST_YEAR,
    LAST_YEAR,
    AwareDateTime,
    ContentPath,
    DateOrDateTime,
    EmployerOrgNumber,
    Figure,
    Id,
    IdList,
    ImageRef,
    LanguageCode,
    Link,
    LocalizedText,
    Model,
    MunicipalityCode,
    OrgNumber,
    PlainDate,
    SafeHtml,
    Source,
    Text,
    Url,
    YesNo,
)

# The zone of each country `Region.country` accepts (its capital's): a region without `timezone` gets it.
COUNTRY_ZONES = {"NO": "Europe/Oslo", "SE": "Europe/Stockholm", "DK": "Europe/Copenhagen", "FI": "Europe/Helsinki", "IS": "Atlantic/Reykjavik"}


def _check_timezone(value: str | None) -> str | None:
    if value is None:
        return value
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        close = difflib.get_close_matches(value, sorted(available_timezones()), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "use an IANA name like Europe/Oslo or Europe/Stockholm"
        raise ValueError(f"'{value}' is not a known time zone; {hint}") from None
    return value


class Municipality(Model):
    id: Id
    name: Text
    # The official number (kommunenummer / kommunkod): how the job boards name the municipality.
    code: MunicipalityCode | None = None
    country: Literal["NO", "SE", "DK", "FI", "IS"] | None = None


class Fact(Model):
    """A figure on the site; it always carries its source and year."""

    id: Id
    value: Figure
    unit: LocalizedText | None = None
    label: LocalizedText
    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    source: Source
    series: Id | None = None
    key: YesNo = False


class FactSeries(Model):
    """Extension: a title for facts that share `series`, shown above their chart."""

    id: Id
    title: LocalizedText


class Region(Model):
    id: Id
    name: Text
    tagline: LocalizedText | None = None
    country: Literal["NO", "SE", "DK", "FI", "IS"]
    timezone: str = ""  # empty: the capital's zone of `country` (see _default_zone)
    municipalities: list[Municipality] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    fact_series: list[FactSeries] = Field(default_factory=list)
    relocation_contact: Id | None = None
    links: list[Link] = Field(default_factory=list)

    _tz = field_validator("timezone")(classmethod(lambda cls, v: _check_timezone(v or None) or v))

    @model_validator(mode="after")
    def _default_zone(self) -> Region:
        """No `timezone`: the country's (Europe/Stockholm for SE, Europe/Oslo for NO, …)."""
        if not self.timezone:
            self.timezone = COUNTRY_ZONES[self.country]  # every country `country` accepts has one
        return self


class Organisation(Model):
    media_folders: ClassVar[dict[str, str]] = {"logo": "images/logos"}

    id: Id
    name: Text
    kind: str | None = None
    website: Url | None = None
    logo: ContentPath | None = None
    about: LocalizedText | None = None
    members: IdList = Field(default_factory=list)
    note: str | None = None

    @field_validator("kind", mode="before")
    @classmethod
    def _kind_keyword(cls, value: object) -> object:
        """`University` and ` public ` mean the keywords the organisations plugin knows."""
        return value.strip().lower() if isinstance(value, str) else value


class Sector(Model):
    """Optional `data/sectors.yaml`: the localized name of each sector id used by companies."""

    id: Id
    label: LocalizedText


class Tag(Model):
    """Optional `data/tags.yaml`: the name of a tag in every language, so one tag id written in
    every language's files (`tags: [jobs]`) reads as "Jobber", "Jobb" and "Jobs". Tags without
    an entry are shown as written."""

    id: Text
    label: LocalizedText


class Contact(Model):
    media_folders: ClassVar[dict[str, str]] = {"photo": "images/people"}

    id: Id
    name: Text
    role: LocalizedText | None = None
    organisation: Id | None = None
    phone: str | None = None
    email: str | None = None
    photo: ContentPath | None = None
    note: str | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None:
            return value
        text = value.strip()
        if text.lower().startswith("mailto:"):
            raise ValueError(f"'{text}' starts with 'mailto:', which the site adds itself; write the address alone: email: {text[7:].strip()}")
        joined = re.sub(r"\s+", "", text)
        if re.search(r"\s", text) and _EMAIL.match(joined):
            raise ValueError(f"'{text}' has a space in it, which an e-mail address cannot hold; write it without: email: {joined}")
        if not _EMAIL.match(text):
            raise ValueError(f"'{text}' is not an e-mail address; write it like name@example.org")
        return text

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return _phone_number(value)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Letters typed for the digits they look like: O for 0, l and I for 1.
_LOOK_ALIKE = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})


def _phone_number(value: str | None) -> str | None:
    """A number people can read and phones can dial: digits, spaces, + - ( ) / only."""
    if value is None:
        return value
    text = value.strip()
    letters = re.findall(r"[^\W\d_]", text)
    if not letters:
        if not re.search(r"\d", text):
            raise ValueError(f"'{text}' has no digits; write the phone number, e.g. phone: \"+47 712 34 567\"")
        return text
    if all(letter in "OolI" for letter in letters) and re.search(r"\d", text):
        fixed = text.translate(_LOOK_ALIKE)
        shown = "', '".join(dict.fromkeys(letters))
        return _refuse_phone(text, f"has the letter '{shown}' where a digit belongs", fixed)
    fixed = re.sub(r"\(\s*\)", "", re.sub(r"[^\d+\-()/ ]", "", text))
    fixed = " ".join(fixed.split()).strip(" -/")
    if not re.search(r"\d", fixed):
        raise ValueError(f"'{text}' has no digits; write the phone number, e.g. phone: \"+47 712 34 567\"")
    return _refuse_phone(text, "has letters in it", fixed)


def _refuse_phone(text: str, why: str, fixed: str) -> str:
    raise ValueError(f"'{text}' {why}; write the number alone, with digits: phone: \"{fixed}\"")


class Company(Model):
    media_folders: ClassVar[dict[str, str]] = {"logo": "images/logos"}

    id: Id
    name: Text
    # Organisasjonsnummer / organisationsnummer: links the company to the job boards' ads.
    org_number: OrgNumber | None = None
    website: Url | None = None
    logo: ContentPath | None = None
    sectors: IdList = Field(default_factory=list)
    municipality: Id | None = None
    employees: int | None = Field(default=None, ge=0)
    hiring: YesNo = False
    remote_friendly: YesNo = False
    description: LocalizedText | None = None
    address: str | None = None
    contact: Id | None = None
    modified: DateOrDateTime | None = None  # "last updated"; else the file's last commit
    note: str | None = None


class Location(Model):
    name: str | None = None
    address: str | None = None
    municipality: Id | None = None
    online_url: Url | None = None


class Session(Model):
    date_order: ClassVar[tuple[tuple[str, str], ...]] = (("start", "end"),)

    title: LocalizedText
    start: AwareDateTime
    end: AwareDateTime | None = None


class Event(Model):
    date_order: ClassVar[tuple[tuple[str, str], ...]] = (("start", "end"),)  # the CMS checks these before saving
    media_folders: ClassVar[dict[str, str]] = {"image": "images/photos"}

    id: Id
    title: LocalizedText
    start: AwareDateTime
    end: AwareDateTime
    timezone: str | None = None
    location: Location = Field(default_factory=Location)
    attendance: Literal["offline", "online", "mixed"] = "offline"
    status: Literal["scheduled", "cancelled", "postponed", "moved_online"] = "scheduled"
    organisers: IdList = Field(default_factory=list)
    companies: IdList = Field(default_factory=list)
    registration_url: Url | None = None
    description: LocalizedText | None = None
    sessions: list[Session] = Field(default_factory=list)
    image: ImageRef | None = None
    modified: DateOrDateTime | None = None  # "last updated"; else the file's last commit
    note: str | None = None

    _tz = field_validator("timezone")(classmethod(lambda cls, v: _check_timezone(v)))

    @field_validator("location", mode="before")
    @classmethod
    def _place_name(cls, value: object) -> object:
        """`location: Kaihuset, Skarvik` is a place name."""
        return {"name": value} if isinstance(value, str) else value

    @field_validator("status", "attendance", mode="before")
    @classmethod
    def _keyword(cls, value: object) -> object:
        """`Cancelled`, `moved-online`, `Moved online` mean the keyword `moved_online`."""
        return value.strip().lower().replace("-", "_").replace(" ", "_") if isinstance(value, str) else value

    @model_validator(mode="after")
    def _end_after_start(self) -> Event:
        if self.end < self.start:
            raise ValueError(
                f"'end' ({self.end.isoformat()}) is before 'start' ({self.start.isoformat()}); swap or correct them"
            )
        for index, session in enumerate(self.sessions):
            _check_session(self, index, session)
        return self


# Fields only the job-board importers set (plugins/jobfeeds); the CMS does not offer them.
IMPORTED = {"imported": True}

# The job boards a `Job.source` names: who publishes the ads, where, and on what terms
# (every imported ad says where it comes from and links to these).
JOB_BOARDS: dict[str, dict[str, str]] = {
    "nav": {
        "name": "NAV",
        "country": "NO",
        "home": "https://arbeidsplassen.nav.no/",
        "terms": "https://arbeidsplassen.nav.no/vilkar-api",
    },
    "arbetsformedlingen": {
        "name": "Arbetsförmedlingen",
        "country": "SE",
        "home": "https://arbetsformedlingen.se/platsbanken/",
        "terms": "https://jobtechdev.se/en/components/jobsearch",
    },
}
def _before(a: datetime, b: datetime) -> bool:
    """`a` is before `b` both as instants and as the times written: an offset that forgets summer
    time (its own warning, see events/checks.py) or an event written in UTC is no session error."""
    return a < b and a.replace(tzinfo=None) < b.replace(tzinfo=None)


def _check_session(event: Event, index: int, session: Session) -> None:
    """A session ends after it starts (a session may run past midnight) and lies within its event."""
    name = f"sessions[{index}]"
    span = f"the event runs from {event.start.isoformat()} to {event.end.isoformat()}"
    if session.end is not None and _before(session.end, session.start):
        raise ValueError(
            f"'{name}.end' ({session.end.isoformat()}) is before its 'start' ({session.start.isoformat()}); swap or correct them"
        )
    if _before(session.start, event.start) or _before(event.end, session.start):
        raise ValueError(
            f"'{name}.start' ({session.start.isoformat()}) is outside the event: {span}; "
            "correct the session's date and time, or the event's 'start' and 'end'"
        )
    if session.end is not None and _before(event.end, session.end):
        raise ValueError(
            f"'{name}.end' ({session.end.isoformat()}) is after the event ends: {span}; "
            "correct the session's end, or the event's 'end'"
        )


class Job(Model):
    """A job: hand-written in `data/jobs/*.yaml`, or imported from a national job board.

    Both kinds are this one model, so lists, facets, company pages and JSON-LD treat them
    alike. An imported ad carries `source`, `source_id` and `original_url`; its employer is
    a region company when the organisation numbers match, else just `employer`.
    """

    date_order: ClassVar[tuple[tuple[str, str], ...]] = (("posted", "valid_through"),)

    id: Id
    title: LocalizedText
    company: Id | None = None
    employer: Text | None = None  # the employer's name when it is not one of the region's companies
    employer_org_number: EmployerOrgNumber = None  # normalised; linked to a company's org_number
    municipality: Id | None = None
    employment_type: Literal[
        "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"
    ] = "FULL_TIME"
    occupation_field: LocalizedText | None = None
    remote: YesNo = False
    posted: PlainDate
    valid_through: PlainDate
    apply_url: Url
    description: LocalizedText
    original_url: Url | None = None  # the ad where it was first published
    source: Literal["nav", "arbetsformedlingen"] | None = Field(default=None, json_schema_extra=IMPORTED)
    source_id: str | None = Field(default=None, json_schema_extra=IMPORTED)
    language: LanguageCode | None = Field(default=None, json_schema_extra=IMPORTED)  # the ad's own language
    description_html: SafeHtml | None = Field(default=None, json_schema_extra=IMPORTED)  # cleaned by the allowlist
    modified: DateOrDateTime | None = None  # "last updated"; else the file's last commit
    note: str | None = None

    @field_validator("employment_type", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper().replace("-", "_").replace(" ", "_") if isinstance(value, str) else value

    @model_validator(mode="after")
    def _valid_after_posted(self) -> Job:
        if self.company is None and self.employer is None:
            raise ValueError("'company' is missing; add 'company: <company id>' (or 'employer: <name>' for an employer without a company page)")
        if self.valid_through < self.posted:
            raise ValueError(
                f"'valid_through' ({self.valid_through}) is before 'posted' ({self.posted}); correct one of them"
            )
        return self

    @property
    def imported(self) -> bool:
        return self.source is not None


__all__ = [
    "JOB_BOARDS",
    "Company",
    "Contact",
    "Event",
    "Fact",
    "Job",
    "Location",
    "Municipality",
    "Organisation",
    "Region",
    "Sector",
    "Session",
    "Tag",
    "date",
]
