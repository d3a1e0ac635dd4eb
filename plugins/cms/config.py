"""`/admin/config.yml` for Decap CMS, generated from the content model at every build, and
`/admin/homeward.json`, what the CMS script (static/homeward-cms.js) checks before a save.

Collections come from the loader's own tables (`DOCUMENT_FOLDERS`, `DATA_COLLECTIONS`), fields
from the pydantic models (`fields.py`), languages from `LANGUAGES`, and the options of id
pickers from the site that was just loaded. A model change therefore reaches the editor with
the next deploy, and tests/test_cms.py fails if the two ever disagree. Labels and hints are
written in the region's default language (labels.py, the UI catalogs), like Decap's own
buttons (`locale`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from homeward.discovery import DATA_COLLECTIONS, DOCUMENT_FOLDERS
from homeward.errors import BuildFailed, ContentError
from homeward.model import Localized
from homeward.model.fields import ordered_fields
from homeward.site import Site
from pydantic import BaseModel

from .fields import Context, decap_fields
from .labels import COLLECTIONS, FIELDS, SCRIPT_MESSAGES

# Fields the file name gives: `name.sv.md` is Swedish; Decap writes that name itself.
FROM_FILE_NAME = frozenset({"lang"})
# Markdown fields that are the same in every language file: Decap shows them on the default
# language's side only and copies them into every language it saves. An image is shared except
# its alt text and caption, which a language may give in its own words. Decap cannot copy into
# lists (quotes, press images), so those are per language; the CMS script fills a language's
# missing press images and image text from the default language when it saves.
SHARED = frozenset(
    {
        "slug", "date", "modified", "region", "template", "menu", "embargo", "status", "about", "pdf",
        "company", "municipality", "companies", "contacts", "tags",
        "image.src", "image.credit", "image.focus", "person.name", "person.photo",
    }
)  # fmt: skip
# A language is saved when one of these has text (else nobody filled it in: no file is written).
TRANSLATION_TEXT = ("title", "summary", "body")
# What a saved language takes from the default language when it leaves it empty.
FILL_FROM_DEFAULT = ("image.alt", "image.caption", "images")
# Data the CMS leaves to maintainers, and why (documented in docs/maintainers.md).
NOT_IN_CMS = {
    "organisations": "networks and public bodies change rarely; maintainers edit content/data/organisations.yaml",
    "sectors": "the sector vocabulary is set up once; maintainers edit content/data/sectors.yaml",
    "tags": "the names of tags in every language are set up once; maintainers edit content/data/tags.yaml",
}
# Decap's own UI languages (decap-cms-locales); ours map onto them, English otherwise.
DECAP_LOCALES = {"nb": "nb_no", "nn": "nn_no", "no": "nb_no", "sv": "sv", "da": "da", "en": "en", "de": "de", "fr": "fr", "fi": "fi"}
MEDIA = "images/photos"  # the media library's own folder (the Media button, pictures in the text)
BODY = "body"
PROXY_PORT = 8081  # decap-server's port; CMS_PROXY_PORT (or `serve --cms-port`) changes it


def proxy_url(settings: dict[str, Any]) -> str:
    """Where the preview's CMS finds decap-server, the local file back end (127.0.0.1 only)."""
    return f"http://127.0.0.1:{int(settings.get('CMS_PROXY_PORT') or PROXY_PORT)}/api/v1"


def translator(settings: dict[str, Any], codes: list[str]) -> Any:
    """gettext in the editor's language (the region's default language)."""
    from i18n.catalogs import load_translations

    return load_translations(settings, codes)[codes[0]].gettext


def decap_config(site: Site) -> dict[str, Any]:
    """The whole config.yml as a dict (YAML is written by the plugin)."""
    settings = site.settings
    codes = site.codes
    content = content_folder(Path(settings["PATH"]))
    translate = translator(settings, codes)
    config: dict[str, Any] = {"backend": backend(settings)}
    if site.preview:
        # decap-server beside the preview (`invoke serve --cms`) edits the files on disk.
        config["local_backend"] = {"url": proxy_url(settings), "allowed_hosts": ["127.0.0.1", "localhost"]}
    config["locale"] = settings.get("CMS_LOCALE") or DECAP_LOCALES.get(codes[0], "en")
    siteurl = settings.get("SITEURL") or ""
    if siteurl.startswith(("http://", "https://")):
        config["site_url"] = config["display_url"] = siteurl
    if settings.get("CMS_PUBLISH_MODE"):
        config["publish_mode"] = settings["CMS_PUBLISH_MODE"]
    config["media_folder"] = f"{content}/{MEDIA}"
    config["public_folder"] = MEDIA
    config["slug"] = {"encoding": "ascii", "clean_accents": True}
    config["i18n"] = i18n(codes)
    ctx = Context(codes=codes, labels=language_names(codes), choices=choices(site), content=content, translate=translate)
    config["collections"] = [document_collection(folder, model, content, ctx) for folder, model in DOCUMENT_FOLDERS.items()]
    config["collections"] += [
        data_collection(name, model, content, ctx) for name, model in DATA_COLLECTIONS.items() if name not in NOT_IN_CMS
    ]
    return config


