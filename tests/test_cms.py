"""Issue 7: the browser CMS — config.yml generated from the content model, /admin/ kept private.

These tests read the generated config, never Decap's JavaScript: they pass on a machine
where `npm ci` was never run (a fake node_modules stands in where files are copied).
"""

from __future__ import annotations

import re
import types
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
import yaml
from bs4 import BeautifulSoup
from cms.config import FROM_FILE_NAME, NOT_IN_CMS
from cms.fields import imported_only
from conftest import CONTENT, ROOT, build_site, copy_content
from homeward.discovery import DATA_COLLECTIONS, DOCUMENT_FOLDERS
from homeward.model.fields import LocalizedText
from pydantic import BaseModel

LANGS = ["nb", "sv", "en"]
WIDGETS = {"string", "text", "markdown", "boolean", "datetime", "number", "select", "relation", "list", "object", "image", "hidden"}


def settings_file(tmp_path: Path, **values: Any) -> Path:
    """A settings file on top of pelicanconf.py, the way a region site extends it."""
    lines = ["import sys", f"sys.path.insert(0, {str(ROOT)!r})", "from pelicanconf import *  # noqa: F401,F403"]
    lines += [f"{name} = {value!r}" for name, value in values.items()]
    path = tmp_path / "settings.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fake_node_modules(tmp_path: Path) -> Path:
    """What `npm ci` leaves behind, in miniature: Decap's entry, a chunk, WebAssembly, a source map."""
    modules = tmp_path / "node_modules"
    dist = modules / "decap-cms" / "dist"
    dist.mkdir(parents=True)
    for name in ("decap-cms.js", "103.decap-cms.js", "abc.wasm", "decap-cms.js.map", "cms.js", "decap-cms.js.LICENSE.txt"):
        (dist / name).write_text(f"/* {name} */\n", encoding="utf-8")
    widget = modules / "netlify-identity-widget" / "build"
    widget.mkdir(parents=True)
    (widget / "netlify-identity-widget.js").write_text("/* identity */\n", encoding="utf-8")
    return modules


def config_of(build) -> dict:
    return yaml.safe_load(build.read("admin/config.yml"))


@pytest.fixture(scope="module")
def config(sample) -> dict:
    return config_of(sample)


def collections(config: dict) -> dict[str, dict]:
    return {c["name"]: c for c in config["collections"]}


# ---------------------------------------------------------------- the model and the config agree


