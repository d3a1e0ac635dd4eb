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



def path_suffix(name: str) -> str:
    """`Path(name).suffix`, on a string (pathlib objects cost ~2 µs each, 4600 files a build)."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


# What a walk found at a path: a folder it walked into, a folder it did not (a link to one),
# a file (links followed), anything else (a broken link, a FIFO).
WALKED, FOLDER, FILE, OTHER = range(4)


class ContentScan:
    """One walk of content/ for everything the loader finds in it: the Markdown and YAML files
    it reads, the files it does not read (reported), the names that are not UTF-8 (refused).
    `document_paths`, `data_paths`, `unread_files` and `undecodable_names` walked it three
    times with pathlib, ~0.06 s of an edit build at 1000×3; these give the same results, in
    the same order, from one walk with strings (tests/test_discovery.py compares them)."""

    def __init__(self, content: Path):
        self.root = content
        self.content = str(content)
        # folder → its entries sorted by name: (name, path, what it is)
        self.tree: dict[str, list[tuple[str, str, int]]] = {}
        # A folder the loader reads by its name that is a link: pathlib's functions follow it
        # where a walk does not, so they are used then (rare; each walks on its own).
        data = os.path.join(self.content, "data")
        named = [os.path.join(self.content, name) for name in DOCUMENT_FOLDERS]
        named += [data] + [os.path.join(data, name) for name in ("region", *DATA_COLLECTIONS)]
        self.walked = not any(os.path.islink(folder) for folder in named)
        if self.walked:
            self._walk(self.content)

    def _walk(self, folder: str) -> None:
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError:  # what os.walk and Path.rglob skip without a word
            return
        listed = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                # As os.walk and rglob do: a link to a folder is a folder, not walked into.
                what = FOLDER if entry.is_symlink() else WALKED
            else:
                try:
                    what = FILE if entry.is_file() else OTHER
                except OSError:
                    what = OTHER
            listed.append((entry.name, entry.path, what))
        self.tree[folder] = listed
        for _name, path, what in listed:
            if what == WALKED:
                self._walk(path)

    def documents(self) -> list[tuple[str, str]]:
        """document_paths, with string paths: (folder, path) of every Markdown file."""
        if not self.walked:
            return [(folder, str(path)) for folder, path in document_paths(self.root)]
        found: list[tuple[str, str]] = []
        for folder in DOCUMENT_FOLDERS:
            directory = os.path.join(self.content, folder)
            if directory in self.tree:
                self._documents_in(folder, directory, found)
        return found

    def _documents_in(self, folder: str, directory: str, found: list[tuple[str, str]]) -> None:
        # Entries by name, a folder's files where the folder sorts: the order of sorted Paths.
        for name, path, what in self.tree.get(directory, ()):
            if editor_file(name):
                continue  # a hidden or editor's file, or everything in such a folder
            if what == WALKED:
                self._documents_in(folder, path, found)
            elif what == FILE and path_suffix(name).lower() in MARKDOWN_SUFFIXES and _utf8(name):
                found.append((folder, path))

    def data_paths(self, name: str) -> list[Path]:
        """data_paths: every file that holds records of collection `name` (or the region)."""
        folder = os.path.join(self.content, "data", name)
        if not self.walked or (folder not in self.tree and os.path.isdir(folder)):
            return data_paths(self.root, name)  # a folder the walk could not list: as before
        single = single_data_file(self.root, name)
        found = [single] if single.exists() else []
        entries = [(entry, path) for entry, path, what in self.tree.get(folder, ()) if what not in (WALKED, FOLDER) and not editor_file(entry)]
        for suffix in YAML_SUFFIXES:
            found += [Path(path) for entry, path in entries if path_suffix(entry).lower() == suffix]
        return [path for path in found if _utf8(path.name)]

    def undecodable_names(self) -> list[Path]:
        """undecodable_names: files whose name is not UTF-8, anywhere in content/."""
        if not self.walked:
            return undecodable_names(self.root)
        return [Path(path) for entries in self.tree.values() for name, path, what in entries if what != WALKED and what != FOLDER and not _utf8(name)]

    def unread_files(self, read: set[str]) -> list[tuple[Path, str]]:
        """unread_files, given the paths the build reads as strings."""
        if not self.walked:
            return unread_files(self.root, {Path(path) for path in read})
        found: list[tuple[Path, str]] = []
        self._unread_in(self.content, read, found)
        return found

    def _unread_in(self, folder: str, read: set[str], found: list[tuple[Path, str]]) -> None:
        # os.walk's order: a folder's files first, then its folders.
        entries = self.tree.get(folder, ())
        for name, path, what in entries:
            if what in (WALKED, FOLDER) or path in read or editor_file(name) or not _utf8(name):
                continue
            message = _unread_message(self.root, Path(path))
            if message is not None:
                found.append((Path(path), message))
        for name, path, what in entries:
            if what == WALKED and not editor_file(name) and not (folder == self.content and name == "images"):
                self._unread_in(path, read, found)


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
