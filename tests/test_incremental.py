"""Incremental builds give the bytes of a cold build (docs/performance.md, "Incremental builds").

A series of random edits, additions and removals of the sample content; after each step the
same output folder is built again (only what depends on the change is rendered) and compared,
file by file, with a cold build of the same content into a fresh folder with no cache.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml
from conftest import SETTINGS, TWO_PROCESSES, build_site, copy_content, run_python

SEED = int(os.environ.get("HOMEWARD_INCREMENTAL_SEED", "17"))
RENDERED = re.compile(r"\((\d+) rendered\)")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _documents(content: Path) -> list[Path]:
    return sorted(p for folder in ("articles", "stories", "press") for p in (content / folder).glob("*.md"))


def edit_body(content: Path, rng: random.Random) -> str:
    path = rng.choice(_documents(content))
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\nAn added paragraph, number {rng.randint(1, 10**6)}.\n")
    return f"body of {path.name}"


def edit_title(content: Path, rng: random.Random) -> str:
    path = rng.choice(_documents(content))
    text = path.read_text(encoding="utf-8")
    def retitle(match: re.Match[str]) -> str:  # the title may be quoted: write it out again as YAML
        title = yaml.safe_load(match.group(0))["title"]
        return yaml.safe_dump({"title": f"{title} (updated)"}, allow_unicode=True, width=10_000).strip()

    path.write_text(re.sub(r"^title: .*$", retitle, text, count=1, flags=re.M), encoding="utf-8")
    return f"title of {path.name}"


def add_article(content: Path, rng: random.Random) -> str:
    source = rng.choice(sorted((content / "articles").glob("*.md")))
    old_slug, lang = source.name.split(".")[:2]
    new_slug = f"added-{rng.randint(1, 10**6)}"
    text = source.read_text(encoding="utf-8").replace(f"slug: {old_slug}", f"slug: {new_slug}")
    (content / "articles" / f"{new_slug}.{lang}.md").write_text(text, encoding="utf-8")
    return f"new article {new_slug}.{lang}"


def remove_translation(content: Path, rng: random.Random) -> str:
    """One language of an article goes: its pages become fallbacks, lists and feeds lose it."""
    candidates = [p for p in sorted((content / "articles").glob("*.md")) if not p.name.endswith(".nb.md")]
    path = rng.choice(candidates)
    path.unlink()
    return f"removed {path.name}"


def edit_company(content: Path, rng: random.Random) -> str:
    """Shown on its own page, the directory, its jobs, events and the articles that name it."""
    path = rng.choice(sorted((content / "data" / "companies").glob("*.yaml")))
    text = path.read_text(encoding="utf-8")
    def rename(match: re.Match[str]) -> str:
        name = yaml.safe_load(match.group(0))["name"]
        return yaml.safe_dump({"name": f"{name} Nord"}, allow_unicode=True, width=10_000).strip()

    path.write_text(re.sub(r"^name: .*$", rename, text, count=1, flags=re.M), encoding="utf-8")
    return f"name in {path.name}"


def edit_event(content: Path, rng: random.Random) -> str:
    """An event's English title: its page, .ics, calendars, lists and the pages of its companies."""
    path = rng.choice(sorted((content / "data" / "events").glob("*.yaml")))
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^(title:\n(?:  \w\w: .*\n)*?  en: )(.*)$", r"\1\2 – new date soon", text, count=1, flags=re.M), encoding="utf-8")
    return f"English title of {path.name}"


def make_draft(content: Path, rng: random.Random) -> str:
    """A published article goes back to draft: it must vanish from every list, feed and link."""
    candidates = [p for p in sorted((content / "articles").glob("*.md")) if "status: published" in p.read_text(encoding="utf-8")]
    path = rng.choice(candidates)
    path.write_text(path.read_text(encoding="utf-8").replace("status: published", "status: draft", 1), encoding="utf-8")
    return f"draft {path.name}"


MUTATIONS: list[Callable[[Path, random.Random], str]] = [edit_body, edit_title, add_article, remove_translation, edit_company, edit_event, make_draft]

PLACEHOLDER_SUMMARY = "One or two sentences that lead the article; they show in lists and search results."


