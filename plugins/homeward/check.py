"""`homeward check`: validation, internal links in every language, translation coverage,
and reminders (stale accessibility statement, languages without a UI catalog)."""

from __future__ import annotations

import sys
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from . import signals
from .build import SiteBuild, prepare, write_site
from .errors import BuildFailed
from .linkcheck import broken_links
from .render import Urls
from .site import HeldBack

LEGEND = (
    "Translations (✓ translated, ~ untranslated stub, - missing; "
    "d = draft and e = under embargo: not published yet, so only the preview shows them):"
)


def coverage(build: SiteBuild) -> tuple[list[str], list[str], list[str]]:
    """A table (item × language, with each item's state), the missing translations, and
    notes on files held back (drafts, embargoes). A language whose file exists, published or
    not, is never reported as missing."""
    site = build.site
    held: dict[tuple[str, str], dict[str, HeldBack]] = defaultdict(dict)
    for file in site.held_back:
        held[(file.kind, file.slug)][file.lang] = file
    keys = sorted({(kind, item.slug) for kind in site.items for item in site.kind(kind)} | set(held))
    width = max([48, *(len(f"{kind}/{slug}") + 1 for kind, slug in keys)])
    rows = [f"{'item':<{width}} " + " ".join(f"{c:>3}" for c in site.codes) + "  state"]
    missing: list[str] = []
    notes: list[str] = []
    for kind, slug in keys:
        item = site.items.get(kind, {}).get(slug)
        entries = item.entries if item else {}
        stubs = item.stubs if item else {}
        waiting = held.get((kind, slug), {})
        marks = []
        for code in site.codes:
            entry = entries.get(code) or stubs.get(code)
            if entry is not None:
                untranslated = entry.meta.untranslated
                marks.append("~" if untranslated else "✓")
                if untranslated:
                    missing.append(f"{entry.path}: marked untranslated; translate it and remove 'untranslated: true'")
            elif code in waiting:
                file = waiting[code]
                marks.append(file.reason[0] + ("~" if file.untranslated else ""))
                notes.append(f"{file.path}: {_held_state(file)}")
            else:
                marks.append("-")
                source = ([e.path for e in entries.values()] + [f.path for f in waiting.values()])[0]
                missing.append(f"{source}: no '{code}' translation of {kind}/{slug}; add {PurePosixPath(source).parent / f'{slug}.{code}.md'}")
        rows.append(f"{kind + '/' + slug:<{width}} " + " ".join(f"{m:>3}" for m in marks) + "  " + _state(entries, waiting, site.codes))
    return rows, missing, notes


def _held_state(file: HeldBack) -> str:
    if file.reason == "draft":
        return "a draft, not published; set 'status: published' when it is ready"
    until = f" until {file.until.isoformat(sep=' ', timespec='minutes')}" if file.until else ""
    return f"under embargo{until}; it is published by the first build after that"


def _state(entries: dict[str, Any], waiting: dict[str, HeldBack], codes: list[str]) -> str:
    """'published', 'draft', 'embargo until …', or per language when they differ."""
    states = {code: "published" for code in entries}
    for code, file in waiting.items():
        states[code] = file.reason if file.reason == "draft" else f"embargo until {file.until.isoformat(sep=' ', timespec='minutes')}" if file.until else "embargo"
    distinct = sorted(set(states.values()))
    if len(distinct) == 1:
        return distinct[0]
    return "; ".join(f"{code} {states[code]}" for code in codes if code in states)


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
        broken = broken_links(out, Urls(settings.get("SITEURL", "")).base, ignore=tuple(build.site.written_later))
    rows, missing, held = coverage(build)
    print(LEGEND)
    print("\n".join(rows))
    for line in missing:
        print(f"warning: {line}")
    for line in held:
        print(f"note: {line}")
    for placeholder in build.site.held_back_placeholders:
        print(f"note: {placeholder.path}:{placeholder.line}: {placeholder.message}; do it before you publish")
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
    # A placeholder from `invoke new` in something the next build publishes fails the check.
    placeholders = len(build.site.placeholders)
    problems += placeholders
    if strict and (missing or build.site.warnings):
        problems += len(missing) + len(build.site.warnings) - placeholders
    status = "failed" if problems else "passed"
    print(
        f"check {status}: {len(build.routes)} routes, {len(broken)} broken links, {len(missing)} missing translations, "
        f"{placeholders} placeholders from `invoke new` left in published content"
    )
    return 1 if problems else 0
