"""Markdown content types (front matter fields). Body HTML is added by the loader."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from .fields import AwareDateTime, ContentPath, DateOrDateTime, Id, ImageRef, Model, Text


class Document(Model):
    """Fields every Markdown file may carry; `lang` and `slug` may come from the file name."""

    section: ClassVar[str] = ""
    # Where the images of a field live under content/ (the CMS browses and uploads there).
    media_folders: ClassVar[dict[str, str]] = {"image": "images/photos"}

    title: Text
    slug: Id
    lang: str
    date: DateOrDateTime | None = None
    modified: DateOrDateTime | None = None
    summary: str | None = None
    tags: list[Text] = Field(default_factory=list)
    image: ImageRef | None = None
    companies: list[Id] = Field(default_factory=list)
    region: Id | None = None
    status: Literal["draft", "published"] = "published"
    template: str | None = None
    untranslated: bool = False
    note: str | None = None  # for the people who edit the item; never published (NOTE_FIELD)

    @field_validator("status", mode="before")
    @classmethod
    def _lowercase(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("tags", "companies", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        return value


class Article(Document):
    """A news article — `content/articles/`."""

    section: ClassVar[str] = "news"
    date: DateOrDateTime


class Quote(Model):
    text: Text
    person: Id


class PressRelease(Article):
    """A press release — `content/press/`: an article plus embargo, quotes, contacts and press kit."""

    section: ClassVar[str] = "press"
    field_order: ClassVar[tuple[str, ...]] = ("title", "slug", "date", "embargo")
    media_folders: ClassVar[dict[str, str]] = {"image": "images/press", "images": "images/press"}
    embargo: AwareDateTime | None = None
    quotes: list[Quote] = Field(default_factory=list)
    contacts: list[Id] = Field(default_factory=list)
    images: list[ImageRef] = Field(default_factory=list)
    about: Id | None = None
    pdf: bool = False


class Page(Document):
    """A static page — `content/pages/`; `menu` is its place in the main menu."""

    section: ClassVar[str] = ""
    menu: int | None = None


class StoryPerson(Model):
    name: Text
    role: str | None = None
    from_: str | None = Field(default=None, alias="from")
    photo: ContentPath | None = None


class Story(Document):
    """A person who moved here — `content/stories/`."""

    section: ClassVar[str] = "stories"
    media_folders: ClassVar[dict[str, str]] = {"image": "images/photos", "person.photo": "images/people"}
    person: StoryPerson
    company: Id | None = None
    municipality: Id | None = None
    quote: str | None = None


def sort_date(value: date | datetime | None) -> str:
    """A sortable key for mixed dates and datetimes (newest-first lists)."""
    if value is None:
        return ""
    return value.isoformat()
