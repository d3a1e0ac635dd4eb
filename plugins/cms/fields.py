"""Decap CMS fields derived from the pydantic content model, so the editor cannot drift from it.

Every field of a model becomes one Decap field whose widget follows the field's type:
text → string, `Localized` → one input per configured language, bool → boolean,
dates → datetime, `Literal` → select, `list[Model]` → list of objects, ids that refer to
other content → a relation or a select of the ids the site knows. Only presentation
(labels, hints, which ids point where) is written down here; the names and types come
from `homeward.model`.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import Ge
from homeward.model import fields as model_fields
from homeward.model.fields import ID_PATTERN
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

DATETIME_FORMAT = "YYYY-MM-DDTHH:mm:ssZ"  # dayjs: 2027-03-26T09:00:00+01:00, what the loader reads
DATE_FORMAT = "YYYY-MM-DD"

# Which content an id refers to (the loader checks the same references). "relation" reads the
# CMS's own collection live; "select" offers the ids the site knew at build time, for content
# the CMS does not edit (municipalities live in region.yaml) or that spans two collections.
REFERENCES: dict[str, tuple[str, str]] = {
    "companies": ("relation", "companies"),
    "company": ("relation", "companies"),
    "members": ("relation", "companies"),
    "contacts": ("select", "contacts"),
    "contact": ("select", "contacts"),
    "person": ("select", "contacts"),
    "relocation_contact": ("select", "contacts"),
    "about": ("select", "organisations"),
    "organisation": ("select", "organisations_and_companies"),
    "organisers": ("select", "organisations_and_companies"),
    "municipality": ("select", "municipalities"),
    "sectors": ("select", "sectors"),
}
IMAGE_FIELDS = {"src", "photo", "logo"}  # paths of images under content/
LONG_TEXT = {"summary", "description", "about", "quote", "text"}  # a text area, not one line
LABELS = {
    "from": "From (where they moved from)",
    "apply_url": "Application address (URL)",
    "registration_url": "Registration address (URL)",
    "online_url": "Online address (URL)",
    "website": "Website (URL)",
    "src": "Image",
    "alt": "Alt text",
}
# Help under a field; `Model.field` wins over `field` (a press release's status is not an event's).
HINTS = {
    "slug": "The same in every language: the last part of the address, e.g. /nb/news/<slug>/. Lowercase a–z, digits and hyphens.",
    "id": "Lowercase a–z, digits and hyphens, e.g. nordlys-data. The last part of the page's address; do not change it later.",
    "alt": "What the picture shows, for people who cannot see it.",
    "focus": "Optional: the point that must stay in view when a phone crops the picture, e.g. 50% 30% (from the top left) or top. Empty: the centre.",
    "Document.status": "Drafts are never published; they show only in the preview.",
    # Decap saves a file for every language; one without a title stops the build.
    "Document.title": "Needed in every language. Not translated yet? Use 'Fill in from another locale' and tick Untranslated.",
    "embargo": "Before this moment the release appears nowhere on the site.",
    "untranslated": "Tick while this language still holds the original's text; `invoke check` lists these.",
    "timezone": "Leave empty for the region's time zone, or e.g. Europe/Stockholm.",
    "valid_through": "The job leaves the site after this day.",
    "template": "Only for special pages: accessibility or privacy.",
    "menu": "A number: the page's place in the main menu. Leave empty to keep it out of the menu.",
}
ID_RULE = [ID_PATTERN.pattern, "Use lowercase letters a–z, digits and hyphens, e.g. nordlys-data"]
FOCUS_RULE = [
    r"^\s*((\d{1,3}(\.\d+)?%?[\s,]+\d{1,3}(\.\d+)?%?)|((left|right|top|bottom|center|centre)(\s+(left|right|top|bottom|center|centre))?))\s*$",
    "Two numbers from the top left, e.g. 50% 30%, or words like top or bottom left",
]
URL_RULE = ["^(https?://|mailto:|tel:)", "Use an address that starts with https://, http://, mailto: or tel:"]


@dataclass(frozen=True)
class Context:
    """What the widgets need besides the model: languages, build-time choices, i18n mode."""

    codes: list[str]  # configured languages, the default first
    labels: dict[str, str] = field(default_factory=dict)  # language code → its name, for localized inputs
    choices: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # select options by reference kind
    shared: frozenset[str] | None = None  # Markdown: fields duplicated into every language file
    omit: frozenset[str] = frozenset()  # fields the file name gives (lang)
    one_language: bool = False  # Markdown: a file is one language, so localized text is one input


def imported_only(model: type[BaseModel]) -> frozenset[str]:
    """Fields only importers set (job ads' source, id, language, HTML): not for editors."""
    return frozenset(
        info.alias or name for name, info in model.model_fields.items() if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("imported")
    )


def decap_fields(model: type[BaseModel], ctx: Context, i18n: str | None = None) -> list[dict[str, Any]]:
    """One Decap field per model field, in the model's order (fields only importers set left out)."""
    out = []
    skip = imported_only(model)
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in ctx.omit or key in skip:
            continue
        mode = i18n or (("duplicate" if key in ctx.shared else "translate") if ctx.shared is not None else None)
        spec = _widget(key, info.annotation, list(info.metadata), ctx, mode)
        spec = {"name": key, "label": LABELS.get(key, key.replace("_", " ").capitalize()), **spec}
        required = info.is_required()
        if not required:
            spec["required"] = False
            _relax(spec)
            default = info.default
            if default is not PydanticUndefined and default is not None and spec["widget"] in ("boolean", "select", "number"):
                spec.setdefault("default", default)
        elif spec["widget"] == "datetime" and key == "date":
            spec["default"] = "{{now}}"
        hint = _hint(model, key)
        if hint:
            spec["hint"] = hint
        if mode is not None:
            spec["i18n"] = _i18n(spec, mode)
        out.append(spec)
    return out


def _i18n(spec: dict[str, Any], mode: str) -> str | bool:
    """Decap's schema allows only true/false on list and object fields (true = translated)."""
    return True if spec["widget"] in ("list", "object") else mode


def _hint(model: type[BaseModel], key: str) -> str | None:
    for cls in model.__mro__:
        if f"{cls.__name__}.{key}" in HINTS:
            return HINTS[f"{cls.__name__}.{key}"]
    return HINTS.get(key)


def _relax(spec: dict[str, Any]) -> None:
    """Decap validates an object's inputs even when the object is left empty, so inside an
    optional object (an article's `image`) nothing may be required; the build still checks
    that an image that is given has its `alt`."""
    if spec.get("widget") != "object":
        return
    for sub in spec["fields"]:
        sub["required"] = False
        _relax(sub)


def _unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """Strip Optional[...] and Annotated[...] down to the base type and its validators."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            base, *extra = get_args(annotation)
            annotation, metadata = base, [*extra, *metadata]
        elif origin in (Union, types.UnionType):
            args = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(args) != 1:
                return annotation, metadata
            annotation = args[0]
        else:
            return annotation, metadata


def _is(metadata: list[Any], alias: Any) -> bool:
    """Is this field declared with one of the model's field types (Id, LocalizedText, …)?"""
    return any(validator in metadata for validator in alias.__metadata__)


def _widget(key: str, annotation: Any, metadata: list[Any], ctx: Context, mode: str | None) -> dict[str, Any]:
    base, metadata = _unwrap(annotation, metadata)
    origin = get_origin(base)
    if _is(metadata, model_fields.Id):
        return _reference(key, ctx, multiple=False) if key in REFERENCES else {"widget": "string", "pattern": ID_RULE}
    if _is(metadata, model_fields.LocalizedText):
        if ctx.one_language:
            return {"widget": "text" if key in LONG_TEXT else "string"}
        return _localized(key, ctx, mode)
    if _is(metadata, model_fields.FocusPoint):
        return {"widget": "string", "pattern": FOCUS_RULE}
    if _is(metadata, model_fields.Url):
        return {"widget": "string", "pattern": URL_RULE}
    if _is(metadata, model_fields.PlainDate):
        return {"widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT, "time_format": False}
    if _is(metadata, model_fields.AwareDateTime) or _is(metadata, model_fields.DateOrDateTime):
        return {"widget": "datetime", "format": DATETIME_FORMAT}
    if origin is Literal:
        return {"widget": "select", "options": list(get_args(base))}
    if origin is list:
        return _list(key, get_args(base)[0], ctx, mode)
    if isinstance(base, type) and issubclass(base, BaseModel):
        return {"widget": "object", "collapsed": False, "fields": decap_fields(base, _nested(ctx), mode)}
    if base is bool:
        return {"widget": "boolean"}
    if base is int:
        return {"widget": "number", "value_type": "int", **_minimum(metadata)}
    if base is float or get_args(base) and set(get_args(base)) <= {int, float}:
        return {"widget": "number", "value_type": "float", **_minimum(metadata)}
    if base in (date, datetime):
        return {"widget": "datetime", "format": DATETIME_FORMAT}
    if base is str:
        if key in IMAGE_FIELDS:
            return {"widget": "image", "choose_url": False}
        return {"widget": "text" if key in LONG_TEXT else "string"}
    # A loosely typed field (e.g. `dict`): kept as it is in the file, not editable here.
    return {"widget": "hidden"}


def _nested(ctx: Context) -> Context:
    """Fields inside an object or list take the parent's i18n mode and omit nothing."""
    return Context(codes=ctx.codes, labels=ctx.labels, choices=ctx.choices, shared=None, one_language=ctx.one_language)


def _minimum(metadata: list[Any]) -> dict[str, Any]:
    return next(({"min": item.ge} for item in metadata if isinstance(item, Ge)), {})


def _localized(key: str, ctx: Context, mode: str | None) -> dict[str, Any]:
    """`{nb: …, sv: …, en: …}`: one input per language; a language left empty falls back to the default."""
    widget = "text" if key in LONG_TEXT else "string"
    subfields = []
    for index, code in enumerate(ctx.codes):
        label = f"{ctx.labels[code]} ({code})" if code in ctx.labels else code
        subfield: dict[str, Any] = {"name": code, "label": label, "widget": widget, "required": index == 0}
        if mode is not None:
            subfield["i18n"] = mode
        subfields.append(subfield)
    return {"widget": "object", "collapsed": False, "fields": subfields}


def _reference(key: str, ctx: Context, multiple: bool) -> dict[str, Any]:
    how, target = REFERENCES[key]
    if how == "relation":
        spec: dict[str, Any] = {
            "widget": "relation",
            "collection": target,
            "value_field": "id",
            "search_fields": ["name", "id"],
            "display_fields": ["name"],
        }
    else:
        options = ctx.choices.get(target) or []
        if not options:  # nothing to choose from yet: a plain id field
            single = {"widget": "string", "pattern": ID_RULE}
            return {"widget": "list", "field": {"name": "id", "label": "Id", **single}} if multiple else single
        spec = {"widget": "select", "options": options}
    if multiple:
        spec["multiple"] = True
    return spec


def _list(key: str, item: Any, ctx: Context, mode: str | None) -> dict[str, Any]:
    base, metadata = _unwrap(item, [])
    if _is(metadata, model_fields.Id):
        if key in REFERENCES:
            return _reference(key, ctx, multiple=True)
        inner: dict[str, Any] = {"widget": "string", "pattern": ID_RULE}
    elif isinstance(base, type) and issubclass(base, BaseModel):
        return {"widget": "list", "collapsed": True, "fields": decap_fields(base, _nested(ctx), mode)}
    else:
        inner = _widget(key, item, [], _nested(ctx), mode)
    singular = key[:-1] if key.endswith("s") else key
    inner = {"name": singular, "label": singular.replace("_", " ").capitalize(), **inner}
    if mode is not None:
        inner["i18n"] = _i18n(inner, mode)
    return {"widget": "list", "field": inner}
