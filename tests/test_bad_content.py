"""The bad-content corpus: one communicator mistake per case, each must stop the build politely.

Every case in `tests/bad_content/<name>/case.yaml` is applied to a copy of the sample content
and built into an output folder that already holds a good build. The build must exit 1,
print `path:line: message` at the line to edit, with a message that names the field and
says how to fix it, print no traceback, and leave the previous output byte-for-byte as it
was. The format of a case is described in tests/bad_content/README.md.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CONTENT, Build, build_site, copy_content

CASES = Path(__file__).parent / "bad_content"
ERROR_LINE = re.compile(r"^(?P<path>\S+?):(?P<line>\d+): (?P<message>.*)$")


@dataclass
class Case:
    """One mistake: the edits that make it and the message the build must give.

    `expect_message` is the whole message, word for word; `warning` cases build (the message
    is a warning); `fix` says how the test applies the fix the message suggests, literally
    (see README.md and test_the_suggested_fixes_publish_what_was_meant)."""

    name: str
    description: str
    edits: list[dict[str, Any]]
    expect_path: str
    expect_line: int
    expect: str | None = None
    expect_regex: str | None = None
    expect_message: str | None = None
    expect_errors: int = 1
    warning: bool = False
    fix: dict[str, Any] | None = None


EXPECT_KEYS = ("expect", "expect_regex", "expect_message")
FIX_KEYS = {"take", "replace", "replace_line", "insert_after", "file", "publishes"}


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES.glob("*/case.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise AssertionError(f"{path}: {exc}") from None
        known = {"description", "edits", "expect_path", "expect_line", "expect_errors", "warning", "fix", *EXPECT_KEYS}
        unknown = set(data) - known
        assert not unknown, f"{path}: unknown keys {unknown}"
        assert sum(key in data for key in EXPECT_KEYS) == 1, f"{path}: give exactly one of {', '.join(EXPECT_KEYS)}"
        fix = data.get("fix")
        if fix is not None:
            assert "expect_message" in data, f"{path}: a case with a fix gives the whole message (expect_message)"
            assert not set(fix) - FIX_KEYS, f"{path}: unknown fix keys {set(fix) - FIX_KEYS}"
            assert sum(key in fix for key in ("replace", "replace_line", "insert_after")) == 1, f"{path}: one of replace, replace_line, insert_after"
            assert re.search(fix["take"], data["expect_message"]), f"{path}: 'take' finds no fix in the message"
            assert fix.get("publishes"), f"{path}: say what the fixed build publishes"
        cases.append(Case(name=path.parent.name, **data))
    return cases


def _encode(edit: dict[str, Any], text: str) -> bytes:
    # `bytes: true` lets a case write exact bytes: each character (YAML "\xNN") is one byte.
    return text.encode("latin-1") if edit.get("bytes") else text.encode("utf-8")


def apply_edits(content: Path, edits: list[dict[str, Any]]) -> None:
    """Apply a case's edits to a copy of the sample content (see bad_content/README.md)."""
    for edit in edits:
        # With `bytes: true` the file name is bytes too: "caf\xE9.md" is a name saved in Latin-1.
        name = os.fsdecode(edit["file"].encode("latin-1")) if edit.get("bytes") else edit["file"]
        target = content / name
        ops = {"find", "write", "append", "prepend", "delete", "truncate"} & set(edit)
        assert len(ops) == 1, f"one operation per edit, got {sorted(ops)} in {edit}"
        if "delete" in edit:
            target.unlink()
        elif "truncate" in edit:
            target.write_bytes(target.read_bytes()[: edit["truncate"]])
        elif "write" in edit:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_encode(edit, edit["write"]) * edit.get("repeat", 1))
        elif "find" in edit:
            data = target.read_bytes()
            find = _encode(edit, edit["find"])
            # Exactly once: a case must not silently stop testing anything when the sample changes.
            assert data.count(find) == 1, f"{edit['file']}: {edit['find']!r} occurs {data.count(find)} times"
            target.write_bytes(data.replace(find, _encode(edit, edit["replace"])))
        elif "append" in edit:
            target.write_bytes(target.read_bytes() + _encode(edit, edit["append"]) * edit.get("repeat", 1))
        else:
            target.write_bytes(_encode(edit, edit["prepend"]) + target.read_bytes())


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


