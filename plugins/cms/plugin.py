"""The browser CMS at `/admin/`: Decap's page, its config generated from the model, its script.

Decap's JavaScript is published from the site itself (no third-party script on a page that
holds a login): `npm ci` puts the pinned `decap-cms` package in node_modules/, and its
prebuilt `dist/` files become routes under `/admin/`. The files are routes rather than a copy
after writing, so the preview server serves them too. Without node_modules the build goes
on, prints one warning and the admin page tells the maintainer what to run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from homeward import signals
from homeward.errors import ContentError
from homeward.routes import Route
from homeward.site import Site

from .config import decap_config

ADMIN = "/admin/"
PLUGIN_ROOT = Path(__file__).resolve().parents[2]  # the Homeward checkout, where package.json is
DECAP_DIST = Path("decap-cms") / "dist"
IDENTITY_WIDGET = Path("netlify-identity-widget") / "build" / "netlify-identity-widget.js"
HEADER = "# Generated at build time by plugins/cms from the content model (plugins/homeward/model/).\n# Do not edit: change the model or the CMS_* settings.\n"


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
    return lambda: path.read_bytes()


def _routes(site: Site) -> list[Route]:
    modules = node_modules(site.settings)
    config = decap_config(site)
    routes = [
        Route(
            url=f"{ADMIN}config.yml",
            lang=None,
            produce=lambda: HEADER + config_yaml(config),
            sitemap=False,
            search=False,
        )
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
        routes += [
            Route(url=f"{ADMIN}{path.name}", lang=None, produce=_reader(path), sitemap=False, search=False)
            for path in decap_files(modules)
        ]
        widget = modules / IDENTITY_WIDGET
        if config["backend"]["name"] == "git-gateway" and widget.is_file():
            identity = f"{ADMIN}{widget.name}"
            routes.append(Route(url=identity, lang=None, produce=_reader(widget), sitemap=False, search=False))
    routes.append(
        Route(
            url=ADMIN,
            lang=None,
            template="admin.html",
            context={
                "lang": site.default_lang,
                "cms_script": f"{ADMIN}decap-cms.js" if modules else None,
                "identity_script": identity,
                "config_url": f"{ADMIN}config.yml",
            },
            sitemap=False,
            search=False,
        )
    )
    return routes


def register() -> None:
    # collect_routes: the admin page, config.yml from the model, and Decap's files under /admin/.
    signals.collect_routes.connect(_routes)
