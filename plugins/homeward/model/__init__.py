"""The content model: the one place that says what communicators may write.

Every plugin reads content through these classes; field names are the contract in
docs/content-model.md.
"""

from .data import (
    JOB_BOARDS,
    Company,
    Contact,
    Event,
    Fact,
    Job,
    Location,
    Municipality,
    Organisation,
    Region,
    Sector,
    Session,
    Tag,
)
from .documents import Article, Document, Page, PressRelease, Quote, Story, StoryPerson
from .fields import Focus, ImageRef, Link, Localized, Source, attribute_or

__all__ = [
    "JOB_BOARDS",
    "Article",
    "Company",
    "Contact",
    "Document",
    "Event",
    "Fact",
    "Focus",
    "ImageRef",
    "Job",
    "Link",
    "Localized",
    "Location",
    "Municipality",
    "Organisation",
    "Page",
    "PressRelease",
    "Quote",
    "Region",
    "Sector",
    "Session",
    "Source",
    "Story",
    "Tag",
    "StoryPerson",
    "attribute_or",
]
