"""Issue 7 (core parts): reproducible output, atomic swap, preview server, check command."""

from __future__ import annotations

import filecmp
import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import NOW, ROOT, build_site, copy_content, run_homeward

# Pagefind's filter index is written from a Rust HashMap in random order (upstream
# Pagefind issue #638: fragments are stable since 1.3, filters and metadata are not).
NONDETERMINISTIC = ("pagefind/filter/", "pagefind/pagefind.", "pagefind/pagefind-entry.json")


def tree(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def copy_checkout(target: Path) -> Path:
    """The files of this checkout a build reads, in another folder; returns its settings file."""
    for name in ("content", "themes", "plugins"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pelicanconf.py", target / "pelicanconf.py")
    return target / "pelicanconf.py"


def test_two_checkouts_in_different_folders_on_different_days_give_the_same_bytes(tmp_path):
    """Netlify, GitHub Actions and a laptop build in different folders, on different days:
    with the same content, settings and HOMEWARD_NOW, every file is byte-identical, PDFs
    included. Pagefind's own index files are the documented exception (NONDETERMINISTIC)."""
    first = copy_checkout(tmp_path / "a")
    second = copy_checkout(tmp_path / "a-much-longer-folder-name" / "checkout")
    # Each checkout makes its own PDFs, images, templates and HTML (not the tests' shared stores).
    own = {"HOMEWARD_PDF_CACHE": "", "HOMEWARD_IMAGE_CACHE": "", "HOMEWARD_TEMPLATE_CACHE": "", "HOMEWARD_MARKDOWN_CACHE": ""}
    one = build_site(tmp_path / "a" / "output", content=first.parent / "content", settings=first, extra=(), env=own)
    # The second build runs with the machine's clock two and a half years ahead (libfaketime).
    clock = ["faketime", "2029-05-17 03:04:05"] if shutil.which("faketime") else []
    env = {**os.environ, "HOMEWARD_NOW": NOW, "HOMEWARD_CACHE_PATH": str(second.parent / ".cache"), **own}
    command = [sys.executable, "-m", "homeward", "build", "-s", str(second), "-o", str(second.parent / "output")]
    two = subprocess.run([*clock, *command], capture_output=True, text=True, env=env, cwd=second.parent, timeout=600)
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    a, b = tree(one.output), tree(second.parent / "output")
    stable = [rel for rel in a if not rel.startswith(NONDETERMINISTIC)]
    assert sorted(stable) == sorted(rel for rel in b if not rel.startswith(NONDETERMINISTIC))
    different = [rel for rel in stable if not filecmp.cmp(a[rel], b[rel], shallow=False)]
    assert different == []
    assert any(rel.startswith("pagefind/fragment/") for rel in stable)
    assert len([rel for rel in stable if rel.endswith(".pdf")]) == 3
    if not clock:
        pytest.skip("both checkouts compared; libfaketime (apt-get install faketime) is missing for the other day")


def test_an_edited_template_is_compiled_again_and_never_taken_from_the_cache(tmp_path):
    """Compiled templates are kept between builds (render.py): an edit to the theme must show
    on the next build, and undoing it must give the first build's bytes again."""
    settings = copy_checkout(tmp_path / "checkout")
    template = settings.parent / "themes" / "homeward" / "templates" / "article.html"
    original = template.read_text(encoding="utf-8")
    out, cache = tmp_path / "output", tmp_path / "cache"
    page = out / "en" / "news" / "new-data-centre-hall-storvoll" / "index.html"

    def build() -> bytes:
        done = build_site(out, content=settings.parent / "content", settings=settings, cache=cache, env={"HOMEWARD_TEMPLATE_CACHE": ""})
        assert done.returncode == 0, done.stderr
        return page.read_bytes()

    first = build()
    assert list((cache / "templates").glob("*/__jinja2_*.cache")), "compiled templates are kept in the build cache"
    template.write_text(original.replace("</h1>", "</h1><p>EDITED-TEMPLATE</p>", 1), encoding="utf-8")
    assert b"EDITED-TEMPLATE" in build()
    template.write_text(original, encoding="utf-8")
    assert build() == first


def test_a_failing_build_leaves_the_previous_output_untouched(tmp_path):
    content = copy_content(tmp_path)
    out = tmp_path / "output"
    assert build_site(out, content=content).returncode == 0
    before = {rel: p.read_bytes() for rel, p in tree(out).items()}
    article = next((content / "articles").glob("*.en.md"))
    article.write_text(article.read_text().replace("title:", "title: \n  - broken", 1))
    result = build_site(out, content=content)
    assert result.returncode == 1
    assert {rel: p.read_bytes() for rel, p in tree(out).items()} == before
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_unchanged_pages_keep_their_files_between_builds(tmp_path):
    content = copy_content(tmp_path)
    out = tmp_path / "output"
    assert build_site(out, content=content).returncode == 0
    inode = os.stat(out / "en" / "companies" / "index.html").st_ino
    again = build_site(out, content=content, extra=("--no-search", "--force"))
    assert again.returncode == 0 and again.stdout.startswith("Built ")
    assert os.stat(out / "en" / "companies" / "index.html").st_ino == inode


def test_nothing_changed_skips_the_build_until_time_or_content_changes(tmp_path):
    content = copy_content(tmp_path)
    out = tmp_path / "output"
    assert build_site(out, content=content).stdout.startswith("Built ")
    second = build_site(out, content=content)
    assert second.returncode == 0
    assert second.stdout.startswith("Nothing changed since the last build: output/ is up to date")
    # an embargo lifts in 2030: a build after that must run in full
    later = build_site(out, content=content, env={"HOMEWARD_NOW": "2030-03-02T08:00:00+01:00"})
    assert later.stdout.startswith("Built ")
    article = next((content / "articles").glob("*.en.md"))
    article.write_text(article.read_text() + "\nOne more line.\n")
    assert build_site(out, content=content, env={"HOMEWARD_NOW": "2030-03-02T08:00:00+01:00"}).stdout.startswith("Built ")


def test_a_settings_file_built_on_another_is_built_again_when_the_other_changes(tmp_path):
    """A region's settings file that builds on pelicanconf.py (`from pelicanconf import *`, as
    publishconf.py does): an edit of pelicanconf.py alone is a change, not "Nothing changed"."""
    base = tmp_path / "base"
    base.mkdir()
    shutil.copy(ROOT / "pelicanconf.py", base / "pelicanconf.py")
    for name in ("themes", "plugins"):
        (base / name).symlink_to(ROOT / name)
    region = tmp_path / "region.py"
    region.write_text(f"import sys\nsys.path.insert(0, {str(base)!r})\nfrom pelicanconf import *\n", encoding="utf-8")
    out = tmp_path / "output"
    assert build_site(out, settings=region).stdout.startswith("Built ")
    assert build_site(out, settings=region).stdout.startswith("Nothing changed since the last build")
    with (base / "pelicanconf.py").open("a", encoding="utf-8") as handle:
        handle.write('\nBRAND = dict(BRAND, primary="#0a4f68")\n')
    again = build_site(out, settings=region)
    assert again.stdout.startswith("Built "), again.stdout + again.stderr
    assert "#0a4f68" in "".join(path.read_text() for path in (out / "assets").rglob("brand*.css"))


def test_publish_build_has_absolute_urls_and_no_drafts(tmp_path):
    proc = run_homeward(
        "build", "-s", str(ROOT / "publishconf.py"), "-o", str(tmp_path / "out"), "--no-search",
        env={"SITEURL": "https://skarvfjell.example", "HOMEWARD_CACHE_PATH": str(tmp_path / "cache")},
    )
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "out" / "en" / "news" / "new-cross-border-bus" / "index.html").read_text()
    assert '<link rel="canonical" href="https://skarvfjell.example/en/news/new-cross-border-bus/">' in page
    assert 'hreflang="sv" href="https://skarvfjell.example/sv/news/new-cross-border-bus/"' in page
    drafts = [p.name for p in (ROOT / "content").rglob("*.md") if "status: draft" in p.read_text()]
    assert drafts
    for path in (tmp_path / "out").rglob("*.html"):
        assert "Preview only" not in path.read_text()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class ServerLog:
    """The preview server's output, line by line: the test waits for what the server says it
    did (listening, reloaded, found an error), not for a number of seconds."""

    def __init__(self, server: subprocess.Popen):
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.lines.put(line) for line in server.stdout], daemon=True).start()

    def wait_for(self, text: str, limit: float = 300) -> str:
        deadline = time.monotonic() + limit  # a limit for a hung server, not a synchronisation
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"the server did not print {text!r} within {limit} s; it printed: {''.join(self.seen)}") from None
            self.seen.append(line)
            if text in line:
                return line


