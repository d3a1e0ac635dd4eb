"""What a communicator meets (issue 15): values published as written, paragraphs as the docs
say, the same programme times on the page and in the .ics, quotes by people who are not press
contacts, links in PDFs and calendar files that work outside the site, `check` on items
`invoke new` wrote, and a busy preview port explained. Mistakes with messages are in the
bad-content corpus (tests/bad_content/); the press-release walkthrough is test_walkthrough.py.
"""

from __future__ import annotations

import html
import re
import socket
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Build, build_site, copy_content, run_homeward, soup
from icalendar import Calendar
from pypdf import PdfReader
from test_bad_content import apply_edits

EVENT = "try-living-weekend-2027"
RELEASE = "try-living-weekend-announced"

# Values YAML would read as something else, and texts whose shape used to be lost; each must
# build without a message and be published exactly as written.
AS_WRITTEN = [
    # A phone number with a leading 0 (YAML 1.1 reads 0706752157 as an octal number).
    {"file": "data/contacts.yaml", "find": 'phone: "+46 70 312 45 67"', "replace": "phone: 0703124567"},
    # An organisation number YAML reads as a number; a municipality code with a leading 0.
    {"file": "data/companies/kodverket.yaml", "find": "org_number: 559102-8377\n", "replace": "org_number: 5591028377\n"},
    {"file": "data/region.yaml", "find": '    code: "5097"\n', "replace": "    code: 0301\n"},
    # A date as a title; YAML 1.1's yes/no/on/off, 1e3 and 12:30 (base 60) as text.
    {"file": "articles/kaihuset-opens-second-floor.en.md", "find": "title: Kaihuset opens a new floor for remote workers", "replace": "title: 2026-10-14"},
    {"file": "data/jobs/backend-developer-helsefjell.yaml", "find": "  nb: Backend-utvikler (Python)\n  sv: Backendutvecklare (Python)\n  en: Backend Developer (Python)\n", "replace": "  nb: yes\n  sv: C# och 12:30\n  en: 1e3\n"},
    {"file": "data/contacts.yaml", "find": "  name: Linnea Holm\n", "replace": "  name: On\n"},
    # Lists written as text with commas.
    {"file": "press/try-living-weekend-announced.nb.md", "find": "contacts:\n  - ingrid-haugen\n  - erik-lindqvist\n", "replace": "contacts: ingrid-haugen, erik-lindqvist\n"},
    {"file": "data/companies/kodverket.yaml", "find": "sectors:\n  - software\n  - consulting\n", "replace": "sectors: software, consulting\n"},
    # A quote by someone who is not a press contact, with a role in the release's language.
    {"file": "press/try-living-weekend-announced.en.md", "find": "    person: jonas-berg\n", "replace": "    name: Kari Nordmann\n    role: Project manager for the try-living weekend\n"},
    # A role that names the organisation already.
    {"file": "data/contacts.yaml", "find": "    sv: Kommunikationschef\n", "replace": "    sv: Kommunikationschef på Skarvfjellrådet\n"},
    # Paragraphs: a blank line in folded (>-), literal (|) and plain text.
    {
        "file": "data/companies/kodverket.yaml",
        "find": "  nb: Kodverket er et programvareselskap i den gamle stasjonsbygningen i Gränsmo.\n"
        "    De utvikler nettløsninger og apper for kunder i Stockholm, Oslo og Trondheim\n"
        "    – fra fjellet, med fiber helt fram. Alle ansatte kan jobbe hjemmefra, men de\n"
        "    fleste møtes på kontoret to dager i uka.\n",
        "replace": "  nb: >-\n    Kodverket er et programvareselskap i den gamle stasjonsbygningen i Gränsmo. De utvikler\n"
        "    nettløsninger og apper for kunder i Stockholm, Oslo og Trondheim – fra fjellet, med fiber helt\n\n"
        "    fram. Alle ansatte kan jobbe hjemmefra, men de fleste møtes på kontoret to dager i uka.\n",
    },
    {
        "file": "data/companies/kodverket.yaml",
        "find": "  sv: Kodverket är ett mjukvaruföretag i den gamla stationsbyggnaden i Gränsmo. De\n"
        "    utvecklar webbtjänster och appar för kunder i Stockholm, Oslo och Trondheim\n"
        "    – från fjällen, med fiber hela vägen fram. Alla anställda kan jobba\n"
        "    hemifrån, men de flesta ses på kontoret två dagar i veckan.\n",
        "replace": "  sv: |\n    Kodverket är ett mjukvaruföretag i den gamla stationsbyggnaden i Gränsmo. De utvecklar\n"
        "    webbtjänster och appar för kunder i Stockholm, Oslo och Trondheim – från fjällen, med fiber hela\n\n"
        "    vägen fram. Alla anställda kan jobba hemifrån, men de flesta ses på kontoret två dagar i veckan.\n",
    },
    # A session across midnight.
    {
        "file": f"data/events/{EVENT}.yaml",
        "find": "    start: 2027-03-27T10:00:00+01:00\n    end: 2027-03-27T15:00:00+01:00\n",
        "replace": "    start: 2027-03-27T10:00:00+01:00\n    end: 2027-03-27T15:00:00+01:00\n"
        "  - title: {nb: Nattkino, sv: Nattbio, en: Midnight film}\n    start: 2027-03-27T20:00:00+01:00\n    end: 2027-03-28T01:00:00+01:00\n",
    },
]


