"""The parse memo in the cache folder (parse_memo.py) keeps each unchanged file's validated
models, which every build then changes (dates set in the region's time zone, embargoes
shared). A shard written again must hold them as validation made them, not as a build left
them: the next build may read them in another zone. (Kept as blobs, they are; a design that
kept them as objects was tried, see the history of parse_memo.py, and needs this test.)"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from conftest import build_site, copy_content
from homeward import parse_memo
from homeward.parse_memo import _shard


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_a_shard_written_again_keeps_the_models_as_they_were_read(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    output, cache = tmp_path / "output", tmp_path / "cache"
    # A date without a time zone: the loader sets the region's on the model it reads. Named so
    # that another text shares its shard of the memo (shards go by the file's whole path).
    texts = {_shard(str(path)): path for folder in ("articles", "pages") for path in sorted((content / folder).glob("*.md"))}
    article = next(path for n in range(1000) if _shard(str(path := content / "articles" / f"a-plain-date-{n}.en.md")) in texts)
    neighbour = texts[_shard(str(article))]
    article.write_text("---\ntitle: A plain date\ndate: 2026-07-01 12:00\n---\nText.\n", encoding="utf-8")
    assert build_site(output, content, cache=cache).returncode == 0
    # The other text of the shard changes: the shard is written again.
    with neighbour.open("a", encoding="utf-8") as handle:
        handle.write("\nA new paragraph.\n")
    assert build_site(output, content, cache=cache).returncode == 0
    # The region moves to a zone an hour behind in summer (region.yaml is a text: the memo is kept).
    region = content / "data" / "region.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace("timezone: Europe/Oslo", "timezone: Africa/Lagos"), encoding="utf-8")
    edited = build_site(output, content, cache=cache)
    assert edited.returncode == 0, edited.stderr
    cold = build_site(tmp_path / "cold" / "output", content, cache=tmp_path / "cold" / "cache")
    assert cold.returncode == 0, cold.stderr
    expected, got = tree(tmp_path / "cold" / "output"), tree(output)
    assert sorted(got) == sorted(expected)
    assert [rel for rel in expected if got[rel] != expected[rel]] == []
    shutil.rmtree(tmp_path / "cold")


def test_shards_a_build_server_keeps_in_memory_are_read_again_once_a_build_wrote_them(tmp_path: Path) -> None:
    """parse_memo.warm: the build server's copies of the shards stand in for the files only while
    the files are the very ones they were read from; a build (served or not) that saved a shard
    since makes the next one read it again."""
    content = copy_content(tmp_path)
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert build_site(output, content, cache=cache).returncode == 0
    key = pickle.loads(next((cache / parse_memo.VERSION).glob("*.pickle")).read_bytes())[0]
    parse_memo.warm(cache)
    try:
        first = parse_memo.load(cache, key).entries
        again = parse_memo.load(cache, key).entries
        assert first and all(again[path] is parse for path, parse in first.items())  # from memory
        text = next(path for path in first if path.endswith(".md"))
        with open(text, "a", encoding="utf-8") as handle:
            handle.write("\nA new paragraph.\n")
        assert build_site(output, content, cache=cache).returncode == 0  # saves that text's shard
        after = parse_memo.load(cache, key).entries
        assert after[text] is not first[text] and after[text][0] != first[text][0]  # read from the file
        elsewhere = [path for path in first if _shard(path) != _shard(text)]
        assert elsewhere and all(after[path] is first[path] for path in elsewhere)
    finally:
        parse_memo._WARM.clear()
