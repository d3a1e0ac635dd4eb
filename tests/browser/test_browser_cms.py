"""Issue 18: the browser CMS a communicator can live in, tested with the real thing.

The real Decap (node_modules/decap-cms, as published at /admin/), the real decap-server
(node_modules, started by `homeward serve --cms`, on 127.0.0.1) and the preview server, in
headless Debian Chromium with the clock of Oslo. One Decap session and one decap-server for
the module, on a copy of the sample content in a temporary folder.

What a communicator does, and what must be true on disk and in the built site afterwards:
every collection opens and lists its items by title; no item opens as "unsaved changes";
opening an item and saving it changes no byte of the files nobody edited; new items of every
kind are written in the one file format, shared fields in every language, no file for a
language nobody filled in, an uploaded image where the model expects it; the site builds and
shows them; no page error, and no reload of the CMS, ever. The second test saves mistakes: the
CMS refuses what it can check itself, and for what only the build knows it stays usable while
the preview names the file, the line and the fix.
"""

from __future__ import annotations

import io
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import NOW, ROOT
from homeward.fileformat import format_data, format_markdown
from homeward.loader import DATA_COLLECTIONS, DOCUMENT_FOLDERS
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

MODULES = ROOT / "node_modules"
LANGS = ["nb", "sv", "en"]
SAVE_TIMEOUT = 30_000  # ms: a limit for a hung save, not a synchronisation
# Counts the page's fetches (Decap talks to decap-server with fetch), injected before any script.
COUNT_FETCHES = """(() => {
  const original = window.fetch;
  window.__homewardFetches = 0;
  window.fetch = function (...args) {
    window.__homewardFetches += 1;
    return original.apply(this, args).finally(() => { window.__homewardFetches -= 1; });
  };
})()"""
SETTLED = """() => window.__homewardFetches === 0 &&
  new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(window.__homewardFetches === 0))))"""


