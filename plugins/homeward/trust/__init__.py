"""The trust boundary: what may travel from content/ to a reader's browser.

- `files`: the one gate for every file content references (the real path must lie inside
  content/, the bytes must be an allowed image) and the one rule for "is this a local path";
- `formats`: which image a file's bytes are, and where the image ends;
- `svg`: SVG drawings from content, cleaned or refused;
- `html`: the allowlist that HTML in Markdown goes through (nh3, the binding to ammonia);
- `policy`: the Content-Security-Policy, defined once for `_headers` and every page's <meta>.

docs/security.md says what this guarantees and against whom.
"""