def test_preview_shows_drafts_with_a_banner_and_reloads_on_save(tmp_path):
    content = copy_content(tmp_path)
    # Images are served as the build publishes them (trust/files.py ContentFiles.published):
    # cut at their end, or saved again when the walk to the end cannot follow them.
    photo = (content / "images" / "people" / "ingrid-haugen.jpg").read_bytes()
    (content / "images" / "photos" / "tail.jpg").write_bytes(photo + b"<script>alert('PREVIEW-ATK')</script>")
    (content / "images" / "photos" / "junk.jpg").write_bytes(photo[:20] + b"JUNK" + photo[20:] + b"<script>alert('PREVIEW-ATK')</script>")
    port = _free_port()
    env = {**os.environ, "HOMEWARD_NOW": NOW, "HOMEWARD_CACHE_PATH": str(tmp_path / "cache")}
    server = subprocess.Popen(
        [sys.executable, "-m", "homeward", "serve", "--content", str(content), "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    log = ServerLog(server)
    try:
        base = f"http://127.0.0.1:{port}"
        log.wait_for(f"Preview on http://127.0.0.1:{port}/")
        draft = next(p for p in (content / "press").glob("*.en.md") if "status: draft" in p.read_text())
        slug = next(line.split(":", 1)[1].strip() for line in draft.read_text().splitlines() if line.startswith("slug:"))
        with urllib.request.urlopen(f"{base}/images/photos/tail.jpg", timeout=10) as response:
            assert response.read() == photo
        with urllib.request.urlopen(f"{base}/images/photos/junk.jpg", timeout=10) as response:
            served = response.read()
            assert served.startswith(b"\xff\xd8") and b"PREVIEW-ATK" not in served and b"JUNK" not in served
        status, body = _get(f"{base}/en/press/{slug}/")
        assert status == 200
        assert "Preview only" in body and 'class="preview-banner"' in body
        assert "/__homeward/reload.js" in body
        article = content / "articles" / "new-cross-border-bus.en.md"
        text = article.read_text()
        title_line = next(line for line in text.splitlines() if line.startswith("title:"))
        article.write_text(text.replace(title_line, "title: Edited in preview", 1))
        log.wait_for("Reloaded ")  # the watcher saw the save and the site is loaded again
        status, body = _get(f"{base}/en/news/new-cross-border-bus/")
        assert status == 200 and "Edited in preview" in body
        article.write_text(article.read_text().replace("title: Edited in preview", "title:\n  - broken", 1))
        log.wait_for("new-cross-border-bus.en.md:")  # the reload failed and says where
        status, body = _get(f"{base}/en/")
        assert status == 500 and "new-cross-border-bus.en.md:" in body
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_check_reports_coverage_and_broken_links(tmp_path):
    proc = run_homeward("check", "-s", str(ROOT / "pelicanconf.py"), env={"HOMEWARD_CACHE_PATH": str(tmp_path / "c")})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no 'sv' translation of articles/record-apprentices-havnoy" in proc.stdout
    assert "check passed" in proc.stdout
    content = copy_content(tmp_path)
    page = next((content / "pages").glob("about-the-region.en.md"))
    # Raw HTML is written by hand: single quotes and no quotes are attributes like any other.
    page.write_text(page.read_text() + "\nSee [our jobs](/en/no-such-page/).\n\n<a href='/en/single-quoted/'>a</a> <a href=/en/unquoted/>b</a>\n")
    proc = run_homeward("check", "--content", str(content), env={"HOMEWARD_CACHE_PATH": str(tmp_path / "c2")})
    assert proc.returncode == 1
    # A body's links are checked by the build itself, at their line (linkcheck.body_link_errors).
    refused = sorted(line for line in proc.stderr.splitlines() if line.startswith("content/"))
    assert refused == [
        "content/pages/about-the-region.en.md:38: the link '/en/no-such-page/' leads to no page of this site; correct the address, or remove the link",
        "content/pages/about-the-region.en.md:40: the link '/en/single-quoted/' leads to no page of this site; correct the address, or remove the link",
        "content/pages/about-the-region.en.md:40: the link '/en/unquoted/' leads to no page of this site; correct the address, or remove the link",
    ], proc.stderr
    assert "check: 3 error(s)" in proc.stderr


def test_the_output_checker_reads_links_as_a_browser_does(tmp_path):
    """What `check` reads after a build (every link of every template, #fragments), decided by
    the same `Published.find` as the build's check of the bodies."""
    from homeward.linkcheck import broken_links

    pages = {
        "en/index.html": "<a href='/en/jobs/'>a</a> <a href=/en/jobs>b</a> <a href=\"/en/jobs/index.html#top\">c</a> <a href=/en/nowhere/>d</a>",
        "en/jobs/index.html": "<h1 id=top>Jobs</h1> <a href='../'>up</a> <a href='../missing/'>e</a> <a href='#nope'>f</a> <img src=/pagefind/x.png alt=''>",
    }
    for rel, html in pages.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(f"<!doctype html><html><body>{html}</body></html>")
    assert broken_links(tmp_path, ignore=("/pagefind/",)) == [
        "en/index.html: /en/nowhere/",
        "en/jobs/index.html: ../missing/",
        "en/jobs/index.html: #nope (no element with id 'nope')",
    ]


def _stored_keys(store: Path) -> set[str]:
    return {key for shard in store.glob("*/*.json") for key in json.loads(shard.read_text(encoding="utf-8"))}


def test_markdown_html_shared_by_two_sites_is_never_stale_and_never_pruned(tmp_path):
    """HOMEWARD_MARKDOWN_CACHE: several builds share Markdown's HTML (the test suite's builds
    do). A changed text is converted again; the other site's texts stay in the store."""
    store = tmp_path / "markdown"
    env = {"HOMEWARD_MARKDOWN_CACHE": str(store)}
    page = "en/news/childcare-within-a-month/index.html"
    first = build_site(tmp_path / "one" / "output", content=copy_content(tmp_path / "one"), env=env)
    assert first.returncode == 0, first.stderr
    before = _stored_keys(store)
    assert len(before) > 20, "every body's HTML is in the shared store"
    content = copy_content(tmp_path / "two")
    article = content / "articles" / "childcare-within-a-month.en.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nA paragraph only the second site has.\n", encoding="utf-8")
    second = build_site(tmp_path / "two" / "output", content=content, env=env)
    assert second.returncode == 0, second.stderr
    assert "A paragraph only the second site has." in second.read(page)
    assert "A paragraph only the second site has." not in first.read(page)
    after = _stored_keys(store)
    assert before < after and len(after - before) == 1, "the first site's texts were pruned, or the edit was not added"
    same = "en/news/fibre-reaches-gransmo/index.html"
    assert first.read(same) == second.read(same)


def test_a_mistake_in_a_settings_file_names_its_line_not_an_internal_error(tmp_path):
    """A region's settings file that builds on the sample's (`from pelicanconf import *`): a
    name used before it is defined, or the file itself named pelicanconf.py (so the import finds
    the file itself), stops with `file:line:` and what to do, exit 1; it was `internal error:
    NameError`, which README says is a bug in Homeward."""
    start = f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
    region = tmp_path / "region.py"
    region.write_text(start + "LANGUAGES = ['sv', 'nb', 'en']\nBRAND = dict(BRAND, primary=PRIMARY)\n", encoding="utf-8")
    result = build_site(tmp_path / "out", settings=region)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"{region}:5: the settings file stops with NameError: name 'PRIMARY' is not defined; correct that line"), result.stderr
    own_name = tmp_path / "own" / "pelicanconf.py"
    own_name.parent.mkdir()
    own_name.write_text(start + "PRIVACY = dict(PRIVACY, host='GitHub Pages')\n", encoding="utf-8")
    result = build_site(tmp_path / "out", settings=own_name)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"{own_name}:4: the settings file stops with NameError"), result.stderr
    assert "which is its own name" in result.stderr and "give it another name" in result.stderr, result.stderr
