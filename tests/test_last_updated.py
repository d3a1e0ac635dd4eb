"""Issue 19: "last updated" from `modified` or the content file's last git commit.

One build of the sample content in a temporary git repository whose commits carry fixed
committer dates (GIT_COMMITTER_DATE) and author dates years earlier, so every expected date
is known in advance and the committer date, not the author date or the clock, is what shows.
Expected texts come from Babel itself (the locale's long date and short time).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date, format_time
from bs4 import BeautifulSoup
from conftest import CONTENT, Build, build_site
from homeward.history import notice, read_history
from homeward.languages import parse_languages
from shared_build import built_once

LANGS = ["nb", "sv", "en"]
LOCALES = {language.code: language.locale for language in parse_languages(LANGS)}
OSLO = ZoneInfo("Europe/Oslo")
AUTHORED = "2019-05-05T05:05:05+00:00"  # what the pages must NOT show
FIRST = datetime.fromisoformat("2026-11-23T15:04:05+00:00")  # everything committed
SECOND = datetime.fromisoformat("2026-11-24T07:30:00+00:00")  # a few files changed again
STORY_MODIFIED = date(2026, 11, 12)  # `modified: 2026-11-12` written by the author
EMBARGO = datetime.fromisoformat("2026-11-24T09:00:00+01:00")  # after FIRST, before NOW


def git(repo: Path, *args: str, when: datetime | None = None) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Kari",
        "GIT_AUTHOR_EMAIL": "kari@example.org",
        "GIT_COMMITTER_NAME": "Kari",
        "GIT_COMMITTER_EMAIL": "kari@example.org",
        "GIT_AUTHOR_DATE": AUTHORED,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if when is not None:
        env["GIT_COMMITTER_DATE"] = when.isoformat()
    done = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


RELEASE = f"""---
title: Ny ferjerute til Havnøy
slug: harbour-ferry
date: {EMBARGO.isoformat()}
embargo: {EMBARGO.isoformat()}
summary: Ferja går hver time.
---
Ferja går hver time fra Skarvik.
"""


def make_repository(root: Path) -> Path:
    """Commit 1 (FIRST): the sample content plus a release under embargo until after FIRST.
    Commit 2 (SECOND): the Swedish data-centre article, one event file, and `modified` in
    the English story. Then, not committed: an edit to a page and a new article."""
    repo = root / "region"
    content = repo / "content"
    shutil.copytree(CONTENT, content)
    (content / "press" / "harbour-ferry.nb.md").write_text(RELEASE, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "The region as it was", when=FIRST)
    append(content / "articles" / "new-data-centre-hall-storvoll.sv.md", "\nTillägg: hallen öppnar i januari.\n")
    append(content / "data" / "events" / "job-fair-2026.yaml", "# corrected the programme\n")
    story = content / "stories" / "back-home-to-storvoll.en.md"
    story.write_text(story.read_text(encoding="utf-8").replace("\ndate:", f"\nmodified: {STORY_MODIFIED.isoformat()}\ndate:", 1), encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "Corrections", when=SECOND)
    append(content / "pages" / "about-the-region.nb.md", "\nEn setning som ikke er lagret i git ennå.\n")
    (content / "articles" / "untracked-note.nb.md").write_text(
        "---\ntitle: Et utkast som aldri er lagret i git\ndate: 2026-11-22\n---\nTekst.\n", encoding="utf-8"
    )
    return content


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> tuple[Build, list[str]]:
    """The build, and every git command it ran (a `git` on PATH that logs and runs the real one)."""

    def make(folder: Path) -> Build:
        content = make_repository(folder)
        wrapper = folder / "bin"
        wrapper.mkdir()
        log = folder / "git-calls.log"
        real = shutil.which("git")
        (wrapper / "git").write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{real}" "$@"\n')
        (wrapper / "git").chmod(0o755)
        return build_site(folder / "output", content=content, env={"PATH": f"{wrapper}{os.pathsep}{os.environ['PATH']}"})

    build = built_once(tmp_path_factory, worker_id, "last-updated", make)
    assert build.returncode == 0, build.stderr
    calls = (build.output.parent / "git-calls.log").read_text().splitlines()
    return build, calls


def shown(when: datetime, lang: str) -> str:
    """What Babel writes for a moment in the region's zone: long date, short time."""
    local = when.astimezone(OSLO)
    locale = LOCALES[lang]
    return f"{format_date(local.date(), 'long', locale=locale)} {format_time(local, 'short', locale=locale)}"


