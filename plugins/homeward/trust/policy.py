"""The Content-Security-Policy, defined once: sent as a header (`_headers`, Netlify; the preview
server, on every response) and written into every page as `<meta http-equiv>` (GitHub Pages
sends no headers of our choosing).

The site needs nothing from another host: scripts, styles, fonts, images and media are its
own files. `'wasm-unsafe-eval'` lets the search (Pagefind) run its WebAssembly; it does not
allow eval() of JavaScript. A <meta> policy cannot carry `frame-ancestors` (browsers ignore
it there), so that part lives in the header only.
"""

from __future__ import annotations

from typing import Any

SITE_DIRECTIVES: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "media-src": "'self'",
    "object-src": "'none'",
    "frame-src": "'none'",
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "upgrade-insecure-requests": "",
}
# Decap CMS (decap-cms#2138) styles with inline CSS and evaluates code; it talks to the Git
# host's API and Netlify Identity and shows images from the repository. An upload is read
# back from its blob: address before it is sent (connect-src blob:). Only under /admin/.
ADMIN_DIRECTIVES: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self' 'unsafe-eval' 'wasm-unsafe-eval'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob: https:",
    "media-src": "'self' blob: https:",
    "font-src": "'self' data:",
    "connect-src": "'self' blob: https://api.github.com https://api.netlify.com https://gitlab.com https://api.bitbucket.org",
    "frame-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Directives a <meta> policy cannot carry (the browser ignores them there, with a warning), and
# upgrade-insecure-requests, which would break the http:// preview (every address is our own).
HEADER_ONLY = ("frame-ancestors", "report-uri", "report-to", "sandbox", "upgrade-insecure-requests")
# What the preview server (http://127.0.0.1) leaves out of the header it sends: the rest of the
# deployed header, frame-ancestors included, is sent as it is.
NOT_OVER_HTTP = ("upgrade-insecure-requests",)


def _text(directives: dict[str, str], left_out: tuple[str, ...]) -> str:
    return "; ".join(f"{name} {value}".strip() for name, value in directives.items() if name not in left_out)


def _left_out(meta: bool, plain_http: bool) -> tuple[str, ...]:
    return HEADER_ONLY if meta else NOT_OVER_HTTP if plain_http else ()


def site_policy(settings: dict[str, Any], meta: bool = False, plain_http: bool = False) -> str:
    """The public pages' policy; a region may replace it with CONTENT_SECURITY_POLICY (a string).
    `meta`: the form for <meta http-equiv>; `plain_http`: the header the preview server sends."""
    left_out = _left_out(meta, plain_http)
    custom = settings.get("CONTENT_SECURITY_POLICY")
    if custom:
        return _without(custom, left_out)
    return _text(SITE_DIRECTIVES, left_out)


def admin_policy(settings: dict[str, Any], meta: bool = False, connect: tuple[str, ...] = (), plain_http: bool = False) -> str:
    """The CMS's policy (/admin/); ADMIN_CONTENT_SECURITY_POLICY replaces it. `connect` adds
    origins the CMS may talk to: in the preview, decap-server on 127.0.0.1 (never deployed)."""
    left_out = _left_out(meta, plain_http)
    custom = settings.get("ADMIN_CONTENT_SECURITY_POLICY")
    if custom:
        return _without(custom, left_out)
    directives = dict(ADMIN_DIRECTIVES)
    if connect:
        directives["connect-src"] = " ".join([directives["connect-src"], *connect])
    return _text(directives, left_out)


def _without(policy: str, left_out: tuple[str, ...]) -> str:
    if not left_out:
        return policy
    parts = [part.strip() for part in policy.split(";") if part.strip()]
    return "; ".join(part for part in parts if part.split()[0].lower() not in left_out)
