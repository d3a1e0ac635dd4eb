"""View data for the press templates, resolved once in Python so templates only render.

A release names contacts, quote persons and its organisation by id; here they become the
names, localized roles, phone/e-mail links and boilerplates a journalist reads. The press
room's contact list, image bank and boilerplates are collected from the releases passed
in, which are only the published ones (the loader has already removed the rest).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from homeward.model import PressRelease
from homeward.model.documents import sort_date
from homeward.model.fields import Localized
from homeward.site import Entry, Site
from homeward.text import mentions

SECTION = "press"

# File types journalists recognise, named next to the download link.
_FILE_TYPES = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".webp": "WebP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".svg": "SVG",
}


def affiliation(role: Localized | None, organisation: str | None) -> Localized | None:
    """'Kommunikationschef, Skarvfjellrådet' per language; the organisation is not repeated where
    the role already names it ('Projektledare för IEC', not 'Projektledare för IEC, IEC')."""
    if not role:
        return Localized({"*": organisation}) if organisation else None
    return Localized(
        {lang: text if not organisation or mentions(text, organisation) else f"{text}, {organisation}" for lang, text in role.items()}
    )


@dataclass(frozen=True)
class PressContact:
    """A person as a journalist needs them: name, localized role, organisation, phone, e-mail.
    A quoted person who is not a press contact has only a name and a role (`id` is empty)."""

    id: str
    name: str
    role: Localized | None = None
    organisation: str | None = None
    phone: str | None = None
    email: str | None = None
    photo: str | None = None

    @property
    def affiliation(self) -> Localized | None:
        """Role and organisation as one line, in every language the role is written in."""
        return affiliation(self.role, self.organisation)

    @property
    def tel(self) -> str | None:
        """`tel:` target without spaces or punctuation, so phones dial it as written."""
        if not self.phone:
            return None
        digits = re.sub(r"[^\d+]", "", self.phone)
        return f"tel:{digits}" if digits else None

    @property
    def mailto(self) -> str | None:
        return f"mailto:{self.email}" if self.email else None


@dataclass(frozen=True)
class PressQuote:
    text: str
    person: PressContact


@dataclass(frozen=True)
class PressImage:
    """A press image with what must travel with it: alt text, caption, credit, its release."""

    src: str
    alt: str
    caption: str | None = None
    credit: str | None = None
    release_url: str = ""
    release_title: str = ""
    release_lang: str = ""
    focus: tuple[int, int] | None = None  # kept in view where the image is cropped

    @property
    def credit_labelled(self) -> bool:
        """True when the credit already says what it is ('Illustration: X'), so no 'Photo:' is added."""
        return bool(self.credit and ":" in self.credit)

    @property
    def local(self) -> bool:
        return not re.match(r"^[a-z]+:", self.src)

    @property
    def file(self) -> str:
        """The path inside the content folder, which is where WeasyPrint reads it from."""
        return self.src.lstrip("/")

    @property
    def file_type(self) -> str:
        suffix = PurePosixPath(self.src).suffix.lower()
        return _FILE_TYPES.get(suffix, suffix.lstrip(".").upper())


@dataclass(frozen=True)
class Boilerplate:
    """An organisation's standard 'About X' paragraph, localized in the template with `loc`."""

    id: str
    name: str
    about: Localized
    website: str | None = None


@dataclass
class ReleaseView:
    """Everything a release page or PDF shows beyond the entry itself."""

    quotes: list[PressQuote] = field(default_factory=list)
    contacts: list[PressContact] = field(default_factory=list)
    images: list[PressImage] = field(default_factory=list)
    about: Boilerplate | None = None
    pdf_url: str | None = None  # the original language's PDF, also linked from fallback pages


def public_releases(site: Site, lang: str) -> list[Entry]:
    """Every published release as a reader of `lang` sees it (theirs, else the best other), newest first.

    The press room's contacts, image bank and boilerplates come from these, so a release not
    yet translated still lists its contacts and images; preview-only entries never do.
    """
    entries = [item.best(lang, site.codes) for item in site.kind("press")]
    public = [entry for entry in entries if not entry.preview_only]
    return sorted(public, key=lambda e: (sort_date(e.meta.date), e.slug), reverse=True)