@dataclass
class Previous:
    """A good build that every case starts from, and the digest of each of its files."""

    output: Path
    digests: dict[str, str]


@pytest.fixture(scope="module")
def previous(sample: Build, tmp_path_factory: pytest.TempPathFactory) -> Previous:
    """The sample build, copied once per worker; each case copies it again (cheap: ~5 MB)."""
    folder = tmp_path_factory.mktemp("previous") / "output"
    shutil.copytree(sample.output, folder)
    return Previous(folder, snapshot(folder))


def break_and_build(tmp_path: Path, previous: Previous, edits: list[dict[str, Any]], extra: tuple[str, ...] = ("--no-search",)) -> Build:
    content = copy_content(tmp_path)
    apply_edits(content, edits)
    output = tmp_path / "output"
    shutil.copytree(previous.output, output, copy_function=os.link)  # a build replaces files, never writes into them
    return build_site(output, content=content, extra=extra, cache=tmp_path / ".cache")


def assert_refused_and_untouched(tmp_path: Path, previous: Previous, result: Build) -> None:
    """Exit 1, no traceback, previous output unchanged, no staging folder left behind."""
    assert result.returncode == 1, f"expected the build to fail\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    # One line per mistake, short enough to read (an alias bomb once printed a 3.85 MB line).
    assert all(len(line) < 600 for line in result.stderr.splitlines()), max(result.stderr.splitlines(), key=len)[:300]
    assert "nothing was written" in result.stderr
    assert snapshot(result.output) == previous.digests, "the previous output was changed"
    leftovers = [p.name for p in tmp_path.iterdir() if ".staging-" in p.name or p.name.endswith(".old")]
    assert not leftovers, leftovers


def error_lines(stderr: str) -> list[re.Match[str]]:
    """The `path:line: message` lines of a failed build that are errors (not warnings)."""
    found = []
    for line in stderr.splitlines():
        match = ERROR_LINE.match(line)
        if match and not match["message"].startswith("warning: "):
            found.append(match)
    return found


ALL_CASES = load_cases()


def test_the_corpus_is_large_enough() -> None:
    assert len(ALL_CASES) >= 40


ERROR_CASES = [c for c in ALL_CASES if not c.warning]
WARNING_CASES = [c for c in ALL_CASES if c.warning]
FIX_CASES = [c for c in ALL_CASES if c.fix]


def _matches(case: Case, message: str) -> bool:
    if case.expect_message is not None:
        return message == case.expect_message
    if case.expect is not None:
        return case.expect in message
    return re.search(case.expect_regex or "", message) is not None


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.name for c in ERROR_CASES])
def test_bad_content_is_refused_with_a_helpful_message(case: Case, tmp_path: Path, previous: Previous) -> None:
    result = break_and_build(tmp_path, previous, case.edits)
    assert_refused_and_untouched(tmp_path, previous, result)
    errors = error_lines(result.stderr)
    at_line = [e for e in errors if (e["path"], int(e["line"])) == (case.expect_path, case.expect_line)]
    assert at_line, f"no error at {case.expect_path}:{case.expect_line}:\n{result.stderr}"
    matching = [e for e in at_line if _matches(case, e["message"])]
    assert matching, f"expected {case.expect or case.expect_regex!r} at {case.expect_path}:{case.expect_line}:\n{result.stderr}"
    # Every message says what is wrong, then (after '; ') how to fix it.
    assert "; " in matching[0]["message"], f"the message does not say how to fix it: {matching[0]['message']}"
    # One mistake, one message (a few mistakes touch several pages and say so per page).
    assert len(errors) == case.expect_errors, f"expected {case.expect_errors} error(s):\n{result.stderr}"