@pytest.fixture(scope="module")
def as_written(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp("as-written")
    content = copy_content(tmp)
    apply_edits(content, AS_WRITTEN)
    result = build_site(tmp / "output", content=content, cache=tmp / ".cache")
    assert result.returncode == 0, result.stderr
    return result



def test_what_yaml_would_change_is_published_as_written(as_written: Build) -> None:
    # Every value above is read without a message.
    assert not [line for line in as_written.stderr.splitlines() if line.startswith("content/")], as_written.stderr
    release = html.unescape(as_written.read(f"sv/press/{RELEASE}/index.html"))
    assert ">0703124567</a>" in release and 'href="tel:0703124567"' in release
    company = soup(as_written, "en/companies/kodverket/index.html")
    # Written as one number, shown as the register writes it (Bolagsverket's NNNNNN-NNNN).
    assert "559102-8377" in company.select_one(".facts-box").get_text()
    assert '"taxID":"559102-8377"' in as_written.read("en/companies/kodverket/index.html")
    assert soup(as_written, "en/news/kaihuset-opens-second-floor/index.html").h1.get_text() == "2026-10-14"
    titles = {lang: soup(as_written, f"{lang}/jobs/backend-developer-helsefjell/index.html").h1.get_text() for lang in ("nb", "sv", "en")}
    assert titles == {"nb": "yes", "sv": "C# och 12:30", "en": "1e3"}
    assert "On" in soup(as_written, "en/companies/kodverket/index.html").select_one(".person-name").get_text()
    names = [p.get_text() for p in soup(as_written, f"nb/press/{RELEASE}/index.html").select(".person-name")]
    assert "Ingrid Haugen" in names and "Erik Lindqvist" in names
    assert "kodverket" in as_written.read("en/companies/sector/consulting/index.html")


def test_a_quote_names_someone_who_is_not_a_press_contact(as_written: Build) -> None:
    quotes = [q.get_text(" ", strip=True) for q in soup(as_written, f"en/press/{RELEASE}/index.html").select("figure figcaption")]
    assert "– Kari Nordmann , Project manager for the try-living weekend" in quotes
    pdf = PdfReader(as_written.output / f"en/press/{RELEASE}/{RELEASE}.pdf")
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Kari Nordmann, Project manager for the try-living weekend" in " ".join(text.split())


def test_role_and_organisation_are_not_repeated(as_written: Build) -> None:
    roles = [p.get_text() for p in soup(as_written, f"sv/press/{RELEASE}/index.html").select(".person-role")]
    assert "Kommunikationschef på Skarvfjellrådet" in roles
    assert "Inflyttningsrådgivare, Skarvfjellrådet" in roles, "the organisation is added where the role does not name it"
    assert not [role for role in roles if role.count("Skarvfjellrådet") > 1]


def test_a_blank_line_starts_a_paragraph_in_every_kind_of_yaml_text(as_written: Build) -> None:
    """docs/content-model.md: a blank line starts a new paragraph — in folded (>-), literal (|) and plain text."""
    for lang, first_end in (("nb", "med fiber helt"), ("sv", "med fiber hela")):
        lead = soup(as_written, f"{lang}/companies/kodverket/index.html").select_one(".lead")
        paragraphs = [p.get_text() for p in lead.find_all("p")]
        assert len(paragraphs) == 2, paragraphs
        assert paragraphs[0].endswith(first_end) and "\n" not in paragraphs[0]
        assert lead.find("br") is None


def _programme_on_page(build: Build, lang: str, event: str) -> list[str]:
    page = soup(build, f"{lang}/events/{event}/index.html")
    return [" ".join(p.get_text().split()) for p in page.select(".programme .card-meta")]


def _programme_in_ics(build: Build, lang: str, event: str) -> list[str]:
    (vevent,) = Calendar.from_ical((build.output / f"{lang}/events/{event}.ics").read_bytes()).walk("VEVENT")
    lines = [line for line in str(vevent["DESCRIPTION"]).splitlines() if line.startswith("- ")]
    return [" ".join(line[2:].split(": ", 1)[0].split()) for line in lines]


def test_the_ics_gives_the_same_programme_times_as_the_page(as_written: Build) -> None:
    """A session across midnight (20:00–01:00) used to lose its times in the .ics."""
    for lang in ("nb", "sv", "en"):
        for event in ("career-evening-fjallsta-2027", EVENT):
            page = _programme_on_page(as_written, lang, event)
            assert page and page == _programme_in_ics(as_written, lang, event)
    midnight = [line for line in _programme_in_ics(as_written, "en", EVENT) if "20:00" in line]
    assert midnight == ["Saturday, 27 March 2027 20:00 – Sunday, 28 March 2027 01:00"], _programme_in_ics(as_written, "en", EVENT)


def test_pdfs_and_calendar_files_link_to_the_public_address(sample: Build, tmp_path: Path) -> None:
    """A local build: PDFs and .ics files are opened outside the site, so they name the page on
    PUBLIC_URL; a site without PUBLIC_URL says the link works once the site is published."""
    text = " ".join(PdfReader(sample.output / f"sv/press/{RELEASE}/{RELEASE}.pdf").pages[-1].extract_text().split())
    assert f"Läs på webben: https://skarvfjell.example/sv/press/{RELEASE}/" in text
    (vevent,) = Calendar.from_ical((sample.output / f"sv/events/{EVENT}.ics").read_bytes()).walk("VEVENT")
    assert str(vevent["URL"]) == f"https://skarvfjell.example/sv/events/{EVENT}/"

    settings = tmp_path / "settings.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\nPUBLIC_URL = ''\n")
    local = build_site(tmp_path / "output", settings=settings, cache=tmp_path / ".cache")
    assert local.returncode == 0, local.stderr
    pages = PdfReader(local.output / f"sv/press/{RELEASE}/{RELEASE}.pdf").pages
    text = " ".join(pages[-1].extract_text().split())
    assert f"Läs på webben: /sv/press/{RELEASE}/ (på webbplatsen, när den är publicerad)" in text
    (vevent,) = Calendar.from_ical((local.output / f"sv/events/{EVENT}.ics").read_bytes()).walk("VEVENT")
    assert "URL" not in vevent, "a calendar app needs a whole address or none"
    assert f"Mer information: /sv/events/{EVENT}/ (på webbplatsen, när den är publicerad)" in str(vevent["DESCRIPTION"])