def language_names(codes: list[str]) -> dict[str, str]:
    """Each language's name in the editor's language (Babel): `svensk`, `engelsk` in a Norwegian CMS."""
    try:
        ui = Locale.parse(codes[0])
    except (UnknownLocaleError, ValueError):
        return {}
    names = {}
    for code in codes:
        try:
            name = Locale.parse(code).get_display_name(ui) or code
        except (UnknownLocaleError, ValueError):
            name = code
        names[code] = name[:1].upper() + name[1:]
    return names


def i18n(codes: list[str]) -> dict[str, Any]:
    """Decap's `multiple_files` is our `<slug>.<lang>.md`."""
    return {"structure": "multiple_files", "locales": list(codes), "default_locale": codes[0]}


def backend(settings: dict[str, Any]) -> dict[str, Any]:
    """git-gateway (Netlify Identity) unless CMS_BACKEND says otherwise, e.g. github with repo and branch."""
    chosen = {"name": "git-gateway", "branch": "main", **(settings.get("CMS_BACKEND") or {})}
    if chosen["name"] in ("github", "gitlab", "bitbucket") and not chosen.get("repo"):
        where = settings.get("HOMEWARD_SETTINGS_FILE", "pelicanconf.py")
        raise BuildFailed(
            [ContentError(where, 1, f"CMS_BACKEND: the {chosen['name']} backend needs 'repo': 'owner/name' (and usually 'branch')")]
        )
    return chosen


def repository_root(path: Path) -> Path:
    """The folder Decap's paths start from: the git checkout holding content/, else content's parent."""
    path = path.resolve()
    for parent in path.parents:
        if (parent / ".git").exists():
            return parent
    return path.parent


def content_folder(path: Path) -> str:
    """The content folder relative to the repository root, which is where Decap's paths start."""
    return path.resolve().relative_to(repository_root(path)).as_posix()


def choices(site: Site) -> dict[str, list[dict[str, str]]]:
    """Options for id pickers the CMS cannot look up live (see fields.REFERENCES)."""

    def options(records: dict[str, Any]) -> list[dict[str, str]]:
        return [{"label": f"{_name(record, site)} ({key})", "value": key} for key, record in sorted(records.items())]

    # Sector ids in use count even when data/sectors.yaml does not name them (the file is optional).
    sectors = {sector: sector for company in site.companies.values() for sector in company.sectors} | site.sectors
    tags = {tag: tag for by_slug in site.items.values() for item in by_slug.values() for entry in item.entries.values() for tag in entry.meta.tags}
    tags |= getattr(site, "tags", None) or {}
    return {
        "companies": options(site.companies),
        "contacts": options(site.contacts),
        "organisations": options(site.organisations),
        "organisations_and_companies": options({**site.organisations, **site.companies}),
        "municipalities": options({m.id: m for m in site.region.municipalities}),
        "sectors": options(sectors),
        "tags": options(tags),
    }


def _name(record: Any, site: Site) -> str:
    """How a record is shown in a picker: its `name`, or its `label` in the default language."""
    if isinstance(record, str):
        return record
    name = getattr(record, "name", None) or getattr(record, "label", None)
    if isinstance(name, Localized):
        name = name.get_text(site.default_lang, site.codes)[0]
    return name if isinstance(name, str) else record.id


def _labels(name: str, ctx: Context) -> tuple[str, str]:
    plural, singular = COLLECTIONS.get(name, (name.capitalize(), name.capitalize()))
    return ctx.translate(plural), ctx.translate(singular)