@pytest.mark.parametrize("case", WARNING_CASES, ids=[c.name for c in WARNING_CASES])
def test_doubtful_content_builds_with_a_warning(case: Case, tmp_path: Path, previous: Previous) -> None:
    """Text that builds but is probably not what was meant: a warning at its line, with the fix."""
    result = break_and_build(tmp_path, previous, case.edits)
    assert result.returncode == 0, result.stderr
    warnings = [m for m in map(ERROR_LINE.match, result.stderr.splitlines()) if m and m["message"].startswith("warning: ")]
    at_line = [w for w in warnings if (w["path"], int(w["line"])) == (case.expect_path, case.expect_line)]
    assert [w for w in at_line if _matches(case, w["message"].removeprefix("warning: "))], result.stderr
    assert "; " in at_line[0]["message"], "a warning says how to fix it too"
    assert len([w for w in warnings if w["path"].startswith("content/")]) == case.expect_errors, result.stderr


def _apply_fix(content: Path, case: Case, message: str) -> None:
    """Write the fix the message suggests into the file, exactly as the message words it."""
    assert case.fix is not None
    found = re.search(case.fix["take"], message)
    assert found, f"{case.name}: no fix in {message!r}"
    fix = found.group(1)
    target = content / (case.fix.get("file") or case.expect_path.removeprefix("content/"))
    text = target.read_text(encoding="utf-8")
    if "replace_line" in case.fix:
        lines = text.split("\n")
        at = [i for i, line in enumerate(lines) if line == case.fix["replace_line"]]
        assert len(at) == 1, f"{case.name}: the line {case.fix['replace_line']!r} occurs {len(at)} times"
        lines[at[0]] = fix
        text = "\n".join(lines)
    elif "replace" in case.fix:
        assert text.count(case.fix["replace"]) == 1, f"{case.name}: {case.fix['replace']!r} occurs {text.count(case.fix['replace'])} times"
        text = text.replace(case.fix["replace"], fix)
    else:
        anchor = case.fix["insert_after"]
        assert text.count(anchor) == 1, f"{case.name}: {anchor!r} occurs {text.count(anchor)} times"
        text = text.replace(anchor, anchor + fix + "\n")
    target.write_text(text, encoding="utf-8")


def test_the_suggested_fixes_publish_what_was_meant(tmp_path: Path) -> None:
    """Every case with a `fix`, all in one copy of the content: the build prints each message; the
    fix each message suggests, written into the file as worded, builds and publishes the value
    the person meant (the phone number as written, the whole summary)."""
    content = copy_content(tmp_path)
    for case in FIX_CASES:
        apply_edits(content, case.edits)
    broken = build_site(tmp_path / "broken", content=content, cache=tmp_path / ".cache")
    printed = [m for m in map(ERROR_LINE.match, broken.stderr.splitlines()) if m]
    for case in FIX_CASES:
        wanted = ("warning: " if case.warning else "") + (case.expect_message or "")
        found = [m for m in printed if m["path"] == case.expect_path and m["message"] == wanted]
        assert found, f"{case.name}: {wanted!r} not printed:\n{broken.stderr}"
        _apply_fix(content, case, found[0]["message"].removeprefix("warning: "))
    fixed = build_site(tmp_path / "fixed", content=content, cache=tmp_path / ".cache")
    assert fixed.returncode == 0, fixed.stderr
    assert not [line for line in fixed.stderr.splitlines() if line.startswith("content/")], fixed.stderr
    for case in FIX_CASES:
        assert case.fix is not None
        for published in case.fix["publishes"]:
            page = html.unescape(fixed.read(published["file"]))
            assert published["contains"] in page, f"{case.name}: {published['contains']!r} is not in {published['file']}"


