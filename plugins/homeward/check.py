"""`homeward check`: validation, internal links in every language, translation coverage,
and reminders (stale accessibility statement, languages without a UI catalog)."""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from . import signals
from .build import SiteBuild, prepare, write_site
from .errors import BuildFailed
from .linkcheck import broken_links
from .render import Urls


def coverage(build: SiteBuild) -> tuple[list[str], list[str]]:
    """A table (item × language) and the list of missing translations."""
    site = build.site
    rows = [f"{'item':<48} " + " ".join(f"{c:>3}" for c in site.codes)]
    missing = []
    for kind in sorted(site.items):
        for item in site.kind(kind):
            marks = []
            for code in site.codes:
                entry = item.entries.get(code)
                if entry is None and code in item.stubs:
                    marks.append("  ~")
                    missing.append(f"{item.stubs[code].path}: marked untranslated; translate it and remove 'untranslated: true'")
                elif entry is None:
                    marks.append("  -")
                    source = item.best(code, site.codes).path
                    missing.append(f"{source}: no '{code}' translation of {kind}/{item.slug}; add {kind}/{item.slug}.{code}.md")
                elif entry.meta.untranslated:
                    marks.append("  ~")
                    missing.append(f"{entry.path}: marked untranslated; translate it and remove 'untranslated: true'")
                else:
                    marks.append("  ✓")
            rows.append(f"{kind + '/' + item.slug:<48} " + " ".join(marks))
    return rows, missing


def reminders(build: SiteBuild) -> list[str]:
    from i18n.catalogs import missing_catalogs  # i18n is a plugin: imported only when installed

    notes = []
    a11y = build.settings.get("ACCESSIBILITY") or {}
    assessed = a11y.get("assessed")
    if assessed:
        when = date.fromisoformat(str(assessed))
        age = (build.site.today - when).days
        if age > 365:
            notes.append(
                f"pelicanconf.py: ACCESSIBILITY['assessed'] is {age} days old ({when}); re-assess the site and update the statement (required yearly)"
            )
    else:
        notes.append("pelicanconf.py: ACCESSIBILITY['assessed'] is not set; the accessibility statement needs an assessment date")
    for code in missing_catalogs(build.settings, build.site.codes):
        notes.append(f"{code}: no UI catalog; run `invoke i18n-init --lang {code}` and translate it")
    return notes


def run_check(settings: dict[str, Any], strict: bool = False) -> int:
    try:
        build = prepare(settings)
    except BuildFailed as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"check: {len([e for e in exc.errors if not e.warning])} error(s)", file=sys.stderr)
        return 1
    problems = 0
    for warning in build.site.warnings:
        print(warning)
    for notice in build.site.notices:
        print(notice)
    with tempfile.TemporaryDirectory(prefix="homeward-check-") as tmp:
        out = Path(tmp) / "site"
        out.mkdir()
        write_site(build, out, None)
        # The search index is not built by `check` (it must stay quick), so its files are absent.
        broken = broken_links(out, Urls(settings.get("SITEURL", "")).base, ignore=("/pagefind/",))
    rows, missing = coverage(build)
    print("Translations (✓ translated, ~ stub, - missing):")
    print("\n".join(rows))
    for line in missing:
        print(f"warning: {line}")
    for note in reminders(build):
        print(f"reminder: {note}")
    for _receiver, found in signals.check_requested.send(build):
        for level, message in found or []:
            if level == "error":
                print(f"error: {message}", file=sys.stderr)
                problems += 1
            else:
                print(f"reminder: {message}")
    if broken:
        print(f"{len(broken)} broken internal link(s):", file=sys.stderr)
        for line in broken:
            print(f"  {line}", file=sys.stderr)
        problems += len(broken)
    if strict and (missing or build.site.warnings):
        problems += len(missing) + len(build.site.warnings)
    status = "failed" if problems else "passed"
    print(f"check {status}: {len(build.routes)} routes, {len(broken)} broken links, {len(missing)} missing translations")
    return 1 if problems else 0
