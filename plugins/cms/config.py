"""`/admin/config.yml` for Decap CMS, generated from the content model at every build.

Collections come from the loader's own tables (`DOCUMENT_FOLDERS`, `DATA_COLLECTIONS`), fields
from the pydantic models (`fields.py`), languages from `LANGUAGES`, and the options of id
pickers from the site that was just loaded. A model change therefore reaches the editor with
the next deploy, and tests/test_cms.py fails if the two ever disagree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeward.errors import BuildFailed, ContentError
from homeward.loader import DATA_COLLECTIONS, DOCUMENT_FOLDERS
from homeward.model import Localized
from homeward.site import Site

from .fields import Context, decap_fields

# Fields the file name gives: `name.sv.md` is Swedish; Decap writes that name itself.
FROM_FILE_NAME = frozenset({"lang"})
# Markdown fields that are the same in every language file: Decap copies them from the
# default language. Only single values are shared: Decap writes `key: null` into the other
# languages when the default language has none, which is "no value" for these but an error
# for a list or a yes/no field (companies, contacts, pdf), so those are set per language.
# `embargo` must be shared: a language version without it would be published at once.
SHARED = frozenset({"slug", "date", "modified", "region", "template", "menu", "embargo", "about", "company", "municipality"})
# Data the CMS leaves to maintainers, and why (documented in docs/maintainers.md).
NOT_IN_CMS = {
    "organisations": "networks and public bodies change rarely; maintainers edit content/data/organisations.yaml",
    "sectors": "the sector vocabulary is set up once; maintainers edit content/data/sectors.yaml",
    "tags": "the names of tags in every language are set up once; maintainers edit content/data/tags.yaml",
}
LABELS = {
    "articles": ("News articles", "News article"),
    "press": ("Press releases", "Press release"),
    "pages": ("Pages", "Page"),
    "stories": ("Stories", "Story"),
    "companies": ("Companies", "Company"),
    "events": ("Events", "Event"),
    "jobs": ("Jobs", "Job"),
    "contacts": ("Contacts", "Contact"),
}
# Decap's own UI languages (decap-cms-locales); ours map onto them, English otherwise.
DECAP_LOCALES = {"nb": "nb_no", "nn": "nn_no", "no": "nb_no", "sv": "sv", "da": "da", "en": "en", "de": "de", "fr": "fr"}
MEDIA = "images/uploads"  # under content/: uploads are content like any other image
BODY = {"name": "body", "label": "Text", "widget": "markdown"}


def decap_config(site: Site) -> dict[str, Any]:
    """The whole config.yml as a dict (YAML is written by the plugin)."""
    settings = site.settings
    codes = site.codes
    content = content_folder(Path(settings["PATH"]))
    config: dict[str, Any] = {"backend": backend(settings)}
    if site.preview:
        config["local_backend"] = True  # `npx decap-server` beside `invoke serve` edits the files on disk
    config["locale"] = settings.get("CMS_LOCALE") or DECAP_LOCALES.get(codes[0], "en")
    siteurl = settings.get("SITEURL") or ""
    if siteurl.startswith(("http://", "https://")):
        config["site_url"] = config["display_url"] = siteurl
    if settings.get("CMS_PUBLISH_MODE"):
        config["publish_mode"] = settings["CMS_PUBLISH_MODE"]
    config["media_folder"] = f"{content}/{MEDIA}"
    config["public_folder"] = f"/{MEDIA}"
    config["slug"] = {"encoding": "ascii", "clean_accents": True}
    config["i18n"] = i18n(codes)
    ctx = Context(codes=codes, labels={lang.code: lang.label for lang in site.languages}, choices=choices(site))
    config["collections"] = [document_collection(folder, model, content, ctx) for folder, model in DOCUMENT_FOLDERS.items()]
    config["collections"] += [
        data_collection(name, model, content, ctx) for name, model in DATA_COLLECTIONS.items() if name not in NOT_IN_CMS
    ]
    return config


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


def content_folder(path: Path) -> str:
    """The content folder relative to the repository root, which is where Decap's paths start."""
    path = path.resolve()
    for parent in path.parents:
        if (parent / ".git").exists():
            return path.relative_to(parent).as_posix()
    return path.name


def choices(site: Site) -> dict[str, list[dict[str, str]]]:
    """Options for id pickers the CMS cannot look up live (see fields.REFERENCES)."""

    def options(records: dict[str, Any]) -> list[dict[str, str]]:
        return [{"label": f"{_name(record, site)} ({key})", "value": key} for key, record in sorted(records.items())]

    # Sector ids in use count even when data/sectors.yaml does not name them (the file is optional).
    sectors = {sector: sector for company in site.companies.values() for sector in company.sectors} | site.sectors
    return {
        "contacts": options(site.contacts),
        "organisations": options(site.organisations),
        "organisations_and_companies": options({**site.organisations, **site.companies}),
        "municipalities": options({m.id: m for m in site.region.municipalities}),
        "sectors": options(sectors),
    }


def _name(record: Any, site: Site) -> str:
    """How a record is shown in a picker: its `name`, or its `label` in the default language."""
    if isinstance(record, str):
        return record
    name = getattr(record, "name", None) or getattr(record, "label", None)
    if isinstance(name, Localized):
        name = name.get_text(site.default_lang, site.codes)[0]
    return name if isinstance(name, str) else record.id


def document_collection(folder: str, model: type, content: str, ctx: Context) -> dict[str, Any]:
    label, singular = LABELS.get(folder, (folder.capitalize(), folder.capitalize()))
    section = getattr(model, "section", "")
    doc_ctx = Context(codes=ctx.codes, labels=ctx.labels, choices=ctx.choices, shared=SHARED, omit=FROM_FILE_NAME, one_language=True)
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
        "preview_path": f"{ctx.codes[0]}/{section}/{{{{slug}}}}/" if section else f"{ctx.codes[0]}/{{{{slug}}}}/",
        "i18n": i18n(ctx.codes),
        "fields": [*decap_fields(model, doc_ctx), {**BODY, "i18n": "translate"}],
    }


def data_collection(name: str, model: type, content: str, ctx: Context) -> dict[str, Any]:
    """One YAML file per record: `data/<name>/<id>.yaml`, the folder form the loader reads."""
    label, singular = LABELS.get(name, (name.capitalize(), name.capitalize()))
    fields = decap_fields(model, ctx)
    names = {f["name"] for f in fields}
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "folder": f"{content}/data/{name}",
        "create": True,
        "extension": "yaml",
        "format": "yaml",
        "slug": "{{fields.id}}",
        "identifier_field": "name" if "name" in names else "id",
        "fields": fields,
    }
