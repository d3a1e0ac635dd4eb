"""Where content lives: which folders hold Markdown, which YAML files hold which records.

The loader reads what these functions find; `homeward new` (scaffold.py) and the CMS config
(plugins/cms) read the same rules, so a file one of them writes is a file the loader reads.
"""

from __future__ import annotations

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
        found += [path for suffix in YAML_SUFFIXES for path in sorted(folder.glob(f"*{suffix}"))]
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
                if path.suffix.lower() in MARKDOWN_SUFFIXES and path.is_file() and utf8_name(path)
            ]
    return found


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
