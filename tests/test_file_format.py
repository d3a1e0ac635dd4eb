"""Issue 18: one file format for people, `invoke new`, `invoke fmt` and the browser CMS.

A file the CMS opens and saves without an edit must keep every byte; that holds when hand-
written files, the sample content and `invoke new` already use the form the CMS writes.
`homeward.yamlwriter` is a port of the CMS's writer (the `yaml` 1.10 npm package that
decap-cms-core uses); here it is compared with that library itself, run by Node from
node_modules (tests/decap/format.js), on the sample content and on text made to be awkward.
"""

from __future__ import annotations

import json
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import CONTENT, NOW, ROOT, copy_content
from homeward import yamlwriter
from homeward.fileformat import _front_matter_text, read_values
from homeward.fmt import content_files, run_fmt
from homeward.scaffold import scaffold

FORMAT_JS = ROOT / "tests" / "decap" / "format.js"
MODULES = ROOT / "node_modules"


def decap_writes(items: list[dict]) -> list[str]:
    """What the CMS's own writer makes of each {"data", "body"} (one Node process for all)."""
    if not shutil.which("node") or not (MODULES / "yaml" / "package.json").is_file():
        pytest.fail("Node and node_modules are needed (the CMS's YAML library): run `npm ci --ignore-scripts`", pytrace=False)
    lines = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    done = subprocess.run(["node", str(FORMAT_JS), str(MODULES)], input=lines, capture_output=True, text=True, timeout=120, check=True)
    return [json.loads(line) for line in done.stdout.splitlines()]


def settings(content: Path) -> dict:
    """What fmt and new read of the settings (in this process: no Python start per call)."""
    conf = runpy.run_path(str(ROOT / "pelicanconf.py"))
    return {"PATH": str(content), "LANGUAGES": conf["LANGUAGES"], "TIMEZONE": conf["TIMEZONE"], "HOMEWARD_NOW": NOW}


def fmt(content: Path, capsys: pytest.CaptureFixture, check: bool = False) -> tuple[int, str]:
    code = run_fmt(settings(content), check_only=check)
    return code, capsys.readouterr().out


def test_the_sample_content_is_in_the_one_file_format(capsys: pytest.CaptureFixture) -> None:
    code, out = fmt(CONTENT, capsys, check=True)
    assert code == 0 and out.startswith("0 of "), out


def test_yamlwriter_writes_byte_for_byte_what_the_cms_writes() -> None:
    items: list[dict] = []
    for path, _model, markdown in content_files(CONTENT):
        text = path.read_text(encoding="utf-8")
        if markdown:
            head = _front_matter_text(text) or ""
            body = text.split("\n---\n", 1)[1] if "\n---\n" in text else ""
            items.append({"data": read_values(head), "body": body})
        else:
            items.append({"data": read_values(text), "body": None})
    awkward = [
        "a: b", "x #tag", "#first", "- dash", "yes", "no", "null", "~", "123", "0o17", "1e3", ".5", "+46 70 123 45 67",
        "it's", 'say "hi"', "both ' and \"", "trailing space ", " leading", "two\nlines", "ends with newline\n", "tab\there",
        "æøå ÆØÅ äö – “curly”", "x" * 79, "word " * 30, "a-very-long-word-" * 8, "[not a list]", "{not: a map}", "@handle",
        "`code`", "50% 30%", "2026-09-18", "2026-09-18T10:00:00+02:00", "http://example.org/a?b=c#d", "", "   ",
    ]  # fmt: skip
    items.append({"data": {f"k{i}": value for i, value in enumerate(awkward)}, "body": None})
    items.append({"data": {"list": awkward, "nested": {"nb": "Tekst: med kolon", "sv": ["a", {"b": "c"}]}, "n": 3, "f": 1.5, "t": True}, "body": None})
    items.append({"data": {"title": "Tittel"}, "body": "Text without a line break at the end"})
    expected = decap_writes(items)
    for item, decap in zip(items, expected, strict=True):
        assert not isinstance(decap, dict), decap
        ours = yamlwriter.dump(item["data"]) if item["body"] is None else yamlwriter.dump_front_matter(item["data"], item["body"])
        assert ours == decap, f"{item['data']!r}"


