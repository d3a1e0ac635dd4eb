"""`homeward fmt`: rewrite content files into the form the browser CMS writes (fileformat.py).

Hand-written files and files the CMS saved then look alike, and a CMS save without an edit
changes nothing. Every file that changes is named with what changed; `--check` only lists
them (non-zero exit when one is not in the form), for CI. Files the CMS does not edit (region,
lists of organisations, contacts, sectors and tags in one file) are left as written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .discovery import DATA_COLLECTIONS, DOCUMENT_FOLDERS, data_paths, document_paths
from .fileformat import FormatRefused, Formatted, format_data, format_markdown
from .filesystem import write_atomically
from .languages import parse_languages
from .sourcefile import SourceError, read_text


def content_files(content: Path) -> list[tuple[Path, type, bool]]:
    """(path, model, is Markdown) for every file the CMS can write: one item per file. Found as
    the build finds them (discovery.py), so both skip the same hidden and editor files and read
    the same endings (`.MD`, `.YAML`)."""
    found: list[tuple[Path, type, bool]] = [(path, DOCUMENT_FOLDERS[folder], True) for folder, path in document_paths(content)]
    for name, model in DATA_COLLECTIONS.items():
        folder = content / "data" / name
        found += [(path, model, False) for path in data_paths(content, name) if path.parent == folder]
    return found


def format_file(path: Path, model: type, markdown: bool, codes: list[str]) -> Formatted:
    text = read_text(path)
    if markdown:
        parts = path.name.split(".")
        lang = parts[-2] if len(parts) >= 3 and parts[-2] in codes else None
        return format_markdown(text, model, codes, lang)
    return format_data(text, model, codes)


def run_fmt(settings: dict[str, Any], check_only: bool = False, only: list[str] | None = None) -> int:
    content = Path(settings["PATH"])
    codes = [language.code for language in parse_languages(settings.get("LANGUAGES") or ["nb", "sv", "en"])]
    wanted = {Path(p).resolve() for p in only} if only else None
    changed = unreadable = total = 0
    for path, model, markdown in content_files(content):
        if wanted is not None and path.resolve() not in wanted:
            continue
        total += 1
        shown = _shown(path, content)
        try:
            result = format_file(path, model, markdown, codes)
        except SourceError as exc:
            print(f"{shown}:{exc.line}: {exc.message}", file=sys.stderr)
            unreadable += 1
            continue
        except FormatRefused as exc:
            print(f"{shown}:1: not rewritten: {exc}; please report this file to the maintainers", file=sys.stderr)
            unreadable += 1
            continue
        if not result.changes:
            continue
        changed += 1
        if check_only:
            print(f"{shown}: not in the CMS's form: {'; '.join(result.changes)}")
        else:
            write_atomically(path, result.text.encode("utf-8"))
            print(f"{shown}: rewritten: {'; '.join(result.changes)}")
    verb = "need rewriting" if check_only else "rewritten"
    print(f"{changed} of {total} files {verb}" + (f", {unreadable} could not be read (fix them first)" if unreadable else "") + ".")
    if check_only and changed:
        print("Run `invoke fmt` to rewrite them (it changes no value, only the layout).")
    return 1 if unreadable or (check_only and changed) else 0


def _shown(path: Path, content: Path) -> str:
    try:
        return path.resolve().relative_to(content.resolve().parent).as_posix()
    except ValueError:
        return str(path)