def require_cms() -> None:
    """The CMS test needs `npm ci` (invoke test runs it when node_modules is stale)."""
    missing = [p for p in ("decap-cms/dist/decap-cms.js", "decap-server/dist/index.js") if not (MODULES / p).is_file()]
    if missing or not shutil.which("node"):
        pytest.fail(f"the browser CMS is not installed ({', '.join(missing) or 'node'} missing): run `npm ci`", pytrace=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerLog:
    """The preview server's output, line by line; tests wait for what it says it did."""

    def __init__(self, process: subprocess.Popen):
        self.lines: queue.Queue[str] = queue.Queue()
        self.all: list[str] = []
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.all.append(line)
            self.lines.put(line)

    def wait_for(self, text: str, limit: float = 120) -> str:
        deadline = time.monotonic() + limit  # a limit for a hung server, not a synchronisation
        while True:
            line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            if text in line:
                return line

    def drain(self) -> None:
        while not self.lines.empty():
            self.lines.get_nowait()


@dataclass
class Cms:
    """One logged-in Decap session on a copy of the content, and what it saw."""

    root: Path
    base: str
    page: Page
    log: ServerLog
    config: dict
    errors: list[str] = field(default_factory=list)

    @property
    def content(self) -> Path:
        return self.root / "content"

    # ---------------------------------------------------------------- Decap's own words and widgets

    def phrase(self, path: str) -> str:
        """A phrase of Decap's UI in the CMS's language (the region's default, config `locale`)."""
        return self.page.evaluate(
            """([locale, path]) => {
                const get = o => path.split('.').reduce((a, k) => a && a[k], o);
                return get(CMS.getLocale(locale)) || get(CMS.getLocale('en'));
            }""",
            [self.config["locale"], path],
        )

    def field(self, name: str, pane: int = 0):
        """A field's input: Decap numbers them `<name>-field-<n>`, the left pane's first."""
        return self.page.locator(f"[id^='{name}-field-']").nth(pane)

    def type_over(self, box, text: str) -> None:
        """Replace what an input holds, as a person does (select all, type)."""
        box.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)
        assert box.input_value() == text

    def choose(self, name: str, label: str, pane: int = 0) -> None:
        """Pick an option of a select (react-select) by the text it shows."""
        box = self.field(name, pane)
        box.click()
        box.fill(label)
        self.page.keyboard.press("Enter")

    def home(self) -> None:
        """The collection list with its sidebar, where a person starts: each test begins here,
        whichever test left the page in an editor before it (they share one logged-in page)."""
        first = self.config["collections"][0]["name"]
        self.page.goto(f"{self.base}/admin/#/collections/{first}")
        self.page.locator("[id^='title-field-'], [id^='id-field-']").first.wait_for(state="detached")
        self.page.get_by_text(self.phrase("collection.sidebar.collections")).first.wait_for()
        self.settle()

    def open(self, collection: str, slug: str) -> None:
        """Through the collection's list, as a person does (the editor of one item is left first;
        Decap keeps the draft it has when only the address changes from item to item)."""
        self.page.goto(f"{self.base}/admin/#/collections/{collection}")
        self.page.locator("[id^='title-field-'], [id^='id-field-']").first.wait_for(state="detached")
        self.page.goto(f"{self.base}/admin/#/collections/{collection}/entries/{slug}")
        self.field("title" if collection in DOCUMENT_FOLDERS else "id").first.wait_for()
        self.settle()

    def new(self, collection: str) -> None:
        self.page.goto(f"{self.base}/admin/#/collections/{collection}")
        self.page.locator("[id^='title-field-'], [id^='id-field-']").first.wait_for(state="detached")
        self.page.goto(f"{self.base}/admin/#/collections/{collection}/new")
        self.field("title" if collection in DOCUMENT_FOLDERS else "id").first.wait_for()

    def settle(self) -> None:
        """Until no fetch is in flight (the widgets have what they load from decap-server) and
        React has committed what followed (two animation frames)."""
        self.page.wait_for_function(SETTLED)

    def unsaved(self) -> bool:
        return self.phrase("editor.editorToolbar.unsavedChanges").upper() in self.page.inner_text("body").upper()

    def publish(self, expect_error: bool = False) -> str:
        """Decap's "Publish now"; returns the toast Decap shows when the save fails."""
        creating = self.page.url.endswith("/new")
        self.page.get_by_text(self.phrase("editor.editorToolbar.unsavedChanges")).first.wait_for(timeout=SAVE_TIMEOUT)
        self.page.get_by_role("button", name=self.phrase("editor.editorToolbar.publish"), exact=True).click()
        self.page.get_by_text(self.phrase("editor.editorToolbar.publishNow"), exact=True).click()
        if expect_error:
            failed = self.phrase("ui.toast.onFailToPersist").split("%{")[0].strip()
            toast = self.page.get_by_text(failed).first
            toast.wait_for(timeout=SAVE_TIMEOUT)
            return toast.inner_text()
        try:
            self.page.get_by_text(self.phrase("editor.editorToolbar.changesSaved"), exact=False).first.wait_for(timeout=SAVE_TIMEOUT)
        except Exception:
            print("The CMS shows:\n", self.page.inner_text("body")[:4000])  # which field Decap refused
            raise
        if creating:  # Decap then moves from …/new to the new entry's address
            self.page.wait_for_url(lambda url: not url.endswith("/new"), timeout=SAVE_TIMEOUT)
        return ""

    def add_item(self, collection: str, name: str) -> None:
        """A list's "Add <label>" button (Decap's own words, the field's label from config.yml)."""
        spec = next(f for c in self.config["collections"] if c["name"] == collection for f in c["fields"] if f["name"] == name)
        text = self.phrase("editor.editorWidgets.list.add").replace("%{item}", spec.get("label_singular") or spec["label"])
        self.page.locator("button", has_text=text).first.click()

    def switch_right_pane(self, locale: str) -> None:
        """The right-hand language pane's switch (Decap #6307 threw here; plugins/cms/patches.py)."""
        writing = self.phrase("editor.editorControlPane.i18n.writingInLocale").split("%{")[0].strip()
        self.page.get_by_role("button", name=writing).nth(1).click()
        self.page.get_by_role("menuitem", name=locale, exact=True).click()

    def get(self, path: str) -> tuple[int, str]:
        """(status, text) of a preview page."""
        try:
            with urllib.request.urlopen(f"{self.base}{path}", timeout=10) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def status(self) -> dict:
        with urllib.request.urlopen(f"{self.base}/__homeward/status", timeout=10) as response:
            return json.loads(response.read())