def test_fmt_rewrites_a_hand_written_file_into_the_form_and_says_what_changed(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content = copy_content(tmp_path)
    event = content / "data" / "events" / "hand-written.yaml"
    event.write_text(
        "# Written by hand in an editor.\n"
        "title: {nb: Håndskrevet, en: Hand written}\n"
        "id: hand-written\n"
        "start: 2027-05-12T18:00:00+02:00\n"
        "end: null\n"
        "organisers: [skarvfjell-radet, fjellnett]\n"
        "location:\n  municipality: skarvik\n  name: Kaia\n"
        "description:\n  nb: >-\n    Kort\n    tekst.\n",
        encoding="utf-8",
    )
    before = yaml.safe_load(event.read_text(encoding="utf-8"))
    code, out = fmt(content, capsys, check=True)
    assert code == 1 and "content/data/events/hand-written.yaml: not in the CMS's form" in out, out
    code, out = fmt(content, capsys)
    assert code == 0, out
    said = next(line for line in out.splitlines() if "hand-written.yaml" in line)
    for change in ("comments removed (line 1)", "'note' field", "empty fields removed: end", "fields put in the order", "one item per line"):
        assert change in said, said
    text = event.read_text(encoding="utf-8")
    assert text.startswith("id: hand-written\ntitle:\n  nb: Håndskrevet\n  en: Hand written\nstart: ")
    assert "organisers:\n  - skarvfjell-radet\n  - fjellnett\n" in text and "location:\n  name: Kaia\n  municipality: skarvik\n" in text
    assert yaml.safe_load(text) == {k: v for k, v in before.items() if v is not None}, "only the layout changed"
    code, out = fmt(content, capsys)
    assert out.startswith("0 of "), out
    changed = [p for p in content.rglob("*") if p.is_file() and p.name != "hand-written.yaml" and p.read_bytes() != (CONTENT / p.relative_to(content)).read_bytes()]
    assert not changed, changed


def test_invoke_new_writes_the_form_the_cms_writes(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content = copy_content(tmp_path)
    for kind in ("article", "press", "event", "company", "job", "story", "page"):
        assert scaffold(settings(content), kind, f"Ny {kind}", None) == 0, capsys.readouterr().err
    capsys.readouterr()
    code, out = fmt(content, capsys, check=True)
    assert code == 0 and out.startswith("0 of "), out
    event = (content / "data/events/ny-event.yaml").read_text(encoding="utf-8")
    assert "#" not in event and "note: " in event and "docs/content-model.md" in event, "guidance is a note, not comments"


def test_notes_for_editors_are_published_nowhere(sample) -> None:
    """`note` takes the place of YAML comments; like them it reaches no output file of any kind."""
    notes = [read_values(path.read_text(encoding="utf-8")).get("note") for path in (CONTENT / "data" / "events").glob("*.yaml")]
    notes = [note for note in notes if note]
    assert notes, "the sample events carry notes"
    words = [note.split(":")[0][:40] for note in notes]  # e.g. "Spans the switch to summer time (Sunday 28"
    leaked = [
        (path.relative_to(sample.output).as_posix(), word)
        for path in sample.output.rglob("*")
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".ics", ".txt", ".js", ".pf_fragment")
        for word in words
        if word.encode() in path.read_bytes()
    ]
    assert not leaked, leaked


def test_fmt_reads_the_files_the_build_reads_and_leaves_the_rest_alone(tmp_path: Path) -> None:
    """fmt finds files as the build does (discovery.py): a company saved as `.YAML` is a company
    to put in the form; an editor's hidden copy and a Mac's `._` file are not content."""
    content = copy_content(tmp_path)
    companies = content / "data" / "companies"
    (companies / "fjellbakst.YAML").write_text("name: Fjellbakst\nid: fjellbakst\n", encoding="utf-8")
    (content / "articles" / ".fibre-reaches-gransmo.en.md").write_text("---\ntitle: A copy\n---\n", encoding="utf-8")
    (content / "articles" / "._fibre-reaches-gransmo.en.md").write_bytes(b"\x00\x05\x16\x07Mac OS X")
    (companies / "#kodverket.yaml#").write_text("name: x\n", encoding="utf-8")
    found = {path.relative_to(content).as_posix() for path, _model, _markdown in content_files(content)}
    assert "data/companies/fjellbakst.YAML" in found
    assert not [name for name in found if "/." in name or "#" in name], sorted(found)
    assert found >= {p.relative_to(CONTENT).as_posix() for p, _m, _md in content_files(CONTENT)}
