"""The browser CMS at `/admin/`: Decap's page, its config generated from the model, its script.

Decap's JavaScript is published from the site itself (no third-party script on a page that
holds a login): `npm ci` puts the pinned `decap-cms` package in node_modules/, and its
prebuilt `dist/` files become routes under `/admin/`. The files are routes rather than a copy
after writing, so the preview server serves them too. Without node_modules the build goes
on, prints one warning and the admin page tells the maintainer what to run.

Beside Decap comes Homeward's own script (static/homeward-cms.js, under the same CSP: no inline
script): it checks what Decap cannot (dates in order), writes files in the one file format
(fileformat.py: no empty keys, nested keys in field order, no file for a language nobody
filled in) and, in the preview, shows the build's errors in the CMS. Every route here is a
`tool`: the preview server leaves it without a reload script and keeps it while content has
an error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from homeward import signals
from homeward.errors import ContentError
from homeward.routes import Route
from homeward.site import Site
from homeward.trust.policy import admin_policy

from .config import decap_config, proxy_url, script_rules, translator
from .labels import DECAP_PHRASES
from .patches import patched

ADMIN = "/admin/"
PLUGIN_ROOT = Path(__file__).resolve().parents[2]  # the Homeward checkout, where package.json is
DECAP_DIST = Path("decap-cms") / "dist"
IDENTITY_WIDGET = Path("netlify-identity-widget") / "build" / "netlify-identity-widget.js"
SCRIPT = Path(__file__).resolve().parent / "static" / "homeward-cms.js"
LOCALE_SCRIPT = "homeward-locale.js"
HEADER = "# Generated at build time by plugins/cms from the content model (plugins/homeward/model/).\n# Do not edit: change the model or the CMS_* settings.\n"
_warned: set[str] = set()


class _NoAliases(yaml.SafeDumper):
    """Repeated values (the id pattern) written out each time, not as &anchors: easier to read."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def config_yaml(config: dict[str, Any]) -> str:
    return yaml.dump(config, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=120)


def node_modules(settings: dict[str, Any]) -> Path | None:
    """node_modules/ holding decap-cms: CMS_NODE_MODULES if set, else next to content/ or in the Homeward checkout."""
    if settings.get("CMS_NODE_MODULES"):
        candidates = [Path(settings["CMS_NODE_MODULES"])]
    else:
        candidates = [Path(settings["PATH"]).resolve().parent / "node_modules", PLUGIN_ROOT / "node_modules"]
    return next((path for path in candidates if (path / DECAP_DIST / "decap-cms.js").is_file()), None)


def decap_files(modules: Path) -> list[Path]:
    """The entry script, the chunks and WebAssembly it loads from its own folder, its licence; no source maps."""
    dist = modules / DECAP_DIST
    wanted = [dist / "decap-cms.js", dist / "decap-cms.js.LICENSE.txt"]
    wanted += sorted(dist.glob("*.decap-cms.js")) + sorted(dist.glob("*.wasm"))
    return [path for path in wanted if path.is_file()]


def _reader(path: Path) -> Callable[[], bytes]:
    return lambda: patched(path.name, path.read_bytes(), _warn_once)


def _tool(url: str, **kwargs: Any) -> Route:
    return Route(url=url, lang=None, sitemap=False, search=False, tool=True, **kwargs)