def test_a_link_to_an_embargoed_release_gives_away_nothing_of_it(tmp_path: Path, previous: Previous) -> None:
    """The build's log may be read by anyone who sees CI: the message about a link to a release
    under embargo names the link and the time, never the release's title or summary."""
    edits = [{"file": "articles/new-cross-border-bus.nb.md", "append": "\nLes [pressemeldingen](/nb/press/border-service-office/).\n"}]
    result = break_and_build(tmp_path, previous, edits)
    assert_refused_and_untouched(tmp_path, previous, result)
    assert "content/articles/new-cross-border-bus.nb.md:43: the link '/nb/press/border-service-office/' leads to a page under embargo" in result.stderr
    for release in sorted((CONTENT / "press").glob("border-service-office.*.md")):
        front = yaml.safe_load(release.read_text(encoding="utf-8").split("---")[1])
        for secret in (front["title"], front["summary"].split(".")[0]):
            assert secret not in result.stderr and secret not in result.stdout, secret


LINK_CASES = ("link-to-a-mistyped-page", "link-to-an-old-slug", "link-in-the-wrong-languages-words")


def test_the_suggested_pages_are_the_pages_meant(tmp_path: Path) -> None:
    """The links of these cases are checked once every other mistake is gone (they need the
    routes), so they are not among the `fix` cases: the same here, on their own. Each "did you
    mean" written into the file as worded builds and publishes a link to the page meant."""
    cases = [c for c in ALL_CASES if c.name in LINK_CASES]
    content = copy_content(tmp_path)
    for case in cases:
        apply_edits(content, case.edits)
    broken = build_site(tmp_path / "broken", content=content, cache=tmp_path / ".cache")
    printed = {(m["path"], m["message"]) for m in map(ERROR_LINE.match, broken.stderr.splitlines()) if m}
    published = {}
    for case in cases:
        assert (case.expect_path, case.expect_message) in printed, broken.stderr
        written = re.search(r"\]\((.*)\)", case.edits[0]["append"]).group(1)  # type: ignore[union-attr]
        meant = re.search(r"did you mean '(.*)'\?$", case.expect_message or "").group(1)  # type: ignore[union-attr]
        target = content / case.expect_path.removeprefix("content/")
        target.write_text(target.read_text(encoding="utf-8").replace(f"]({written})", f"]({meant})"), encoding="utf-8")
        lang = case.expect_path.split(".")[-2]
        published[f"{lang}/news/fibre-reaches-gransmo/index.html"] = meant
    fixed = build_site(tmp_path / "fixed", content=content, cache=tmp_path / ".cache")
    assert fixed.returncode == 0, fixed.stderr
    for page, meant in published.items():
        assert f'<a href="{meant}">' in fixed.read(page)
        assert fixed.exists(meant.lstrip("/") + "index.html")


def test_a_link_to_a_draft_is_a_warning_in_the_preview(tmp_path: Path, previous: Previous) -> None:
    """The preview shows drafts, so the page a link leads to is there; it still says the link
    will be dead once published. A draft may link to another draft or to a release under embargo."""
    edits = [
        {"file": "pages/moving-guide.en.md", "append": "\nRead [the hatchery news](/en/press/fjordlaks-new-hatchery/).\n"},
        {"file": "press/fjordlaks-new-hatchery.en.md", "append": "\nSee [the office](/en/press/border-service-office/).\n"},
    ]
    result = break_and_build(tmp_path, previous, edits, extra=("--no-search", "--drafts"))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert warnings == [
        "content/pages/moving-guide.en.md:36: warning: the link '/en/press/fjordlaks-new-hatchery/' leads to a draft, which readers cannot see "
        "(content/press/fjordlaks-new-hatchery.en.md has 'status: draft'); link to it once it is published"
    ], result.stderr


