"""Seconds-long checks of the benchmark's corpus and harness in benchmarks/ (the benchmark
itself is not a test: it takes minutes and its numbers depend on the machine)."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parents[1] / "benchmarks"
if str(HERE) not in sys.path:  # benchmarks/ is scripts, not a package
    sys.path.insert(0, str(HERE))
corpus = importlib.import_module("corpus")
run = importlib.import_module("run")
hugo_site = importlib.import_module("hugo_site")


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    """Same seed and scale give byte-identical trees: results compare across runs."""
    first = corpus.generate(tmp_path / "a", scale=3)
    second = corpus.generate(tmp_path / "b", scale=3)
    assert first.sha256 == second.sha256
    # 3 articles and 10 stories (the floor) in 3 languages, plus the about page.
    assert first.markdown_files_homeward == (3 + 10 + 1) * 3
    assert first.markdown_files_pelican == first.markdown_files_homeward


def test_corpus_follows_the_content_model(tmp_path: Path) -> None:
    """Front matter is YAML with the contract's fields; references resolve."""
    corpus.generate(tmp_path, scale=3)
    content = tmp_path / "content"
    article = next((content / "articles").glob("*.sv.md")).read_text()
    meta = yaml.safe_load(article.split("---\n")[1])
    assert {"title", "slug", "date", "summary", "tags", "image", "companies"} <= set(meta)
    assert meta["date"].utcoffset() is not None
    assert (content / meta["image"]["src"]).is_file()
    region = yaml.safe_load((content / "data" / "region.yaml").read_text())
    municipalities = {m["id"] for m in region["municipalities"]}
    for job in (content / "data" / "jobs").glob("*.yaml"):
        data = yaml.safe_load(job.read_text())
        assert data["municipality"] in municipalities
        assert (content / "data" / "companies" / f"{data['company']}.yaml").is_file()
    pelican_copy = tmp_path / "pelican-content" / "articles"
    assert pelican_copy.joinpath(f"{meta['slug']}.sv.md").read_text().startswith(f"Title: {meta['title']}\n")


def test_harness_builds_both_baselines(tmp_path: Path) -> None:
    """One tiny run of (b) and (c) end to end, so a broken pelicanconf shows here."""
    import pelican.plugins.i18n_subsites  # noqa: F401 - in the test extra; a missing baseline is a failure
    results = tmp_path / "latest.md"
    argv = ["--scale", "2", "--repeat", "1", "--only", "pelican,subsites"]
    argv += ["--python", sys.executable, "--shm-dir", str(tmp_path), "--results", str(results)]
    assert run.main(argv) == 0
    text = results.read_text()
    assert "| (b) Pelican, built-in translations | shm |" in text
    assert "| (c) Pelican + i18n_subsites | shm |" in text
    assert re.search(r"\(c\)/\(b\) wall = \d", text)


def test_harness_builds_hugo(tmp_path: Path) -> None:
    """One tiny Hugo run over the same articles: every language has its pages, switcher and list."""
    if hugo_site.hugo_binary() is None:
        pytest.skip("no hugo on PATH (apt-get install hugo)")
    results = tmp_path / "latest.md"
    argv = ["--scale", "2", "--repeat", "1", "--only", "hugo", "--keep"]
    argv += ["--python", sys.executable, "--shm-dir", str(tmp_path), "--results", str(results)]
    assert run.main(argv) == 0
    assert re.search(r"\| \(d\) Hugo, same articles \| shm \| \d", results.read_text())
    out = tmp_path / "scale-2" / "out-hugo"
    slug = next((tmp_path / "scale-2" / "content" / "articles").glob("*.sv.md")).name.split(".")[0]
    page = (out / "sv" / "articles" / slug / "index.html").read_text()
    for lang in corpus.LANGS:
        assert f'hreflang="{lang}" href="/{lang}/articles/{slug}/"' in page
        assert f'href="/{lang}/articles/{slug}/" hreflang="{lang}"' in page  # the switcher
        assert f"/{lang}/articles/{slug}/" in (out / lang / "articles" / "index.html").read_text()


def test_harness_times_homeward_cold_warm_and_one_edit(tmp_path: Path) -> None:
    """Homeward's rows: cold, warm (nothing changed) and one edited Markdown file, which is
    restored afterwards so the corpus stays the one its manifest describes."""
    results = tmp_path / "latest.md"
    argv = ["--scale", "2", "--repeat", "1", "--only", "homeward", "--pause", "0.3"]
    argv += ["--python", sys.executable, "--shm-dir", str(tmp_path), "--results", str(results)]
    before = corpus.generate(tmp_path / "scale-2", scale=2).sha256
    assert run.main(argv) == 0
    text = results.read_text()
    labels = ("Homeward (cold)", "Homeward (warm, nothing changed)", "Homeward (one Markdown file edited)")
    served = (
        "Homeward (one file edited, `build --server` right after the save)",
        "Homeward (one file edited, `invoke build --no-search` right after the save)",
        "Homeward (one file edited, `invoke build --no-search` 2 s after the save)",
    )
    for label in (*labels, *served):
        assert re.search(rf"\| {re.escape(label)} \| shm \| \d", text), text
    assert re.search(r"Built \d+ pages .*\(\d+ rendered\)", text)
    assert corpus.generate(tmp_path / "check", scale=2).sha256 == before
    articles = tmp_path / "scale-2" / "content" / "articles"
    assert all(b"One more paragraph" not in p.read_bytes() for p in articles.glob("*.md"))
    assert all(b"through the build server" not in p.read_bytes() for p in articles.glob("*.md"))
    assert text.count("the served build's own CPU") == 3  # every timed build was served, not built by its client
    assert "prepared by the build server's standby" in text  # the one typed after a pause


def test_the_report_calls_the_machine_busy_only_when_a_build_waited_for_a_core() -> None:
    """The benchmark's own two-process builds raise the load average: that alone is no warning.
    A single-process builder whose wall time exceeds its CPU time waited for a core: that is."""

    def series(builder: str, wall: float, cpu: float) -> object:
        return run.Series(builder, "shm", 1000, [run.Sample(wall, cpu, 70.0, 3579, 0)])

    idle = [series("homeward", 8.6, 14.7), series("pelican", 9.52, 9.49)]
    assert not run._busy(idle, start_load=0.1)
    waited = [series("homeward", 8.6, 14.7), series("pelican", 13.4, 9.5)]
    assert run._busy(waited, start_load=0.1)
    assert run._busy(idle, start_load=1.9)