def last_updated(build: Build, rel: str):
    soup = BeautifulSoup(build.read(rel), "lxml")
    found = soup.select("main .last-updated time")
    return found[0] if found else None


# page (with {lang}) → the commit whose date it must show, in every language
EXPECTED = {
    "news/childcare-within-a-month/": FIRST,
    "press/try-living-weekend-announced/": FIRST,
    "moving-guide/": FIRST,
    "stories/from-porto-to-havnoy/": FIRST,
    "events/job-fair-2026/": SECOND,
    "events/try-living-weekend-2027/": FIRST,
    "companies/nordlys-data/": FIRST,
    "jobs/backend-developer-helsefjell/": FIRST,
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_every_page_type_shows_its_files_last_commit_in_the_locales_format(dated, path: str, lang: str):
    build, _calls = dated
    element = last_updated(build, f"{lang}/{path}index.html")
    assert element is not None, f"/{lang}/{path} shows no 'last updated'"
    expected = EXPECTED[path].astimezone(OSLO)
    assert element.get_text() == shown(expected, lang)
    assert element["datetime"] == expected.isoformat()
    label = element.parent.get_text(" ", strip=True)
    assert label.startswith({"nb": "Sist oppdatert", "sv": "Senast uppdaterad", "en": "Last updated"}[lang]), label


def test_a_file_committed_twice_shows_the_second_commit_and_each_language_its_own_file(dated):
    build, _calls = dated
    article = "news/new-data-centre-hall-storvoll/index.html"
    assert last_updated(build, f"sv/{article}").get_text() == shown(SECOND, "sv")
    for lang in ("nb", "en"):  # their files were committed once
        assert last_updated(build, f"{lang}/{article}").get_text() == shown(FIRST, lang)


def test_the_committer_date_is_shown_not_the_author_date(dated):
    build, _calls = dated
    html = build.read("nb/news/childcare-within-a-month/index.html")
    assert "2019" not in BeautifulSoup(html, "lxml").select_one("main .last-updated").get_text()


def test_modified_written_by_the_author_wins_and_a_plain_day_shows_no_time(dated):
    build, _calls = dated
    element = last_updated(build, "en/stories/back-home-to-storvoll/index.html")
    assert element.get_text() == format_date(STORY_MODIFIED, "long", locale=LOCALES["en"])
    assert element["datetime"] == STORY_MODIFIED.isoformat()
    # The other languages' files have no `modified`: their last commit.
    assert last_updated(build, "nb/stories/back-home-to-storvoll/index.html").get_text() == shown(FIRST, "nb")


def test_uncommitted_and_untracked_files_never_show_the_clock_or_the_file_time(dated):
    build, _calls = dated
    # Edited after the last commit: still that commit's date (what is published is what is committed).
    assert last_updated(build, "nb/about-the-region/index.html").get_text() == shown(FIRST, "nb")
    # Never committed: nothing at all (its mtime is not used).
    assert build.exists("nb/news/untracked-note/index.html")
    assert last_updated(build, "nb/news/untracked-note/index.html") is None
    # The sitemap says when it was published, as before dates came from git.
    match = re.search(r"<loc>/nb/news/untracked-note/</loc>\s*<lastmod>([^<]+)</lastmod>", build.read("sitemap.xml"))
    assert match and match[1] == "2026-11-22T00:00:00+01:00"


def test_a_release_committed_before_its_embargo_lifted_was_not_updated_before_it_went_out(dated):
    build, _calls = dated
    element = last_updated(build, "nb/press/harbour-ferry/index.html")
    assert element.get_text() == shown(EMBARGO, "nb")


def test_a_fallback_page_shows_the_date_of_the_file_it_shows(dated):
    build, _calls = dated
    for lang in ("sv", "en"):  # record-apprentices-havnoy exists only in nb
        assert last_updated(build, f"{lang}/news/record-apprentices-havnoy/index.html").get_text() == shown(FIRST, lang)


def jsonld(build: Build, rel: str) -> list[dict]:
    soup = BeautifulSoup(build.read(rel), "lxml")
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def test_json_ld_date_modified_and_sitemap_lastmod_carry_the_same_moment(dated):
    build, _calls = dated
    (article,) = [n for n in jsonld(build, "sv/news/new-data-centre-hall-storvoll/index.html") if n["@type"] == "NewsArticle"]
    assert article["dateModified"] == SECOND.astimezone(OSLO).isoformat()
    for rel, moment in (("nb/events/job-fair-2026/index.html", SECOND), ("sv/companies/nordlys-data/index.html", FIRST), ("en/jobs/backend-developer-helsefjell/index.html", FIRST)):
        pages = [n for n in jsonld(build, rel) if n["@type"] == "WebPage"]
        assert [p["dateModified"] for p in pages] == [moment.astimezone(OSLO).isoformat()], rel
    sitemap = build.read("sitemap.xml")
    for url, moment in (("/sv/news/new-data-centre-hall-storvoll/", SECOND), ("/nb/news/new-data-centre-hall-storvoll/", FIRST), ("/en/events/job-fair-2026/", SECOND)):
        match = re.search(rf"<loc>{re.escape(url)}</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap)
        assert match and match[1] == moment.astimezone(OSLO).isoformat(), url


def test_git_runs_once_per_build_for_all_files(dated):
    build, calls = dated
    logs = [c for c in calls if " log " in f" {c} "]
    assert len(logs) == 1, calls
    # The only other call is the "nothing changed?" check's look at the commit checked out.
    assert [c for c in calls if c not in logs] == ["rev-parse HEAD --is-shallow-repository"], calls


def test_no_repository_or_no_commit_yet_means_no_dates_and_no_warning(tmp_path: Path):
    bare = tmp_path / "copy" / "content"
    bare.mkdir(parents=True)
    (bare / "a.md").write_text("x")
    fresh = tmp_path / "fresh"
    (fresh / "content").mkdir(parents=True)
    git(fresh, "init", "-q")
    for folder in (bare, fresh / "content"):
        history = read_history(folder)
        assert history.committed == {} and history.problem is None and notice(history) is None, folder


def test_git_that_refuses_is_reported_with_its_own_words(tmp_path: Path):
    repo = tmp_path / "region"
    (repo / "content").mkdir(parents=True)
    (repo / "content" / "a.md").write_text("x")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one", when=FIRST)
    head = git(repo, "rev-parse", "HEAD").strip()
    (repo / ".git" / "objects" / head[:2] / head[2:]).unlink()  # a damaged repository
    history = read_history(repo / "content")
    assert history.committed == {}
    message = notice(history)
    assert message == 'warning: no "last updated" dates from git: `git log` failed: fatal: bad object HEAD', message


def test_a_shallow_clone_gives_no_wrong_dates_and_says_how_to_fix_it(dated, tmp_path: Path):
    build, _calls = dated
    repo = build.output.parent / "region"
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, capture_output=True)
    history = read_history(clone / "content")
    # The newest commit is the shallow boundary: every file in it could be older than it says.
    tracked = git(clone / "content", "ls-files").splitlines()
    assert history.committed == {}
    assert history.shallow_files == len(tracked) > 90
    assert "fetch-depth: 0" in notice(history)
    deeper = tmp_path / "deeper"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(deeper)], check=True, capture_output=True)
    history = read_history(deeper / "content")
    assert set(history.committed) == {"articles/new-data-centre-hall-storvoll.sv.md", "data/events/job-fair-2026.yaml", "stories/back-home-to-storvoll.en.md"}
    assert set(history.committed.values()) == {SECOND}
