"""discovery.ContentScan (one walk of content/, strings) finds what the pathlib functions it
replaces in the loader find, in the same order: the Markdown and YAML files the build reads,
the files it reports as unread, and the names that are not UTF-8."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from conftest import CONTENT
from homeward.discovery import (
    DATA_COLLECTIONS,
    ContentScan,
    data_paths,
    document_paths,
    undecodable_names,
    unread_files,
)

KINDS = ["region", *DATA_COLLECTIONS]


def pathlib_finds(content: Path) -> tuple:
    """What the loader found before ContentScan: three walks with pathlib."""
    documents = [(folder, str(path)) for folder, path in document_paths(content)]
    data = {name: data_paths(content, name) for name in KINDS}
    read = {str(path) for paths in data.values() for path in paths} | {path for _folder, path in documents}
    unread = unread_files(content, {Path(path) for path in read})
    return documents, data, unread, sorted(undecodable_names(content))


def scan_finds(content: Path) -> tuple:
    scan = ContentScan(content)
    documents = scan.documents()
    data = {name: scan.data_paths(name) for name in KINDS}
    read = {str(path) for paths in data.values() for path in paths} | {path for _folder, path in documents}
    return documents, data, scan.unread_files(read), sorted(scan.undecodable_names())


def awkward_tree(content: Path, seed: int) -> None:
    """Names that sort differently as strings and as paths, editors' files, hidden folders,
    links to files, folders and nothing, a FIFO, upper-case endings, names not UTF-8."""
    rng = random.Random(seed)
    folders = ["articles", "articles/a", "articles/a-b", "articles/.hidden", "articles/a/b", "press", "pages/x", "stories",
               "data", "data/companies", "data/companies/sub", "data/events", "data/region", "images", "images/x", "other",
               "other/images", "articles/images", ".git", "data/#tmp#"]
    names = ["a.md", "a-b.md", "a.MD", "b.markdown", "c.mkd", "x.mdown", ".x.md", "x.md~", "#x.md#", "x.md.swp", "._x.md",
             "x.txt", "x.md.txt", "x.docx", "y.yaml", "y.YAML", "y.yml", "z.json", "Thumbs.db", "photo.jpg", "company.yaml",
             "companies.yaml", "region.yml", "a", "a.", ".yaml", "notes.odt", "x.yaml.txt"]
    for folder in folders:
        (content / folder).mkdir(parents=True, exist_ok=True)
    for folder in folders:
        for name in rng.sample(names, 9):
            if not (content / folder / name).is_dir():
                (content / folder / name).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    for name in ["companies.yaml", "events.yml", "tags.yaml", "tags.yml", "region.yaml", "contacts.YAML", "jobs.json"]:
        if rng.random() < 0.6:
            (content / "data" / name).write_text("- id: x\n", encoding="utf-8")
    os.symlink(content / "articles" / "a", content / "articles" / "linked-folder")
    os.symlink(content / "other", content / "data" / "companies" / "linked.yaml")
    os.symlink(content / "nowhere.md", content / "articles" / "broken.md")
    os.symlink(content / "data" / "companies", content / "data" / "companies" / "folder.yaml")
    (content / "other" / "real.md").write_text("x", encoding="utf-8")
    os.symlink(content / "other" / "real.md", content / "pages" / "linked-file.md")
    os.mkfifo(content / "articles" / "fifo.md")
    for folder in ("articles", "data/companies", "images", "other"):  # a name in Latin-1, not UTF-8 ('café')
        (content / folder / os.fsdecode(b"caf\xe9.md")).write_text("x")


@pytest.mark.parametrize("seed", range(6))
def test_one_walk_finds_what_the_three_walks_found(tmp_path: Path, seed: int) -> None:
    content = tmp_path / "content"
    awkward_tree(content, seed)
    assert scan_finds(content) == pathlib_finds(content)


def test_the_sample_content_is_found_as_before() -> None:
    assert scan_finds(CONTENT) == pathlib_finds(CONTENT)


@pytest.mark.parametrize("linked", ["articles", "data", "data/companies"])
def test_a_folder_that_is_a_link_is_followed_as_before(tmp_path: Path, linked: str) -> None:
    """pathlib's functions follow a named folder that is a link (the loader then refuses what
    leads out of content/); a walk would not: ContentScan uses them then."""
    content = tmp_path / "content"
    awkward_tree(content, 1)
    elsewhere = tmp_path / "elsewhere"
    (content / linked).rename(elsewhere)
    os.symlink(elsewhere, content / linked)
    assert not ContentScan(content).walked
    assert scan_finds(content) == pathlib_finds(content)
