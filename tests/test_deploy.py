"""Issue 7: deploying — GitHub Pages under a sub-path, Netlify's generated headers and redirects."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, soup
from links import dead_links

LANGS = ["nb", "sv", "en"]
PAGES_URL = "https://org.github.io/repo"


@pytest.fixture(scope="module")
def github_pages(tmp_path_factory):
    """The production build a GitHub Pages project site gets: publishconf.py, SITEURL with /repo."""
    out = tmp_path_factory.mktemp("pages") / "output"
    built = build_site(out, settings=ROOT / "publishconf.py", extra=("--siteurl", PAGES_URL))
    assert built.returncode == 0, built.stderr
    return built


# ---------------------------------------------------------------- GitHub Pages


def test_every_internal_link_resolves_under_the_sub_path(github_pages):
    assert dead_links(github_pages.output, "/repo") == []


def test_sitemap_and_canonical_links_carry_the_sub_path(github_pages):
    locs = re.findall(r"<loc>([^<]+)</loc>", github_pages.read("sitemap.xml"))
    assert locs and all(loc.startswith(PAGES_URL + "/") for loc in locs)
    page = BeautifulSoup(github_pages.read("nb/index.html"), "lxml")
    assert page.find("link", rel="canonical")["href"] == f"{PAGES_URL}/nb/"


def test_root_404_page_works_at_any_depth(github_pages):
    """GitHub Pages serves /404.html for every missing address: its links must not be relative."""
    page = BeautifulSoup(github_pages.read("404.html"), "lxml")
    assert page.html["lang"] == "nb"
    for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
        for element in page.find_all(tag, attrs={attr: True}):
            target = element[attr]
            assert target.startswith(("/repo/", "https://", "http://", "mailto:", "tel:", "#")), f"{tag} {target}"
    assert "/404.html" not in github_pages.read("sitemap.xml")


def test_pages_workflow_builds_with_the_pages_address_on_a_schedule():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "schedule", "workflow_dispatch"} <= set(triggers)
    assert triggers["schedule"][0]["cron"] == "7 * * * *"
    steps = workflow["jobs"]["build"]["steps"] + workflow["jobs"]["deploy"]["steps"]
    uses = {step["uses"].split("@")[0] for step in steps if "uses" in step}
    assert uses >= {"actions/checkout", "actions/setup-python", "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"}
    build = next(step for step in steps if step.get("name") == "Build")
    assert build["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    assert "invoke publish" in build["run"]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "output"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


# ---------------------------------------------------------------- Netlify


def test_netlify_toml_builds_with_the_site_url_and_leaves_headers_to_the_build():
    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    build = config["build"]
    assert build["publish"] == "output"
    assert build["command"].startswith("npm ci")
    assert "SITEURL=$URL" in build["command"] and "invoke publish" in build["command"]
    assert build["environment"]["PYTHON_VERSION"] == "3.11"
    assert "SITEURL=$DEPLOY_PRIME_URL" in config["context"]["deploy-preview"]["command"]
    # Headers and redirects come from output/_headers and output/_redirects (plugins/deploy);
    # a rule here would be combined with those and could set a header twice.
    assert "headers" not in config and "redirects" not in config


def netlify_rule(path: str) -> re.Pattern[str]:
    """Netlify's matching of a `for` path (@netlify/headers-parser, for_regexp.ts)."""

    def part(segment: str) -> str:
        if segment.startswith(":"):
            return "([^/]+)"
        if segment == "*":
            return "?(.*)"
        return "(.*)".join(re.escape(piece) for piece in segment.split("*"))

    segments = [s.rstrip() for s in path.split("/") if s.strip()]
    return re.compile("^/" + "/".join(part(s) for s in segments) + "/?$", re.I)


def parse_headers(text: str) -> list[tuple[str, dict[str, str]]]:
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            rules.append((line.strip(), {}))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1][name.strip()] = value.strip()
    return rules


def request_paths(output: Path) -> dict[str, str]:
    """Every address a visitor can ask for → the file it serves."""
    paths = {}
    for file in output.rglob("*"):
        if file.is_file():
            rel = file.relative_to(output).as_posix()
            paths["/" + rel] = rel
            if rel.endswith("index.html"):
                paths["/" + rel[: -len("index.html")]] = rel
    return paths


def test_every_header_is_set_once_and_pages_get_the_strict_policy(sample):
    rules = [(netlify_rule(path), values) for path, values in parse_headers(sample.read("_headers"))]
    checked = 0
    for url, rel in request_paths(sample.output).items():
        matching = [values for rule, values in rules if rule.match(url)]
        names = [name.lower() for values in matching for name in values]
        assert len(names) == len(set(names)), f"{url}: a header set by two rules {sorted(names)} would be combined"
        headers = {name: value for values in matching for name, value in values.items()}
        assert headers["Strict-Transport-Security"] and headers["X-Content-Type-Options"] == "nosniff", url
        if rel.endswith(".html"):
            policy = headers.get("Content-Security-Policy", "")
            script_src = re.search(r"script-src ([^;]*)", policy).group(1).split()
            if url.startswith("/admin/"):
                assert "'unsafe-eval'" in script_src and headers["X-Robots-Tag"] == "noindex", url
            else:
                assert "frame-ancestors 'none'" in policy, url
                assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, url
            checked += 1
        if rel.endswith(".ics"):
            assert headers["Content-Type"] == "text/calendar; charset=utf-8", url
        if rel.startswith("assets/"):
            assert headers["Cache-Control"] == "public, max-age=31536000, immutable", url
    assert checked > 100
    assert any(rel.endswith(".ics") for rel in request_paths(sample.output).values()), "the sample has .ics files"