@pytest.fixture(scope="module")
def cms(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cms]:
    require_cms()
    root = tmp_path_factory.mktemp("cms-site")
    shutil.copytree(ROOT / "content", root / "content")
    port, proxy_port = _free_port(), _free_port()
    env = {**os.environ, "HOMEWARD_NOW": NOW, "HOMEWARD_CACHE_PATH": str(root / "cache")}
    server = subprocess.Popen(
        [sys.executable, "-m", "homeward", "serve", "--content", str(root / "content"), "--port", str(port), "--cms", "--cms-port", str(proxy_port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    log = ServerLog(server)
    base = f"http://127.0.0.1:{port}"
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, timezone_id="Europe/Oslo", locale="nb-NO")
    try:
        log.wait_for(f"Preview on {base}/")
        with urllib.request.urlopen(f"{base}/admin/config.yml", timeout=10) as response:
            config = yaml.safe_load(response.read())
        context.add_init_script(COUNT_FETCHES)
        page = context.new_page()
        session = Cms(root=root, base=base, page=page, log=log, config=config)
        page.on("pageerror", lambda error: session.errors.append(f"{error.name}: {error.message} {error.stack}"))
        page.on("dialog", lambda dialog: session.errors.append(f"dialog: {dialog.message}") or dialog.dismiss())
        page.goto(f"{base}/admin/")
        page.get_by_role("button", name=session.phrase("auth.login")).click()
        page.get_by_text(session.phrase("collection.sidebar.collections")).first.wait_for()
        page.evaluate("window.homewardSession = 'the same page since login'")  # gone if the CMS reloads
        yield session
    finally:
        context.close()
        server.terminate()
        server.wait(timeout=20)
    assert server.returncode is not None


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def _canonical(path: Path, collection: str) -> bool:
    text = path.read_text(encoding="utf-8")
    if collection in DOCUMENT_FOLDERS:
        return not format_markdown(text, DOCUMENT_FOLDERS[collection], LANGS, path.name.split(".")[-2]).changes
    return not format_data(text, DATA_COLLECTIONS[collection], LANGS).changes


def _jpeg(path: Path) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 400), (30, 90, 140)).save(buffer, "JPEG", quality=80)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def test_a_communicator_edits_and_creates_every_kind_of_item(cms: Cms, tmp_path: Path) -> None:
    page, content = cms.page, cms.content
    cms.home()
    before = _files(content)

    # Every collection opens, listed by title in the editor's language (not by id).
    labels = {c["name"]: c["label"] for c in cms.config["collections"]}
    for name, label in labels.items():
        page.get_by_role("link", name=label, exact=True).click()
        page.wait_for_url(f"**/collections/{name}")
        cms.settle()
    page.get_by_role("link", name=labels["events"], exact=True).click()
    page.get_by_text("Prøvebo-helg i Skarvfjell").wait_for()
    assert "try-living-weekend-2027" not in page.inner_text("main")

    # No item opens as "unsaved changes" (Decap's relation widget did that to releases with companies).
    for collection, slug in [("press", "fjordlaks-new-hatchery"), ("press", "border-service-office"), ("articles", "new-data-centre-hall-storvoll"),
                             ("pages", "about-the-region"), ("stories", "back-home-to-storvoll"), ("events", "try-living-weekend-2027"),
                             ("companies", "kodverket"), ("jobs", "backend-developer-helsefjell")]:  # fmt: skip
        cms.open(collection, slug)
        assert not cms.unsaved(), f"{collection}/{slug} opens with unsaved changes"

    # Existing images show: the release's picture comes from its own folder through decap-server.
    from PIL import Image

    cms.open("press", "border-service-office")
    width = Image.open(content / "images/press/border-agreement.jpg").width
    shown = page.locator("[id^='image-field-']").first.locator("img").first
    shown.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0 && img.src.startsWith('blob:')", arg=shown.element_handle())
    assert page.evaluate("img => img.naturalWidth", shown.element_handle()) == width, "the thumbnail is the picture itself"

    # Opening a release and saving it with an edit in English only: the other files keep every byte.
    original = {lang: (content / f"press/border-service-office.{lang}.md").read_bytes() for lang in LANGS}
    cms.switch_right_pane("en")
    english = cms.field("title", 1)
    old_title = english.input_value()
    cms.type_over(english, "Joint border office opens in Gränsmo")
    cms.publish()
    for lang in ("nb", "sv"):
        assert (content / f"press/border-service-office.{lang}.md").read_bytes() == original[lang], f"{lang}: a save without edits changed bytes"
    changed = (content / "press/border-service-office.en.md").read_text(encoding="utf-8")
    assert "title: Joint border office opens in Gränsmo\n" in changed
    cms.open("press", "border-service-office")  # Decap compares with the item as it was opened
    cms.switch_right_pane("en")
    cms.type_over(english, old_title)
    cms.publish()
    for lang in LANGS:
        assert (content / f"press/border-service-office.{lang}.md").read_bytes() == original[lang], "edit and undo give the same bytes"

    # The same for a data file: an event edited and changed back is byte for byte the file it was.
    event = content / "data/events/career-evening-fjallsta-2027.yaml"
    event_bytes = event.read_bytes()
    cms.open("events", "career-evening-fjallsta-2027")
    english_title = page.locator("[id^='title-field-']").first.locator("xpath=..").locator("[id^='en-field-']").first
    old = english_title.input_value()
    cms.type_over(english_title, old + " (moved)")
    cms.publish()
    assert "(moved)" in event.read_text(encoding="utf-8")
    cms.open("events", "career-evening-fjallsta-2027")
    cms.type_over(english_title, old)
    cms.publish()
    assert event.read_bytes() == event_bytes

    # A new article with an uploaded picture, in Norwegian and Swedish (English left empty).
    picture = _jpeg(tmp_path / "new-quay.jpg")
    cms.new("articles")
    cms.field("title").fill("Ny kai i Skarvik")
    cms.field("slug").fill("new-quay-skarvik")
    cms.field("summary").fill("Hurtigbåten får ny kai.")
    cms.choose("tags", "transport")
    page.get_by_role("button", name=cms.phrase("editor.editorWidgets.image.choose")).first.click()
    page.locator("input[type=file]").set_input_files(str(tmp_path / "new-quay.jpg"))
    page.get_by_role("button", name=cms.phrase("mediaLibrary.mediaLibraryModal.chooseSelected")).click()
    cms.field("alt").fill("Den nye kaia i kveldssol.")
    cms.choose("status", "published")
    page.locator("[data-slate-editor]").first.click()
    page.keyboard.type("Kaia står ferdig i mai.")
    cms.field("title", 1).fill("Ny kaj i Skarvik")
    cms.publish()
    article = {lang: content / f"articles/new-quay-skarvik.{lang}.md" for lang in LANGS}
    assert article["nb"].exists() and article["sv"].exists()
    assert not article["en"].exists(), "no file for a language nobody filled in"
    assert (content / "images/photos/new-quay.jpg").read_bytes() == picture, "uploads land in the folder the model names"
    nb, sv = _front(article["nb"]), _front(article["sv"])
    assert nb["image"] == {"src": "images/photos/new-quay.jpg", "alt": "Den nye kaia i kveldssol."}
    assert sv["image"]["src"] == nb["image"]["src"] and sv["image"]["alt"], "the shared image in every language"
    for key in ("slug", "date", "tags", "status"):
        assert sv[key] == nb[key], f"'{key}' is shared"
    assert sv["title"] == "Ny kaj i Skarvik" and "summary" not in sv
    assert re.search(r"^date: \d{4}-\d\d-\d\dT\d\d:\d\d:00\+0[12]:00$", article["nb"].read_text(encoding="utf-8"), re.M), "Oslo's offset"

    # A press release with quotes and contacts, Norwegian only.
    cms.new("press")
    cms.field("title").fill("Skarvfjell får eget tilflyttingskontor")
    cms.field("slug").fill("relocation-office-opens")
    cms.choose("status", "published")
    cms.choose("contacts", "Ingrid Haugen")
    cms.choose("contacts", "Erik Lindqvist")
    cms.add_item("press", "quotes")
    cms.field("text").fill("Vi gleder oss til å ta imot nye innbyggere.")
    cms.choose("person", "Ingrid Haugen")
    page.locator("[data-slate-editor]").first.click()
    page.keyboard.type("Kontoret åpner i januar.")
    cms.publish()
    release = content / "press/relocation-office-opens.nb.md"
    meta = _front(release)
    assert meta["contacts"] == ["ingrid-haugen", "erik-lindqvist"]
    assert meta["quotes"] == [{"text": "Vi gleder oss til å ta imot nye innbyggere.", "person": "ingrid-haugen"}]
    assert not [p for p in (content / "press").glob("relocation-office-opens.*") if p != release]
    assert "null" not in release.read_text(encoding="utf-8") and "embargo" not in meta

    # An event, a company and a job (one YAML file each).
    cms.new("events")
    cms.field("id").fill("harbour-day-2027")
    page.locator("[id^='title-field-']").first.locator("xpath=..").locator("[id^='nb-field-']").first.fill("Havnedag i Skarvik")
    cms.field("start").fill("2027-06-12T11:00")
    cms.field("end").fill("2027-06-12T16:00")
    cms.field("name").fill("Kaia")
    cms.publish()
    cms.new("companies")
    cms.field("id").fill("skarvik-boats")
    cms.field("name").fill("Skarvik Båt AS")
    cms.choose("municipality", "Skarvik")
    cms.publish()
    cms.new("jobs")
    cms.field("id").fill("boat-builder-skarvik-boats")
    page.locator("[id^='title-field-']").first.locator("xpath=..").locator("[id^='nb-field-']").first.fill("Båtbygger")
    cms.choose("company", "Kodverket AB")  # the pickers offer what the site knew when the CMS opened
    cms.field("posted").fill("2026-11-20")
    cms.field("valid_through").fill("2027-01-31")
    cms.field("apply_url").fill("https://skarvik-boats.example/jobs")
    page.locator("[id^='description-field-']").first.locator("xpath=..").locator("[id^='nb-field-']").first.fill("Vi bygger båter.")
    cms.publish()
    event = yaml.safe_load((content / "data/events/harbour-day-2027.yaml").read_text(encoding="utf-8"))
    assert event["title"] == {"nb": "Havnedag i Skarvik"} and event["start"].isoformat() == "2027-06-12T11:00:00+02:00"
    assert list(event)[:4] == ["id", "title", "start", "end"], "keys in field order"
    job = yaml.safe_load((content / "data/jobs/boat-builder-skarvik-boats.yaml").read_text(encoding="utf-8"))
    assert job["company"] == "kodverket" and str(job["valid_through"]) == "2027-01-31"

    # Every file the CMS wrote is in the one file format (what `invoke fmt` writes).
    after = _files(content)
    written = sorted(name for name, data in after.items() if before.get(name) != data)
    for name in written:
        collection = name.split("/")[-2] if name.startswith("data/") else name.split("/")[0]
        if collection in DOCUMENT_FOLDERS or collection in DATA_COLLECTIONS:
            assert _canonical(content / name, collection), f"{name} is not in the file format `invoke fmt` writes"

    # No page error, no reload of the CMS (a reload would have cut a save short).
    assert cms.errors == []
    assert page.evaluate("window.homewardSession") == "the same page since login"

    # The site builds — the preview rebuilds the whole site (load, validate, route) after every
    # save — without warnings about empty translations, and shows the new items.
    while True:  # each line is one rebuild; the last save's rebuild shows the job
        cms.log.wait_for("Reloaded ")
        if cms.get("/nb/jobs/boat-builder-skarvik-boats/")[0] == 200:
            break
    assert cms.status()["ok"], cms.status()
    assert "no title and no text" not in "".join(cms.log.all)
    assert "Ny kai i Skarvik" in cms.get("/nb/news/new-quay-skarvik/")[1]
    assert "Ny kaj i Skarvik" in cms.get("/sv/news/new-quay-skarvik/")[1]
    assert cms.get("/images/photos/new-quay.jpg")[0] == 200
    assert "Vi gleder oss til å ta imot nye innbyggere." in cms.get("/nb/press/relocation-office-opens/")[1]
    assert "Havnedag i Skarvik" in cms.get("/nb/events/harbour-day-2027/")[1]
    assert "Skarvik Båt AS" in cms.get("/nb/companies/skarvik-boats/")[1]
    assert "Båtbygger" in cms.get("/nb/jobs/boat-builder-skarvik-boats/")[1]