# ---------------------------------------------------------------- invoke new and check


def _check(content: Path, tmp_path: Path) -> tuple[int, str]:
    proc = run_homeward("check", "--content", str(content), env={"HOMEWARD_CACHE_PATH": str(tmp_path / ".cache")})
    return proc.returncode, proc.stdout + proc.stderr


def test_check_fails_on_placeholders_and_shows_drafts_and_embargoes(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    new = run_homeward("new", "event", "--title", "Testkveld", "--content", str(content))
    assert new.returncode == 0, new.stderr
    assert new.stdout.startswith("Created an event:\n")
    assert "Note: an event has no draft state" in new.stdout
    press = run_homeward("new", "press", "--title", "Nytt kontor", "--content", str(content))
    assert press.returncode == 0, press.stderr

    code, out = _check(content, tmp_path)
    assert code == 1, out
    event = "content/data/events/testkveld.yaml"
    assert f"{event}:9: warning: 'location.name' still holds the placeholder 'Where it takes place' that `invoke new` wrote; replace it with the real text" in out
    assert (
        f"{event}:4: warning: 'title.sv' still starts with '[sv]', the mark `invoke new` puts on text to translate; "
        "translate it and remove the mark (or delete the line: readers then get the default language's text)"
    ) in out
    assert "'description.nb' still holds the placeholder 'Describe the event: what happens" in out
    assert "check failed: " in out and ", 6 placeholders from `invoke new` left in published content" in out
    # The draft release: in the table with its state, its placeholders a note (it is not published).
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.startswith(("press/", "articles/"))}
    assert rows["press/nytt-kontor"] == ["d", "d~", "d~", "draft"]
    assert rows["press/border-service-office"] == ["e", "e", "e", "embargo", "until", "2030-03-02", "07:00+01:00"]
    assert rows["press/try-living-weekend-announced"] == ["✓", "✓", "✓", "published"]
    assert "note: content/press/nytt-kontor.nb.md:5: 'summary' still holds the placeholder" in out

    # Publish the Norwegian version: the stubs stay drafts, and check never asks to add a file that exists.
    original = content / "press" / "nytt-kontor.nb.md"
    original.write_text(original.read_text().replace("status: draft", "status: published"))
    code, out = _check(content, tmp_path)
    assert "add content/press/nytt-kontor" not in out and "nytt-kontor.sv.md; " not in out
    assert rows_of(out)["press/nytt-kontor"] == ["✓", "d~", "d~", "nb", "published;", "sv", "draft;", "en", "draft"]
    assert "note: content/press/nytt-kontor.sv.md: a draft, not published; set 'status: published' when it is ready" in out
    assert "content/press/nytt-kontor.nb.md:5: warning: 'summary' still holds the placeholder" in out

    # Every placeholder replaced: the check passes.
    # (The event's values, not its lines: long text is folded over two lines in the file format.)
    from homeward import yamlwriter
    from homeward.fileformat import read_values

    def replaced(value):
        if isinstance(value, dict):
            return {key: replaced(item) for key, item in value.items()}
        if isinstance(value, str):
            value = re.sub(r"^\[(sv|en)\] ", "", value)
            return {"Where it takes place": "Kulturhuset", "Describe the event: what happens, who it is for, how to take part.": "Kom og møt oss."}.get(value, value)
        return value

    event_file = content / "data" / "events" / "testkveld.yaml"
    event_file.write_text(yamlwriter.dump(replaced(read_values(event_file.read_text()))))
    original.write_text(
        original.read_text()
        .replace("One or two sentences that lead the release; journalists read this first.", "Et nytt kontor.")
        .replace("Write the press release here in Markdown: what, who, when, where, why.", "Kontoret åpner i mars.")
    )
    code, out = _check(content, tmp_path)
    assert code == 0, out
    assert "0 placeholders from `invoke new` left in published content" in out


