"""Markdown content types (front matter fields). Body HTML is added by the loader."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar, Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator

from .fields import (
    PORTRAIT_FOCUS,
    AwareDateTime,
    ContentPath,
    DateOrDateTime,
    Id,
    IdList,
    ImageRef,
    Localized,
    LocalizedText,
    Model,
    Text,
    YesNo,
)


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
    untranslated: YesNo = False
    note: str | None = None  # for the people who edit the item; never published (NOTE_FIELD)
    # Which of `date` and `modified` were written as a day without a time: the loader gives them
    # the region's midnight, and pages show them without a time ("last updated 13 November").
    _days: set[str] = PrivateAttr(default_factory=set)

    @property
    def written_as_day(self) -> set[str]:
        return self._days

    @field_validator("status", mode="before")
    @classmethod
    def _lowercase(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _image_text_in_file_language(self) -> Document:
        """A plain alt, caption or credit in a Markdown file is in that file's language (so a
        fallback page marks it with `lang`); a YAML plain string means every language."""
        texts = [(image, name) for image in [self.image, *getattr(self, "images", [])] if image is not None for name in ("alt", "caption", "credit")]
        texts += [(quote, "role") for quote in getattr(self, "quotes", [])]
        for owner, name in texts:
            value = getattr(owner, name)
            if isinstance(value, Localized) and list(value) == ["*"]:
                setattr(owner, name, Localized({self.lang: value["*"]}))
        return self

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
    """A quote by a press contact (`person: <contact id>`), or by someone who is not one,
    named in the release itself (`name:` and `role:`)."""

    text: Text
    person: Id | None = None
    name: Text | None = None
    role: LocalizedText | None = None

    @model_validator(mode="after")
    def _one_speaker(self) -> Quote:
        if self.person is None and self.name is None:
            raise ValueError(
                "a quote needs who said it; add 'person: <contact id>' for a press contact, "
                "or 'name: …' (and 'role: …') for someone who is not one"
            )
        if self.person is not None and self.name is not None:
            raise ValueError("give either 'person' (a contact id) or 'name', not both; a contact's name comes from contacts.yaml")
        if self.person is not None and self.role is not None:
            raise ValueError("'role' goes with 'name'; a contact's role comes from contacts.yaml, so remove 'role' here")
        return self


class PressRelease(Article):
    """A press release — `content/press/`: an article plus embargo, quotes, contacts and press kit."""

    section: ClassVar[str] = "press"
    field_order: ClassVar[tuple[str, ...]] = ("title", "slug", "date", "embargo")
    media_folders: ClassVar[dict[str, str]] = {"image": "images/press", "images": "images/press"}
    embargo: AwareDateTime | None = None
    quotes: list[Quote] = Field(default_factory=list)
    contacts: IdList = Field(default_factory=list)
    images: list[ImageRef] = Field(default_factory=list)
    about: Id | None = None
    pdf: YesNo = False


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

    @property
    def picture(self) -> dict | None:
        """The picture on cards: the story's image, else the person's portrait, kept to the face."""
        if self.image is not None:
            return {"src": self.image.src, "focus": self.image.focus}
        if self.person.photo:
            return {"src": self.person.photo, "focus": PORTRAIT_FOCUS}
        return None


def sort_date(value: date | datetime | None) -> str:
    """A sortable key for mixed dates and datetimes (newest-first lists)."""
    if value is None:
        return ""
    return value.isoformat()
