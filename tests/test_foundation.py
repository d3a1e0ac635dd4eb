"""Issue 2: the multilingual core on a real build of the sample region."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, copy_content, parsed, run_python, soup

LANGS = ["nb", "sv", "en"]



def test_every_language_has_home_news_and_404(sample):
    for lang in LANGS:
        for rel in (f"{lang}/index.html", f"{lang}/news/index.html", f"{lang}/404.html"):
            assert sample.exists(rel), rel
            assert soup(sample, rel).html["lang"] == lang


def test_every_article_exists_in_every_language(sample):
    slugs = {p.name.split(".")[0] for p in (ROOT / "content" / "articles").glob("*.md")}
    assert len(slugs) >= 6
    for slug in slugs:
        for lang in LANGS:
            assert sample.exists(f"{lang}/news/{slug}/index.html"), (slug, lang)


def test_root_is_a_language_chooser_without_redirect(sample):
    page = soup(sample, "index.html")
    links = {a["hreflang"]: a["href"] for a in page.select("main a[hreflang]")}
    assert links == {lang: f"/{lang}/" for lang in LANGS}
    assert not page.find("meta", attrs={"http-equiv": re.compile("refresh", re.I)})


def _alternates(page: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}


def test_hreflang_is_reciprocal_and_every_alternate_exists(sample):
    checked = 0
    for rel in sample.html_files():
        page = soup(sample, rel)
        alternates = _alternates(page)
        if not alternates or rel == "index.html":
            continue
        assert alternates.get("x-default") == "/", rel
        own = "/" + rel.removesuffix("index.html")
        lang = page.html["lang"]
        if page.find("meta", attrs={"name": "robots", "content": "noindex"}):
            continue  # fallback pages are not announced as translations
        assert alternates[lang] == own, rel
        for code, href in alternates.items():
            if code == "x-default":
                continue
            target = href.lstrip("/") + "index.html"
            assert sample.exists(target), (rel, href)
            assert _alternates(soup(sample, target)).get(lang) == own, (rel, code)
        checked += 1
    assert checked > 20


def test_every_switcher_target_exists(sample):
    for rel in sample.html_files():
        page = soup(sample, rel)
        for link in page.select("nav.lang-switcher a"):
            href = link["href"].lstrip("/")
            assert sample.exists(href + "index.html") or sample.exists(href), (rel, link["href"])


def test_missing_translation_falls_back_with_notice_and_no_hreflang(sample):
    nb_only = {p.name.split(".")[0] for p in (ROOT / "content" / "articles").glob("*.nb.md")}
    sv = {p.name.split(".")[0] for p in (ROOT / "content" / "articles").glob("*.sv.md")}
    missing = sorted(nb_only - sv)
    assert missing, "the sample must have an article without a Swedish translation"
    page = soup(sample, f"sv/news/{missing[0]}/index.html")
    assert page.html["lang"] == "sv"
    assert page.select_one("p.notice[role=note]")
    assert page.select_one("article h1")["lang"] == "nb" and page.select_one("article .body")["lang"] == "nb"
    assert "lang" not in page.select_one("article").attrs  # UI text around it is Swedish
    assert "sv" not in _alternates(page)
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"})
    # the Swedish list offers it under its original title, marked as Norwegian; the Swedish feed does not
    (card,) = [a for a in soup(sample, "sv/news/index.html").select(".card-title a") if a["href"] == f"/sv/news/{missing[0]}/"]
    assert card["lang"] == "nb"
    assert f"/sv/news/{missing[0]}/" not in sample.read("sv/news/feed.atom")


def test_article_dates_are_formatted_per_locale(sample):
    slug = "new-cross-border-bus"
    dates = {lang: soup(sample, f"{lang}/news/{slug}/index.html").select_one("time").get_text() for lang in LANGS}
    assert re.fullmatch(r"\d{1,2}\. [a-zæøå]+ \d{4}", dates["nb"]), dates
    assert re.fullmatch(r"\d{1,2} [a-zåäö]+ \d{4}", dates["sv"]), dates
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", dates["en"]), dates


def test_babel_formats_match_the_contract():
    from datetime import date

    from cldr import LOCALES, long_date, number
    from homeward.languages import parse_languages
    from i18n.formatting import fmt_date, fmt_number

    langs = {lang.code: lang for lang in parse_languages(["nb", "sv", "en"])}
    day = date(2020, 2, 1)
    # Homeward's contract: each language's own locale (en is British), CLDR's long date and
    # decimal format. The exact strings ("1. februar 2020", "12 345,5") are Babel's business.
    assert {code: lang.locale for code, lang in langs.items()} == LOCALES
    for code, lang in langs.items():
        assert fmt_date({"language": lang}, day) == long_date(day, LOCALES[code])
        assert fmt_number({"language": lang}, 12345.5) == number(12345.5, LOCALES[code])
    assert fmt_date({"language": langs["en"]}, day).startswith("1 February")  # day first: British, not US


def test_ui_strings_come_from_the_catalogs(sample):
    assert "Hopp til innholdet" in sample.read("nb/index.html")
    assert "Hoppa till innehållet" in sample.read("sv/index.html")
    assert "Skip to content" in sample.read("en/index.html")


def test_summary_line_counts_pages_per_language(sample):
    match = re.search(r"Built (\d+) pages \(nb (\d+), sv (\d+), en (\d+)\), (\d+) files \(\d+ rendered\), (\d+) warnings? in [\d.]+ s", sample.stdout)
    assert match, sample.stdout
    total, nb, sv, en, files, warnings = (int(group) for group in match.groups())
    # A page of a language is an HTML file whose <html lang> says so; the counts are the output's.
    langs = [soup(sample, rel).html.get("lang") for rel in sample.html_files() if rel != "index.html" and not rel.startswith("admin/")]
    per_lang = {lang: langs.count(lang) for lang in LANGS}
    assert (nb, sv, en) == (per_lang["nb"], per_lang["sv"], per_lang["en"]) and min(per_lang.values()) > 50
    assert total == nb + sv + en
    assert files > total
    # Each warning is printed as `path:line: warning: …` (the sample has none of its own; a
    # checkout without node_modules/ gets the CMS's).
    assert warnings == sum(": warning: " in line for line in sample.stderr.splitlines()), sample.stderr


def test_broken_data_file_names_file_and_line_and_keeps_previous_output(tmp_path):
    content = copy_content(tmp_path)
    out = tmp_path / "output"
    first = build_site(out, content=content)
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    company = sorted((content / "data" / "companies").glob("*.yaml"))[0]
    lines = company.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("employees:"))
    lines[index] = "employees: many"
    company.write_text("\n".join(lines) + "\n")
    second = build_site(out, content=content)
    assert second.returncode == 1
    assert f"content/data/companies/{company.name}:{index + 1}: 'employees' must be a number" in second.stderr
    assert "Traceback" not in second.stderr
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".output.staging-*"))


def test_a_new_language_is_configuration_only(tmp_path):
    catalogs = tmp_path / "translations" / "nn" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    catalogs.joinpath("messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Skip to content"\nmsgstr "Hopp til innhaldet"\n',
        encoding="utf-8",
    )
    settings = tmp_path / "nnconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"LANGUAGES = ['nb', 'sv', 'en', 'nn']\nI18N_CATALOGS = [{str(tmp_path / 'translations')!r}]\n"
    )
    result = build_site(tmp_path / "output", settings=settings)
    assert result.returncode == 0, result.stderr
    home = result.read("nn/index.html")
    assert '<html lang="nn">' in home
    assert "Hopp til innhaldet" in home
    assert result.exists("nn/news/index.html")
    assert 'hreflang="nn"' in result.read("nb/index.html")
    # nn has no translation of the articles: its pages fall back, with a notice
    article = sorted(p.name.split(".")[0] for p in (ROOT / "content" / "articles").glob("*.nb.md"))[0]
    assert 'role="note"' in result.read(f"nn/news/{article}/index.html")


# Runs `homeward build` in a fresh interpreter that counts Pelican runs (a build changes
# process-wide state, so it never runs inside the test process).
COUNT_PELICAN_RUNS = """
import sys, pelican
from homeward import cli
runs = []
original = pelican.Pelican.run
def counting_run(self):
    runs.append(self.settings.get("LANGUAGES"))
    return original(self)
