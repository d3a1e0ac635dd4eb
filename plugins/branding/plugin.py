"""`BRAND = {"primary": ..., "accent": ..., "logo": ..., "hero": ..., "hero_focus": ...}` → brand.css, checked.

The primary colour carries white text (header, links on white), the accent carries dark
text (buttons); both must reach 4.5:1 (WCAG 2.1 AA for normal text) or the build stops.
brand.css also carries the site's address (`--site-origin`), which printed pages show before
the paths of internal links.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from homeward import signals
from homeward.errors import BuildFailed, ContentError
from homeward.model.fields import parse_focus
from homeward.site import Site
from homeward.trust.files import Refused

from .contrast import contrast, nearest_passing

DEFAULTS = {"primary": "#0b5d7a", "accent": "#f2b84b", "ink": "#1b1f24"}
MINIMUM = 4.5


def brand(settings: dict[str, Any]) -> dict[str, str]:
    return {**DEFAULTS, **{k: v for k, v in (settings.get("BRAND") or {}).items() if isinstance(v, str)}}


def check(settings: dict[str, Any]) -> list[ContentError]:
    colours = brand(settings)
    where = settings.get("HOMEWARD_SETTINGS_FILE", "pelicanconf.py")
    errors = []
    pairs = [("primary", "#ffffff", "white text and links on white"), ("accent", colours["ink"], "dark button text")]
    for name, against, use in pairs:
        try:
            ratio = contrast(colours[name], against)
        except ValueError as exc:
            errors.append(ContentError(where, 1, f"BRAND['{name}']: {exc}"))
            continue
        if ratio < MINIMUM:
            better = nearest_passing(colours[name], against, MINIMUM)
            errors.append(
                ContentError(
                    where,
                    1,
                    f"BRAND['{name}'] {colours[name]} has contrast {ratio:.2f}:1 with {use}; WCAG AA needs "
                    f"{MINIMUM}:1 — use a {'darker' if against == '#ffffff' else 'lighter'} colour such as {better}",
                )
            )
    return errors


def _assets(site: Site) -> dict[str, bytes]:
    errors = check(site.settings)
    if errors:
        raise BuildFailed(errors)
    colours = brand(site.settings)
    css = (
        ":root{"
        f"--primary:{colours['primary']};--on-primary:#ffffff;"
        f"--accent:{colours['accent']};--on-accent:{colours['ink']};--ink:{colours['ink']};"
        f"--site-origin:{_css_string(site_origin(site.settings))}"
        "}\n"
    )
    return {"brand.css": css.encode()}


def site_origin(settings: dict[str, Any]) -> str:
    """`https://host` of SITEURL ('' in the preview): printed pages put it before the paths of
    internal links, so a link on paper says where it leads."""
    parts = urlparse(str(settings.get("SITEURL") or ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def settings_line(settings: dict[str, Any], needle: str) -> int:
    """The line of the settings file that mentions `needle` (1 when it cannot be found)."""
    path = settings.get("HOMEWARD_SETTINGS_PATH")
    if path:
        try:
            for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
                if needle in line:
                    return number
        except OSError:
            pass
    return 1


def _check_images(site: Site) -> None:
    """A logo or hero image that is not in content/ is left out, with a warning: a region's
    content can be built with the kit's settings before it has its own images."""
    settings = site.settings
    # Keep what was configured: the preview server reloads, and an image may appear later.
    configured = dict(settings.setdefault("HOMEWARD_BRAND_CONFIGURED", dict(settings.get("BRAND") or {})))
    where = settings.get("HOMEWARD_SETTINGS_FILE", "pelicanconf.py")
    content = Path(settings["PATH"])
    refused = []
    for key in ("logo", "hero"):
        value = configured.get(key)
        if value and (content / value.lstrip("/")).is_file():
            try:
                site.files.check(value)  # the gate every content file passes (trust/files.py)
            except Refused as exc:
                refused.append(ContentError(where, settings_line(settings, f'"{key}"'), f"BRAND['{key}'] '{value}' {exc}"))
        elif value:
            site.warnings.append(
                ContentError(
                    where,
                    settings_line(settings, f'"{key}"'),
                    f"BRAND['{key}'] '{value}' is not in content/; the site is built without it — add the file or change the path",
                    warning=True,
                )
            )
            configured.pop(key)
    settings["BRAND"] = configured
    focus = configured.get("hero_focus")
    settings["HOMEWARD_HERO_FOCUS"] = None
    if focus:
        try:
            settings["HOMEWARD_HERO_FOCUS"] = parse_focus(focus)
        except ValueError as exc:
            line = settings_line(settings, '"hero_focus"')
            refused.append(ContentError(where, line, f"BRAND['hero_focus']: {exc}"))
    if refused:
        raise BuildFailed(refused)


def register() -> None:
    # site_loaded: leave out brand images the content does not have (a warning, not a broken link).
    signals.site_loaded.connect(_check_images)
    # collect_assets: the brand stylesheet, after refusing colours below WCAG AA.
    signals.collect_assets.connect(_assets)