def test_pages_have_nothing_inline_the_policy_would_block(sample):
    """The strict policy allows no inline script or style: the templates must not need one."""
    for rel in sample.html_files():
        if rel.startswith("admin/"):
            continue
        page = soup(sample, rel)
        for script in page.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", f"{rel}: inline <script>"
        assert not page.find("style"), f"{rel}: <style> element"
        for element in page.find_all(True):
            assert "style" not in element.attrs, f"{rel}: style attribute on <{element.name}>"
            assert not [a for a in element.attrs if a.startswith("on")], f"{rel}: event handler attribute"


def test_redirects_send_each_language_home_and_to_its_own_404(sample):
    lines = [line.split() for line in sample.read("_redirects").splitlines() if line and not line.startswith("#")]
    for lang in LANGS:
        accepted = ["nb", "no"] if lang == "nb" else [lang]
        assert ["/", f"/{lang}/", "302!", f"Language={','.join(accepted)}"] in lines
        assert [f"/{lang}/*", f"/{lang}/404.html", "404"] in lines
        assert sample.exists(f"{lang}/404.html")
    assert not [line for line in lines if line[0] == "/" and "Language=" not in " ".join(line)], (
        "no unconditional redirect: the root language chooser is the x-default"
    )
    assert sample.exists("404.html")


def test_every_path_gets_one_policy_and_every_page_carries_it_in_meta(sample):
    """Issue 12: `_headers` covers every file (images, SVGs, feeds, the search index), not only
    pages; each page's <meta> policy is the same one (for GitHub Pages), minus what a meta cannot carry."""
    from homeward.trust.policy import admin_policy, site_policy

    settings: dict = {}
    assert "img-src 'self';" in site_policy(settings) and "media-src 'self';" in site_policy(settings)
    assert "https:" not in site_policy(settings) and "frame-ancestors 'none'" not in site_policy(settings, meta=True)
    rules = [(netlify_rule(path), values) for path, values in parse_headers(sample.read("_headers"))]
    kinds = set()
    for url, rel in request_paths(sample.output).items():
        if rel in ("_headers", "_redirects"):
            continue  # Netlify reads these, never serves them
        policies = [values["Content-Security-Policy"] for rule, values in rules if rule.match(url) and "Content-Security-Policy" in values]
        admin = url.startswith("/admin/")
        assert policies == [admin_policy(settings) if admin else site_policy(settings)], url
        kinds.add(rel.rsplit(".", 1)[-1])
        if rel.endswith(".html") and url == "/" + rel:
            head = sample.read(rel).split("</head>")[0]
            metas = BeautifulSoup(head, "lxml").find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
            assert [m["content"] for m in metas] == [admin_policy(settings, meta=True) if admin else site_policy(settings, meta=True)], rel
            assert head.index("Content-Security-Policy") < head.index("<link"), f"{rel}: the policy must come before anything it governs"
    assert {"html", "jpg", "png", "atom", "xml", "css", "js"} <= kinds


def test_every_asset_cached_for_a_year_is_named_by_its_content(sample):
    """`/assets/*` is served `immutable` for a year, so each name there must change with its
    bytes (an icon drawn again once stayed under its old name); the stylesheets name the other
    assets by those names."""
    import hashlib

    assets = sorted(p for p in (sample.output / "assets").rglob("*") if p.is_file())
    assert any(p.suffix == ".svg" for p in assets) and any(p.suffix == ".css" for p in assets)
    for path in assets:
        digest = hashlib.sha1(path.read_bytes()).hexdigest()[:10]
        assert f".{digest}." in path.name or path.name.endswith(f".{digest}"), path
    for css in (p for p in assets if p.suffix == ".css"):
        for target in re.findall(r"""url\(["']?([^"')]+)""", css.read_text(encoding="utf-8")):
            if ":" not in target and not target.startswith(("/", "#")):
                assert (css.parent / target).resolve().is_file(), (css.name, target)


def test_a_body_link_is_checked_under_the_sub_path(tmp_path):
    """Links in a text are written without the sub-path (the build adds it): `/en/jobs/` builds,
    and `/repo/en/jobs/`, which would be published as /repo/repo/en/jobs/, is refused with the fix."""
    from conftest import copy_content

    content = copy_content(tmp_path)
    with (content / "articles/fibre-reaches-gransmo.en.md").open("a", encoding="utf-8") as text:
        text.write("\nSee [the jobs](/en/jobs/).\n")
    with (content / "articles/fibre-reaches-gransmo.nb.md").open("a", encoding="utf-8") as text:
        text.write("\nSe [jobbene](/repo/nb/jobs/).\n")
    built = build_site(tmp_path / "output", content=content, settings=ROOT / "publishconf.py", extra=("--no-search", "--siteurl", PAGES_URL))
    assert built.returncode == 1
    errors = [line for line in built.stderr.splitlines() if line.startswith("content/")]
    assert errors == [
        "content/articles/fibre-reaches-gransmo.nb.md:47: the link '/repo/nb/jobs/' starts with the site's base path /repo, "
        "which the build adds to every link itself; write '/nb/jobs/'"
    ], built.stderr