def release_url(lang: str, slug: str) -> str:
    return f"/{lang}/{SECTION}/{slug}/"


def pdf_url(entry: Entry) -> str | None:
    """Where the PDF of this entry is published: beside the page in the entry's own language."""
    meta = entry.meta
    if not isinstance(meta, PressRelease) or not meta.pdf:
        return None
    return f"{release_url(entry.lang, entry.slug)}{entry.slug}.pdf"


def contact(site: Site, contact_id: str) -> PressContact:
    person = site.contacts[contact_id]
    org_id = person.organisation or ""
    org = site.organisations.get(org_id) or site.companies.get(org_id)
    return PressContact(
        id=person.id,
        name=person.name,
        role=person.role,
        organisation=org.name if org is not None else None,
        phone=person.phone,
        email=person.email,
        photo=person.photo,
    )


def boilerplate(site: Site, org_id: str | None) -> Boilerplate | None:
    org = site.organisations.get(org_id or "")
    if org is None or not org.about:
        return None
    return Boilerplate(id=org.id, name=org.name, about=org.about, website=org.website)


def _text(value: Localized | None, lang: str) -> str | None:
    """Localized image text in the release's language (a plain string is that language)."""
    return value.get_text(lang, [])[0] if value else None


def images_of(entry: Entry, lang: str | None = None) -> list[PressImage]:
    """The release's press images; `release_url` points to its page in `lang` (a fallback page if need be)."""
    meta = entry.meta
    return [
        PressImage(
            src=image.src,
            alt=_text(image.alt, entry.lang) or "",
            caption=_text(image.caption, entry.lang),
            credit=_text(image.credit, entry.lang),
            focus=image.focus,
            release_url=release_url(lang or entry.lang, entry.slug),
            release_title=meta.title,
            release_lang=entry.lang,
        )
        for image in getattr(meta, "images", [])
    ]


def lead_image(meta: PressRelease) -> PressImage | None:
    """The release's main `image` for print, when it is a file in the content folder."""
    if meta.image is None:
        return None
    lead, lang = meta.image, meta.lang
    image = PressImage(src=lead.src, alt=_text(lead.alt, lang) or "", caption=_text(lead.caption, lang), credit=_text(lead.credit, lang))
    return image if image.local else None


def release_view(site: Site, entry: Entry) -> ReleaseView:
    meta = entry.meta
    assert isinstance(meta, PressRelease)
    return ReleaseView(
        quotes=[PressQuote(text=q.text, person=contact(site, q.person) if q.person else PressContact(id="", name=q.name or "", role=q.role)) for q in meta.quotes],
        contacts=[contact(site, c) for c in dict.fromkeys(meta.contacts)],
        images=images_of(entry),
        about=boilerplate(site, meta.about),
        pdf_url=pdf_url(entry),
    )


def press_contacts(site: Site, entries: Iterable[Entry], configured: list[str] | None = None) -> list[PressContact]:
    """PRESS_CONTACTS when set, else everyone a release names as contact, newest release first."""
    if configured:
        ids = list(dict.fromkeys(configured))
    else:
        ids = list(dict.fromkeys(c for entry in entries for c in getattr(entry.meta, "contacts", [])))
    return [contact(site, contact_id) for contact_id in ids]


def image_bank(entries: Iterable[Entry], lang: str) -> list[PressImage]:
    """Every press image of the given releases, once each (the newest release's caption wins)."""
    seen: dict[str, PressImage] = {}
    for entry in entries:
        for image in images_of(entry, lang):
            seen.setdefault(image.src, image)
    return list(seen.values())


def boilerplates(site: Site, entries: Iterable[Entry]) -> list[Boilerplate]:
    """The 'About X' texts of the organisations behind the given releases, newest first."""
    found: dict[str, Boilerplate] = {}
    for entry in entries:
        about = boilerplate(site, getattr(entry.meta, "about", None))
        if about is not None:
            found.setdefault(about.id, about)
    return list(found.values())