def test_strict_turns_an_unknown_field_into_an_error(tmp_path: Path, previous: Previous) -> None:
    """A typo (`titel:`) is a warning naming the closest field; `--strict` makes it fail the build."""
    typo = [{"file": "pages/moving-guide.nb.md", "find": "menu: 2\n", "replace": "menu: 2\ntitel: Flytteguide\n"}]
    expected = "content/pages/moving-guide.nb.md:7: warning: unknown field 'titel' is ignored; did you mean 'title'?"
    relaxed = break_and_build(tmp_path / "relaxed", previous, typo)
    assert relaxed.returncode == 0, relaxed.stderr
    assert expected in relaxed.stderr
    cms = "package.json:1: warning: the browser CMS is not installed" in relaxed.stderr  # counted too, when npm ci was not run
    assert f"{1 + cms} warning{'s' if cms else ''} in" in relaxed.stdout

    strict = break_and_build(tmp_path / "strict", previous, typo, extra=("--no-search", "--strict"))
    assert_refused_and_untouched(tmp_path / "strict", previous, strict)
    assert (
        "content/pages/moving-guide.nb.md:7: unknown field 'titel' is ignored; did you mean 'title'? (an error under --strict)"
        in strict.stderr
    )


def test_country_no_stays_the_string_no() -> None:
    """YAML 1.1 reads `NO` (Norway) as false; our loader must not (only true/false are booleans)."""
    from homeward.sourcefile import parse_yaml

    data = parse_yaml("country: NO\nanswer: yes\nswitch: off\nhiring: true\nremote: False\n")
    assert data == {"country": "NO", "answer": "yes", "switch": "off", "hiring": True, "remote": False}


def test_municipality_country_no_builds(tmp_path: Path, previous: Previous) -> None:
    """A region and a municipality marked `country: NO` build, and Norway stays Norway in the output."""
    edits = [{"file": "data/region.yaml", "find": "  - id: storvoll\n    name: Storvoll\n", "replace": "  - id: storvoll\n    name: Storvoll\n    country: NO\n"}]
    result = break_and_build(tmp_path, previous, edits)
    assert result.returncode == 0, result.stderr
    assert "content/" not in result.stderr  # no content warning (the CMS notice may appear)
    assert '"addressCountry":"NO"' in result.read("nb/companies/nordlys-data/index.html")


def test_yaml_1_1_numbers_stay_text() -> None:
    """YAML 1.1 reads `1:30` as 90 (base 60) and `0150`, an Oslo postcode, as 104 (octal)."""
    from homeward.sourcefile import parse_yaml

    data = parse_yaml("time: 1:30\npostcode: 0150\nhex: 0x1F\nbinary: 0b101\ncount: 1_000\nshare: 2.5\nzero: 0\nnegative: -3\n")
    assert data == {"time": "1:30", "postcode": "0150", "hex": "0x1F", "binary": "0b101", "count": 1000, "share": 2.5, "zero": 0, "negative": -3}


def test_deeply_nested_markdown_is_refused_where_it_would_exhaust_the_stack() -> None:
    """300 nested list levels made Python-Markdown raise RecursionError; now a message at the line."""
    from homeward.markdown_render import to_html
    from homeward.parsing import convert

    body = "".join("    " * level + f"- level {level}\n" for level in range(300))
    with pytest.raises(RecursionError):
        to_html(body)  # what happened before: the build stopped with an internal error
    assert convert(body) == (None, (101, "the text is indented more than 100 levels deep here (lists inside lists); no page needs that many, remove the extra indentation"))
    html, problem = convert("".join("    " * level + f"- level {level}\n" for level in range(90)))
    assert problem is None and html is not None and html.count("<ul>") == 90