def _base(annotation: Any) -> Any:
    """The type inside Optional[...], Annotated[...] and list[...]."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated or origin is list:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _is_localized(info: Any) -> bool:
    validator = LocalizedText.__metadata__[0]
    return validator in info.metadata or validator in getattr(_annotated(info.annotation), "__metadata__", ())


def _annotated(annotation: Any) -> Any:
    for arg in get_args(annotation) or ():
        if get_origin(arg) is Annotated:
            return arg
    return annotation


def assert_fields_match(
    model: type[BaseModel], fields: list[dict], where: str, omit: frozenset[str] = frozenset(), one_language: bool = False
) -> None:
    """Same field names at every level: top level, objects (image, person, location), list items (quotes, sessions).

    Localized text has one input per language in data files, and one input in a Markdown file
    (which is one language: the image's alt text of `x.sv.md` is Swedish)."""
    # Fields only the job-board importers set (source, source_id, language, description_html) are not for editors.
    omit = omit | imported_only(model)
    expected = {info.alias or name for name, info in model.model_fields.items()} - omit
    got = {f["name"] for f in fields} - {"body"}
    assert got == expected, f"{where}: in the model only {sorted(expected - got)}, in config.yml only {sorted(got - expected)}"
    by_name = {f["name"]: f for f in fields}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in omit:
            continue
        spec = by_name[key]
        base = _base(info.annotation)
        if isinstance(base, type) and issubclass(base, BaseModel):
            assert "fields" in spec, f"{where}.{key}: an object or list of {base.__name__} needs its fields"
            assert_fields_match(base, spec["fields"], f"{where}.{key}", one_language=one_language)
        elif _is_localized(info) and one_language:
            assert spec["widget"] in ("string", "text"), f"{where}.{key}: one input in a one-language file"
        elif _is_localized(info):
            assert [f["name"] for f in spec["fields"]] == LANGS, f"{where}.{key}: one input per configured language"


def test_every_collection_has_exactly_the_fields_of_its_model(config):
    found = collections(config)
    for folder, model in DOCUMENT_FOLDERS.items():
        assert_fields_match(model, found[folder]["fields"], folder, omit=FROM_FILE_NAME, one_language=True)
    for name, model in DATA_COLLECTIONS.items():
        if name in NOT_IN_CMS:
            assert name not in found
            continue
        assert_fields_match(model, found[name]["fields"], name)


def test_only_the_fields_importers_set_are_left_out_of_the_job_form():
    assert imported_only(DATA_COLLECTIONS["jobs"]) == {"source", "source_id", "language", "description_html"}
    assert all(not imported_only(model) for name, model in DATA_COLLECTIONS.items() if name != "jobs")


def test_fields_left_out_are_only_those_the_file_name_gives():
    assert FROM_FILE_NAME == {"lang"}
    for model in DOCUMENT_FOLDERS.values():
        assert FROM_FILE_NAME <= set(model.model_fields)


def test_collections_point_where_the_loader_reads(config):
    found = collections(config)
    assert set(found) == set(DOCUMENT_FOLDERS) | (set(DATA_COLLECTIONS) - set(NOT_IN_CMS))
    for folder in DOCUMENT_FOLDERS:
        collection = found[folder]
        assert collection["folder"] == f"content/{folder}"
        assert collection["extension"] == "md"
        assert collection["i18n"] == {"structure": "multiple_files", "locales": LANGS, "default_locale": "nb"}
        assert collection["fields"][-1]["name"] == "body"
    for name in set(DATA_COLLECTIONS) - set(NOT_IN_CMS):
        collection = found[name]
        assert collection["folder"] == f"content/data/{name}"
        assert (collection["extension"], collection["format"]) == ("yaml", "yaml")
        assert collection["slug"] == "{{fields.id}}"


def test_every_markdown_file_is_one_decap_can_open(config):
    """Decap's multiple_files structure finds `<slug>.<locale>.md` and nothing else."""
    for folder in DOCUMENT_FOLDERS:
        for path in (CONTENT / folder).rglob("*.md"):
            assert path.parent == CONTENT / folder, f"{path}: Decap does not look into sub-folders"
            assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*\.(nb|sv|en)\.md", path.name), f"{path}: name it <slug>.<lang>.md"


def test_widgets_follow_the_field_types(config):
    found = collections(config)
    fields = {f["name"]: f for f in found["events"]["fields"]}
    assert fields["start"]["widget"] == "datetime" and fields["start"]["format"] == "YYYY-MM-DDTHH:mm:ssZ"
    assert fields["status"]["widget"] == "select"
    assert fields["status"]["options"] == ["scheduled", "cancelled", "postponed", "moved_online"]
    assert fields["title"]["widget"] == "object"
    assert [f["required"] for f in fields["title"]["fields"]] == [True, False, False], "the default language is required"
    # Ids are picked from a select of the ids the site knows (Decap's relation widget marked items
    # "unsaved changes" the moment they opened).
    assert fields["companies"]["widget"] == "select" and {o["value"] for o in fields["companies"]["options"]} >= {"kodverket"}
    assert fields["companies"]["multiple"] is True
    municipality = {f["name"]: f for f in fields["location"]["fields"]}["municipality"]
    assert municipality["widget"] == "select"
    assert {o["value"] for o in municipality["options"]} == {"skarvik", "storvoll", "havnoy", "fjallsta", "gransmo"}
    jobs = {f["name"]: f for f in found["jobs"]["fields"]}
    assert jobs["valid_through"]["format"] == "YYYY-MM-DD" and jobs["valid_through"]["time_format"] is False
    assert jobs["remote"]["widget"] == "boolean"
    assert jobs["company"]["widget"] == "select" and "multiple" not in jobs["company"]
    assert "required" not in jobs["apply_url"] and jobs["apply_url"]["pattern"][0].startswith("^(https?://")
    press = {f["name"]: f for f in found["press"]["fields"]}
    assert press["embargo"]["widget"] == "datetime" and press["embargo"]["required"] is False
    assert press["image"]["widget"] == "object"
    assert {f["name"]: f["widget"] for f in press["image"]["fields"]}["src"] == "image"
    assert press["quotes"]["widget"] == "list" and {f["name"] for f in press["quotes"]["fields"]} == {"text", "person", "name", "role"}
    assert {o["value"] for o in press["contacts"]["options"]} >= {"ingrid-haugen", "erik-lindqvist"}
    story = {f["name"]: f for f in found["stories"]["fields"]}
    assert "from" in {f["name"] for f in story["person"]["fields"]}, "aliases are what the file uses"


def test_config_keeps_to_decaps_schema(config):
    """The rules of Decap's configSchema.js that a generator can break (checked in a browser too, by hand)."""
    assert config["backend"]["name"] and config["media_folder"] == "content/images/photos"
    assert config["public_folder"] == "images/photos", "what the files say: a path under content/"
    assert config["i18n"]["locales"] == LANGS, "collection-level i18n is ignored without the top-level block"
    names = {c["name"] for c in config["collections"]}

    def walk(fields: list[dict], where: str, translated: bool) -> None:
        assert len({f["name"] for f in fields}) == len(fields), f"{where}: duplicate field names"
        for spec in fields:
            here = f"{where}.{spec['name']}"
            assert spec["widget"] in WIDGETS, here
            if translated:
                allowed = {True, False} if spec["widget"] in ("list", "object") else {"translate", "duplicate", "none"}
                assert spec.get("i18n") in allowed, f"{here}: i18n {spec.get('i18n')!r}"
            if spec["widget"] == "relation":
                assert spec["collection"] in names and spec["value_field"] and spec["search_fields"], here
            if spec["widget"] == "select":
                assert spec["options"], f"{here}: a select needs options"
            if spec.get("required") is False and spec["widget"] == "object":
                assert all(f.get("required") is False for f in spec["fields"]), f"{here}: Decap validates inside empty objects"
            for key in ("fields", "field"):
                inner = spec.get(key)
                if inner:
                    walk(inner if isinstance(inner, list) else [inner], here, translated)

    for collection in config["collections"]:
        walk(collection["fields"], collection["name"], "i18n" in collection)


def test_shared_fields_are_copied_into_every_language_and_text_is_per_language(config):
    """What docs/communicators.md says is shared is `duplicate` (Decap shows it once and writes it
    into every language file); text, alt text and captions are per language. The CMS script
    (static/homeward-cms.js) drops the empty keys Decap would write (`companies: null`)."""
    def modes(fields: list[dict], where: str = "") -> dict[str, object]:
        out = {}
        for spec in fields:
            path = f"{where}{spec['name']}"
            out[path] = spec.get("i18n")
            if spec["widget"] == "object" and spec.get("fields"):
                out |= modes(spec["fields"], path + ".")
        return out

    press = modes(collections(config)["press"]["fields"])
    for shared in ("slug", "date", "embargo", "status", "companies", "contacts", "tags", "image.src", "image.credit"):
        assert press[shared] == "duplicate", shared
    for own in ("title", "summary", "image.alt", "image.caption", "body"):
        assert press[own] == "translate", own
    assert press["quotes"] is True, "Decap copies nothing into list items: quotes are per language"
    story = modes(collections(config)["stories"]["fields"])
    assert story["person.name"] == "duplicate" and story["person.photo"] == "duplicate"


def test_git_gateway_is_the_default_backend_and_local_backend_is_only_for_the_preview(sample, tmp_path):
    config = config_of(sample)
    assert config["backend"] == {"name": "git-gateway", "branch": "main"}
    assert "local_backend" not in config
    preview = build_site(tmp_path / "output", extra=("--no-search", "--drafts"))
    assert preview.returncode == 0, preview.stderr
    local = config_of(preview)["local_backend"]
    assert local["url"].startswith("http://127.0.0.1:") and local["allowed_hosts"] == ["127.0.0.1", "localhost"]


def test_github_backend_from_settings_without_identity_widget(tmp_path):
    settings = settings_file(
        tmp_path, CMS_BACKEND={"name": "github", "repo": "region/site", "branch": "live"}, CMS_NODE_MODULES=str(fake_node_modules(tmp_path))
    )
    built = build_site(tmp_path / "output", settings=settings)
    assert built.returncode == 0, built.stderr
    assert config_of(built)["backend"] == {"name": "github", "branch": "live", "repo": "region/site"}
    assert "netlify-identity-widget" not in built.read("admin/index.html")
    assert not built.exists("admin/netlify-identity-widget.js")


def test_github_backend_without_repo_stops_the_build(tmp_path):
    settings = settings_file(tmp_path, CMS_BACKEND={"name": "github"})
    built = build_site(tmp_path / "output", settings=settings)
    assert built.returncode == 1
    assert "CMS_BACKEND: the github backend needs 'repo': 'owner/name'" in built.stderr


# ---------------------------------------------------------------- /admin/ itself


def test_admin_is_noindex_and_out_of_sitemap_and_search(sample):
    page = BeautifulSoup(sample.read("admin/index.html"), "lxml")
    assert page.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    assert page.find("link", rel="cms-config-url")["href"] == "/admin/config.yml"
    assert "/admin/" not in sample.read("sitemap.xml")
    assert "Disallow: /admin/" in sample.read("robots.txt")
    assert "data-pagefind-body" not in sample.read("admin/index.html")


def test_decap_files_are_published_from_node_modules(tmp_path):
    settings = settings_file(tmp_path, CMS_NODE_MODULES=str(fake_node_modules(tmp_path)))
    built = build_site(tmp_path / "output", settings=settings)
    assert built.returncode == 0, built.stderr
    for name in ("decap-cms.js", "103.decap-cms.js", "abc.wasm", "decap-cms.js.LICENSE.txt", "netlify-identity-widget.js"):
        assert built.exists(f"admin/{name}"), name
    for name in ("decap-cms.js.map", "cms.js"):
        assert not built.exists(f"admin/{name}"), f"{name} is not needed on the site"
    page = BeautifulSoup(built.read("admin/index.html"), "lxml")
    scripts = [s["src"] for s in page.find_all("script")]
    assert scripts == [
        "/admin/netlify-identity-widget.js", "/admin/decap-cms.js", "/admin/homeward-locale.js", "/admin/homeward-cms.js"
    ], "every script from the site itself"  # fmt: skip
    assert "npm ci" not in built.stderr


def test_without_npm_the_build_warns_and_admin_says_what_to_do(tmp_path):
    settings = settings_file(tmp_path, CMS_NODE_MODULES=str(tmp_path / "nowhere"))
    built = build_site(tmp_path / "output", content=copy_content(tmp_path), settings=settings)
    assert built.returncode == 0, built.stderr
    warning = (
        "package.json:1: warning: the browser CMS is not installed (node_modules/decap-cms is missing); "
        "run `npm ci --ignore-scripts` once in the repository, or /admin/ only shows a notice"
    )
    assert warning in built.stderr.splitlines(), built.stderr
    assert "1 warning in" in built.stdout, "counted in the summary like every warning"
    assert "npm ci --ignore-scripts" in Path(ROOT / "README.md").read_text(encoding="utf-8"), "the command README gives"
    assert not built.exists("admin/decap-cms.js")
    page = built.read("admin/index.html")
    assert "npm ci" in page and "<script" not in page


def test_package_json_pins_decap_and_netlify_installs_it():
    import json
    import tomllib

    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    version = package["dependencies"]["decap-cms"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), "pin an exact version: the editor is published as it is"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/decap-cms"]["version"] == version
    netlify = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    assert "npm ci" in netlify["build"]["command"]


def test_the_whole_editor_speaks_the_regions_default_language(sample, config):
    """Decap's buttons are Norwegian (locale nb_no); so are our labels and hints (UI catalogs),
    Decap's phrases its Norwegian locale lacks (homeward-locale.js) and the lists' titles."""
    assert config["locale"] == "nb_no"
    press = {f["name"]: f for f in collections(config)["press"]["fields"]}
    assert (press["title"]["label"], press["quotes"]["label"], press["contacts"]["label"]) == ("Tittel", "Sitater", "Pressekontakter")
    assert press["embargo"]["hint"].startswith("Før dette tidspunktet")
    assert collections(config)["articles"]["label"] == "Nyheter"
    events = collections(config)["events"]
    assert events["summary"] == "{{title.nb}}" and events["identifier_field"] == "title.nb", "listed by title, not id"
    assert collections(config)["companies"]["summary"] == "{{name}}"
    phrases = sample.read("admin/homeward-locale.js")
    assert '"nb_no"' in phrases and '"add": "Legg til %{item}"' in phrases and '"writingInLocale": "Skriver på %{locale}"' in phrases
