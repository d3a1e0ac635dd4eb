"""Decap CMS fields derived from the pydantic content model, so the editor cannot drift from it.

Every field of a model becomes one Decap field whose widget follows the field's type:
text → string, `Localized` → one input per configured language, bool → boolean,
dates → datetime, `Literal` → select, `list[Model]` → list of objects, ids that refer to
other content → a relation or a select of the ids the site knows, image paths → an image
picker that browses and uploads into the folder the model names (`media_folders`). Fields
come in `ordered_fields` order, which is also the key order of every file (fileformat.py).
Only presentation (labels, hints, which ids point where) is written down here and in
labels.py; the names and types come from `homeward.model`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal, get_args, get_origin

from annotated_types import Ge
from homeward.fileformat import unwrap
from homeward.model import fields as model_fields
from homeward.model.fields import ID_PATTERN, ordered_fields
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .labels import FIELDS, FOCUS_RULE_MESSAGE, HINTS, ID_RULE_MESSAGE, URL_RULE_MESSAGE

DATETIME_FORMAT = "YYYY-MM-DDTHH:mm:ssZ"  # dayjs: 2027-03-26T09:00:00+01:00, what the loader reads
DATE_FORMAT = "YYYY-MM-DD"

# Which content an id refers to (the loader checks the same references). Every picker is a
# "select" of the ids the site knew when config.yml was made: Decap's "relation" widget calls
# onChange as soon as its options arrive, which marked every release with a company as
# "unsaved changes" the moment it was opened (a company added in the CMS is offered after the
# preview rebuilt and the CMS page is reloaded). "relation" stays possible for other uses.
REFERENCES: dict[str, tuple[str, str]] = {
    "companies": ("select", "companies"),
    "company": ("select", "companies"),
    "members": ("select", "companies"),
    "contacts": ("select", "contacts"),
    "contact": ("select", "contacts"),
    "person": ("select", "contacts"),
    "relocation_contact": ("select", "contacts"),
    "about": ("select", "organisations"),
    "organisation": ("select", "organisations_and_companies"),
    "organisers": ("select", "organisations_and_companies"),
    "municipality": ("select", "municipalities"),
    "sectors": ("select", "sectors"),
    "tags": ("select", "tags"),
}
IMAGE_FIELDS = {"src", "photo", "logo"}  # paths of images under content/
LONG_TEXT = {"summary", "description", "about", "quote", "text", "note"}  # a text area, not one line
ID_RULE = [ID_PATTERN.pattern, ID_RULE_MESSAGE]
URL_RULE = ["^(https?://|mailto:|tel:)", URL_RULE_MESSAGE]
FOCUS_RULE = [
    r"^\s*((\d{1,3}(\.\d+)?%?[\s,]+\d{1,3}(\.\d+)?%?)|((left|right|top|bottom|center|centre)(\s+(left|right|top|bottom|center|centre))?))\s*$",
    FOCUS_RULE_MESSAGE,
]


@dataclass(frozen=True)
class Context:
    """What the widgets need besides the model: languages, build-time choices, i18n mode."""

    codes: list[str]  # configured languages, the default first
    labels: dict[str, str] = field(default_factory=dict)  # language code → its name in the editor's language
    choices: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # select options by reference kind
    shared: frozenset[str] | None = None  # Markdown: field paths copied into every language file
    omit: frozenset[str] = frozenset()  # fields the file name gives (lang)
    one_language: bool = False  # Markdown: a file is one language, so localized text is one input
    media: dict[str, str] = field(default_factory=dict)  # field path → image folder under content/
    content: str = "content"  # the content folder, relative to the repository
    translate: Callable[[str], str] = str  # gettext of the editor's language
    path: str = ""  # where in the model we are (image.src)
    in_list: bool = False  # inside a list item: every field follows the list's language


def imported_only(model: type[BaseModel]) -> frozenset[str]:
    """Fields only importers set (job ads' source, id, language, HTML): not for editors."""
    return frozenset(
        info.alias or name for name, info in model.model_fields.items() if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("imported")
    )


def decap_fields(model: type[BaseModel], ctx: Context) -> list[dict[str, Any]]:
    """One Decap field per model field, in the order files are written (fields only importers set left out)."""
    out = []
    skip = imported_only(model)
    for key, info in ordered_fields(model):
        if key in ctx.omit or key in skip:
            continue
        here = replace(ctx, path=f"{ctx.path}.{key}" if ctx.path else key, omit=frozenset())
        spec = _widget(key, info.annotation, list(info.metadata), here)
        spec = {"name": key, "label": ctx.translate(FIELDS.get(key, key.replace("_", " ").capitalize())), **spec}
        if not info.is_required():
            spec["required"] = False
            _relax(spec)
            default = info.default
            # A default only where the editor must show one (a select); `false` need not be written.
            if default is not PydanticUndefined and default not in (None, False) and spec["widget"] in ("boolean", "select", "number"):
                spec.setdefault("default", default)
        elif spec["widget"] == "datetime" and key == "date":
            spec["default"] = "{{now}}"
        hint = _hint(model, key)
        if hint:
            spec["hint"] = ctx.translate(hint)
        if ctx.shared is not None:
            spec["i18n"] = _i18n(spec, here)
        out.append(spec)
    return out


def _i18n(spec: dict[str, Any], ctx: Context) -> str | bool:
    """Decap allows only true/false on list and object fields (true = per language); their
    inputs say for themselves whether they are shared (an image's file) or per language (its
    alt text). Inside a list every input follows the list: Decap copies nothing into list items."""
    if spec["widget"] in ("list", "object"):
        return True
    if ctx.in_list:
        return "translate"
    return "duplicate" if ctx.shared and ctx.path in ctx.shared else "translate"


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


def _is(metadata: list[Any], alias: Any) -> bool:
    """Is this field declared with one of the model's field types (Id, LocalizedText, …)?"""
    return any(validator in metadata for validator in alias.__metadata__)


def _widget(key: str, annotation: Any, metadata: list[Any], ctx: Context) -> dict[str, Any]:
    base, metadata = unwrap(annotation, metadata)
    origin = get_origin(base)
    if _is(metadata, model_fields.Id):
        return _reference(key, ctx, multiple=False) if key in REFERENCES else {"widget": "string", "pattern": ID_RULE}
    if _is(metadata, model_fields.LocalizedText):
        if ctx.one_language:
            return {"widget": "text" if key in LONG_TEXT else "string"}
        return _localized(key, ctx)
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
        return _list(key, get_args(base)[0], ctx)
    if isinstance(base, type) and issubclass(base, BaseModel):
        return {"widget": "object", "collapsed": False, "fields": decap_fields(base, _inside(ctx, key, base))}
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
            return _image(ctx)
        return {"widget": "text" if key in LONG_TEXT else "string"}
    # A loosely typed field (e.g. `dict`): kept as it is in the file, not editable here.
    return {"widget": "hidden"}


def _image(ctx: Context) -> dict[str, Any]:
    """An image picker that browses, shows and uploads into the field's folder (Decap's
    field-level media_folder, from the repository root; public_folder is what the file says)."""
    spec: dict[str, Any] = {"widget": "image", "choose_url": False}
    folder = ctx.media.get(ctx.path)
    if folder:
        spec["media_folder"] = f"/{ctx.content}/{folder}"
        spec["public_folder"] = folder
    return spec


def _inside(ctx: Context, key: str, model: type[BaseModel], in_list: bool = False) -> Context:
    """The context of an object's or list item's fields: their own media folders (an
    `ImageRef` field's folder is its `src`'s), paths relative to the object."""
    media = {path[len(ctx.path) + 1 :]: folder for path, folder in ctx.media.items() if path.startswith(ctx.path + ".")}
    if ctx.path in ctx.media and "src" in model.model_fields:
        media.setdefault("src", ctx.media[ctx.path])
    shared = frozenset(path[len(ctx.path) + 1 :] for path in ctx.shared if path.startswith(ctx.path + ".")) if ctx.shared is not None else None
    return replace(ctx, media=media, shared=shared, path="", in_list=ctx.in_list or in_list)


def _minimum(metadata: list[Any]) -> dict[str, Any]:
    return next(({"min": item.ge} for item in metadata if isinstance(item, Ge)), {})


def _localized(key: str, ctx: Context) -> dict[str, Any]:
    """`{nb: …, sv: …, en: …}`: one input per language; a language left empty falls back to the default."""
    widget = "text" if key in LONG_TEXT else "string"
    subfields = []
    for index, code in enumerate(ctx.codes):
        label = f"{ctx.labels[code]} ({code})" if code in ctx.labels else code
        subfield: dict[str, Any] = {"name": code, "label": label, "widget": widget, "required": index == 0}
        if ctx.shared is not None:
            subfield["i18n"] = "translate" if ctx.in_list else ("duplicate" if ctx.path in ctx.shared else "translate")
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
            return {"widget": "list", "field": {"name": "id", "label": ctx.translate(FIELDS["id"]), **single}} if multiple else single
        spec = {"widget": "select", "options": options}
    if multiple:
        spec["multiple"] = True
    return spec


def _list(key: str, item: Any, ctx: Context) -> dict[str, Any]:
    base, metadata = unwrap(item, [])
    if _is(metadata, model_fields.Id):
        if key in REFERENCES:
            return _reference(key, ctx, multiple=True)
        inner: dict[str, Any] = {"widget": "string", "pattern": ID_RULE}
    elif isinstance(base, type) and issubclass(base, BaseModel):
        return {"widget": "list", "collapsed": True, "fields": decap_fields(base, _inside(ctx, key, base, in_list=True))}
    elif key in REFERENCES:
        return _reference(key, ctx, multiple=True)
    else:
        inner = _widget(key, item, [], replace(ctx, in_list=True))
    singular = key[:-1] if key.endswith("s") else key
    inner = {"name": singular, "label": ctx.translate(FIELDS.get(key, singular.capitalize())), **inner}
    if ctx.shared is not None:
        inner["i18n"] = "translate"
    return {"widget": "list", "field": inner}