STRANGE_BUT_VALID = [
    # A session across midnight, inside its event.
    {
        "file": "data/events/try-living-weekend-2027.yaml",
        "find": "    start: 2027-03-27T10:00:00+01:00\n    end: 2027-03-27T15:00:00+01:00\n",
        "replace": "    start: 2027-03-27T10:00:00+01:00\n    end: 2027-03-27T15:00:00+01:00\n"
        "  - title: {nb: Nattkino, sv: Nattbio, en: Midnight film}\n    start: 2027-03-27T23:00:00+01:00\n    end: 2027-03-28T01:30:00+01:00\n",
    },
    # A municipality code with a leading zero, unquoted: the text 0301, not YAML 1.1's octal 193.
    {"file": "data/region.yaml", "find": '    code: "5098"', "replace": "    code: 0301"},
    # '&', '*' and '!' where YAML does not read them as anchors, aliases or tags.
    {"file": "data/companies/kodverket.yaml", "find": "name: Kodverket AB", "replace": 'name: "&Kodverket AB"'},
    {"file": "articles/fibre-reaches-gransmo.en.md", "find": "summary: The last 380", "replace": "summary: Fibre & more! The last 380 *households*"},
    # Markdown that is large or deep but converts in time: a 1 MB line, 3000 quote levels,
    # 2000 nested <div>, 2000 links in one paragraph, character references for ordinary characters.
    {"file": "articles/fibre-reaches-gransmo.en.md", "append": "\n"},
    {"file": "articles/fibre-reaches-gransmo.en.md", "append": "word ", "repeat": 200_000},
    {"file": "articles/fibre-reaches-gransmo.en.md", "append": "\n\n"},
    {"file": "articles/fibre-reaches-gransmo.en.md", "append": ">", "repeat": 3000},
    {"file": "articles/fibre-reaches-gransmo.en.md", "append": " deep quote\n\n"},
    {"file": "articles/fibre-reaches-gransmo.en.md", "append": "<div>", "repeat": 2000},
    {"file": "articles/fibre-reaches-gransmo.en.md", "append": "deep html"},
    {"file": "articles/fibre-reaches-gransmo.en.md", "append": "</div>", "repeat": 2000},
    {"file": "articles/fibre-reaches-gransmo.en.md", "append": "\n\n"},
    {"file": "articles/fibre-reaches-gransmo.en.md", "append": "[a link](https://example.org/) ", "repeat": 2000},
    {"file": "articles/fibre-reaches-gransmo.en.md", "append": "\n\nReferences: &#8211; &#x2603; &#150;.\n"},
    # Raw HTML that ends the body and starts another (the sanitizer stopped with an internal error).
    {"file": "articles/fibre-reaches-gransmo.en.md", "append": "\n</body><body> After a second body.\n"},
    # Optional fields left empty, as people leave a line of a copied file: the same as leaving
    # them out ('pdf' is 'empty; write it after pdf:' stopped the build, while an empty 'website:' built).
    {"file": "press/try-living-weekend-announced.en.md", "find": "pdf: true\n", "replace": "pdf:\n"},
    {"file": "data/companies/kodverket.yaml", "find": "remote_friendly: true\n", "replace": "remote_friendly:\n"},
    {"file": "data/events/job-fair-2026.yaml", "find": "status: scheduled\n", "replace": "status: scheduled\nsessions:\n"},
    {"file": "data/jobs/frontend-consultant-kodverket.yaml", "find": "remote: true\n", "replace": "remote:\n"},
    # Old Mac line endings (a lone CR): "the file has no front matter" before.
    {"file": "pages/old-mac.en.md", "write": "---\rtitle: Saved on an old Mac\rslug: old-mac\r---\rLines end with a CR only.\r"},
    # A link to a page relative to the page's own address ("points outside the content folder" before).
    {"file": "articles/new-cross-border-bus.en.md", "append": "\nRead also [the fibre news](../fibre-reaches-gransmo/).\n"},
    # A company file whose ending is in capitals (skipped before: every reference said "unknown company").
    {"file": "data/companies/fjellbakst.YAML", "write": "id: fjellbakst\nname: Fjellbakst\ndescription: {nb: Bakeri i Skarvik.}\n"},
    # What a Mac leaves on a shared drive, and an editor's hidden copy: not content, not reported
    # (before: "the file is not valid UTF-8", and "the slug is also written in .x.en.md").
    {"file": "articles/._fibre-reaches-gransmo.en.md", "write": "\x00\x05\x16\x07\x00\x02Mac OS X", "bytes": True},
    {"file": "articles/.fibre-reaches-gransmo.en.md", "write": "---\ntitle: An editor's hidden copy\n---\n"},
]