pelican.Pelican.run = counting_run
code = cli.main(sys.argv[1:])
print("PELICAN RUNS", len(runs), runs)
sys.exit(code)
"""


def test_pelican_runs_once_for_all_languages(tmp_path):
    """The i18n_subsites design runs Pelican once per language; we run it once in all."""
    proc = run_python("-c", COUNT_PELICAN_RUNS, "build", "-o", str(tmp_path / "out"), "--no-search", env={"HOMEWARD_CACHE_PATH": str(tmp_path / "cache")})
    assert proc.returncode == 0, proc.stderr
    assert "PELICAN RUNS 1 [['nb', 'sv', 'en']]" in proc.stdout, proc.stdout
    for lang in ("nb", "sv", "en"):
        assert (tmp_path / "out" / lang / "index.html").exists()


# In a fresh interpreter that has not imported Pelican (whose import makes every blinker signal
# made after it call receivers in the order they connected), connects receivers to a Homeward
# signal and says in which order they ran.
SIGNAL_ORDER = """
import sys
from homeward import signals
ran = []
for n in range(40):
    signals.site_loaded.connect(lambda _sender, n=n: ran.append(n), weak=False)
signals.site_loaded.send(None)
print("PELICAN IMPORTED", "pelican" in sys.modules)
print("IN ORDER", ran == list(range(40)))
"""


def test_plugins_receive_the_signals_in_plugin_order_without_pelican_imported_first():
    """One plugin's routes, body rewrites and filters come before the next one's, in the order of
    PLUGINS, on every build: `homeward build` imports Homeward before Pelican."""
    proc = run_python("-c", SIGNAL_ORDER)
    assert proc.returncode == 0, proc.stderr
    assert "PELICAN IMPORTED False" in proc.stdout, proc.stdout
    assert "IN ORDER True" in proc.stdout, proc.stdout


def test_yaml_front_matter_and_pelican_header_both_work(tmp_path):
    content = copy_content(tmp_path)
    (content / "articles" / "pelican-style.en.md").write_text(
        "Title: Written the Pelican way\nDate: 2026-11-01 10:00\nSlug: pelican-style\nSummary: Old habits.\n\nBody text.\n"
    )
    result = build_site(tmp_path / "out", content=content)
    assert result.returncode == 0, result.stderr
    assert "Written the Pelican way" in result.read("en/news/pelican-style/index.html")


def test_theme_has_no_third_party_references(sample):
    """Nothing a page loads by itself (scripts, styles, images, frames) comes from another host."""
    checked = 0
    for rel in sample.html_files():
        page = parsed(sample.output / rel, "html.parser")
        loaded = [tag.get("src") for tag in page.find_all(["script", "img", "iframe", "source", "video", "audio"])]
        loaded += [tag.get("href") for tag in page.find_all("link") if not {"alternate", "canonical"} & set(tag.get("rel") or [])]
        loaded += [c.split()[0] for tag in page.find_all(srcset=True) for c in tag["srcset"].split(",") if c.strip()]
        for address in filter(None, loaded):
            assert not re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", address, re.I), (rel, address)
            checked += 1
    assert checked > 500


def test_low_contrast_brand_is_refused(tmp_path):
    settings = tmp_path / "lowconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\nBRAND = dict(BRAND, primary='#8fd3ff')\n"
    )
    result = build_site(tmp_path / "output", settings=settings)
    assert result.returncode == 1
    assert "BRAND['primary'] #8fd3ff has contrast" in result.stderr
    assert "WCAG AA needs 4.5:1" in result.stderr
    assert not (tmp_path / "output").exists()
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_empty_and_untranslated_files_are_not_translations(tmp_path):
    content = copy_content(tmp_path)
    # What the browser CMS writes for a language nobody filled in: no title, no text.
    (content / "articles" / "record-apprentices-havnoy.sv.md").write_text("---\nslug: record-apprentices-havnoy\ndate: 2026-11-18\n---\n")
    stub = content / "articles" / "new-cross-border-bus.sv.md"
    stub.write_text(stub.read_text().replace("---\n", "---\nuntranslated: true\n", 1))
    result = build_site(tmp_path / "out", content=content)
    assert result.returncode == 0, result.stderr
    assert "record-apprentices-havnoy.sv.md:1: warning: no title and no text: treated as not translated yet" in result.stderr
    for slug in ("record-apprentices-havnoy", "new-cross-border-bus"):
        page = soup(result, f"sv/news/{slug}/index.html")
        assert page.select_one("p.notice[role=note]"), slug
        assert "sv" not in _alternates(page)


def test_links_in_markdown_get_the_site_sub_path(tmp_path):
    content = copy_content(tmp_path)
    page = content / "pages" / "about-the-region.en.md"
    shutil.copy(content / "images" / "brand" / "hero.jpg", content / "images" / "inline-only.jpg")
    page.write_text(page.read_text() + "\n![A view](images/inline-only.jpg) See [jobs](/en/jobs/).\n")
    result = build_site(tmp_path / "out", content=content, extra=("--no-search", "--siteurl", "https://org.github.io/repo"))
    assert result.returncode == 0, result.stderr
    html = result.read("en/about-the-region/index.html")
    # The body's image is shown by a resized copy (plugins/images/body.py), under the sub-path too.
    (src,) = re.findall(r'<img src="(/repo/images/inline-only[^"]*)" alt="A view"', html)
    assert (tmp_path / "out" / src.removeprefix("/repo/")).exists(), src
    assert 'href="/repo/en/jobs/"' in html


def test_pelican_conventions_are_understood(tmp_path):
    """Content moved from a Pelican site: `.markdown` files, `{static}` paths, `region.yml`."""
    content = copy_content(tmp_path)
    (content / "data" / "region.yaml").rename(content / "data" / "region.yml")
    (content / "articles" / "from-pelican.en.markdown").write_text(
        "---\ntitle: Moved from Pelican\nslug: from-pelican\ndate: 2026-11-01\n"
        "image:\n  src: '{static}/images/brand/hero.jpg'\n  alt: The fjord at dusk\n---\n"
        "![The fjord]({static}/images/brand/hero.jpg)\n\n![Relative, as editors write it](../images/brand/logo.png)\n"
    )
    result = build_site(tmp_path / "out", content=content)
    assert result.returncode == 0, result.stderr
    html = result.read("en/news/from-pelican/index.html")
    assert 'src="/images/brand/hero.jpg"' in html
    assert 'src="/images/brand/logo.png"' in html
    assert "{static}" not in html


def test_a_region_without_brand_images_builds_without_broken_links(tmp_path):
    content = tmp_path / "content"
    (content / "data").mkdir(parents=True)
    (content / "articles").mkdir()
    (content / "data" / "region.yaml").write_text("id: tiny\nname: Tiny\ncountry: SE\n")
    (content / "articles" / "hej.sv.md").write_text("---\ntitle: Hej\ndate: 2026-01-01\n---\nText.\n")
    result = build_site(tmp_path / "out", content=content)
    assert result.returncode == 0, result.stderr
    assert "warning: BRAND['logo'] 'images/brand/logo.png' is not in content/" in result.stderr
    from links import dead_links

    assert dead_links(tmp_path / "out", ignore=("/pagefind/",)) == []  # built with --no-search


def test_readme_examples_are_valid_content():
    """The examples communicators copy from the README must pass validation as they are."""
    from homeward.model import Event
    from homeward.sourcefile import parse_yaml, split_front_matter

    text = (ROOT / "README.md").read_text()
    event = parse_yaml(re.findall(r"```yaml\n(.*?)```", text, re.S)[0])
    Event.model_validate(event, context={"languages": LANGS})
    assert set(event["location"]) == {"name", "address", "municipality"}
    for block in re.findall(r"```markdown\n(---\n.*?---\n)", text, re.S):
        meta, _body, _line = split_front_matter(block)
        assert meta["title"]


def _article_dates(lang: str) -> list[tuple[datetime, str]]:
    """(date, slug) of the articles a list in `lang` offers — each in `lang` where it is written,
    else in the first language of LANGS that has it (its fallback page) — read with plain PyYAML;
    a date without a time is midnight in the region's zone."""
    found = []
    folder = ROOT / "content" / "articles"
    for slug in sorted({path.name.split(".")[0] for path in folder.glob("*.md")}):
        path = next(folder / f"{slug}.{code}.md" for code in [lang, *LANGS] if (folder / f"{slug}.{code}.md").exists())
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        when = meta["date"]
        if not isinstance(when, datetime):
            when = datetime.combine(when, datetime.min.time(), tzinfo=ZoneInfo("Europe/Oslo"))
        found.append((when, meta.get("slug") or path.name.split(".")[0]))
    return found