def rows_of(out: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.startswith(("press/", "articles/"))}


def test_the_placeholders_check_looks_for_are_the_ones_new_writes(tmp_path: Path) -> None:
    """One list (homeward/placeholders.py): everything `new` writes for a person to replace is found."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from homeward.placeholders import PLACEHOLDERS, in_text

    content = copy_content(tmp_path)
    for company in (content / "data" / "companies").glob("*.yaml"):  # a job's apply_url then is the placeholder
        company.write_text("".join(line for line in company.read_text().splitlines(True) if not line.startswith("website:")))
    for kind in ("article", "press", "page", "story", "company", "event", "job"):
        assert run_homeward("new", kind, "--title", f"Plassholder {kind}", "--content", str(content)).returncode == 0
    # Words, not lines: the file format folds long text over lines.
    written = " ".join("\n".join(path.read_text() for path in content.rglob("plassholder-*")).replace('"', " ").split())
    used = {name for name, text in PLACEHOLDERS.items() if " ".join(text.split("{original}")[0].split()) in written}
    assert used == set(PLACEHOLDERS), f"never written by `new`: {set(PLACEHOLDERS) - used}"
    for text in PLACEHOLDERS.values():
        assert in_text(text.replace("{original}", "x.nb.md"), [])


# ---------------------------------------------------------------- the preview's port


def test_a_busy_port_is_explained_with_the_option_to_use_another(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        proc = run_homeward("serve", "--port", str(port), "--content", str(copy_content(tmp_path)))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "internal error" not in proc.stderr and "nothing was written" not in proc.stderr
    assert re.fullmatch(
        rf"serve: port {port} is already in use on 127\.0\.0\.1, probably by another preview that is still running "
        r"\(stop it with Ctrl\+C in its window, then run invoke serve again\); or preview on another port: invoke serve --port \d+",
        lines[0],
    ), lines[0]
    assert "invoke serve --port" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_an_unknown_id_suggests_the_id_that_was_meant() -> None:
    """Long ids defeat a plain spelling distance: `ostra` is far from `ostra-harjedalsfjallen`.
    The suggestion also takes an id that begins with what was written, or holds it as a whole
    part, when exactly one does, and what was written folded as ids are (Å → a)."""
    from homeward.references import closest_id

    known = ["fjallsta-tra", "nordlys-data", "ostra-harjedalsfjallen", "skarvfjell-radet", "vastra-harjedalen"]
    assert closest_id("ostra", known) == "ostra-harjedalsfjallen"
    assert closest_id("harjedalsfjallen", known) == "ostra-harjedalsfjallen"
    assert closest_id("Östra-Härjedalsfjällen", known) == "ostra-harjedalsfjallen"
    assert closest_id("radet", known) == "skarvfjell-radet"
    assert closest_id("nordlys-dat", known) == "nordlys-data"  # a typo: spelling distance
    assert closest_id("harjedal", known) == "vastra-harjedalen"  # near enough in spelling
    assert closest_id("fjall", known) is None  # begins a part of one id, and is no part of any: no guess
    assert closest_id("xy", known) is None