def test_strange_but_valid_content_builds(tmp_path: Path, previous: Previous) -> None:
    result = break_and_build(tmp_path, previous, STRANGE_BUT_VALID)
    assert result.returncode == 0, result.stderr
    assert "content/" not in result.stderr, result.stderr
    assert "Midnight film" in result.read("en/events/try-living-weekend-2027/index.html")
    assert "&amp;Kodverket AB" in result.read("en/companies/kodverket/index.html")
    article = result.read("en/news/fibre-reaches-gransmo/index.html")
    assert "Fibre &amp; more! The last 380 *households*" in article
    assert article.count('<a href="https://example.org/">a link</a>') == 2000
    assert "deep quote" in article and "deep html" in article
    assert "References: – ☃ –." in article
    assert "References: – ☃ –." in result.read("en/news/feed.atom")
    assert "After a second body." in article and "<body>" not in article.split("<main", 1)[1]
    assert not result.exists("en/press/try-living-weekend-announced/try-living-weekend-announced.pdf")
    assert result.exists("nb/press/try-living-weekend-announced/try-living-weekend-announced.pdf")
    assert "Lines end with a CR only." in result.read("en/old-mac/index.html")
    assert '<a href="../fibre-reaches-gransmo/">the fibre news</a>' in result.read("en/news/new-cross-border-bus/index.html")
    assert "Bakeri i Skarvik." in result.read("nb/companies/fjellbakst/index.html")


def test_a_cut_off_photo_is_refused_in_a_process_that_made_a_pdf_before(tmp_path: Path, previous: Previous) -> None:
    """WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES when imported: in the preview server,
    after a build that made a press PDF, a cut-off photo passed the gate and the build crashed
    while publishing it (`internal error: ValueError`). Here the build runs in an interpreter
    that imported WeasyPrint first, as that server has."""
    from conftest import run_python

    content = copy_content(tmp_path)
    photo = content / "images/photos/gransmo-fibre.jpg"
    photo.write_bytes(photo.read_bytes()[:6000])
    output = tmp_path / "output"
    shutil.copytree(previous.output, output, copy_function=os.link)  # a build replaces files, never writes into them
    args = ["build", "--content", str(content), "-o", str(output), "--no-search"]
    script = f"import sys, runpy, weasyprint\nsys.argv = ['homeward', *{args!r}]\nrunpy.run_module('homeward', run_name='__main__')"
    proc = run_python("-c", script, env={"HOMEWARD_CACHE_PATH": str(tmp_path / ".cache")})
    result = Build(proc.returncode, proc.stdout, proc.stderr, output)
    assert_refused_and_untouched(tmp_path, previous, result)
    # Not saved again with its missing part painted grey: the gate refuses it (trust/formats.resave).
    expected = "content/articles/fibre-reaches-gransmo.en.md:12: image.src 'images/photos/gransmo-fibre.jpg' starts like a JPEG image but is damaged"
    assert expected in result.stderr


def test_a_cut_off_jpeg_has_no_certain_end() -> None:
    """Where an image ends decides what is published; a scan with no end marker must not crash,
    and finds no end to cut at (the gate then reads the whole picture, trust/formats.publishable)."""
    from homeward.trust.formats import image_end

    photo = (CONTENT / "images/photos/gransmo-fibre.jpg").read_bytes()
    assert photo[-2:] == b"\xff\xd9" and image_end(photo + b"<html>", "jpeg") == len(photo)
    assert image_end(photo[:6000], "jpeg") is None