def test_long_lists_are_paginated_newest_first_and_pages_link_each_other(tmp_path):
    settings = tmp_path / "pagedconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\nDEFAULT_PAGINATION = 2\n")
    result = build_site(tmp_path / "out", settings=settings)
    assert result.returncode == 0, result.stderr
    for lang in LANGS:
        expected = [slug for _when, slug in sorted(_article_dates(lang), reverse=True)]
        pages = (len(expected) + 1) // 2
        assert pages >= 3, "the sample needs enough articles for three pages"
        urls = [f"/{lang}/news/"] + [f"/{lang}/news/page/{number}/" for number in range(2, pages + 1)]
        listed = []
        for number, url in enumerate(urls, 1):
            page = soup(result, url.lstrip("/") + "index.html")
            nav = page.select_one("nav.pagination")
            previous, following = nav.find("a", rel="prev"), nav.find("a", rel="next")
            assert (previous["href"] if previous else None) == (urls[number - 2] if number > 1 else None), (url, previous)
            assert (following["href"] if following else None) == (urls[number] if number < pages else None), (url, following)
            cards = [a["href"].rstrip("/").rsplit("/", 1)[1] for a in page.select("main .card-title a")]
            assert len(cards) == (2 if number < pages else len(expected) - 2 * (pages - 1)), (url, cards)
            listed += cards
            if number == 2:  # the second page's translations are the other languages' second pages
                assert {code: href for code, href in _alternates(page).items() if code in LANGS} == {code: f"/{code}/news/page/2/" for code in LANGS}
        assert listed == expected, lang
        assert not result.exists(f"{lang}/news/page/{pages + 1}/index.html")