def _routes(site: Site) -> list[Route]:
    modules = node_modules(site.settings)
    config = decap_config(site)
    rules = script_rules(site, config)
    routes = [
        _tool(f"{ADMIN}config.yml", produce=lambda: HEADER + config_yaml(config)),
        _tool(f"{ADMIN}homeward.json", produce=lambda: json.dumps(rules, ensure_ascii=False, indent=1, sort_keys=True) + "\n"),
        _tool(f"{ADMIN}{SCRIPT.name}", produce=lambda: SCRIPT.read_bytes()),
        _tool(f"{ADMIN}{LOCALE_SCRIPT}", produce=lambda: locale_script(config["locale"], decap_phrases(site))),
    ]
    identity = None
    if modules is None:
        # A warning like any other: printed with the others, counted in the summary, an error under --strict.
        site.warnings.append(
            ContentError(
                "package.json",
                1,
                "the browser CMS is not installed (node_modules/decap-cms is missing); run `npm ci --ignore-scripts` "
                "once in the repository, or /admin/ only shows a notice",
                warning=True,
            )
        )
    else:
        routes += [_tool(f"{ADMIN}{path.name}", produce=_reader(path)) for path in decap_files(modules)]
        widget = modules / IDENTITY_WIDGET
        if config["backend"]["name"] == "git-gateway" and widget.is_file():
            identity = f"{ADMIN}{widget.name}"
            routes.append(_tool(identity, produce=_reader(widget)))
    routes.append(
        _tool(
            ADMIN,
            template="admin.html",
            context={
                "lang": site.default_lang,
                "cms_script": f"{ADMIN}decap-cms.js" if modules else None,
                "homeward_script": f"{ADMIN}{SCRIPT.name}" if modules else None,
                "locale_script": f"{ADMIN}{LOCALE_SCRIPT}" if modules else None,
                "identity_script": identity,
                "config_url": f"{ADMIN}config.yml",
            },
        )
    )
    return routes


def decap_phrases(site: Site) -> dict[str, Any]:
    """Decap's phrases its locale lacks, in the editor's language (labels.DECAP_PHRASES), nested
    as Decap's locales are; only those the catalog translates (else Decap's English stays)."""
    translate = translator(site.settings, site.codes)
    nested: dict[str, Any] = {}
    for key, english in DECAP_PHRASES.items():
        text = translate(english)
        if text == english:
            continue
        *parents, last = key.split(".")
        at = nested
        for part in parents:
            at = at.setdefault(part, {})
        at[last] = text
    return nested


def locale_script(locale: str, phrases: dict[str, Any]) -> str:
    """Runs after decap-cms.js and before Decap reads its locale (once config.yml has loaded)."""
    return (
        "/* Generated by plugins/cms: Decap's missing phrases in the editor's language (labels.DECAP_PHRASES). */\n"
        "(function () {\n  var CMS = window.CMS;\n  if (!CMS) return;\n"
        f"  var locale = {json.dumps(locale)};\n  var extra = {json.dumps(phrases, ensure_ascii=False, sort_keys=True)};\n"
        "  function merge(base, more) {\n    var out = {};\n"
        "    Object.keys(base || {}).forEach(function (k) { out[k] = base[k]; });\n"
        "    Object.keys(more).forEach(function (k) {\n"
        "      out[k] = typeof more[k] === 'object' ? merge(out[k], more[k]) : (out[k] === undefined ? more[k] : out[k]);\n"
        "    });\n    return out;\n  }\n"
        "  CMS.registerLocale(locale, merge(CMS.getLocale(locale), extra));\n})();\n"
    )


def _warn_once(message: str) -> None:
    """Once per process: the preview server rebuilds on every save."""
    if message not in _warned:
        _warned.add(message)
        print(message, file=sys.stderr)


def _allow_local_backend(env: Any, site: Site, **_: Any) -> None:
    """In the preview the CMS talks to decap-server on 127.0.0.1: its origin joins connect-src."""
    if site.preview:
        site.admin_connect = (proxy_url(site.settings).rsplit("/api/", 1)[0],)  # the preview's header too
        env.globals["admin_content_security_policy"] = admin_policy(site.settings, meta=True, connect=site.admin_connect)


def register() -> None:
    # collect_routes: the admin page, config.yml from the model, Decap's files and our script under /admin/.
    signals.collect_routes.connect(_routes)
    # environment_ready: the preview's CMS page may connect to decap-server.
    signals.environment_ready.connect(_allow_local_backend)
