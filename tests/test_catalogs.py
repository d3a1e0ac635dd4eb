"""Every UI string in the templates and plugins is in every catalog, and translated."""

from __future__ import annotations

import subprocess
import sys

from babel.messages.pofile import read_po
from conftest import ROOT

CATALOGS = ROOT / "themes" / "homeward" / "translations"


def _ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_every_ui_string_is_translated_in_every_catalog(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "--no-location", "-o", str(pot), "plugins", "themes/homeward/templates"],
        cwd=ROOT, check=True, capture_output=True,
    )
    expected = _ids(read_po(pot.open("rb")))
    assert "Skip to content" in expected
    languages = sorted(p.name for p in CATALOGS.iterdir() if (p / "LC_MESSAGES" / "messages.po").exists())
    assert {"nb", "sv"} <= set(languages)
    for lang in languages:
        catalog = read_po((CATALOGS / lang / "LC_MESSAGES" / "messages.po").open("rb"), locale=lang)
        missing = sorted(expected - _ids(catalog))
        assert not missing, f"{lang}: run `invoke i18n-update` and translate: {missing}"
        untranslated = sorted(
            (m.id if isinstance(m.id, str) else m.id[0])
            for m in catalog
            if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
        )
        assert not untranslated, f"{lang}: untranslated: {untranslated}"