def _front_matter(path) -> dict:
    """A content file's front matter, read with plain PyYAML."""
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_dated_entries_are_announced_as_articles_and_pages_as_websites(sample):
    """og:type follows the front matter: a dated entry (news) is an article to a link preview,
    an undated one (a page) is a website. Found by the mutation check (items.item_routes)."""
    seen = set()
    for folder, section in (("articles", "news/"), ("pages", "")):
        for path in (ROOT / "content" / folder).glob("*.md"):
            meta = _front_matter(path)
            slug, lang = meta.get("slug") or path.name.split(".")[0], path.name.split(".")[-2]
            expected = "article" if meta.get("date") else "website"
            page = soup(sample, f"{lang}/{section}{slug}/index.html")
            assert page.find("meta", property="og:type")["content"] == expected, path.name
            seen.add(expected)
    assert seen == {"article", "website"}, "the sample needs dated and undated entries"


def test_the_news_feed_carries_each_articles_summary_as_text(sample):
    """Every entry of a language's news feed has the summary its front matter gives (YAML folds
    the lines into one). Found by the mutation check (items.entries_feed_route)."""
    import feedparser

    for lang in LANGS:
        summaries = {}
        for path in (ROOT / "content" / "articles").glob(f"*.{lang}.md"):
            meta = _front_matter(path)
            summaries[meta.get("slug") or path.name.split(".")[0]] = meta.get("summary")
        feed = feedparser.parse(sample.read(f"{lang}/news/feed.atom"))
        assert feed.bozo == 0, feed.bozo_exception
        checked = 0
        for entry in feed.entries:
            expected = summaries[entry.link.rstrip("/").rsplit("/", 1)[1]]
            if expected:
                assert " ".join(entry.get("summary", "").split()) == " ".join(expected.split()), entry.link
                checked += 1
        assert checked >= 3, f"{lang}: the sample's articles need summaries"


