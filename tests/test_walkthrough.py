"""docs/communicators.md's press-release walkthrough, done literally.

The commands and the file come out of the guide's own code blocks, so the guide and this
test cannot drift apart: `invoke new press --title …`, the release as the guide shows it,
`invoke serve` (on a free port, with `--port`), `invoke check`, then the embargo. Each
`invoke X` runs `python -m homeward X` with pelicanconf.py, as tasks.py does.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import subprocess
import sys
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import NOW, ROOT, build_site, copy_content, run_homeward
from pypdf import PdfReader
from test_build_workflow import ServerLog, _free_port, _get

GUIDE = ROOT / "docs" / "communicators.md"
_BLOCK = re.compile(r"^( *)```(\w*)\n(.*?)^\1```", re.M | re.S)


def walkthrough() -> tuple[str, list[tuple[str, str]]]:
    """The section's text and its code blocks (language, text), in order."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## Writing a press release", 1)[1].split("\n## ", 1)[0]
    blocks = []
    for indent, lang, body in _BLOCK.findall(section):
        # A block inside a numbered step is indented like the step's text; that is not part of it.
        blocks.append((lang, "\n".join(line.removeprefix(indent) for line in body.split("\n"))))
    return section, blocks


def homeward_args(command: str) -> list[str]:
    """`invoke new press --title "…"` → ['new', 'press', '--title', '…'] for `python -m homeward`."""
    words = shlex.split(command.strip())
    assert words[0] == "invoke", command
    return words[1:]


def test_the_press_release_walkthrough_does_what_it_says(tmp_path: Path) -> None:
    section, blocks = walkthrough()
    commands = [body for lang, body in blocks if lang == "sh"]
    (release,) = [body for lang, body in blocks if lang == "markdown"]
    assert [homeward_args(c)[0] for c in commands] == ["new", "serve", "check"]
    content = copy_content(tmp_path)
    cache = {"HOMEWARD_CACHE_PATH": str(tmp_path / ".cache")}

    # 1. invoke new press --title "…": the release and its stubs, as the guide names them.
    made = run_homeward(*homeward_args(commands[0]), "--content", str(content), env=cache)
    assert made.returncode == 0, made.stderr
    written = re.findall(r"^  (content/press/\S+\.md)", made.stdout, re.M)
    named = re.findall(r"`(content/press/[^`]+\.md)`", section)
    assert written[0] == named[0], "the file the guide tells you to open is the one `new` wrote"
    slug = Path(written[0]).name.split(".")[0]
    assert f"/nb/press/{slug}/" in section

    # 2. The release, exactly as the guide shows it.
    (content.parent / written[0]).write_text(release, encoding="utf-8")

    # 3. invoke serve: the release in the preview with its banner, and its PDF.
    url = re.search(r"http://127\.0\.0\.1:8000(/nb/press/[^ )]+/)", section)
    assert url is not None and "--port" in section
    port = _free_port()
    command = [sys.executable, "-m", "homeward", *homeward_args(commands[1]), "--content", str(content), "--port", str(port)]
    env = {**os.environ, "HOMEWARD_NOW": NOW, **cache}
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log = ServerLog(server)
    try:
        log.wait_for(f"Preview on http://127.0.0.1:{port}/")
        status, body = _get(f"http://127.0.0.1:{port}{url.group(1)}")
        assert status == 200
        page = BeautifulSoup(body, "lxml")
        assert page.h1.get_text() == "Nytt pendlerkontor i Gränsmo"
        banner = page.select_one(".preview-banner").get_text()  # "Preview only", in the page's language
        assert banner.startswith("Kun forhåndsvisning:") and "embargo" in banner
        pdf_link = page.select_one("p.press-pdf a")["href"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{pdf_link}", timeout=60) as response:
            preview_pdf = PdfReader(io.BytesIO(response.read()))
        assert "Nytt pendlerkontor i Gränsmo" in preview_pdf.pages[0].extract_text()
    finally:
        server.terminate()
        server.wait(timeout=10)

    # 4. invoke check: passes; the release is listed under embargo, its stubs as drafts.
    checked = run_homeward(*homeward_args(commands[2]), "--content", str(content), env=cache)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    row = next(line.split() for line in checked.stdout.splitlines() if line.startswith(f"press/{slug} "))
    assert row[1:] == ["e", "d~", "d~", "nb", "embargo", "until", "2030-03-02", "07:00+01:00;", "sv", "draft;", "en", "draft"]

    # 5. The embargo: a minute before it, the release is in no file of the site; at the minute, it is out.
    before = build_site(tmp_path / "before", content=content, env={"HOMEWARD_NOW": "2030-03-02T06:59:00+01:00"}, cache=tmp_path / ".cache")
    assert before.returncode == 0, before.stderr
    leaks = [p for p in before.output.rglob("*") if p.is_file() and (slug.encode() in p.read_bytes() or b"pendlerkontor" in p.read_bytes())]
    assert leaks == []
    after = build_site(tmp_path / "after", content=content, env={"HOMEWARD_NOW": "2030-03-02T07:00:00+01:00"}, cache=tmp_path / ".cache")
    assert after.returncode == 0, after.stderr
    page = BeautifulSoup(after.read(f"nb/press/{slug}/index.html"), "lxml")
    captions = [" ".join(c.get_text().split()) for c in page.select("figure.quote figcaption, .quote + figcaption, figcaption")]
    assert any("Erik Lindqvist" in c for c in captions) and any("Kari Nordmann, Leder i Gränsmo næringsforening" in c for c in captions)
    assert "Om Skarvfjellrådet" in page.get_text()
    pdf = PdfReader(io.BytesIO((after.output / f"nb/press/{slug}/{slug}.pdf").read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Nytt pendlerkontor i Gränsmo" in text and "Kari Nordmann, Leder i Gränsmo næringsforening" in text
    assert f"https://skarvfjell.example/nb/press/{slug}/" in text, "the PDF names the page on the public address"
    assert after.exists(f"sv/press/{slug}/index.html"), "readers of other languages get the original, marked as such"