def document_collection(folder: str, model: type, content: str, ctx: Context) -> dict[str, Any]:
    label, singular = _labels(folder, ctx)
    section = getattr(model, "section", "")
    doc_ctx = Context(
        codes=ctx.codes,
        labels=ctx.labels,
        choices=ctx.choices,
        shared=SHARED,
        omit=FROM_FILE_NAME,
        one_language=True,
        media=dict(getattr(model, "media_folders", {})),
        content=content,
        translate=ctx.translate,
    )
    fields = decap_fields(model, doc_ctx)
    if folder in ("articles", "press"):
        # A new article or release starts as a draft, as with `invoke new`.
        next(f for f in fields if f["name"] == "status")["default"] = "draft"
    body = {"name": BODY, "label": ctx.translate(FIELDS[BODY]), "widget": "markdown", "i18n": "translate"}
    return {
        "name": folder,
        "label": label,
        "label_singular": singular,
        "folder": f"{content}/{folder}",
        "create": True,
        "extension": "md",
        "format": "yaml-frontmatter",
        "slug": "{{fields.slug}}",
        "identifier_field": "title",
        "summary": "{{title}}",
        "sortable_fields": ["title", "date"] if "date" in model.model_fields else ["title"],
        "preview_path": f"{ctx.codes[0]}/{section}/{{{{slug}}}}/" if section else f"{ctx.codes[0]}/{{{{slug}}}}/",
        "i18n": i18n(ctx.codes),
        "fields": [*fields, body],
    }


def data_collection(name: str, model: type, content: str, ctx: Context) -> dict[str, Any]:
    """One YAML file per record: `data/<name>/<id>.yaml`, the folder form the loader reads."""
    label, singular = _labels(name, ctx)
    data_ctx = Context(
        codes=ctx.codes,
        labels=ctx.labels,
        choices=ctx.choices,
        media=dict(getattr(model, "media_folders", {})),
        content=content,
        translate=ctx.translate,
    )
    fields = decap_fields(model, data_ctx)
    names = {f["name"]: f for f in fields}
    # Listed by their name or title in the editor's language, not by their id.
    title = "name" if "name" in names else "title" if "title" in names else "id"
    localized = names[title]["widget"] == "object" if title in names else False
    shown = f"{title}.{ctx.codes[0]}" if localized else title
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "folder": f"{content}/data/{name}",
        "create": True,
        "extension": "yaml",
        "format": "yaml",
        "slug": "{{fields.id}}",
        "identifier_field": shown,
        "summary": f"{{{{{shown}}}}}",
        "sortable_fields": [shown],
        "fields": fields,
    }


# ---------------------------------------------------------------- homeward.json: the CMS script's rules


def script_rules(site: Site, config: dict[str, Any]) -> dict[str, Any]:
    """What the CMS script needs before a save: key order (so nested keys are written in field
    order, like the top level), date pairs that must be in order, which languages count as
    filled in, and the messages in the editor's language."""
    translate = translator(site.settings, site.codes)
    models: dict[str, type] = {**DOCUMENT_FOLDERS, **{n: m for n, m in DATA_COLLECTIONS.items() if n not in NOT_IN_CMS}}
    collections = {}
    for collection in config["collections"]:
        name = collection["name"]
        rules: dict[str, Any] = {"shape": _shape(collection["fields"]), "dates": _date_rules(models[name], collection["fields"])}
        if "i18n" in collection:
            rules |= {"text": list(TRANSLATION_TEXT), "fill": list(FILL_FROM_DEFAULT)}
        collections[name] = rules
    return {
        "defaultLocale": site.codes[0],
        "languages": language_names(site.codes),
        "collections": collections,
        "status": "/__homeward/status" if site.preview else None,
        "messages": {key: translate(text) for key, text in SCRIPT_MESSAGES.items()},
    }


def _shape(fields: list[dict[str, Any]]) -> dict[str, Any]:
    """Field names in order, with the shape of objects and of list items."""
    shape: dict[str, Any] = {"keys": [f["name"] for f in fields], "children": {}}
    for spec in fields:
        if spec.get("fields"):
            shape["children"][spec["name"]] = _shape(spec["fields"])
    return shape


def _date_rules(model: type[BaseModel], fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """[{path, earlier, later, labels}] from each model's `date_order`, lists included (`sessions`)."""
    labels = {f["name"]: f.get("label", f["name"]) for f in fields}
    rules = [
        {"path": [], "earlier": a, "later": b, "labels": [labels.get(a, a), labels.get(b, b)]}
        for a, b in getattr(model, "date_order", ())
    ]
    by_name = {f["name"]: f for f in fields}
    for key, info in ordered_fields(model):
        item = _list_item_model(info.annotation)
        spec = by_name.get(key)
        if item is None or spec is None or not spec.get("fields"):
            continue
        inner = {f["name"]: f.get("label", f["name"]) for f in spec["fields"]}
        for a, b in getattr(item, "date_order", ()):
            rules.append({"path": [key], "list": True, "earlier": a, "later": b, "labels": [inner.get(a, a), inner.get(b, b)]})
    return rules


def _list_item_model(annotation: Any) -> type[BaseModel] | None:
    from typing import get_args, get_origin

    for arg in (annotation, *get_args(annotation)):
        if get_origin(arg) is list:
            inner = get_args(arg)[0]
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None
