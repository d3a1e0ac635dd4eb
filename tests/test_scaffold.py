"""Issue 7: `homeward new <kind>` writes files that build at once, in every language."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import NOW, build_site, copy_content, run_homeward
from homeward.sourcefile import parse_yaml, split_front_matter

LANGS = ["nb", "sv", "en"]
TITLE = "Blåbær på Ørland: 40 nye jobber i Fjällsta"
SLUG = "blabaer-pa-orland-40-nye-jobber-i-fjallsta"

# kind → (file the original goes to, page it must produce, is it a draft)
KINDS = {
    "article": ("articles/{slug}.{lang}.md", "{lang}/news/{slug}/index.html", True),
    "press": ("press/{slug}.{lang}.md", "{lang}/press/{slug}/index.html", True),
    "page": ("pages/{slug}.{lang}.md", "{lang}/{slug}/index.html", False),
    "story": ("stories/{slug}.{lang}.md", "{lang}/stories/{slug}/index.html", False),
    "company": ("data/companies/{slug}.yaml", "{lang}/companies/{slug}/index.html", False),
    "event": ("data/events/{slug}.yaml", "{lang}/events/{slug}/index.html", False),
    "job": ("data/jobs/{slug}.yaml", "{lang}/jobs/{slug}/index.html", False),
}


@pytest.fixture(scope="session")
def cache(tmp_path_factory) -> Path:
    """One build cache per test worker: Markdown and PDFs of the sample are made once, not per test."""
    return tmp_path_factory.mktemp("scaffold-cache")


def new(content: Path, kind: str, title: str = TITLE, *extra: str):
    return run_homeward("new", kind, "--title", title, "--content", str(content), *extra)


def front_matter(path: Path) -> dict:
    meta, _body, _line = split_front_matter(path.read_text(encoding="utf-8"))
    return meta


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_new_item_builds_at_once_and_has_its_page(tmp_path, kind, cache):
    content = copy_content(tmp_path)
    made = new(content, kind)
    assert made.returncode == 0, made.stderr
    rel, page, draft = KINDS[kind]
    assert (content / rel.format(slug=SLUG, lang="nb")).is_file()
    assert rel.format(slug=SLUG, lang="nb") in made.stdout
    assert "Next:" in made.stdout
    extra = ("--no-search", "--drafts") if draft else ("--no-search",)
    built = build_site(tmp_path / "output", content=content, extra=extra, cache=cache)
    assert built.returncode == 0, built.stderr
    for lang in LANGS:
        assert built.exists(page.format(slug=SLUG, lang=lang)), (kind, lang)


@pytest.mark.parametrize("kind", ["article", "press"])
def test_articles_and_press_releases_start_as_drafts_and_say_so(tmp_path, kind, cache):
    content = copy_content(tmp_path)
    made = new(content, kind)
    assert made.returncode == 0, made.stderr
    assert "DRAFT" in made.stdout and "status: published" in made.stdout
    for lang in LANGS:
        assert front_matter(content / KINDS[kind][0].format(slug=SLUG, lang=lang))["status"] == "draft"
    built = build_site(tmp_path / "output", content=content, cache=cache)
    assert built.returncode == 0, built.stderr
    assert not built.exists(KINDS[kind][1].format(slug=SLUG, lang="nb")), "a draft was published"


@pytest.mark.parametrize("kind", ["page", "story", "company", "event", "job"])
def test_items_without_a_draft_say_they_go_live(tmp_path, kind):
    made = new(copy_content(tmp_path), kind)
    assert made.returncode == 0, made.stderr
    assert "PUBLISHED at the next build" in made.stdout


@pytest.mark.parametrize("kind", ["article", "page"])
def test_translation_stubs_share_the_slug_and_are_marked_untranslated(tmp_path, kind):
    content = copy_content(tmp_path)
    assert new(content, kind).returncode == 0
    folder = content / KINDS[kind][0].split("/")[0]
    original = front_matter(folder / f"{SLUG}.nb.md")
    assert original["title"] == TITLE and original["slug"] == SLUG
    assert "untranslated" not in original
    for lang in ("sv", "en"):
        stub = front_matter(folder / f"{SLUG}.{lang}.md")
        assert stub["slug"] == SLUG
        assert stub["title"] == f"[{lang}] {TITLE}"
        assert stub["untranslated"] is True
        assert stub["summary"].startswith(f"[{lang}] ")
    if kind == "page":  # `check` looks at what is published; drafts are left out
        checked = run_homeward("check", "--content", str(content))
        assert f"pages/{SLUG}.sv.md: marked untranslated" in checked.stdout


def test_lang_option_picks_the_original_language(tmp_path):
    content = copy_content(tmp_path)
    made = new(content, "page", "Om Fjällsta", "--lang", "sv")
    assert made.returncode == 0, made.stderr
    assert front_matter(content / "pages" / "om-fjallsta.sv.md")["title"] == "Om Fjällsta"
    assert front_matter(content / "pages" / "om-fjallsta.nb.md")["title"] == "[nb] Om Fjällsta"
    assert "http://127.0.0.1:8000/sv/om-fjallsta/" in made.stdout


def test_unknown_language_is_refused(tmp_path):
    made = new(copy_content(tmp_path), "page", "Om Fjällsta", "--lang", "de")
    assert made.returncode == 2
    assert "--lang de is not a configured language (nb, sv, en)" in made.stderr


def test_existing_file_is_never_overwritten(tmp_path):
    content = copy_content(tmp_path)
    assert new(content, "article").returncode == 0
    target = content / "articles" / f"{SLUG}.nb.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nMy own text.\n", encoding="utf-8")
    again = new(content, "article")
    assert again.returncode == 2
    assert f"articles/{SLUG}.nb.md" in again.stderr and "nothing was written" in again.stderr
    assert "My own text." in target.read_text(encoding="utf-8")


def test_existing_data_id_is_refused(tmp_path):
    content = copy_content(tmp_path)
    made = new(content, "company", "Kodverket")
    assert made.returncode == 2
    assert "a company with id 'kodverket' already exists" in made.stderr


def test_data_items_have_every_language_and_resolving_references(tmp_path):
    content = copy_content(tmp_path)
    for kind in ("event", "job"):
        assert new(content, kind).returncode == 0
    region = parse_yaml((content / "data" / "region.yaml").read_text(encoding="utf-8"))
    first_municipality = region["municipalities"][0]["id"]
    first_company = sorted(p.stem for p in (content / "data" / "companies").glob("*.yaml"))[0]

    event = parse_yaml((content / "data" / "events" / f"{SLUG}.yaml").read_text(encoding="utf-8"))
    assert set(event["title"]) == set(event["description"]) == set(LANGS)
    assert event["location"]["municipality"] == first_municipality
    now = datetime.fromisoformat(NOW)
    start, end = event["start"], event["end"]
    assert (start.year, start.month) == ((now.year, now.month + 1) if now.month < 12 else (now.year + 1, 1))
    assert start < end
    zone = ZoneInfo(region["timezone"])
    assert start.utcoffset() == start.astimezone(zone).utcoffset(), "the offset must be the region's on that day"

    job = parse_yaml((content / "data" / "jobs" / f"{SLUG}.yaml").read_text(encoding="utf-8"))
    assert set(job["title"]) == set(job["description"]) == set(LANGS)
    assert job["company"] == first_company
    assert job["municipality"] == first_municipality
    assert job["posted"] == date.fromisoformat(NOW[:10]) < job["valid_through"]


def test_a_job_without_any_company_is_refused_with_advice(tmp_path):
    content = copy_content(tmp_path)
    for path in (content / "data" / "companies").glob("*.yaml"):
        path.unlink()
    made = new(content, "job")
    assert made.returncode == 2
    assert "invoke new company" in made.stderr


def test_title_without_letters_is_refused(tmp_path):
    made = new(copy_content(tmp_path), "article", "???")
    assert made.returncode == 2
    assert "no letters or digits" in made.stderr


def test_new_event_reads_the_region_as_the_loader_does(tmp_path):
    """region.yml (not only .yaml), and no `timezone`: the zone of the region's country, as the
    loader's Region model gives it — Helsinki is an hour ahead of the settings' Europe/Oslo."""
    content = copy_content(tmp_path)
    region = content / "data" / "region.yaml"
    text = region.read_text(encoding="utf-8")
    assert "\ncountry: NO\n" in text and "\ntimezone: Europe/Oslo\n" in text
    (content / "data" / "region.yml").write_text(text.replace("\ncountry: NO\n", "\ncountry: FI\n").replace("\ntimezone: Europe/Oslo\n", "\n"), encoding="utf-8")
    region.unlink()
    made = new(content, "event")
    assert made.returncode == 0, made.stderr
    event = parse_yaml((content / "data" / "events" / f"{SLUG}.yaml").read_text(encoding="utf-8"))
    helsinki = event["start"].astimezone(ZoneInfo("Europe/Helsinki"))
    assert event["start"].utcoffset() == helsinki.utcoffset() != event["start"].astimezone(ZoneInfo("Europe/Oslo")).utcoffset()
    assert (event["start"].hour, event["end"].hour) == (18, 20)  # the placeholder's local time, in Helsinki