def plant_warnings(content: Path) -> list[str]:
    """An unknown field and a placeholder `invoke new` wrote, in two articles no step needs to
    touch: an incremental build takes what their validation and the placeholder search found
    from the parse memo, and must say it as a cold build does."""
    articles = sorted((content / "articles").glob("*.md"))
    unknown, placeholder = articles[0], articles[4]
    text = unknown.read_text(encoding="utf-8")
    unknown.write_text(re.sub(r"^slug: ", "subtitel: An unknown field\nslug: ", text, count=1, flags=re.M), encoding="utf-8")
    text = placeholder.read_text(encoding="utf-8")
    placeholder.write_text(re.sub(r"^summary: .*(\n  .*)*", f"summary: {PLACEHOLDER_SUMMARY}", text, count=1, flags=re.M), encoding="utf-8")
    return [f"content/articles/{unknown.name}:", f"content/articles/{placeholder.name}:"]


def warnings(build: object) -> list[str]:
    return sorted(line for line in build.stderr.splitlines() if ": warning: " in line)  # type: ignore[attr-defined]


def test_incremental_builds_equal_cold_builds(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    content = copy_content(tmp_path)
    planted = plant_warnings(content)
    output, cache = tmp_path / "output", tmp_path / "cache"
    first = build_site(output, content, cache=cache, env=TWO_PROCESSES)
    assert first.returncode == 0, first.stderr
    assert all(any(line.startswith(where) for line in warnings(first)) for where in planted), first.stderr
    # Five of the kinds of change in a random order, two at a time (each build costs ~1 s);
    # HOMEWARD_INCREMENTAL_SEED picks others.
    order = rng.sample(MUTATIONS, 5)
    steps = [order[0:2], order[2:4], order[4:]]
    for step, mutations in enumerate(steps):
        what = "; ".join(mutate(content, rng) for mutate in mutations)
        incremental = build_site(output, content, cache=cache, env=TWO_PROCESSES)
        assert incremental.returncode == 0, (what, incremental.stderr)
        cold_out = tmp_path / f"cold-{step}" / "output"
        cold = build_site(cold_out, content, cache=tmp_path / f"cold-{step}" / "cache")  # one process: same bytes
        assert cold.returncode == 0, (what, cold.stderr)
        expected, got = tree(cold_out), tree(output)
        assert sorted(got) == sorted(expected), (what, sorted(set(got) ^ set(expected))[:10])
        differing = [rel for rel in expected if got[rel] != expected[rel]]
        assert not differing, (f"seed {SEED}, step {step}: {what}", differing[:10])
        # The same warnings, with their lines: those of unchanged files come from the parse memo.
        assert warnings(incremental) == warnings(cold), (what, incremental.stderr, cold.stderr)
        # Not a cold build in disguise: most files were taken from the previous output.
        rendered = int(RENDERED.search(incremental.stdout).group(1))  # type: ignore[union-attr]
        assert rendered < len(expected) / 2, (what, incremental.stdout)
        shutil.rmtree(cold_out.parent)
    # --force is the way out for someone who doubts the output: every file is rendered again.
    forced = build_site(output, content, cache=cache, extra=("--no-search", "--force"), env=TWO_PROCESSES)
    files, rendered = re.search(r"(\d+) files \((\d+) rendered\)", forced.stdout).groups()  # type: ignore[union-attr]
    assert files == rendered, forced.stdout


def remove_article(content: Path, rng: random.Random) -> str:
    """Every language of an article goes: its pages are deleted from the output."""
    slug = rng.choice(sorted({p.name.split(".")[0] for p in (content / "articles").glob("*.md")}))
    for path in (content / "articles").glob(f"{slug}.*.md"):
        path.unlink()
    return f"removed every language of {slug}"


def assert_cold_bytes(tmp_path: Path, content: Path, output: Path, what: str) -> None:
    cold_out = tmp_path / "cold" / "output"
    cold = build_site(cold_out, content, cache=tmp_path / "cold" / "cache")  # one process: same bytes
    assert cold.returncode == 0, (what, cold.stderr)
    expected, got = tree(cold_out), tree(output)
    assert sorted(got) == sorted(expected), (what, sorted(set(got) ^ set(expected))[:10])
    assert not [rel for rel in expected if got[rel] != expected[rel]], what
    # No folder the deletions emptied is left behind either.
    assert sorted(p for p in output.rglob("*") if p.is_dir() and not any(p.iterdir())) == [], what
    shutil.rmtree(cold_out.parent)


def test_an_edit_build_changes_the_output_in_place_and_a_kill_while_applying_is_finished_next_time(tmp_path: Path) -> None:
    """Without a search index, an incremental build moves only the changed files into the output
    and deletes the ones that went (filesystem.apply_changes), instead of swapping in a folder of
    hard links; a build killed half-way through that leaves a journal the next build finishes."""
    rng = random.Random(SEED)
    content = copy_content(tmp_path)
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert build_site(output, content, cache=cache, env=TWO_PROCESSES).returncode == 0
    inode = output.stat().st_ino
    what = "; ".join(mutate(content, rng) for mutate in (remove_article, make_draft, edit_body, add_article))
    patched = build_site(output, content, cache=cache, env=TWO_PROCESSES)
    assert patched.returncode == 0, (what, patched.stderr)
    assert output.stat().st_ino == inode, "the output was swapped, not changed in place"
    assert_cold_bytes(tmp_path, content, output, what)

    what = "; ".join(mutate(content, rng) for mutate in (remove_article, edit_title, add_article))
    killed = build_site(output, content, cache=cache, env={**TWO_PROCESSES, "HOMEWARD_TEST_KILL_DURING_APPLY": "1"})
    assert killed.returncode != 0, killed.stdout
    assert (tmp_path / ".output.apply.json").exists()  # what the killed build leaves: the journal
    # The next build finishes the change first, even when it then fails on a content error.
    broken = content / "articles" / "broken.nb.md"
    broken.write_text("---\ntitle: Broken\nlang: xx\n---\nText.\n", encoding="utf-8")
    failed = build_site(output, content, cache=cache, env=TWO_PROCESSES)
    assert failed.returncode == 1, failed.stderr
    broken.unlink()
    assert not (tmp_path / ".output.apply.json").exists()
    assert not list(tmp_path.glob(".output.staging-*"))
    assert_cold_bytes(tmp_path, content, output, f"{what} (finished by the next build)")
    again = build_site(output, content, cache=cache, env=TWO_PROCESSES)
    assert again.returncode == 0, (what, again.stderr)
    assert_cold_bytes(tmp_path, content, output, what)


# `homeward build` with render.PARALLEL_THRESHOLD at 1: the files an incremental build renders
# again go to the forked render workers, as hundreds would on a large site (a build changes
# process-wide state, so it never runs inside the test process).
RENDER_IN_WORKERS = """
import sys
from homeward import cli, render
render.PARALLEL_THRESHOLD = 1
sys.exit(cli.main(sys.argv[1:]))
"""


def test_files_rendered_again_in_forked_workers_equal_cold_builds(tmp_path: Path) -> None:
    """The build decides in its own process which files to take from the previous output
    (render.sort_out); the others go to the workers with their shapes, and what the workers
    record is what the next build compares with. The sample has too few files for that way,
    so the threshold is lowered."""
    rng = random.Random(SEED)
    content = copy_content(tmp_path)
    output, cache = tmp_path / "output", tmp_path / "cache"

    def build() -> str:
        args = ("build", "-s", str(SETTINGS), "--content", str(content), "-o", str(output), "--no-search")
        done = run_python("-c", RENDER_IN_WORKERS, *args, env={"HOMEWARD_CACHE_PATH": str(cache), **TWO_PROCESSES})
        assert done.returncode == 0, done.stderr
        return done.stdout

    build()
    for mutations in ((edit_company, edit_body), (edit_company, add_article), (make_draft, edit_event)):
        what = "; ".join(mutate(content, rng) for mutate in mutations)
        stdout = build()
        files, rendered = (int(n) for n in re.search(r"(\d+) files \((\d+) rendered\)", stdout).groups())  # type: ignore[union-attr]
        assert 0 < rendered < files / 2, (what, stdout)
        assert_cold_bytes(tmp_path, content, output, what)


def test_a_page_that_reuses_a_shared_fragment_records_what_the_fragment_read(tmp_path: Path) -> None:
    """A job's card is rendered once (render.Fragments) and reused by every list that shows it;
    the card reads `site.companies` and `site.municipality_name`. Every page showing cards must
    record those reads, not only the page that happened to render a card first: otherwise a
    change that only the card shows would leave the other lists as they were."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    done = build_site(output, cache=cache)
    assert done.returncode == 0, done.stderr
    (manifest,) = cache.glob("manifest-*.json")
    recorded = json.loads(manifest.read_text())["render"]
    reads = {rel: recorded["reads"][index] for rel, (_shape, index) in recorded["routes"].items()}
    with_cards = sorted(
        str(path.relative_to(output)) for path in output.rglob("*.html") if 'class="job-list"' in path.read_text(encoding="utf-8")
    )
    assert len(with_cards) > 20, with_cards  # every language's job lists and facet pages
    missing = [rel for rel in with_cards if not {"companies", "municipality_name"} <= set(reads[rel])]
    assert not missing, missing


# `homeward build` that stops before writing and reports, for every JSON-LD producer a route holds
# (routes.Route.jsonld), what its shape might not cover: a producer that is not a partial of an
# importable function (a bound method or closure carries objects of its own), a Site among its
# arguments, or a Site attribute read while its node is made.
JSON_LD_PRODUCERS = """
import json, os, sys
from functools import partial
from homeward import build, cli, incremental
from homeward.site import Site

def report(site_build, target, previous):
    producers, problems = 0, []
    with incremental.Recording():
        for route in site_build.routes:
            for node in route.jsonld:
                if isinstance(node, dict):
                    continue
                producers += 1
                arguments = [*node.args, *node.keywords.values()] if type(node) is partial else []
                if type(node) is not partial or not incremental._importable(node.func) or any(isinstance(a, Site) for a in arguments):
                    problems.append([route.url, repr(node)[:120]])
                    continue
                reads = incremental.Recording.start()
                node()
                incremental.Recording.stop()
                if reads:
                    problems.append([route.url, sorted(reads)])
    print(json.dumps({"producers": producers, "problems": problems}))
    sys.stdout.flush()
    os._exit(0)

build.write_site = report
sys.exit(cli.main(sys.argv[1:]))
"""


def test_json_ld_made_when_a_page_is_rendered_reads_only_what_its_shape_holds(tmp_path: Path) -> None:
    """News, press, company, job and event pages hold their JSON-LD as producers, called when the
    page is rendered. A page is taken from the previous output when its shape (which digests a
    partial as its function and arguments) and its recorded reads are unchanged, so a producer
    must read nothing else: no object outside its arguments, and no Site attribute (a read would
    be recorded, but `items` would then render every article page again after any edit)."""
    args = ("build", "-s", str(SETTINGS), "-o", str(tmp_path / "output"), "--no-search")
    done = run_python("-c", JSON_LD_PRODUCERS, *args, env={"HOMEWARD_CACHE_PATH": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["producers"] > 50, found  # every article, release, company, job and event page (86)
    assert found["problems"] == [], found["problems"][:5]


def test_an_edit_build_applied_in_place_mends_what_was_changed_in_its_output(tmp_path: Path) -> None:
    """A file is kept from the output only when it is there as a regular file: the build's one
    walk of the output (filesystem.OutputFiles) stands for an `lstat` per kept file, and apply's
    deletions come from the same walk. A page deleted, a page replaced by a symbolic link (to a
    copy of its own bytes) and a stray file: the next edit build renders the first two again and
    deletes the third, giving the bytes, and file types, of a cold build."""
    rng = random.Random(SEED)
    content = copy_content(tmp_path)
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert build_site(output, content, cache=cache).returncode == 0
    deleted, linked = output / "en" / "companies" / "index.html", output / "nb" / "events" / "index.html"
    deleted.unlink()
    copy = tmp_path / "copy.html"
    shutil.copyfile(linked, copy)
    linked.unlink()
    linked.symlink_to(copy)
    (output / "en" / "stray.html").write_text("not a page of this site", encoding="utf-8")
    what = edit_body(content, rng)
    done = build_site(output, content, cache=cache)
    assert done.returncode == 0, done.stderr
    assert deleted.is_file() and not linked.is_symlink(), what
    assert_cold_bytes(tmp_path, content, output, what)