def test_a_mistake_is_named_and_the_cms_stays_usable(cms: Cms) -> None:
    page, content = cms.page, cms.content
    cms.home()
    path = content / "data/events/job-fair-2026.yaml"
    original = path.read_bytes()

    # What the CMS can check, it checks before saving: an end before the start.
    cms.open("events", "job-fair-2026")
    cms.field("end").fill("2026-09-17T16:00")
    toast = cms.publish(expect_error=True)
    labels = {f["name"]: f["label"] for c in cms.config["collections"] if c["name"] == "events" for f in c["fields"]}
    assert labels["end"] in toast and labels["start"] in toast and "2026-09-17T16:00:00+02:00" in toast, toast
    assert path.read_bytes() == original, "a refused save writes nothing"
    cms.field("end").fill("2026-09-18T16:00")

    # What only the build knows (a session outside the event) is saved, and named in the preview.
    cms.add_item("events", "sessions")
    session = page.locator("[id^='sessions-field-']").first.locator("xpath=..")
    session.locator("[id^='nb-field-']").first.fill("Frokost")
    session.locator("[id^='start-field-']").first.fill("2026-09-20T08:00")
    cms.log.drain()
    cms.publish()
    line = next(
        number for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.strip().startswith("start: 2026-09-20")
    )
    cms.log.wait_for("job-fair-2026.yaml:")
    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(f"{cms.base}/nb/", timeout=10)
    preview = failed.value.read().decode()
    assert f"content/data/events/job-fair-2026.yaml:{line}: " in preview, preview
    assert "outside the event" in preview and "correct the session" in preview

    # The CMS stays usable: its page and files load, it shows the error itself, and the mistake is fixed there.
    for asset in ("/admin/", "/admin/decap-cms.js", "/admin/config.yml", "/admin/homeward-cms.js"):
        with urllib.request.urlopen(f"{cms.base}{asset}", timeout=10) as response:
            assert response.status == 200, asset
    assert "reload.js" not in cms.get("/admin/")[1], "the CMS gets no live-reload script"
    banner = page.locator("#homeward-status")
    banner.wait_for()
    assert f"job-fair-2026.yaml:{line}:" in banner.inner_text()
    session.locator("[id^='start-field-']").first.fill("2026-09-18T10:00")
    cms.log.drain()
    cms.publish()
    cms.log.wait_for("Reloaded ")
    banner.wait_for(state="detached")
    with urllib.request.urlopen(f"{cms.base}/nb/events/job-fair-2026/", timeout=10) as response:
        assert "Frokost" in response.read().decode()
    assert cms.errors == []
    assert page.evaluate("window.homewardSession") == "the same page since login"
