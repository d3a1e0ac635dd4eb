"""Gettext catalogs per language, compiled from .po in memory at build time (no .mo to forget).

Lookup order (written down, like Hugo's): the page's language, then the default
language, then the English source string. With HOMEWARD_SHOW_MISSING=1 a string missing
from the page's language is shown as `[xx: text]` so translators can find it.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
from pathlib import Path

import babel
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DOMAIN = "messages"
SOURCE_LANGUAGE = "en"  # msgids in templates are English


def catalog_dirs(settings: dict) -> list[Path]:
    """Region catalogs (I18N_CATALOGS) override the theme's."""
    dirs = [Path(p) for p in settings.get("I18N_CATALOGS", [])]
    dirs.append(Path(settings["THEME"]) / "translations")
    return dirs


def _compile(data: bytes, locale: str) -> bytes:
    catalog = read_po(io.BytesIO(data), locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _load_po(path: Path, locale: str, cache_dir: str | None = None, data: bytes | None = None) -> gettext.GNUTranslations:
    """The catalog compiled from `path` (whose bytes are `data` when the caller read them).
    With a cache folder, what a .po compiles to is kept there by the digest of its bytes (with
    Babel's version and the locale), so a build whose catalogs did not change parses none."""
    data = path.read_bytes() if data is None else data
    mo = None
    cached = None
    if cache_dir:
        key = hashlib.sha1(f"{babel.__version__}\0{locale}\0".encode() + data).hexdigest()[:20]
        cached = Path(cache_dir) / "catalogs" / f"{locale}-{key}.mo"
        try:
            mo = cached.read_bytes()
        except OSError:
            mo = None
    if mo is None:
        mo = _compile(data, locale)
        if cached is not None:
            from homeward.filesystem import write_atomically

            try:
                for old in cached.parent.glob(f"{locale}-*.mo"):  # the catalog's earlier versions
                    old.unlink(missing_ok=True)
                write_atomically(cached, mo)
            except OSError:  # no cache is a slower build, not a failed one
                pass
    return Translations(fp=io.BytesIO(mo), domain=DOMAIN)


class _Missing(gettext.NullTranslations):
    def __init__(self, code: str):
        super().__init__()
        self.code = code

    def gettext(self, message: str) -> str:
        return f"[{self.code}: {message}]"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"[{self.code}: {singular if n == 1 else plural}]"


# The last catalogs loaded, by everything they are made from (see load_translations): five
# plugins ask for them in every build, and the preview server builds again and again.
_loaded: dict[tuple, dict[str, gettext.NullTranslations]] = {}


def load_translations(settings: dict, codes: list[str]) -> dict[str, gettext.NullTranslations]:
    """One translations object per language, falling back to the default language's.

    The same objects for the same catalogs: they are made from the languages (in order: the
    first is the fallback), whether missing text is shown, and which .po file each language has
    with its bytes, all of which is the key; nothing changes them once made."""
    show_missing = bool(os.environ.get("HOMEWARD_SHOW_MISSING") or settings.get("I18N_SHOW_MISSING"))
    sources: dict[str, tuple[Path, bytes]] = {}
    for code in codes:
        for folder in catalog_dirs(settings):
            po = folder / code / "LC_MESSAGES" / f"{DOMAIN}.po"
            if po.exists():
                sources[code] = (po, po.read_bytes())
                break
    key = (tuple(codes), show_missing, tuple((code, str(po), data) for code, (po, data) in sources.items()))
    known = _loaded.get(key)
    if known is None:
        known = _translations(codes, show_missing, sources, settings.get("HOMEWARD_CACHE_PATH"))
        _loaded.clear()
        _loaded[key] = known
    return known


def _translations(codes: list[str], show_missing: bool, sources: dict[str, tuple[Path, bytes]], cache_dir: str | None) -> dict[str, gettext.NullTranslations]:
    found = {code: _load_po(po, code, cache_dir, data) for code, (po, data) in sources.items()}
    result: dict[str, gettext.NullTranslations] = {}
    default = codes[0]
    for code in codes:
        primary = found.get(code)
        chain = Translations() if primary is None else primary
        if show_missing and code != "en":
            chain.add_fallback(_Missing(code))
        elif code not in (default, SOURCE_LANGUAGE) and default in found:
            chain.add_fallback(found[default])
        result[code] = chain
    return result


def missing_catalogs(settings: dict, codes: list[str]) -> list[str]:
    """Languages without a catalog (English needs none: the templates are written in it)."""
    missing = []
    for code in codes:
        if code == "en":
            continue
        if not any((folder / code / "LC_MESSAGES" / f"{DOMAIN}.po").exists() for folder in catalog_dirs(settings)):
            missing.append(code)
    return missing
