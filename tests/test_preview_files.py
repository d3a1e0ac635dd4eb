"""The preview server serves from content/ exactly what a build publishes, with the deployed
site's headers on every response.

The preview's origin is the browser CMS's too, and the CMS's local back end (decap-server)
writes files: a page or script from content/ served as it is — a pull request's
`content/images/x.html`, opened in the maintainer's preview — could drive it. So content/ goes
through the same gate as the build (`ContentFiles.published`): an image's checked bytes, else a
404 that says why; every response carries the Content-Security-Policy of trust/policy.py (the
CMS's own under /admin/) and `X-Content-Type-Options: nosniff`. A real preview server on a copy
of the sample content with hostile files added (tests/previewserver.py).
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import copy_content
from homeward.trust.files import ContentFiles
from homeward.trust.policy import HEADER_ONLY, admin_policy, site_policy
from previewserver import DATA_TEXT, DRAFT_SLUG, DRAFT_TEXT, OUTSIDE_TEXT, SCRIPT, add_hostile_files, preview_server

# The deployed header (`_headers`) less upgrade-insecure-requests, which would send the http://
# preview's own requests to https://.
SITE_POLICY = site_policy({}).replace("; upgrade-insecure-requests", "")
# The CMS's policy with decap-server's origin (default port 8081), as its page's <meta> has it.
ADMIN_POLICY = admin_policy({}, connect=("http://127.0.0.1:8081",))
PHOTO = "images/people/ingrid-haugen.jpg"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Preview:
    base: str
    content: Path
    hostile: dict[str, str]

    def get(self, path: str) -> Answer:
        """The answer to `path` sent as it is (a browser would remove `../`; a script need not)."""
        address = urlparse(self.base)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = b"" if path == "/__homeward/events" else response.read()  # the event stream never ends
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
        finally:
            connection.close()


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    root = tmp_path_factory.mktemp("preview-files")
    content = copy_content(root)
    hostile = add_hostile_files(content)
    with preview_server(content, root / "cache") as base:
        yield Preview(base, content, hostile)


def _secure(answer: Answer, policy: str = SITE_POLICY) -> None:
    assert answer.headers.get("content-security-policy") == policy, answer.headers
    assert answer.headers.get("x-content-type-options") == "nosniff", answer.headers


def test_a_file_from_content_that_a_build_does_not_publish_is_a_404_that_says_why(preview: Preview) -> None:
    reasons = {
        "html": "content/images/evil.html is not published: it is a '.html' file; only JPEG",
        "js": "content/images/evil.js is not published: it is a '.js' file",
        "svg": "content/evil.svg is not published: <svg> has the event handler 'onload=', which runs scripts",
        "markdown": f"content/articles/x.md is not published: Markdown sources are not served; the page is at /en/news/{DRAFT_SLUG}/ (a draft",
        "yaml": "content/data/x.yaml is not published: data files are not served",
        "symlink": "content/images/outside.jpg is not published: it is a link to a file outside the content folder",
        "symlinked folder": "content/images/elsewhere/photo.jpg is not published: it is a link to a file outside the content folder",
    }
    assert set(reasons) == set(preview.hostile)
    for name, path in preview.hostile.items():
        answer = preview.get(path)
        assert answer.status == 404, (name, answer.status, answer.text[:300])
        assert answer.headers["content-type"] == "text/plain; charset=utf-8", name
        _secure(answer)
        assert answer.text.startswith(reasons[name]), (name, answer.text)
        for secret in (SCRIPT, DRAFT_TEXT, DATA_TEXT, OUTSIDE_TEXT.decode()):
            assert secret not in answer.text, (name, secret)
    # A page's source names its page; published and data records name theirs.
    answer = preview.get("/articles/new-cross-border-bus.en.md")
    assert answer.status == 404 and "the page is at /en/news/new-cross-border-bus/." in answer.text, answer.text
    answer = preview.get("/data/companies/fjordlaks.yaml")
    assert answer.status == 404 and "what it holds is shown at /en/companies/fjordlaks/" in answer.text, answer.text


def test_no_path_reaches_a_file_outside_content(preview: Preview) -> None:
    for path in ("/../outside/photo.jpg", "/images/../../outside/secret.txt", "/%2e%2e/outside/photo.jpg", "/images/elsewhere/secret.txt"):
        answer = preview.get(path)
        assert answer.status == 404, (path, answer.status)
        assert OUTSIDE_TEXT not in answer.body, path
        _secure(answer)


def test_the_draft_is_shown_as_its_page_with_the_banner(preview: Preview) -> None:
    answer = preview.get(f"/en/news/{DRAFT_SLUG}/")
    assert answer.status == 200 and answer.headers["content-type"] == "text/html; charset=utf-8"
    assert DRAFT_TEXT in answer.text and 'class="preview-banner"' in answer.text
    _secure(answer)


def test_a_published_image_is_served_as_the_build_publishes_it(preview: Preview) -> None:
    gate = ContentFiles(preview.content)
    for path, kind in ((PHOTO, "image/jpeg"), ("images/clean.svg", "image/svg+xml")):
        for address in (f"/{path}", f"/admin/{path}"):  # the CMS finds an image by its address relative to /admin/
            answer = preview.get(address)
            assert answer.status == 200, (address, answer.text[:300])
            assert answer.headers["content-type"] == kind
            assert answer.body == gate.published(path)
            _secure(answer, ADMIN_POLICY if address.startswith("/admin/") else SITE_POLICY)


def test_every_response_carries_the_policy_of_the_deployed_site(preview: Preview) -> None:
    page = preview.get("/en/")
    stylesheet = re.search(r'<link rel="stylesheet" href="(/assets/[^"]+)"', page.text)
    assert stylesheet, "the page links its stylesheet"
    answers = {
        path: preview.get(path)
        for path in ("/en/", "/en", "/en/news/", "/en/no-such-page/", "/no-such-file.png", stylesheet.group(1),
                     "/__homeward/reload.js", "/__homeward/status", "/__homeward/events",
                     *preview.hostile.values(), f"/{PHOTO}")  # fmt: skip
    }
    assert {path: answer.status for path, answer in answers.items()} == {
        **{path: 200 for path in ("/en/", "/en/news/", stylesheet.group(1), "/__homeward/reload.js", "/__homeward/status", "/__homeward/events", f"/{PHOTO}")},
        "/en": 301,
        "/en/no-such-page/": 404,
        "/no-such-file.png": 404,
        **{path: 404 for path in preview.hostile.values()},
    }
    for answer in answers.values():
        _secure(answer)
    assert answers[stylesheet.group(1)].headers["content-type"] == "text/css"
    assert answers["/__homeward/reload.js"].headers["content-type"] == "text/javascript"

    # The CMS gets its own policy (in the header and in its page's <meta>), with decap-server's origin.
    for path in ("/admin/", "/admin/config.yml", "/admin/homeward-cms.js"):
        answer = preview.get(path)
        assert answer.status == 200, path
        _secure(answer, ADMIN_POLICY)
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', preview.get("/admin/").text)
    assert meta, "the CMS page carries its policy"
    header = [part for part in ADMIN_POLICY.split("; ") if part.split()[0] not in HEADER_ONLY]
    assert meta.group(1).replace("&#39;", "'") == "; ".join(header)

