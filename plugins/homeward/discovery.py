"""Where content lives: which folders hold Markdown, which YAML files hold which records.

The loader reads what these functions find; `homeward new` (scaffold.py) and the CMS config
(plugins/cms) read the same rules, so a file one of them writes is a file the loader reads.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from pydantic import BaseModel

from .model import Article, Company, Contact, Event, Job, Organisation, Page, PressRelease, Sector, Story, Tag

# Content folder → model. The folder name is the kind plugins use in `site.items`.
DOCUMENT_FOLDERS: dict[str, type] = {
    "articles": Article,
    "press": PressRelease,
    "pages": Page,
    "stories": Story,
}

# Data collections: name → model, read from `data/<name>.yaml` (a list) and/or `data/<name>/*.yaml`.
DATA_COLLECTIONS: dict[str, type[BaseModel]] = {
    "organisations": Organisation,
    "contacts": Contact,
    "companies": Company,
    "events": Event,
    "jobs": Job,
    "sectors": Sector,
    "tags": Tag,
}

SINGULAR = {"organisations": "organisation", "contacts": "contact", "companies": "company", "events": "event", "jobs": "job", "sectors": "sector", "tags": "tag"}

# The Markdown file endings Pelican reads.
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}
# The YAML file endings, the first preferred (written by `homeward new`).
YAML_SUFFIXES = (".yaml", ".yml")


def single_data_file(content: Path, name: str) -> Path:
    """`data/<name>.yaml`, or `data/<name>.yml` when only that exists."""
    single = content / "data" / f"{name}.yaml"
    alternative = single.with_suffix(".yml")
    return alternative if not single.exists() and alternative.exists() else single


def data_paths(content: Path, name: str) -> list[Path]:
    """Every file that holds records of collection `name` (or the region, for "region")."""
    single = single_data_file(content, name)
    folder = content / "data" / name
    found = [single] if single.exists() else []
    if folder.is_dir():
        # `.YAML` as well as `.yaml` (Markdown's `.MD` is read too): a company saved as
        # KODVERKET.YAML was skipped, and every reference to it said "unknown company".
        found += [
            path
            for suffix in YAML_SUFFIXES
            for path in sorted(folder.iterdir())
            if path.suffix.lower() == suffix and not editor_file(path.name) and not path.is_dir()
        ]
    return [path for path in found if utf8_name(path)]


def document_paths(content: Path) -> list[tuple[str, Path]]:
    """(folder, path) of every Markdown file, folder by folder, sorted."""
    found = []
    for folder in DOCUMENT_FOLDERS:
        directory = content / folder
        if directory.is_dir():
            found += [
                (folder, path)
                for path in sorted(directory.rglob("*"))
                if path.suffix.lower() in MARKDOWN_SUFFIXES and path.is_file() and utf8_name(path) and not _hidden(path, directory)
            ]
    return found


# What editors, file managers and operating systems leave beside a file: never content.
_SYSTEM_FILES = {"thumbs.db", "desktop.ini", "icon\r"}
_EDITOR_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".rej", ".part", ".crdownload")


def editor_file(name: str) -> bool:
    """A hidden file (`.x.md`, macOS's `._x.md`), a backup or lock (`x.md~`, `#x.md#`, `~$x.docx`,
    `.x.md.swp`) or a system file (Thumbs.db): not read, and not reported as unread."""
    lower = name.lower()
    return name.startswith((".", "#", "~$")) or name.endswith(("~", "#")) or lower in _SYSTEM_FILES or lower.endswith(_EDITOR_SUFFIXES)


def _hidden(path: Path, top: Path) -> bool:
    """The file or a folder on its way down from `top` is hidden or an editor's (string work:
    Path.relative_to cost 0.05 s over 3300 documents)."""
    return any(editor_file(part) for part in str(path)[len(str(top)) :].split(os.sep) if part)


# Files a person meant as content, by their ending: reported when the build does not read them.
_TEXT_DOCUMENTS = {".txt", ".docx", ".doc", ".odt", ".rtf", ".pages"}


def unread_files(content: Path, read: set[Path]) -> list[tuple[Path, str]]:
    """(path, message) for each Markdown, YAML or text document in content/ that the build does
    not read (in a folder it does not look in, or under a name it does not take): without a word
    its page or record was simply missing, and references to it said "unknown id"."""
    found = []
    for folder, dirs, files in os.walk(content):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not editor_file(d) and not (here == content and d == "images"))
        for name in sorted(files):
            path = here / name
            if path in read or editor_file(name) or not utf8_name(path):
                continue
            message = _unread_message(content, path)
            if message is not None:
                found.append((path, message))
    return found


def _unread_message(content: Path, path: Path) -> str | None:
    rel = path.relative_to(content)
    parts = rel.parts
    suffix = path.suffix.lower()
    inner = Path(path.stem).suffix.lower()
    if suffix in _TEXT_DOCUMENTS and (inner in MARKDOWN_SUFFIXES or inner in YAML_SUFFIXES):
        return f"the file name ends in '{path.suffix}', so the build does not read it; rename it to '{path.stem}'"
    if suffix in MARKDOWN_SUFFIXES:
        if parts[0] in DOCUMENT_FOLDERS:
            return None  # read (a link or other problem is reported where it is read)
        return (
            "the build does not read Markdown files here; put articles, press releases, pages and stories in "
            "content/articles/, content/press/, content/pages/ or content/stories/ (or move the file out of content/)"
        )
    if suffix in YAML_SUFFIXES:
        if len(parts) > 3 and parts[0] == "data" and parts[1] in DATA_COLLECTIONS:
            return f"the build does not read subfolders of content/data/{parts[1]}/; move the file up into content/data/{parts[1]}/ (or out of content/)"
        if len(parts) == 2 and parts[0] == "data" and path.stem in ("region", *DATA_COLLECTIONS):
            read = single_data_file(content, path.stem).name
            return f"the build reads content/data/{read} and not this file beside it; move what this file holds into {read}, then delete this file"
        kinds = ["region", *DATA_COLLECTIONS]
        plural = {singular: name for name, singular in SINGULAR.items()}.get(path.stem.lower())
        close = plural or next(iter(difflib.get_close_matches(path.stem.lower(), kinds, n=1, cutoff=0.7)), None)
        guess = f"did you mean '{close}{path.suffix}'? " if close and len(parts) == 2 else ""
        return (
            f"the build does not read this file; {guess}data files are content/data/<kind>.yaml or content/data/<kind>/<id>.yaml, "
            f"where <kind> is one of {', '.join(kinds)}: rename or move it (or move it out of content/)"
        )
    if suffix == ".json" and len(parts) == 3 and parts[0] == "data" and parts[1] in DATA_COLLECTIONS:
        return f"the build reads only YAML files in content/data/{parts[1]}/; write the record as {path.stem}.yaml (one 'key: value' per line)"
    if suffix in _TEXT_DOCUMENTS and parts[0] in (*DOCUMENT_FOLDERS, "data"):
        return "the build reads only Markdown (.md) and YAML (.yaml) files here; copy the text into a .md file, or move this file out of content/"
    return None


def undecodable_names(content: Path) -> list[Path]:
    """Files whose name is not UTF-8 (saved by a program using another encoding, Latin-1
    'café'): they cannot be linked to or printed, so they are reported, not read."""
    found = []
    for folder, _dirs, files in os.walk(content):
        found += [Path(folder) / name for name in sorted(files) if not utf8_name(Path(name))]
    return found


def utf8_name(path: Path) -> bool:
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes are kept as surrogates by the file system API
        return False
    return True