UNLISTED_DRAFT = """---
title: Utkast DRAFTLEAK9c1d
date: 2026-11-20
status: draft
---
DRAFTLEAK9c1d in the body.
"""

UNLISTED_EMBARGO = """---
title: Sperret EMBARGOLEAK4e7a
date: 2030-01-01T07:00:00+01:00
embargo: 2030-01-01T07:00:00+01:00
summary: EMBARGOLEAK4e7a in the lead.
---
EMBARGOLEAK4e7a in the body.
"""

# The badge a reader of each language reads beside a Norwegian title, written out by hand.
IN_NORWEGIAN = {"sv": "På norskt bokmål", "en": "In Norwegian Bokmål"}


def test_lists_offer_untranslated_items_marked_and_feeds_stay_in_their_language(tmp_path):
    """News, stories and the press room list an item not written in the reader's language under
    its original title, marked `lang="nb"` with a badge naming the language (the site map and the
    company pages already did): a Norwegian-only article is no longer reachable only through the
    site map. Feeds carry only their own language. Nothing of a draft or an embargoed item is
    listed anywhere."""
    content = copy_content(tmp_path)
    (content / "stories" / "remote-from-gransmo.sv.md").unlink()
    (content / "stories" / "remote-from-gransmo.en.md").unlink()
    (content / "press" / "try-living-weekend-announced.sv.md").unlink()
    (content / "press" / "try-living-weekend-announced.en.md").unlink()
    (content / "articles" / "nb-only-draft.nb.md").write_text(UNLISTED_DRAFT, encoding="utf-8")
    (content / "press" / "nb-only-embargo.nb.md").write_text(UNLISTED_EMBARGO, encoding="utf-8")
    result = build_site(tmp_path / "output", content=content)
    assert result.returncode == 0, result.stderr
    only_nb = {"news": "record-apprentices-havnoy", "stories": "remote-from-gransmo", "press": "try-living-weekend-announced"}
    for lang in ("sv", "en"):
        for section, slug in only_nb.items():
            page = soup(result, f"{lang}/{section}/index.html")
            if lang == "en" and section == "news":
                continue  # the sample has this article in English
            href = f"/{lang}/{section}/{slug}/"
            (link,) = [a for a in page.select(".card-title a") if a["href"] == href]
            card = link.find_parent(class_="card")
            assert link["lang"] == "nb", (lang, section)
            assert card.select_one(".badge-lang").get_text(strip=True) == IN_NORWEGIAN[lang], (lang, section)
            assert all(p.get("lang") == "nb" for p in card.select(".card-body > p:not(.card-meta)")), (lang, section)
            if section == "stories":  # the byline is the story's own words
                assert card.select_one(".card-meta > span[lang=nb]")
            # a card in the page's own language carries no mark
            assert all(not a.has_attr("lang") for a in page.select(".card-title a") if a["href"] != href)
            assert len(page.select(".badge-lang")) == 1, (lang, section)
            feed = result.output / lang / section / "feed.atom"
            if feed.exists():
                assert href not in feed.read_text(encoding="utf-8"), (lang, section)
    for section in only_nb:  # Norwegian readers see no badge at all
        assert not soup(result, f"nb/{section}/index.html").select(".badge-lang")
    for lang in ("sv", "en"):  # the company page links the story under its Norwegian title, marked
        (story,) = soup(result, f"{lang}/companies/kodverket/index.html").select(f'a[href="/{lang}/stories/remote-from-gransmo/"]')
        assert story.get("lang") == "nb", lang
    for path in result.output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".atom", ".xml", ".json", ".ics"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "DRAFTLEAK9c1d" not in text and "nb-only-draft" not in text, path
            assert "EMBARGOLEAK4e7a" not in text and "nb-only-embargo" not in text, path
